/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lab plan: the concrete objects a topology becomes. Nodes (one network
 * namespace each, "<lab>-<node>"), their interfaces with kernel names of at
 * most 15 bytes, addresses, veth links, bridges for the shared segments,
 * tunnels and the static routes the topology alone implies. `show`,
 * `graph`, `up`, `status` and `trace` all read the same plan, so a kernel
 * name always maps back to the same node and interface.
 *
 * Ownership: bl_plan_new() returns an owned plan that borrows nothing from
 * the topology (names are copied); bl_plan_free(NULL) is a no-op. Indices
 * (node, iface, tunnel) stay valid for the plan's lifetime.
 */
#ifndef BL_PLAN_H
#define BL_PLAN_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "topology/topology.h"

#define BL_PLAN_NONE ((size_t)-1)
#define BL_NETNS_BUF (BL_LAB_NAME_MAX + 1 + BL_NAME_BUF)
#define BL_PLAN_MAX_NEXTHOPS 8

enum bl_node_kind {
	BL_NODE_VM,
	BL_NODE_HOST,
	BL_NODE_VPNGW,
	BL_NODE_ERGW,
	BL_NODE_ROUTESERVER,
	BL_NODE_MSEE,
	BL_NODE_CE,
	BL_NODE_RRAS,
	BL_NODE_BRIDGE,
};

enum bl_iface_kind {
	BL_IFACE_LOOPBACK, /* "lo": only carries extra /32 addresses */
	BL_IFACE_VETH,
	BL_IFACE_BRIDGE,
	BL_IFACE_TUNNEL,   /* xfrm interface or VTI, see its tunnel */
};

struct bl_plan_node {
	char name[BL_NAME_BUF];
	char netns[BL_NETNS_BUF];
	enum bl_node_kind kind;
};

struct bl_plan_addr {
	bl_addr addr;
	uint8_t len;
};

struct bl_plan_iface {
	char name[IFNAMSIZ];
	size_t node;
	enum bl_iface_kind kind;
	struct bl_plan_addr addrs[2];
	size_t n_addrs;
	size_t peer;    /* VETH: the other end */
	size_t master;  /* VETH in a bridge namespace: its bridge */
	size_t tunnel;  /* TUNNEL: index into plan->tunnels */
};

struct bl_plan_tunnel {
	size_t site;          /* index into topology vpn_sites */
	size_t index;         /* index into that site's tunnels */
	unsigned instance;    /* VPN gateway instance */
	size_t gw_iface;      /* tunnel interface on the gateway instance */
	size_t site_iface;    /* tunnel interface on RRAS */
	bl_addr gw_outer, site_outer;  /* public addresses */
	bl_addr gw_inner, site_inner;
	uint8_t inner_len;
	uint32_t if_id;
	enum bl_tunnel_kind kind;
	enum bl_keying keying;
	enum bl_esp_alg esp;
	char ike[48];         /* RRAS's IKE proposal (ikev2 keying) */
	uint32_t spi_to_gw;   /* SA RRAS -> gateway */
	uint32_t spi_to_site; /* SA gateway -> RRAS */
};

/* A static route in one node. dev is set for on-link routes (no via). */
struct bl_plan_route {
	size_t node;
	struct bl_prefix dst;
	bl_addr via[BL_PLAN_MAX_NEXTHOPS];
	size_t n_via;
	size_t dev;
	bool blackhole;
};

enum bl_bgp_kind {
	BL_BGP_RRAS_VPNGW,   /* eBGP over a tunnel */
	BL_BGP_VPNGW_IBGP,   /* between the two instances */
	BL_BGP_GW_RS,        /* gateway <-> Route Server iBGP */
	BL_BGP_VPNGW_ERGW,   /* coexistence without Route Server (R10) */
	BL_BGP_ERGW_MSEE,
	BL_BGP_MSEE_CE,      /* primary and secondary links */
};

struct bl_plan_bgp {
	enum bl_bgp_kind kind;
	size_t node_a, node_b;
	bl_addr addr_a, addr_b;
	uint32_t asn_a, asn_b;
};

struct bl_plan {
	char lab[BL_NAME_BUF];
	struct bl_plan_node *nodes;
	size_t n_nodes;
	struct bl_plan_iface *ifaces;
	size_t n_ifaces;
	struct bl_plan_tunnel *tunnels;
	size_t n_tunnels;
	struct bl_plan_route *routes;
	size_t n_routes;
	struct bl_plan_bgp *bgp;
	size_t n_bgp;
	/* Private to plan.c: hash indexes behind the lookups below. */
	struct bl_plan_lookup *lookup;
};

/* Returns 0 and an owned plan in *out, or -ENOMEM / -EINVAL (a name that
 * does not fit, reported via bl_err) leaving *out untouched. */
int bl_plan_new(const struct bl_topology *topo, struct bl_plan **out);
void bl_plan_free(struct bl_plan *plan);

/* Lookups, in constant time; BL_PLAN_NONE when absent. */
size_t bl_plan_find_node(const struct bl_plan *plan, const char *name);
size_t bl_plan_find_iface(const struct bl_plan *plan, size_t node,
			  const char *ifname);

/* Printable names for kinds ("vm", "vpngw", ... / "bgp kinds"). */
const char *bl_node_kind_name(enum bl_node_kind kind);
const char *bl_bgp_kind_name(enum bl_bgp_kind kind);

#endif
