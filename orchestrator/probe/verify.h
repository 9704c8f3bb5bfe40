/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Checking a topology's expectations against the live lab: reachability by
 * ping, path sets by trace, routes by dumping the node's kernel table,
 * tunnels by the SA counters that move while traffic flows.
 */
#ifndef BL_VERIFY_H
#define BL_VERIFY_H

#include <stdbool.h>

#include "probe/lab_probe.h"

struct bl_check {
	const struct bl_expectation *expect;
	bool passed;
	char title[160];     /* what is checked: "reach vm1 -> a1" */
	/* In full: every next hop, every path of the set. */
	char expected[1024];
	char seen[1024];
	double seconds;      /* time spent, retries included */
};

/* Check one expectation once; the result is written in *check. Returns 0
 * (pass or fail) or -errno when the check could not run (reported). */
int bl_check_run(const struct bl_live_lab *lab, const struct bl_expectation *e,
		 struct bl_check *check);

/* Every reach expectation of the lab pinged side by side, once: writes
 * checks[i] and sets ran[i] for each that could run (the others are left
 * to bl_check_run, which reports why). 0, or -ENOMEM (reported). */
int bl_check_reach_all(const struct bl_live_lab *lab, struct bl_check *checks, bool *ran);
/* The same for any list of expectations (a scenario's). */
int bl_check_reach_list(const struct bl_live_lab *lab, const struct bl_expectation *list,
			size_t count, struct bl_check *checks, bool *ran);

#endif
