/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Failed elements (docs/failures.md): what `fail` takes down, what a
 * scenario lists, and what the route model computes the network under.
 * [I] F6: the model under failures is the model of the topology without
 * the failed elements (their sessions and statics removed), except
 * ExpressRoute maintenance, which is [D] F4 prepending, not removal.
 *
 * Text form, one element: instance:NODE, tunnel:SITE/INDEX,
 * er-link:CIRCUIT/primary|secondary, er-maintenance:CIRCUIT/primary|secondary,
 * circuit:CIRCUIT, node:NODE.
 */
#ifndef BL_ROUTE_FAILURE_H
#define BL_ROUTE_FAILURE_H

#include <stdbool.h>
#include <stddef.h>

#include "topology/topology_failure.h"

/* [I] How many extra copies of 12076 a drained link carries ("several
 * times", F4). */
#define BL_DRAIN_PREPEND 3

/* What a set of failures implies, element by element. */
bool bl_failures_node_down(const struct bl_topology *t, const struct bl_failure *f,
			   size_t n, const char *node);
bool bl_failures_tunnel_down(const struct bl_topology *t, const struct bl_failure *f,
			     size_t n, size_t site, size_t tunnel);
bool bl_failures_er_link_down(const struct bl_topology *t, const struct bl_failure *f,
			      size_t n, size_t circuit, unsigned link);
bool bl_failures_er_drained(const struct bl_topology *t, const struct bl_failure *f,
			    size_t n, size_t circuit, unsigned link);

#endif
