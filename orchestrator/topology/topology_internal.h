/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The stages of bl_topology_load(), shared by topology_load.c (pipeline),
 * topology_resolve.c (defaults and allocation), topology_expect.c
 * (expectations) and topology_validate.c (the rules). Not for other
 * modules: they read struct bl_topology.
 */
#ifndef BL_TOPOLOGY_INTERNAL_H
#define BL_TOPOLOGY_INTERNAL_H

#include <stdio.h>

#include "topology/topology.h"
#include "topology/topology_positions.h"
#include "topology/topology_schema.h"

/*
 * Parse, resolve and validate buf; problems go to diag_out (NULL: silent).
 * On success *out owns the topology. Returns 0, -EINVAL or -ENOMEM.
 */
int bl_topology_parse(const char *name, const char *buf, size_t len,
		      FILE *diag_out, struct bl_topology **out);

/* Fill topo from raw, reporting malformed values through diag. Returns 0,
 * or -ENOMEM; errors reported are counted in diag->n_errors. */
int bl_topo_resolve(const struct raw_topology *raw, struct bl_topo_diag *diag,
		    struct bl_topology *topo);
int bl_topo_resolve_expect(const struct raw_topology *raw,
			   struct bl_topo_diag *diag, struct bl_topology *topo);

/* Report every rule the resolved topology breaks. */
void bl_topo_validate(const struct bl_topology *topo,
		      const struct raw_topology *raw, struct bl_topo_diag *diag);
/* Its parts: prefixes and addresses (topology_validate_net.c), and the
 * names expectations refer to (topology_validate_expect.c). */
void bl_topo_validate_addresses(const struct bl_topology *topo,
				struct bl_topo_diag *diag);
void bl_topo_validate_expectations(const struct bl_topology *topo,
				   struct bl_topo_diag *diag);

/* Every node name with the key path that gave (or generated) it. */
/* Whether a node name is a shared segment (a bridge with no address). */
bool bl_topology_is_segment(const struct bl_topology *topo, const char *name);
/* "lan-<site>" into buf. */
const char *bl_topo_lan_name(const char *site, char *buf, size_t size);

typedef void (*bl_topo_node_fn)(const char *name, const char *key, void *ctx);
void bl_topo_for_each_node(const struct bl_topology *topo, bl_topo_node_fn fn,
			   void *ctx);

/* Parse helpers that report a malformed value at key. */
int bl_topo_parse_addr(struct bl_topo_diag *d, const char *key,
		       const char *text, bl_addr *out);
int bl_topo_parse_prefix(struct bl_topo_diag *d, const char *key,
			 const char *text, struct bl_prefix *out);
void bl_topo_copy_name(struct bl_topo_diag *d, const char *key, char *dst,
		       const char *src);

#endif
