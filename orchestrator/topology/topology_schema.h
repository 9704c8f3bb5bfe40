/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The topology file as written: libcyaml's raw structures, before defaults.
 * Every optional scalar is a pointer so that "absent" (NULL, take the
 * default) differs from "given as 0". Only topology_load.c and
 * topology_validate.c read these; everyone else reads struct bl_topology.
 *
 * Ownership: bl_topo_raw_load() returns an owned tree to be released with
 * bl_topo_raw_free(), which accepts NULL.
 */
#ifndef BL_TOPOLOGY_SCHEMA_H
#define BL_TOPOLOGY_SCHEMA_H

#include <cyaml/cyaml.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds that keep a hostile file cheap to refuse. Azure's own limits are
 * lower (VpnGw5: 100 S2S tunnels; ER gateway: 16 circuits). */
#define BL_TOPO_MAX_FILE (4u << 20)
#define BL_TOPO_MAX_DEPTH 32
#define BL_TOPO_MAX_SITES 100
#define BL_TOPO_MAX_CIRCUITS 16
/* Hard caps under `limits: relaxed` (scale tests, topology_limits.h). */
#define BL_TOPO_RELAXED_SITES 2000
#define BL_TOPO_RELAXED_CIRCUITS 256
#define BL_TOPO_MAX_SPOKES 50
#define BL_TOPO_MAX_SUBNETS 64
#define BL_TOPO_MAX_HOSTS 64
#define BL_TOPO_MAX_PREFIXES 256
#define BL_TOPO_MAX_EXPECT 1024
/* Every pair of 100 sites' hosts (9,900) verified in one file. */
#define BL_TOPO_RELAXED_EXPECT 20000
#define BL_TOPO_MAX_PATHS 64
#define BL_TOPO_MAX_SCENARIOS 64
#define BL_TOPO_MAX_SCENARIO_FAILS BL_SCENARIO_MAX_FAILURES
#define BL_TOPO_MAX_STR 127

struct raw_host {
	char *name;
	char *address;
};

struct raw_subnet {
	char *name;
	char *prefix;
	struct raw_host *vms;
	unsigned vms_count;
};

struct raw_vnet {
	char *name;
	char **address_space;
	unsigned address_space_count;
	char *gateway_subnet;      /* hub only */
	char *route_server_subnet; /* hub only */
	bool *gateway_transit;     /* spokes only */
	struct raw_subnet *subnets;
	unsigned subnets_count;
};

struct raw_vpngw_instance {
	char *name;
	char *address;
	char *public;
};

struct raw_vpn_gateway {
	bool *active_active;
	uint32_t *asn;
	struct raw_vpngw_instance *instances;
	unsigned instances_count;
};

struct raw_er_gateway {
	uint32_t *instances;
	uint32_t *asn;
	char **names;
	unsigned names_count;
	char **addresses;
	unsigned addresses_count;
};

struct raw_route_server {
	bool *branch_to_branch;
	int *preference; /* enum bl_rs_preference */
	uint32_t *asn;
	char *name;
	char **addresses;
	unsigned addresses_count;
};

struct raw_tunnel {
	uint32_t *instance;
	uint32_t *weight;
	uint32_t *prepend;
	int *interface; /* enum bl_tunnel_kind */
	int *keying;    /* enum bl_keying */
	int *esp;       /* enum bl_esp_alg */
	char *ike;
};

struct raw_vpn_site {
	char *name;
	char *router;
	uint32_t *asn;
	bool *bgp;
	char *public;
	char *bgp_address;
	char *lan;
	char *lan_gateway;
	char **advertise;
	unsigned advertise_count;
	char **static_prefixes;
	unsigned static_prefixes_count;
	struct raw_tunnel *tunnels;
	unsigned tunnels_count;
	struct raw_host *hosts;
	unsigned hosts_count;
};

struct raw_er_circuit {
	char *name;
	char *msee;
	char *ce;
	uint32_t *customer_asn;
	uint32_t *weight;
	uint32_t *prepend;
	char *primary;
	char *secondary;
	char *lan;
	char *lan_gateway;
	char **advertise;
	unsigned advertise_count;
	struct raw_host *hosts;
	unsigned hosts_count;
};

struct raw_reach {
	char *from;
	char *to;
	bool *ok;
	char *why;
};

struct raw_paths {
	char *from;
	char *to;
	char **any_of; /* "vm1 > vpngw-in0 > rras-a > a1" */
	unsigned any_of_count;
	char *why;
};

struct raw_route {
	char *node;
	char *prefix;
	bool *present;
	char **next_hops;
	unsigned next_hops_count;
	char *why;
};

struct raw_tunnel_expect {
	char *site;
	uint32_t *instance;
	char *from;
	char *to;
	bool *carries;
	char *why;
};

struct raw_expect {
	struct raw_reach *reach;
	struct raw_paths *paths;
	struct raw_route *route;
	struct raw_tunnel_expect *tunnel;
};

struct raw_scenario {
	char *name;
	char *why;
	char **fail; /* "instance:vpngw-in0" */
	unsigned fail_count;
	struct raw_expect *expect;
	unsigned expect_count;
};

struct raw_topology {
	char *name;
	char *transit_pool;
	char *internet;
	int *limits; /* enum bl_topo_limits */
	int *control_plane; /* enum bl_control_plane */
	struct raw_vnet *hub;
	struct raw_vnet *spokes;
	unsigned spokes_count;
	struct raw_vpn_gateway *vpn_gateway;
	struct raw_er_gateway *er_gateway;
	struct raw_route_server *route_server;
	struct raw_vpn_site *vpn_sites;
	unsigned vpn_sites_count;
	struct raw_er_circuit *er_circuits;
	unsigned er_circuits_count;
	struct raw_expect *expect;
	unsigned expect_count;
	struct raw_scenario *scenarios;
	unsigned scenarios_count;
};

enum bl_topo_limits {
	BL_LIMITS_AZURE,
	BL_LIMITS_RELAXED,
};

/* The top-level schema, also walked by topology_positions.c to check keys
 * and types with their line and column before libcyaml loads anything. */
extern const cyaml_schema_value_t bl_topo_schema;

/*
 * Load buf into a raw tree. On failure returns -EINVAL and, in msg (of
 * msg_size bytes), libcyaml's first error line.
 */
int bl_topo_raw_load(const char *buf, size_t len, struct raw_topology **out,
		     char *msg, size_t msg_size);
/* The same with unknown keys left out, for a file whose schema problems
 * are already reported: 0, -EINVAL (still unreadable) or -ENOMEM. */
int bl_topo_raw_load_lenient(const char *buf, size_t len, struct raw_topology **out);
void bl_topo_raw_free(struct raw_topology *raw);

#endif
