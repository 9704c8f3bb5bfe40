/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `routes LAB NODE --live` (docs/bgp.md): the node's BGP table as its
 * BIRD holds it, read over the control socket (`show route all`, `show
 * protocols all`), printed in the shape of the model's table (`routes LAB
 * NODE`, route_model.h) so the two compare line by line:
 *   Source        eBGP / iBGP from the session's description ("eBGP
 *                 msee-b"); VirtualNetworkGateway for a VM's VNet feed
 *   State         Active for BIRD's selected route and for the routes
 *                 its kernel protocol merges with it into one multipath
 *                 route (same local preference, AS path length, origin
 *                 and session kind); Invalid for the others
 *   Next hop IP   the gateway; "BGP next hop>gateway" when they differ
 *   Learned from  the peer node named by the description
 * Rows are sorted by prefix, then next hop. BIRD's other routes (the
 * static protocols: what the node originates, a VM's fabric) are no BGP
 * rows: text lists them after the table as "note: BIRD also holds ...",
 * JSON under "other".
 */
#ifndef BL_LAB_BIRD_ROUTES_H
#define BL_LAB_BIRD_ROUTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bird/bird_ctl.h"
#include "bird/bird_routes.h"
#include "model/route_model.h"
#include "topology/topology.h"

/* Print routes (of `show route all`) with the sessions (of `show
 * protocols all`) naming their sources. -ENOMEM (not reported). */
int bl_bird_routes_print(const char *node, const struct bl_bird_route *routes, size_t n,
			 const struct bl_bird_session *sessions, size_t n_sessions, bool json,
			 FILE *out);

/* Read node's BIRD in lab (topo with the lab's control plane applied, m
 * its model) and print it. A node without a BIRD (static control plane,
 * not a speaker, daemon not running) is an error naming the node and why.
 * 0 or -errno, reported. */
int bl_lab_bird_routes(const char *lab, const struct bl_topology *topo,
		       const struct bl_model *m, const char *node, bool json, FILE *out);

#endif
