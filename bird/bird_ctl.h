/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A client of one BIRD daemon's control socket (the protocol birdc
 * speaks): connect, read the greeting, send one command at a time and
 * read its whole reply (bird_reply.h). And what `status` wants of it: the
 * BGP sessions from `show protocols all`, parsed without a socket.
 */
#ifndef BL_BIRD_CTL_H
#define BL_BIRD_CTL_H

#include <stddef.h>
#include <stdint.h>

#include "bird/bird_reply.h"

struct bl_bird_ctl;

/* Connect to socket_path and read BIRD's greeting, waiting up to
 * timeout_ms for each read. 0, or -errno with the reason in why. */
int bl_bird_ctl_open(const char *socket_path, unsigned timeout_ms,
		     struct bl_bird_ctl **out, char *why, size_t why_size);
/* Send one command line and read its reply into *reply (cleared first).
 * A reply with an error code is not a failure here: see
 * bl_bird_reply_failed(). -errno on a socket or protocol problem. */
int bl_bird_ctl_cmd(struct bl_bird_ctl *c, const char *command,
		    struct bl_bird_reply *reply, char *why, size_t why_size);
void bl_bird_ctl_close(struct bl_bird_ctl *c);

/* One BGP protocol of `show protocols all`. */
struct bl_bird_session {
	char name[64];
	char state[16];      /* BIRD's protocol state: up, start, down, ... */
	char bgp_state[24];  /* Established, Active, Connect, Idle, ... */
	long long since;     /* seconds since the epoch (timeformat "%s"), -1 unknown */
	char info[128];      /* the Info column: last error, ... */
	char description[96]; /* the configuration's description, "" when none */
	long imported, exported; /* routes, -1 unknown */
};

/* The BGP sessions of a `show protocols all` reply, in its order; owned
 * array in *out. -ENOMEM. */
int bl_bird_sessions_parse(const struct bl_bird_reply *r, struct bl_bird_session **out,
			   size_t *n);

#endif
