/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Failed elements as written (docs/failures.md): what `fail` takes down
 * and what a scenario's `fail:` lists. Their text form, one element:
 * instance:NODE, tunnel:SITE/INDEX, er-link:CIRCUIT/primary|secondary,
 * er-maintenance:CIRCUIT/primary|secondary, circuit:CIRCUIT, node:NODE.
 * Here, below the route model, so that the loader can check a scenario's
 * elements; what they imply is model/route_failure.h.
 */
#ifndef BL_TOPOLOGY_FAILURE_H
#define BL_TOPOLOGY_FAILURE_H

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

/* Every valid element of the topology, in a fixed order, through fn
 * (true stops the walk). Returns how many were visited. */
size_t bl_failures_each(const struct bl_topology *t,
			bool (*fn)(const struct bl_failure *f, void *ctx), void *ctx);

/* The kinds, for help texts: "instance:NODE, tunnel:SITE/INDEX, ...". */
const char *bl_failure_kinds(void);

/*
 * The same for the loader: true when text is an element of t; otherwise
 * false, with near set to the nearest valid element ("" when none is
 * near) and *kind_known telling whether the kind before ':' exists.
 */
bool bl_failure_lookup(const struct bl_topology *t, const char *text, struct bl_failure *out,
		       char *near, size_t near_size, bool *kind_known);

#endif
