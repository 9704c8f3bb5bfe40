/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The paths a packet should take, predicted from the plan (addresses,
 * static routes) and the route model (each node's selected routes), by
 * walking next hops from node to node. ECMP routes branch the walk, so the
 * result is the set of paths `trace` should discover. Bridges are
 * transparent: a path lists the routed nodes and the end hosts only.
 */
#ifndef BL_PATH_PREDICT_H
#define BL_PATH_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/plan.h"
#include "model/route_model.h"

#define BL_PATH_MAX_HOPS 24
#define BL_PATH_MAX_PATHS 32

enum bl_path_end {
	BL_PATH_REACHED,
	BL_PATH_NO_ROUTE,   /* a node has no route to the destination */
	BL_PATH_BLACKHOLE,  /* a node drops it (Azure next hop "None") */
	BL_PATH_LOOP,       /* a node repeats, or the walk is too long */
	BL_PATH_SILENT,     /* measured only: probes vanished without an answer */
};

struct bl_node_path {
	size_t nodes[BL_PATH_MAX_HOPS]; /* plan node indices, source first */
	size_t n_nodes;
	enum bl_path_end end;
};

/* Every path from src to dst, sorted, one per node sequence and outcome,
 * written to paths (BL_PATH_MAX_PATHS entries); *n receives the count.
 * model may be NULL (the plan's static routes only). -E2BIG when there
 * are more paths than that; -EINVAL for a bad src. */
int bl_predict_paths(const struct bl_plan *plan, const struct bl_model *model, size_t src,
		     bl_addr dst, struct bl_node_path *paths, size_t *n);

/* The node that owns addr (an interface address), BL_PLAN_NONE if none. */
size_t bl_plan_node_of_addr(const struct bl_plan *plan, bl_addr addr);

/* Two paths visit the same nodes in the same order. */
bool bl_node_path_equal(const struct bl_node_path *a, const struct bl_node_path *b);

const char *bl_path_end_name(enum bl_path_end end);

#endif
