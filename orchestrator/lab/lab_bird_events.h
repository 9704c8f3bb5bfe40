/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bird mode, after `fail` or `restore` (docs/failures.md): which BGP
 * sessions changed, and why, as the daemons say it.
 */
#ifndef BL_LAB_BIRD_EVENTS_H
#define BL_LAB_BIRD_EVENTS_H

#include <stdbool.h>

/* Wait (up to the hold time + 30 s) for the live routes to equal the
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
