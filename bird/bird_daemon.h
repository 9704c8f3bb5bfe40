/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One BIRD 2 daemon per BGP speaker, run inside the speaker's network
 * namespace. Its files live in a state directory, per node:
 *	<dir>/<node>.conf  the configuration (written by the caller)
 *	<dir>/<node>.ctl   its control socket
 *	<dir>/<node>.pid   its pid, written by BIRD
 *	<dir>/<node>.log   its log (0600; the configuration names it)
 * BIRD needs no private /run (every path is given on its command line),
 * so the only step before exec is entering the namespace. BIRD
 * daemonizes once its configuration is read: an exit status of 0 from
 * the process started means the configuration was accepted; its stderr
 * says why not.
 *
 * Nothing here prints: the reason comes back in why for the caller.
 */
#ifndef BL_BIRD_DAEMON_H
#define BL_BIRD_DAEMON_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

#define BL_BIRD_BIN "/usr/sbin/bird"
#define BL_BIRD_PACKAGE "bird2"

struct bl_bird_paths {
	char conf[PATH_MAX];
	char socket[108]; /* sun_path */
	char pid[PATH_MAX];
	char log[PATH_MAX];
};

/* -ENAMETOOLONG when the socket path would not fit a sockaddr_un. */
int bl_bird_paths(const char *dir, const char *node, struct bl_bird_paths *out);

/*
 * Start BIRD for the paths inside network namespace netns (a name under
 * /run/netns) and wait up to timeout_ms until its control socket answers.
 * -ENOENT (why names the package) when BIRD is not installed.
 */
int bl_bird_start(const struct bl_bird_paths *p, const char *netns, unsigned timeout_ms,
		  char *why, size_t why_size);

/* bl_bird_start in two halves, so a lab starts its daemons side by side
 * (each takes seconds to read its configuration under the test VM's
 * emulation): launch forks and executes BIRD and returns at once;
 * launched waits for that process (it exits once BIRD has read its
 * configuration and daemonized) and then for the control socket. Every
 * successful launch must be followed by one launched. */
struct bl_bird_launch {
	pid_t pid;
	int err_fd; /* BIRD's stderr until it daemonizes */
};

int bl_bird_launch(const struct bl_bird_paths *p, const char *netns, struct bl_bird_launch *l,
		   char *why, size_t why_size);
int bl_bird_launched(const struct bl_bird_paths *p, struct bl_bird_launch *l,
		     unsigned timeout_ms, char *why, size_t why_size);

enum bl_bird_state {
	BL_BIRD_ABSENT,  /* never started, or stopped */
	BL_BIRD_RUNNING,
	BL_BIRD_DEAD,    /* a pid file, but no BIRD of this configuration there */
};

/* *pid (may be NULL): the recorded pid, 0 when none. */
int bl_bird_state(const struct bl_bird_paths *p, enum bl_bird_state *state, pid_t *pid);

/* SIGTERM, SIGKILL after timeout_ms; removes the pid file and socket.
 * Absent or dead is not an error. */
int bl_bird_stop(const struct bl_bird_paths *p, unsigned timeout_ms, char *why,
		 size_t why_size);

#endif
