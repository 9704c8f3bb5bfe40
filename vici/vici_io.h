/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Talking to one charon over its vici socket: send the requests of
 * vici_cmd.h, check their `success`, read SAs, and run an initiate while
 * collecting the daemon's log lines so a failure can be quoted.
 *
 * Every function takes the node name only to say where a failure happened
 * (in struct bl_vici_error); nothing here prints.
 *
 * Threads: libvici delivers events on its own thread. The callbacks here
 * only copy what they need under a lock; no request is ever sent from one.
 *
 * Ownership: bl_vici_open() returns an owned connection;
 * bl_vici_close(NULL) is a no-op. Responses returned through *res_out are
 * owned by the caller (bl_vici_msg_free()).
 */
#ifndef BL_VICI_IO_H
#define BL_VICI_IO_H

#include "vici/vici_cmd.h"
#include "vici/vici_error.h"
#include "vici/vici_msg.h"
#include "vici/vici_sa.h"

struct bl_vici;

/*
 * Connect to the vici socket at path, retrying until it answers or
 * timeout_ms passes (a daemon just started needs a moment to open it).
 */
int bl_vici_open(const char *node, const char *socket_path, unsigned timeout_ms,
		 struct bl_vici **out, struct bl_vici_error *e);
void bl_vici_close(struct bl_vici *v);

/*
 * Send req; when the answer carries `success`, it must be "yes", else the
 * daemon's errmsg becomes the error. *res_out (may be NULL) gets the
 * answer on success. `what` names the request in the error, e.g.
 * "loading connection 'rras-a-in0'".
 */
int bl_vici_call(struct bl_vici *v, const struct bl_vici_msg *req,
		 const char *what, struct bl_vici_msg **res_out,
		 struct bl_vici_error *e);

/* load-shared + load-conn for one tunnel. The key is never printed. */
int bl_vici_load_tunnel(struct bl_vici *v, const struct bl_vici_tunnel *t,
			const char *psk, struct bl_vici_error *e);

/*
 * Initiate the tunnel's CHILD_SA and wait until it is installed or
 * timeout_ms passes. On failure, e->why has the daemon's message and the
 * log line that explains it (e.g. the peer's AUTHENTICATION_FAILED).
 */
int bl_vici_initiate(struct bl_vici *v, const char *tunnel, unsigned timeout_ms,
		     struct bl_vici_error *e);

/* Every SA of the daemon (ike NULL) or of one IKE config, into *sas
 * (cleared first). */
int bl_vici_list_sas(struct bl_vici *v, const char *ike, struct bl_vici_sas *sas,
		     struct bl_vici_error *e);

/* Poll list-sas until the tunnel's CHILD_SA is INSTALLED here too (the
 * responder side) or timeout_ms passes. */
int bl_vici_wait_installed(struct bl_vici *v, const char *tunnel,
			   unsigned timeout_ms, struct bl_vici_error *e);

/* Terminate the tunnel's IKE_SA (and CHILD_SAs); no SA is not an error. */
int bl_vici_terminate(struct bl_vici *v, const char *tunnel, unsigned timeout_ms,
		      struct bl_vici_error *e);

/* Call once at exit, after every bl_vici_close(), to stop libvici's
 * threads (harmless when nothing was opened). */
void bl_vici_shutdown(void);

#endif
