/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the plan: the growable arrays and the small "add one object"
 * helpers shared by plan.c and plan_*.c. The first failure is kept in
 * b->err (sticky) and every later call becomes a no-op returning
 * BL_PLAN_NONE, so builders read as straight lists of objects and check
 * once at the end.
 */
#ifndef BL_PLAN_BUILDER_H
#define BL_PLAN_BUILDER_H

#include "plan/plan.h"

struct bl_plan_builder {
	const struct bl_topology *topo;
	struct bl_plan *plan;
	size_t cap_nodes, cap_ifaces, cap_tunnels, cap_routes, cap_bgp;
	int err;
};

size_t bl_pb_node(struct bl_plan_builder *b, const char *name,
		  enum bl_node_kind kind);
/* The shared segment's bridge node ("vnet", "internet", "lan-<site>"),
 * created on first use with its "br0". */
size_t bl_pb_bridge(struct bl_plan_builder *b, const char *name);
size_t bl_pb_iface(struct bl_plan_builder *b, size_t node, const char *name,
		   enum bl_iface_kind kind);
void bl_pb_addr(struct bl_plan_builder *b, size_t iface, bl_addr addr,
		uint8_t len);
/* A veth from `node` (named ifname) to a new port "p<N>" of bridge node
 * `bridge`; returns the node's end. */
size_t bl_pb_attach(struct bl_plan_builder *b, size_t node,
		    const char *ifname, size_t bridge);
/* A point-to-point veth; returns a's end (b's end is its peer). */
size_t bl_pb_p2p(struct bl_plan_builder *b, size_t node_a, const char *name_a,
		 size_t node_b, const char *name_b);
/* via == 0: on-link through dev. Duplicates (same node and prefix) are
 * ignored: the first writer wins. */
void bl_pb_route(struct bl_plan_builder *b, size_t node, struct bl_prefix dst,
		 bl_addr via, size_t dev);
void bl_pb_bgp(struct bl_plan_builder *b, const struct bl_plan_bgp *s);
struct bl_plan_tunnel *bl_pb_tunnel(struct bl_plan_builder *b);

/* The segment builders, in the order bl_plan_new() calls them. */
void bl_plan_build_vnet(struct bl_plan_builder *b);
void bl_plan_build_sites(struct bl_plan_builder *b);
void bl_plan_build_er(struct bl_plan_builder *b);
void bl_plan_build_tunnels(struct bl_plan_builder *b);
void bl_plan_build_bgp(struct bl_plan_builder *b);

#endif
