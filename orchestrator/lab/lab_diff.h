/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `diff`: every BGP speaker's live kernel routes against the model's
 * kernel routes (under the failures in force). Per prefix the model
 * wants, and per prefix BIRD installed, the route the kernel uses (the
 * lowest metric among branchlab's and BIRD's) must have the model's type
 * and next-hop set. The plan's own routes (host routes to tunnel peers,
 * defaults) are not the model's and are left out.
 */
#ifndef BL_LAB_DIFF_H
#define BL_LAB_DIFF_H

#include <stdio.h>

/* Compare, retrying every half second for up to wait_s seconds while
 * they differ. Prints each difference of the last try ("NODE PREFIX:
 * ..."), then one summary line, to out (`diff`: stdout; `verify`:
 * stdout, or stderr under --json and --tap). 1 when they differ, 0 when
 * equal, -errno (reported). */
int bl_lab_diff(const char *lab, const char *topology, unsigned wait_s, FILE *out);
/* The same, printing nothing: `fail --watch`, `restore --watch` in bird
 * mode wait with it for the daemons to converge. *seconds: how long it
 * compared (the convergence time when 0). */
int bl_lab_diff_converge(const char *lab, const char *topology, unsigned wait_s,
			 double *seconds);

#endif
