/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One strongSwan charon per IPsec node (RRAS, each VPN gateway instance),
 * run inside the node's network namespace.
 *
 * charon keeps a fixed pid file (/run/charon.pid) and refuses to start
 * when it exists, so each daemon gets a private mount namespace with its
 * own tmpfs on /run. Everything else it uses lives in the lab's state
 * directory, per node:
 *	<state_dir>/<node>.conf  strongswan.conf, given through STRONGSWAN_CONF
 *	<state_dir>/<node>.vici  its vici socket
 *	<state_dir>/<node>.log   its log (0600)
 *	<state_dir>/<node>.pid   "<pid> <start time>", so `down` and `status`
 *	                         find it from another process, and a reused
 *	                         pid is never mistaken for it
 * When the state directory is under /run, it is bound back into the
 * daemon's private /run, at the same path.
 *
 * The daemon is not a child of the caller (it is started through an
 * intermediate process), so it is reaped by init when it exits and never
 * lingers as a zombie of `up`.
 *
 * Like the rest of vici/, nothing here prints: failures come back in
 * struct bl_vici_error for the caller to report once.
 */
#ifndef BL_CHARON_H
#define BL_CHARON_H

#include <limits.h>
#include <stdio.h>
#include <sys/types.h>

#include "vici/vici_error.h"

#define BL_CHARON_BIN "/usr/lib/ipsec/charon"
#define BL_CHARON_PLUGIN_DIR "/usr/lib/ipsec/plugins"
/*
 * Explicit, so charon loads no more than IKEv2 with pre-shared keys on the
 * kernel's xfrm needs (the default set adds dhcp, farp, eap-*, ...).
 * Debian 12 has no curve25519 plugin (openssl covers it) and updown has
 * nothing to do here: the lab installs its own routes.
 */
#define BL_CHARON_PLUGINS                                                  \
	"random nonce openssl pem pkcs1 x509 revocation constraints pubkey " \
	"aes sha1 sha2 hmac gcm kdf kernel-netlink socket-default vici"

struct bl_charon_paths {
	char conf[PATH_MAX];
	char socket[108]; /* sun_path */
	char log[PATH_MAX];
	char pid[PATH_MAX];
};

/* -ENAMETOOLONG when the socket path would not fit a sockaddr_un. */
int bl_charon_paths(const char *state_dir, const char *node,
		    struct bl_charon_paths *out);

/* The strongswan.conf for one daemon: plugins, socket, log, no routes. */
int bl_charon_conf_write(FILE *out, const struct bl_charon_paths *p);

/*
 * Start charon for node inside network namespace netns (a name under
 * /run/netns), and wait up to timeout_ms until its vici socket answers.
 * -EEXIST when a charon recorded for node still runs.
 */
int bl_charon_start(const char *node, const char *netns, const char *state_dir,
		    unsigned timeout_ms, struct bl_vici_error *e);

enum bl_charon_state {
	BL_CHARON_ABSENT,  /* never started, or stopped by bl_charon_stop() */
	BL_CHARON_RUNNING,
	BL_CHARON_DEAD,    /* recorded as started, but the process is gone */
};

/* *pid_out (may be NULL) is the recorded pid, 0 when absent. */
int bl_charon_state(const char *state_dir, const char *node,
		    enum bl_charon_state *state_out, pid_t *pid_out);

/*
 * SIGTERM (charon deletes its SAs with the peer), then SIGKILL when it is
 * still there after timeout_ms; removes the pid file and socket. Stopping
 * a daemon that is absent or dead is not an error.
 */
int bl_charon_stop(const char *state_dir, const char *node, unsigned timeout_ms,
		   struct bl_vici_error *e);

/* The last n lines of the node's log, joined by " | ", into buf. */
int bl_charon_log_tail(const char *state_dir, const char *node, size_t n,
		       char *buf, size_t size);

#endif
