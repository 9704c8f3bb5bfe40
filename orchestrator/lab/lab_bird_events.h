/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bird mode, after `fail` or `restore` (docs/failures.md): which BGP
 * sessions changed, and why, as the daemons say it.
 */
#ifndef BL_LAB_BIRD_EVENTS_H
#define BL_LAB_BIRD_EVENTS_H

#include <stdbool.h>

/* Wait for the live routes to equal the model under the failures (`diff`
 * 0) as long as BGP may take: the lab's hold time (a session no interface
 * takes down ends with it) + 30 s. *seconds how long it took, *hold the
 * hold time used. bl_lab_diff_converge's result: 0 equal, 1 not within
 * the bound, -errno (reported). */
int bl_lab_bird_settle(const char *lab, const char *topology, double *seconds,
			 unsigned *hold);

/* Wait (bl_lab_bird_settle) for the live routes to equal the
 * model under the failures (`diff` 0), *seconds how long that took; then
 * print it, each session of the lab's daemons whose state changed at or
 * after since (seconds since the epoch) with BIRD's reason, and the
 * trigger: "BFD", "hold timer", "interface down", "session established",
 * or a sentence when no session changed; after a restore (restoring), a
 * session that came up is the trigger before any still down. 0 converged,
 * 1 not within the bound, -errno (reported). */
int bl_lab_bird_watch(const char *lab, const char *topology, long long since, bool restoring,
		      double *seconds);

#endif
