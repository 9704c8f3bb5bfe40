// SPDX-License-Identifier: GPL-2.0-or-later
#include "model/path_predict.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The route a node would use for dst: on-link (deliver to dst's owner),
 * via next hops, or a drop. */
struct lookup {
	int len;                 /* -1: nothing matched */
	bool on_link;
	bool blackhole;
	bl_addr via[BL_PLAN_MAX_NEXTHOPS];
	size_t n_via;
};

struct walk {
	const struct bl_plan *plan;
	const struct bl_model *model;
	bl_addr dst;
	struct bl_node_path *out;
	size_t n_out;
	bool overflow;
};

size_t bl_plan_node_of_addr(const struct bl_plan *plan, bl_addr addr)
{
	for (size_t i = 0; i < plan->n_ifaces; i++)
		for (size_t a = 0; a < plan->ifaces[i].n_addrs; a++)
			if (plan->ifaces[i].addrs[a].addr == addr)
				return plan->ifaces[i].node;
	return BL_PLAN_NONE;
}

static void consider(struct lookup *best, struct bl_prefix p, bl_addr dst)
{
	if (!bl_prefix_contains(p, dst) || (int)p.len <= best->len)
		return;
	memset(best, 0, sizeof(*best));
	best->len = p.len;
}

static void lookup_connected(const struct bl_plan *plan, size_t node, bl_addr dst,
			     struct lookup *best)
{
	for (size_t i = 0; i < plan->n_ifaces; i++) {
		const struct bl_plan_iface *ifc = &plan->ifaces[i];

		if (ifc->node != node)
			continue;
		for (size_t a = 0; a < ifc->n_addrs; a++) {
			struct bl_prefix p = { ifc->addrs[a].addr, ifc->addrs[a].len };
			int before = best->len;

			p.addr &= p.len ? ~(bl_addr)0 << (32 - p.len) : 0;
			consider(best, p, dst);
			if (best->len != before)
				best->on_link = true;
		}
	}
}

static void lookup_plan_routes(const struct bl_plan *plan, size_t node, bl_addr dst,
			       struct lookup *best)
{
	for (size_t i = 0; i < plan->n_routes; i++) {
		const struct bl_plan_route *r = &plan->routes[i];
		int before = best->len;

		if (r->node != node)
			continue;
		consider(best, r->dst, dst);
		if (best->len == before)
			continue;
		best->blackhole = r->blackhole;
		best->on_link = !r->blackhole && r->n_via == 0;
		best->n_via = r->n_via;
		memcpy(best->via, r->via, sizeof(bl_addr) * r->n_via);
	}
}

static void lookup_model_routes(const struct bl_model *model, const char *node, bl_addr dst,
				struct lookup *best)
{
	const struct bl_kernel_route *routes;
	size_t n;

	if (!model || bl_model_kernel_routes(model, node, &routes, &n) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		int before = best->len;

		consider(best, routes[i].prefix, dst);
		if (best->len == before)
			continue;
		best->blackhole = routes[i].type == BL_KROUTE_BLACKHOLE;
		best->n_via = routes[i].n_next_hops < BL_PLAN_MAX_NEXTHOPS
				      ? routes[i].n_next_hops
				      : BL_PLAN_MAX_NEXTHOPS;
		memcpy(best->via, routes[i].next_hops, sizeof(bl_addr) * best->n_via);
		best->on_link = !best->blackhole && best->n_via == 0;
	}
}

static bool node_owns(const struct bl_plan *plan, size_t node, bl_addr addr)
{
	return bl_plan_node_of_addr(plan, addr) == node;
}

static void emit(struct walk *w, const struct bl_node_path *path, enum bl_path_end end)
{
	if (w->n_out >= BL_PATH_MAX_PATHS) {
		w->overflow = true;
		return;
	}
	w->out[w->n_out] = *path;
	w->out[w->n_out].end = end;
	w->n_out++;
}

static bool visited(const struct bl_node_path *path, size_t node)
{
	for (size_t i = 0; i < path->n_nodes; i++)
		if (path->nodes[i] == node)
			return true;
	return false;
}

static void step(struct walk *w, struct bl_node_path *path);

static void go_to(struct walk *w, struct bl_node_path *path, size_t next)
{
	if (next == BL_PLAN_NONE) {
		emit(w, path, BL_PATH_NO_ROUTE);
		return;
	}
	if (visited(path, next) || path->n_nodes >= BL_PATH_MAX_HOPS) {
		emit(w, path, BL_PATH_LOOP);
		return;
	}
	path->nodes[path->n_nodes++] = next;
	step(w, path);
	path->n_nodes--;
}

static void step(struct walk *w, struct bl_node_path *path)
{
	size_t node = path->nodes[path->n_nodes - 1];
	struct lookup best = { .len = -1 };

	if (w->overflow)
		return;
	if (node_owns(w->plan, node, w->dst)) {
		emit(w, path, BL_PATH_REACHED);
		return;
	}
	lookup_connected(w->plan, node, w->dst, &best);
	lookup_plan_routes(w->plan, node, w->dst, &best);
	lookup_model_routes(w->model, w->plan->nodes[node].name, w->dst, &best);
	if (best.len < 0) {
		emit(w, path, BL_PATH_NO_ROUTE);
		return;
	}
	if (best.blackhole) {
		emit(w, path, BL_PATH_BLACKHOLE);
		return;
	}
	if (best.on_link) {
		go_to(w, path, bl_plan_node_of_addr(w->plan, w->dst));
		return;
	}
	for (size_t i = 0; i < best.n_via; i++)
		go_to(w, path, bl_plan_node_of_addr(w->plan, best.via[i]));
}

static int compare_paths(const void *a, const void *b)
{
	const struct bl_node_path *x = a, *y = b;

	for (size_t i = 0; i < x->n_nodes && i < y->n_nodes; i++)
		if (x->nodes[i] != y->nodes[i])
			return x->nodes[i] < y->nodes[i] ? -1 : 1;
	if (x->n_nodes != y->n_nodes)
		return x->n_nodes < y->n_nodes ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

int bl_predict_paths(const struct bl_plan *plan, const struct bl_model *model, size_t src,
		     bl_addr dst, struct bl_node_path *paths, size_t *n)
{
	struct bl_node_path *found = calloc(BL_PATH_MAX_PATHS, sizeof(*found));
	struct walk w = { plan, model, dst, found, 0, false };
	struct bl_node_path start = { .nodes = { src }, .n_nodes = 1 };

	if (!found)
		return -ENOMEM;
	if (src >= plan->n_nodes) {
		free(found);
		return -EINVAL;
	}
	step(&w, &start);
	if (w.overflow) {
		free(found);
		return -E2BIG;
	}
	qsort(found, w.n_out, sizeof(*found), compare_paths);
	*n = 0;
	/* Parallel links between two nodes (ER primary and secondary) give the
	 * same node path twice: one is enough. */
	for (size_t i = 0; i < w.n_out; i++)
		if (!*n || !bl_node_path_equal(&paths[*n - 1], &found[i]) ||
		    paths[*n - 1].end != found[i].end)
			paths[(*n)++] = found[i];
	free(found);
	return 0;
}

bool bl_node_path_equal(const struct bl_node_path *a, const struct bl_node_path *b)
{
	return a->n_nodes == b->n_nodes &&
	       !memcmp(a->nodes, b->nodes, sizeof(a->nodes[0]) * a->n_nodes);
}

const char *bl_path_end_name(enum bl_path_end end)
{
	switch (end) {
	case BL_PATH_REACHED:
		return "reached";
	case BL_PATH_NO_ROUTE:
		return "no route";
	case BL_PATH_BLACKHOLE:
		return "dropped";
	case BL_PATH_LOOP:
		return "loop";
	case BL_PATH_SILENT:
		return "no answer";
	}
	return "?";
}
