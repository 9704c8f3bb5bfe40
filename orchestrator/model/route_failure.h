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

#include "topology/topology.h"

enum bl_failure_kind {
	BL_FAIL_INSTANCE,       /* [D] F1 VPN gateway instance in maintenance */
	BL_FAIL_TUNNEL,         /* [D] F2 one IPsec tunnel and its BGP session */
	BL_FAIL_ER_LINK,        /* [D] F3 one MSEE-CE link */
	BL_FAIL_ER_MAINTENANCE, /* [D] F4 one link drained by prepending 12076 */
	BL_FAIL_CIRCUIT,        /* both links of a circuit */
	BL_FAIL_NODE,           /* any routing node, VM or host */
};

struct bl_failure {
	enum bl_failure_kind kind;
	char target[BL_NAME_BUF]; /* node, site or circuit name */
	unsigned index;           /* tunnel index; ER link: 0 primary, 1 secondary */
};

/* "er-maintenance:" + circuit + "/secondary" fits. */
#define BL_FAILURE_STRLEN (BL_NAME_BUF + 32)

/* [I] How many extra copies of 12076 a drained link carries ("several
 * times", F4). */
#define BL_DRAIN_PREPEND 3

/*
 * Parse one element against the topology. Returns 0, or -EINVAL having
 * reported the problem once: an unknown kind lists the valid kinds, an
 * unknown name offers the nearest one.
 */
int bl_failure_parse(const struct bl_topology *t, const char *text,
		     struct bl_failure *out);
/* The same without a report: false when text is no element of t. */
bool bl_failure_find(const struct bl_topology *t, const char *text, struct bl_failure *out);
void bl_failure_str(const struct bl_failure *f, char *buf, size_t size);
bool bl_failure_same(const struct bl_failure *a, const struct bl_failure *b);

/* Every valid element of the topology, in a fixed order, through visit
 * (true stops the walk). Returns how many were visited. */
size_t bl_failures_each(const struct bl_topology *t,
			bool (*visit)(const struct bl_failure *f, void *ctx), void *ctx);

/* The kinds, for help texts: "instance:NODE, tunnel:SITE/INDEX, ...". */
const char *bl_failure_kinds(void);

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
