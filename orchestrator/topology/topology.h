/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The resolved topology: what a topology file says, with every default
 * filled in and every address allocated, after validation. Everything
 * downstream (plan, route model, dataplane, verify) reads this and nothing
 * else; none of it may assume the reference address plan.
 *
 * Ownership: bl_topology_load() returns an owned topology; every array and
 * string inside belongs to it; bl_topology_free(NULL) is a no-op.
 *
 * Addresses are IPv4 (common/prefix.h).
 */
#ifndef BL_TOPOLOGY_H
#define BL_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/prefix.h"

/*
 * Node names (used in paths, expectations, `exec`, namespace names) are the
 * user's for VMs and hosts; the others default as noted at each field. The
 * shared segments are nodes too: "vnet" (the hub fabric bridge), "internet",
 * and "lan-<site>" for each site LAN.
 */
/* Node names become namespace names "<lab>-<node>"; keep both short. */
#define BL_LAB_NAME_MAX 12
#define BL_NODE_NAME_MAX 20
#define BL_NAME_BUF 32
/* Bounds of the integer keys a design sets (docs/topology.md): prepend
 * [I] (the lab's own bound); an ExpressRoute connection's routing weight
 * [D] 0-32000; an RRAS BGP peer's weight [I] 0-65535 (16 bits). */
#define BL_PREPEND_MAX 10
#define BL_ER_WEIGHT_MAX 32000
#define BL_RRAS_WEIGHT_MAX 65535

enum bl_keying { BL_KEYING_STATIC, BL_KEYING_IKEV2 };
/* Who puts the BGP speakers' routes into the kernel: branchlab from the
 * route model (static), or one BIRD daemon per speaker (docs/bgp.md). */
enum bl_control_plane { BL_CONTROL_STATIC, BL_CONTROL_BIRD };
enum bl_tunnel_kind { BL_TUNNEL_XFRMI, BL_TUNNEL_VTI };
enum bl_esp_alg { BL_ESP_AES_GCM, BL_ESP_AES_CBC_SHA256 };
enum bl_rs_preference {
	BL_PREFER_EXPRESSROUTE, /* Azure's default (R15) */
	BL_PREFER_VPN,
	BL_PREFER_ASPATH,
};

/* A VM in a VNet, or a host on an on-premises LAN. */
struct bl_host {
	char name[BL_NAME_BUF];
	bl_addr address;
	bl_addr gateway; /* default next hop on its LAN (sites only; 0 in VNets) */
};

struct bl_subnet {
	char name[BL_NAME_BUF];
	struct bl_prefix prefix;
	struct bl_host *vms;
	size_t n_vms;
};

/* The hub VNet, or a spoke peered to it. */
struct bl_vnet {
	char name[BL_NAME_BUF];
	struct bl_prefix *address_space;
	size_t n_address_space;
	struct bl_subnet *subnets;
	size_t n_subnets;
	bool gateway_transit; /* spokes: uses the hub's gateways (R6) */
};

struct bl_vpngw_instance {
	char name[BL_NAME_BUF];  /* node name, default "vpngw-in<i>" */
	bl_addr private_address; /* in GatewaySubnet; also its BGP address (R2) */
	bl_addr public_address;
};

struct bl_vpn_gateway {
	bool present;
	bool active_active;
	uint32_t asn;
	struct bl_vpngw_instance instances[2];
	size_t n_instances; /* 2 when active_active, else 1 */
};

struct bl_er_gateway {
	bool present;
	uint32_t asn;
	char names[2][BL_NAME_BUF]; /* node names, default "ergw-in<i>" */
	bl_addr addresses[2]; /* in GatewaySubnet */
	size_t n_instances;
};

struct bl_route_server {
	bool present;
	bool branch_to_branch;
	enum bl_rs_preference preference;
	uint32_t asn;
	char name[BL_NAME_BUF];  /* node name, default "routeserver" */
	bl_addr addresses[2]; /* in RouteServerSubnet */
};

/* One IPsec tunnel from a site's RRAS to one VPN gateway instance. */
struct bl_tunnel {
	unsigned instance;     /* index into vpn_gateway.instances */
	uint32_t weight;       /* RRAS per-peer weight (R22); higher wins */
	unsigned prepend;      /* extra copies of the site ASN toward Azure */
	enum bl_tunnel_kind kind;
	enum bl_keying keying;
	enum bl_esp_alg esp;
	char ike[48];          /* IKEv2 proposal (strongSwan syntax), ikev2 only */
	/* Inner (tunnel interface) addresses, a /30 from the transit pool:
	 * .1 on the gateway side, .2 on RRAS. */
	struct bl_prefix inner;
	bl_addr gateway_inner;
	bl_addr site_inner;
	uint32_t if_id;        /* xfrm if_id or VTI key, unique in the lab */
};

/* An on-premises site behind a Windows RRAS box (site-to-site VPN). */
struct bl_vpn_site {
	char name[BL_NAME_BUF];
	char router[BL_NAME_BUF];       /* RRAS node name, default "rras-<name>" */
	uint32_t asn;
	bool bgp;                       /* false: static routing only */
	bl_addr public_address;
	bl_addr bgp_address;            /* R2: not the public one, not in a VNet */
	struct bl_prefix lan;           /* where the site's hosts live */
	bl_addr lan_gateway;            /* RRAS's address on the LAN */
	struct bl_prefix *advertise;    /* sent over eBGP (default: lan) */
	size_t n_advertise;
	struct bl_prefix *static_prefixes; /* local network gateway (R3) */
	size_t n_static_prefixes;
	struct bl_tunnel tunnels[2];
	size_t n_tunnels;
	struct bl_host *hosts;
	size_t n_hosts;
};

/* One ExpressRoute point-to-point peering link (a /30: CE .1, MSEE .2). */
struct bl_er_link {
	struct bl_prefix subnet;
	bl_addr ce_address;
	bl_addr msee_address;
};

/* An ExpressRoute circuit to an on-premises site (customer edge router). */
struct bl_er_circuit {
	char name[BL_NAME_BUF];
	char msee[BL_NAME_BUF];         /* node names, default "msee-<name>" */
	char ce[BL_NAME_BUF];           /* and "ce-<name>" */
	uint32_t customer_asn;
	uint32_t msee_asn;              /* 12076 (R1) */
	uint32_t weight;                /* connection weight (R21) */
	struct bl_er_link primary;
	struct bl_er_link secondary;
	/* ER gateway <-> MSEE, a /30 from the transit pool: .1 gateway, .2 MSEE */
	struct bl_prefix gateway_link;
	bl_addr gateway_link_gateway;
	bl_addr gateway_link_msee;
	struct bl_prefix lan;
	bl_addr lan_gateway;            /* CE's address on the LAN */
	struct bl_prefix *advertise;    /* sent to the MSEE (default: lan) */
	size_t n_advertise;
	unsigned prepend;
	struct bl_host *hosts;
	size_t n_hosts;
};

enum bl_expect_kind {
	BL_EXPECT_REACH,  /* from -> to reachable, or not */
	BL_EXPECT_PATHS,  /* exact set of hop paths from -> to */
	BL_EXPECT_ROUTE,  /* prefix present/absent at node, next hops */
	BL_EXPECT_TUNNEL, /* tunnel carries / does not carry from -> to traffic */
};

/* A path is a list of node names, source first, destination last. */
struct bl_path {
	char (*hops)[BL_NAME_BUF];
	size_t n_hops;
};

struct bl_expectation {
	enum bl_expect_kind kind;
	char from[BL_NAME_BUF];     /* REACH, PATHS, TUNNEL */
	char to[BL_NAME_BUF];       /* REACH, PATHS, TUNNEL */
	bool positive;              /* reachable / present / carries */
	struct bl_path *paths;      /* PATHS */
	size_t n_paths;
	char node[BL_NAME_BUF];     /* ROUTE */
	struct bl_prefix prefix;    /* ROUTE */
	bl_addr *next_hops;         /* ROUTE (empty: any) */
	size_t n_next_hops;
	char site[BL_NAME_BUF];     /* TUNNEL: VPN site name */
	unsigned instance;          /* TUNNEL: gateway instance */
	char why[128];              /* optional text shown by verify */
	unsigned line;              /* where in the file, for messages */
};

/* A named set of failures with its own expectations (`scenarios:`,
 * docs/failures.md): `verify --scenario` applies the failures to the live
 * lab, checks the expectations and restores; `validate` checks them
 * against the model under the failures. */
struct bl_failure; /* topology/topology_failure.h */
#define BL_SCENARIO_MAX_FAILURES 32
struct bl_scenario {
	char name[BL_NAME_BUF];
	char why[128];
	struct bl_failure *failures; /* parsed against the topology */
	size_t n_failures;
	struct bl_expectation *expectations;
	size_t n_expectations;
	unsigned line;               /* where in the file, for messages */
};

struct bl_topology {
	char name[BL_NAME_BUF];          /* lab name, <= BL_LAB_NAME_MAX */
	char source_path[4096];          /* the file it came from */
	/* The text it was loaded from, byte for byte (owned): `up` keeps it
	 * with the lab, so the lab does not change when the file does. */
	char *source_text;
	size_t source_len;
	enum bl_control_plane control_plane;
	struct bl_prefix transit_pool;   /* tunnel inner + ER gateway links */
	struct bl_prefix internet;       /* the lab's "Internet" segment */
	struct bl_prefix gateway_subnet;
	struct bl_prefix route_server_subnet;
	struct bl_vnet hub;
	struct bl_vnet *spokes;
	size_t n_spokes;
	struct bl_vpn_gateway vpn_gateway;
	struct bl_er_gateway er_gateway;
	struct bl_route_server route_server;
	struct bl_vpn_site *vpn_sites;
	size_t n_vpn_sites;
	struct bl_er_circuit *er_circuits;
	size_t n_er_circuits;
	struct bl_expectation *expectations;
	size_t n_expectations;
	struct bl_scenario *scenarios;
	size_t n_scenarios;
};

/*
 * Load, resolve and validate a topology file. On success returns 0 and
 * *out owns the topology. On failure returns -EINVAL (or -errno for I/O),
 * having printed every problem found as
 *   FILE:LINE:COLUMN: KEY: MESSAGE (RULE)
 * to stderr, and leaves *out untouched. Warnings, which do not fail the
 * load, are printed as FILE:LINE:COLUMN: warning: KEY: MESSAGE (RULE).
 * A file that cannot be read gives one line "FILE: cannot read: REASON".
 */
int bl_topology_load(const char *path, struct bl_topology **out);
/* Same, printing to diag_out instead of stderr. */
int bl_topology_load_to(const char *path, FILE *diag_out, struct bl_topology **out);
/* Same, from memory (name is shown in messages); buf need not end in NUL. */
int bl_topology_load_buffer(const char *name, const char *buf, size_t len,
			    struct bl_topology **out);
void bl_topology_free(struct bl_topology *topo);

/* Every node: VMs, gateway instances, Route Server, RRAS, MSEE, CE, hosts,
 * and the segments "vnet", "internet", "lan-<site>". */
size_t bl_topology_node_count(const struct bl_topology *topo);

#endif
