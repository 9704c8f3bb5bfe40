// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Routes: first the plan's (what the topology alone implies: host default
 * routes, on-link peering and Internet host routes, tunnel host routes of
 * R2/R3), then the route model's selected routes for each node, which
 * replace a planned route for the same prefix. All routes are added with
 * NLM_F_REPLACE, so `up` twice converges.
 */
#include <errno.h>
#include <string.h>

#include "netlink/addr_route.h"
#include "netlink/nl_socket.h"
#include "orchestrator/lab_run.h"
#include "orchestrator/report.h"
#include "orchestrator/route_model.h"

static int add_route(struct bl_lab_run *run, size_t n, const struct bl_nl_route *rt)
{
	char d[BL_PREFIX_STRLEN];
	size_t room;
	void *m = bl_lab_room(run, &room);
	int r;

	if (!m)
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch, bl_nl_build_route_add(m, room, rt),
			     "adding route %s in '%s'",
			     bl_prefix_str((struct bl_prefix){ rt->dst, rt->dst_len }, d),
			     run->ns[n].node);
	return r < 0 ? bl_lab_build_failed(r, d, run->ns[n].node) : 0;
}

static int planned_route(struct bl_lab_run *run, const struct bl_plan_route *pr)
{
	struct bl_nl_route rt = {
		.dst = pr->dst.addr, .dst_len = pr->dst.len,
		.type = pr->blackhole ? BL_NL_ROUTE_BLACKHOLE : BL_NL_ROUTE_UNICAST,
	};

	for (size_t k = 0; k < pr->n_via && k < BL_NL_MAX_NEXTHOPS; k++)
		rt.nexthops[rt.n_nexthops++].gateway = pr->via[k];
	if (!pr->n_via && !pr->blackhole) {
		const char *dev = run->plan->ifaces[pr->dev].name;

		rt.nexthops[0].ifindex = bl_lab_ns_index(&run->ns[pr->node], dev);
		rt.n_nexthops = 1;
	}
	return add_route(run, pr->node, &rt);
}

/* The seam between the model and the kernel: one node's selected routes.
 * ECMP sets become multipath routes, None becomes a blackhole; routes
 * without a next hop (VnetLocal, peering) are on-link through the plan's
 * addresses and routes already. */
static int model_routes(struct bl_lab_run *run, const struct bl_model *model, size_t n)
{
	const struct bl_kernel_route *routes;
	size_t count;
	int r = 0;

	if (bl_model_kernel_routes(model, run->plan->nodes[n].name, &routes, &count) < 0)
		return 0; /* not a model node (bridges, LAN hosts) */
	for (size_t i = 0; r >= 0 && i < count; i++) {
		const struct bl_kernel_route *kr = &routes[i];
		struct bl_nl_route rt = { .dst = kr->prefix.addr, .dst_len = kr->prefix.len };

		if (kr->type == BL_KROUTE_BLACKHOLE) {
			rt.type = BL_NL_ROUTE_BLACKHOLE;
		} else if (!kr->n_next_hops) {
			continue;
		}
		for (size_t k = 0; rt.type == BL_NL_ROUTE_UNICAST && k < kr->n_next_hops &&
				   k < BL_NL_MAX_NEXTHOPS; k++)
			rt.nexthops[rt.n_nexthops++].gateway = kr->next_hops[k];
		r = add_route(run, n, &rt);
	}
	return r;
}

static int node_routes(struct bl_lab_run *run, const struct bl_model *model, size_t n)
{
	int r = 0;

	for (size_t i = 0; r >= 0 && i < run->plan->n_routes; i++)
		if (run->plan->routes[i].node == n)
			r = planned_route(run, &run->plan->routes[i]);
	if (r >= 0 && model)
		r = model_routes(run, model, n);
	return r < 0 ? r : bl_lab_ns_send(&run->ns[n], run->ns[n].rt, run->batch);
}

int bl_lab_install_routes(struct bl_lab_run *run)
{
	struct bl_model *model = NULL;
	int r = bl_model_compute(run->topo, &model);

	if (r < 0)
		return r == -ENOMEM ? bl_err_errno(r, "computing the route model failed") : r;
	for (size_t n = 0; r >= 0 && n < run->plan->n_nodes; n++)
		r = node_routes(run, model, n);
	bl_model_free(model);
	return r;
}
