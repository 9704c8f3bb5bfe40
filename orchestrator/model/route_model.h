/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Azure route model: a deterministic path-vector computation over the
 * resolved topology (docs/routing-model.md lists every rule R1-R23 and
 * where it lives). Every BGP speaker (VPN gateway instances, ER gateway,
 * Route Server, MSEEs, customer edges, RRAS boxes) has sessions and a RIB;
 * the VNet "programming" gives every VM its effective routes. The result
 * is what `routes` prints and what the dataplane installs.
 *
 * Ownership: bl_model_compute() returns an owned model that BORROWS the
 * topology (it must outlive the model); bl_model_free(NULL) is a no-op.
 * Every pointer handed out by an accessor lives as long as the model.
 */
#ifndef BL_ROUTE_MODEL_H
#define BL_ROUTE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "topology/topology.h"

#define BL_ROUTE_MAX_NH 8
#define BL_ROUTE_MAX_ASPATH 24
#define BL_LEARNED_BUF 64 /* the longest learned-from list */

enum bl_route_source {
	BL_SRC_CONNECTED,  /* speakers: directly attached */
	BL_SRC_STATIC,
	BL_SRC_EBGP,
	BL_SRC_IBGP,
	BL_SRC_DEFAULT,    /* VMs: Azure system route ("Default") */
	BL_SRC_GATEWAY,    /* VMs: programmed by a gateway (R5) */
};

/* Where a prefix entered Azure; R15 prefers one kind over the other. */
enum bl_route_origin { BL_ORIGIN_AZURE, BL_ORIGIN_VPN, BL_ORIGIN_ER };

enum bl_nh_type {
	BL_NH_IP,           /* speakers: a next-hop address */
	BL_NH_CONNECTED,
	BL_NH_VNET_LOCAL,
	BL_NH_VNET_PEERING,
	BL_NH_INTERNET,
	BL_NH_NONE,         /* dropped (a blackhole in the kernel) */
	BL_NH_VNET_GATEWAY, /* VirtualNetworkGateway */
};

/* An AS path, nearest AS first. Routes share one stored copy of each
 * distinct path (interned): equal paths of one model are one pointer. */
struct bl_as_path {
	uint32_t len; /* at most BL_ROUTE_MAX_ASPATH */
	uint32_t asn[];
};

/* A next hop as BGP (or Azure's programming) names it, and the same hop
 * as an address directly reachable from the node in the lab (a BGP next
 * hop behind a tunnel becomes the tunnel's inner address). */
struct bl_hop {
	bl_addr next;
	bl_addr kernel;
};

/* A route's next hops, interned like AS paths. */
struct bl_next_hops {
	uint32_t n; /* at most BL_ROUTE_MAX_NH */
	struct bl_hop hop[];
};

/*
 * One row of a node's table: a candidate path, active or not. A few
 * machine words: the attributes many routes share (AS path, next hops,
 * learned-from) are pointers to the model's one copy of each value, which
 * lives as long as the model.
 */
struct bl_route {
	struct bl_prefix prefix;
	const struct bl_next_hops *hops;
	const struct bl_as_path *as_path;
	const char *learned_from; /* peer node(s), "" when local */
	const char *why;          /* why inactive (static text naming the rule) */
	uint32_t weight;
	uint32_t local_pref;
	int32_t feed;             /* internal: session it came over, -1 local */
	uint8_t source;           /* enum bl_route_source */
	uint8_t origin;           /* enum bl_route_origin */
	uint8_t nh_type;          /* enum bl_nh_type */
	bool active;
	bool peer_host_route;     /* the R3 static host route to an on-prem peer */
};

struct bl_kernel_route {
	struct bl_prefix prefix;
	enum { BL_KROUTE_UNICAST, BL_KROUTE_BLACKHOLE } type;
	bl_addr next_hops[BL_ROUTE_MAX_NH]; /* sorted; several = ECMP */
	size_t n_next_hops;
};

/* Something a rule did: a route stopped, a session taken down. */
struct bl_model_note {
	char node[BL_NAME_BUF];  /* where the rule acted */
	char peer[BL_NAME_BUF];  /* the other end, "" when none */
	struct bl_prefix prefix;
	bool has_prefix;         /* false: a session-level note */
	const char *rule;        /* "R12", ... */
	char text[200];
};

struct bl_model;

/*
 * Compute the model. Returns 0 and an owned model in *out, or -ENOMEM,
 * or -ELOOP (reported) when the computation does not reach a fixpoint.
 */
int bl_model_compute(const struct bl_topology *topo, struct bl_model **out);
/* The same, also keeping the notes of every rule that stopped a prefix,
 * which bl_model_notes() and bl_model_explain() read. A lab of 1000 sites
 * stops a million prefixes a round: only `routes --explain` pays for it. */
int bl_model_compute_noting(const struct bl_topology *topo, struct bl_model **out);
/* The network under a set of failed elements (model/route_failure.h,
 * docs/failures.md); the failures are copied. n == 0 is bl_model_compute
 * (or _noting). */
struct bl_failure;
int bl_model_compute_failed(const struct bl_topology *topo,
			    const struct bl_failure *failures, size_t n, bool noting,
			    struct bl_model **out);
void bl_model_free(struct bl_model *m);

/*
 * The computed model as a file, so that commands on a lab that is up need
 * not compute it again (lab/lab_model.h keeps it in the lab's state dir):
 * every node's table and kernel routes, the session notes and the rounds,
 * under key (a hash of what the model was computed from). Native byte
 * order: the file never leaves the machine. Save: 0 or -EIO, -ENOMEM.
 */
int bl_model_save(const struct bl_model *m, uint64_t key, FILE *out);
/* An owned model that answers the table, kernel-route, print, session-note
 * and size calls (not explain: notes are not kept), borrowing topo like a
 * computed one. -ESTALE when the file was saved under another key,
 * -EBADMSG when it is damaged (neither reported), -ENOMEM, -EIO. */
int bl_model_load(const struct bl_topology *topo, uint64_t key, FILE *in,
		  struct bl_model **out);

/* Whether the model knows this node (speakers and VMs). */
bool bl_model_has_node(const struct bl_model *m, const char *node);

/* The node's full table, sorted by prefix (all candidates, active or not).
 * -ENOENT when the node is unknown. */
int bl_model_table(const struct bl_model *m, const char *node,
		   const struct bl_route **rows, size_t *n);

/* Selected routes to install in the node's namespace, sorted by prefix;
 * connected ones are left out (the dataplane's addresses make them). The
 * Route Server is control plane only: it gets none. Hosts on site LANs are
 * not model nodes: the dataplane gives them a default via lan_gateway. */
int bl_model_kernel_routes(const struct bl_model *m, const char *node,
			   const struct bl_kernel_route **routes, size_t *n);

/* Every rule that stopped a prefix in the final round (has_prefix set). */
void bl_model_notes(const struct bl_model *m,
		    const struct bl_model_note **notes, size_t *n);
/* Sessions taken down by a max-prefix limit (R7, R8, R9). */
void bl_model_session_notes(const struct bl_model *m,
			    const struct bl_model_note **notes, size_t *n);

/* Rounds it took to converge (for tests and `routes -v`). */
unsigned bl_model_rounds(const struct bl_model *m);

/* What the model holds, for `routes -v` and tests/bench/model.sh. */
struct bl_model_size {
	unsigned rounds;
	size_t nodes;
	size_t rows;          /* every node's table (a VNet's counted per VM) */
	size_t stored_rows;   /* rows kept: RIBs, local routes, VNet tables */
	size_t kernel_routes;
	size_t paths, hop_sets, names; /* distinct interned attributes */
};
void bl_model_size(const struct bl_model *m, struct bl_model_size *out);

/* Print the node's table like Azure's effective routes, or as JSON. */
int bl_model_print_table(const struct bl_model *m, const char *node,
			 bool json, FILE *out);

/* The text table's title, heading and one row, for tables of the same
 * shape printed elsewhere (`routes --live`): hops "A,B" ("-" when empty),
 * path "65515 12076" ("-"), learned_from "-" when empty. */
void bl_route_table_head(const char *title, const char *node, FILE *out);
void bl_route_table_row(const char *source, bool active, struct bl_prefix prefix,
			const char *nh_type, const char *hops, const char *path,
			const char *learned_from, FILE *out);

/* Explain why the node has no usable route to prefix (or which one it
 * uses): the lookup at the node, then every rule that stopped the prefix
 * (or a prefix overlapping it) on its way, with the node where it acted. */
int bl_model_explain(const struct bl_model *m, const char *node,
		     struct bl_prefix prefix, FILE *out);

/* Printable names ("eBGP", "VirtualNetworkGateway", ...). */
const char *bl_route_source_name(enum bl_route_source s);
const char *bl_nh_type_name(enum bl_nh_type t);

#endif
