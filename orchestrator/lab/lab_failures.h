/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The failures a lab holds (`fail`, `restore`; docs/failures.md): kept in
 * its state dir as "failures", one element a line, so that every command
 * on the lab (routes, trace, verify, status, a converging up) sees the
 * same set, and `down` forgets it with the rest of the state.
 *
 * Ownership: bl_lab_failures_read() returns an owned array (free()).
 */
#ifndef BL_LAB_FAILURES_H
#define BL_LAB_FAILURES_H

#include <stdbool.h>
#include <stddef.h>

#include "model/route_failure.h"
#include "plan/plan.h"

/* The lab's failure set, parsed against its topology; none (n = 0) when
 * the file is absent. An element the topology no longer has is dropped
 * with a warning. Errors reported. */
int bl_lab_failures_read(const char *lab, const struct bl_topology *t,
			 struct bl_failure **out, size_t *n);
/* One warning line naming the failures in force (nothing when none):
 * every command on a lab with failures says so. */
void bl_lab_failures_announce(const char *lab, const struct bl_failure *f, size_t n);
/* Replace the set (written whole or not at all; none removes the file). */
int bl_lab_failures_write(const char *lab, const struct bl_failure *v, size_t n);
/* "tunnel:a/0, instance:vpngw-in1" into buf. */
void bl_lab_failures_text(const struct bl_failure *v, size_t n, char *buf, size_t size);

/* Whether the failures hold this interface of the plan down: every
 * interface of a failed node but lo, both ends of a tunnel that is down,
 * both ends of an ExpressRoute link that is down. */
bool bl_lab_iface_failed(const struct bl_topology *t, const struct bl_plan *p,
			 const struct bl_failure *f, size_t n, size_t iface);
/* Whether a failed node's namespace is left alone (its links are down). */
bool bl_lab_node_failed(const struct bl_topology *t, const struct bl_plan *p,
			const struct bl_failure *f, size_t n, size_t node);

#endif
