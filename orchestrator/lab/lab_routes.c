// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Routes, pushed incrementally. For each node the wanted set is the plan's
 * routes (what the topology alone implies: host default routes, on-link
 * peering and Internet host routes, tunnel host routes of R2/R3) with the
 * route model's selected routes replacing a planned route for the same
 * prefix. A dump of the routes branchlab owns (BL_NL_RTPROT) is compared
 * with it (route_diff.c) and one batch per namespace adds what is missing,
 * replaces what differs and deletes what the model no longer wants; the
 * kernel's connected routes and hand-added routes of other protocols are
 * left alone. So `up` on an unchanged lab touches no route, and `up` after
 * a topology edit pushes only what the recomputed model changed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/addr_route.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"
#include "lab/lab_failures.h"
#include "lab/lab_model.h"
#include "lab/lab_run.h"
#include "common/report.h"
#include "lab/route_diff.h"
#include "model/bird_conf.h"
#include "model/route_model.h"

struct route_set {
	struct bl_nl_route *routes;
	size_t n, cap;
};

struct push_counts {
	size_t added, replaced, removed;
};

static int route_key_cmp(const void *a, const void *b)
{
	return bl_route_key_cmp(a, b);
}

/* A planned route, unless the model (set->routes[0..n_model), sorted)
 * has its prefix; a later planned route for a prefix replaces an earlier
 * one (a node has a handful: a linear search among them is enough). */
static void put_planned(struct route_set *set, size_t n_model, const struct bl_nl_route *rt)
{
	if (bsearch(rt, set->routes, n_model, sizeof(*rt), route_key_cmp))
		return;
	for (size_t i = n_model; i < set->n; i++) {
		if (!bl_route_key_cmp(&set->routes[i], rt)) {
			set->routes[i] = *rt;
			return;
		}
	}
	if (set->n < set->cap)
		set->routes[set->n++] = *rt;
}

static void planned_route(const struct bl_lab_run *run, const struct bl_plan_route *pr,
			  struct bl_nl_route *rt)
{
	*rt = (struct bl_nl_route){
		.dst = pr->dst.addr, .dst_len = pr->dst.len,
		.type = pr->blackhole ? BL_NL_ROUTE_BLACKHOLE : BL_NL_ROUTE_UNICAST,
	};
	for (size_t k = 0; k < pr->n_via && k < BL_NL_MAX_NEXTHOPS; k++)
		rt->nexthops[rt->n_nexthops++].gateway = pr->via[k];
	if (!pr->n_via && !pr->blackhole) {
		const char *dev = run->plan->ifaces[pr->dev].name;

		rt->nexthops[0].ifindex = bl_lab_ns_index(&run->ns[pr->node], dev);
		rt->n_nexthops = 1;
	}
}

/* The seam between the model and the kernel: ECMP sets become multipath
 * routes, None becomes a blackhole. Routes without a next hop (VnetLocal,
 * peering) are on-link through the plan's addresses and routes already:
 * false, nothing to install. */
static bool model_route(const struct bl_kernel_route *kr, struct bl_nl_route *rt)
{
	*rt = (struct bl_nl_route){ .dst = kr->prefix.addr, .dst_len = kr->prefix.len };
	if (kr->type == BL_KROUTE_BLACKHOLE) {
		rt->type = BL_NL_ROUTE_BLACKHOLE;
		return true;
	}
	for (size_t k = 0; k < kr->n_next_hops && k < BL_NL_MAX_NEXTHOPS; k++)
		rt->nexthops[rt->n_nexthops++].gateway = kr->next_hops[k];
	return rt->n_nexthops > 0;
}

/* Whether a next hop lies behind one of the node's interfaces that a
 * failure holds down: a route through it cannot be added (the kernel
 * refuses a gateway on a link that is down) and must not be wanted. */
static bool hop_failed(const struct bl_lab_run *run, size_t node, bl_addr hop)
{
	const struct bl_plan *p = run->plan;

	for (size_t i = 0; i < p->n_ifaces; i++) {
		const struct bl_plan_iface *f = &p->ifaces[i];

		if (f->node != node ||
		    !bl_lab_iface_failed(run->topo, p, run->failures, run->n_failures, i))
			continue;
		for (size_t k = 0; k < f->n_addrs; k++)
			if (bl_prefix_contains((struct bl_prefix){ f->addrs[k].addr, f->addrs[k].len },
					       hop))
				return true;
	}
	return false;
}

/* Drop the next hops behind failed links; false when none is left. */
static bool keep_alive_hops(const struct bl_lab_run *run, size_t node,
			    struct bl_nl_route *rt)
{
	size_t kept = 0;

	if (!run->n_failures || rt->type == BL_NL_ROUTE_BLACKHOLE)
		return true;
	for (size_t k = 0; k < rt->n_nexthops; k++) {
		const struct bl_nl_nexthop *h = &rt->nexthops[k];
		bool dead = h->gateway ? hop_failed(run, node, h->gateway) : false;

		if (!h->gateway && h->ifindex) {
			for (size_t i = 0; i < run->plan->n_ifaces && !dead; i++)
				dead = run->plan->ifaces[i].node == node &&
				       bl_lab_ns_index(&run->ns[node], run->plan->ifaces[i].name) ==
					       h->ifindex &&
				       bl_lab_iface_failed(run->topo, run->plan, run->failures,
							   run->n_failures, i);
		}
		if (!dead)
			rt->nexthops[kept++] = *h;
	}
	rt->n_nexthops = kept;
	return kept > 0;
}

static int wanted_routes(const struct bl_lab_run *run, const struct bl_model *model,
			 size_t n, struct route_set *set)
{
	const struct bl_kernel_route *kroutes = NULL;
	size_t n_kroutes = 0, n_model;
	struct bl_nl_route rt;
	bool bird = model && run->topo->control_plane == BL_CONTROL_BIRD &&
		    bl_model_bird_node(model, run->plan->nodes[n].name);

	/* Not a model node (bridges, LAN hosts): the plan's routes only. */
	if (model && bl_model_kernel_routes(model, run->plan->nodes[n].name, &kroutes,
					    &n_kroutes) < 0)
		n_kroutes = 0;
	set->cap = run->plan->n_routes + n_kroutes;
	set->routes = calloc(set->cap ? set->cap : 1, sizeof(*set->routes));
	if (!set->routes)
		return bl_err_errno(-ENOMEM, "computing the routes of '%s' failed",
				    run->plan->nodes[n].name);
	/* The model's routes override the plan's for the same prefix. With
	 * control_plane: bird, a speaker's BGP routes, and a fed VM's gateway
	 * routes, are BIRD's to install (docs/bgp.md); branchlab keeps its
	 * statics and the VMs' system routes. */
	for (size_t i = 0; i < n_kroutes; i++) {
		if (bird && bl_model_route_is_bgp(model, run->plan->nodes[n].name,
						  kroutes[i].prefix))
			continue;
		if (model_route(&kroutes[i], &rt) && keep_alive_hops(run, n, &rt))
			set->routes[set->n++] = rt;
	}
	bl_route_diff_sort(set->routes, set->n);
	n_model = set->n;
	for (size_t i = 0; i < run->plan->n_routes; i++) {
		if (run->plan->routes[i].node != n)
			continue;
		planned_route(run, &run->plan->routes[i], &rt);
		if (keep_alive_hops(run, n, &rt))
			put_planned(set, n_model, &rt);
	}
	bl_route_diff_sort(set->routes, set->n);
	return 0;
}

static int dump_routes(struct bl_lab_ns *ns, struct route_set *set)
{
	struct bl_nl_error err = { 0 };
	int r;

	bl_lab_count_trip();
	r = bl_nl_routes_read(ns->reader, 0, &set->routes, &set->n, &err);
	if (r < 0) {
		bl_err("dumping the routes of '%s' failed: %s", ns->node, bl_nl_error_reason(&err));
		return r;
	}
	bl_route_diff_sort(set->routes, set->n);
	return 0;
}

static int queue_change(struct bl_lab_run *run, size_t n, const struct bl_route_change *c)
{
	const struct bl_nl_route *rt = c->op == BL_ROUTE_OP_DELETE ? c->present : c->wanted;
	char d[BL_PREFIX_STRLEN];
	size_t room;
	void *m = bl_lab_room(run, &room);
	int r;

	if (!m)
		return -ENOMEM;
	bl_prefix_str((struct bl_prefix){ rt->dst, rt->dst_len }, d);
	if (c->op == BL_ROUTE_OP_DELETE)
		r = bl_nl_batch_seal(run->batch, bl_nl_build_route_del(m, room, rt),
				     "removing route %s in '%s'", d, run->ns[n].node);
	else
		r = bl_nl_batch_seal(run->batch, bl_nl_build_route_add(m, room, rt),
				     "%s route %s in '%s'",
				     c->op == BL_ROUTE_OP_ADD ? "adding" : "replacing", d,
				     run->ns[n].node);
	return r < 0 ? bl_lab_build_failed(r, d, run->ns[n].node) : 0;
}

static void count_change(struct push_counts *counts, enum bl_route_op op)
{
	if (op == BL_ROUTE_OP_ADD)
		counts->added++;
	else if (op == BL_ROUTE_OP_REPLACE)
		counts->replaced++;
	else
		counts->removed++;
}

static int push_changes(struct bl_lab_run *run, size_t n, const struct route_set *wanted,
			const struct route_set *present, struct push_counts *counts)
{
	struct bl_route_change *changes = calloc(wanted->n + present->n + 1, sizeof(*changes));
	size_t n_changes;
	int r = 0;

	if (!changes)
		return bl_err_errno(-ENOMEM, "comparing the routes of '%s' failed", run->ns[n].node);
	n_changes = bl_route_diff(wanted->routes, wanted->n, present->routes, present->n,
				  BL_NL_RTPROT, changes);
	for (size_t i = 0; r >= 0 && i < n_changes; i++)
		r = queue_change(run, n, &changes[i]);
	if (r >= 0)
		r = bl_lab_ns_send(&run->ns[n], run->ns[n].rt, run->batch);
	for (size_t i = 0; r >= 0 && i < n_changes; i++)
		count_change(counts, changes[i].op);
	free(changes);
	return r;
}

static int node_routes(struct bl_lab_run *run, const struct bl_model *model, size_t n,
		       struct push_counts *counts)
{
	struct route_set wanted = { 0 }, present = { 0 };
	int r;

	/* A failed node's links are down: the kernel took its routes with
	 * them, and restore puts them back. */
	if (bl_lab_node_failed(run->topo, run->plan, run->failures, run->n_failures, n))
		return 0;
	r = wanted_routes(run, model, n, &wanted);

	if (r >= 0)
		r = dump_routes(&run->ns[n], &present);
	if (r >= 0)
		r = push_changes(run, n, &wanted, &present, counts);
	free(wanted.routes);
	free(present.routes);
	return r;
}

int bl_lab_install_routes(struct bl_lab_run *run)
{
	struct push_counts counts = { 0 };
	struct bl_model *model = NULL;
	int r;

	/* Saved with the lab: the commands that probe it read it back. A
	 * saved model holds tables and kernel routes, not the sessions that
	 * tell BIRD's routes from branchlab's: bird mode computes it whole. */
	if (run->topo->control_plane == BL_CONTROL_BIRD) {
		r = bl_model_compute_failed(run->topo, run->failures, run->n_failures, false,
					    &model);
		if (r == -ENOMEM)
			bl_err_errno(r, "computing the route model of '%s' failed", run->plan->lab);
	} else {
		r = bl_lab_model(run->plan->lab, run->topo, run->failures, run->n_failures,
				 &model);
	}
	if (r < 0)
		return r;
	for (size_t n = 0; r >= 0 && n < run->plan->n_nodes; n++)
		r = node_routes(run, model, n, &counts);
	bl_model_free(model);
	run->routes_changed[0] = counts.added;
	run->routes_changed[1] = counts.replaced;
	run->routes_changed[2] = counts.removed;
	if (r >= 0)
		bl_info("routes: %zu added, %zu replaced, %zu removed in %zu namespaces",
			counts.added, counts.replaced, counts.removed, run->plan->n_nodes);
	return r;
}
