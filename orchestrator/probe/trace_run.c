// SPDX-License-Identifier: GPL-2.0-or-later
#include "probe/trace_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/report.h"

/* The probe's hops as nodes: the source, then whoever answered. */
static void to_node_path(const struct bl_live_lab *lab, size_t src,
			 const struct bl_probe_path *probe, struct bl_node_path *out)
{
	memset(out, 0, sizeof(*out));
	out->nodes[out->n_nodes++] = src;
	for (unsigned h = 0; h < probe->n_hops && out->n_nodes < BL_PATH_MAX_HOPS; h++) {
		bl_addr from = probe->hops[h].from;

		out->nodes[out->n_nodes++] =
			from ? bl_plan_node_of_addr(lab->plan, from) : BL_PLAN_NONE;
	}
	switch (probe->end) {
	case BL_PROBE_REACHED:
		out->end = BL_PATH_REACHED;
		break;
	case BL_PROBE_UNREACHABLE:
	case BL_PROBE_NO_ROUTE:
		out->end = BL_PATH_NO_ROUTE;
		break;
	case BL_PROBE_SILENT:
		out->end = BL_PATH_SILENT;
		break;
	}
}

bool bl_measured_reached(const struct bl_measured_path *m)
{
	return m->path.end == BL_PATH_REACHED;
}

static void group_flows(const struct bl_live_lab *lab, struct bl_trace_result *res,
			const struct bl_probe_path *probes)
{
	for (unsigned f = 0; f < res->flows; f++) {
		struct bl_node_path p;
		size_t i;

		to_node_path(lab, res->src, &probes[f], &p);
		for (i = 0; i < res->n_measured; i++)
			if (bl_node_path_equal(&res->measured[i].path, &p) &&
			    res->measured[i].path.end == p.end)
				break;
		if (i == res->n_measured) {
			if (i == BL_PATH_MAX_PATHS)
				continue;
			res->measured[i].path = p;
			res->measured[i].sample = probes[f];
			res->n_measured++;
		}
		res->measured[i].flows++;
	}
}

struct burst {
	const char *netns;
	const char *node;
	bl_addr dst;
	uint16_t sport;
};

static int send_burst(void *data)
{
	const struct burst *b = data;
	int r = bl_probe_udp_burst(b->netns, b->dst, b->sport, 33434, BL_TRACE_BURST);

	/* No route at the source: nothing to attribute, not an error. */
	if (r < 0 && r != -ENETUNREACH && r != -EHOSTUNREACH)
		return bl_err_errno(r, "sending probes from '%s' failed", b->node);
	return 0;
}

/* Send one flow of the path again and see which SA counters move. */
static int attribute_tunnels(const struct bl_live_lab *lab, struct bl_trace_result *res,
			     struct bl_measured_path *m, struct bl_tunnel_count *delta)
{
	struct burst b = { lab->plan->nodes[res->src].netns, lab->plan->nodes[res->src].name,
			   res->dst_addr, m->sample.source_port };
	int r = bl_live_lab_tunnel_delta(lab, send_burst, &b, delta);

	for (size_t t = 0; r == 0 && t < lab->plan->n_tunnels; t++) {
		if (m->n_tunnels + 2 > BL_TRACE_MAX_TUNNELS)
			break;
		if (delta[t].to_gw >= BL_TRACE_BURST)
			m->tunnels[m->n_tunnels++] = (struct bl_tunnel_use){ t, false, delta[t].to_gw };
		if (delta[t].to_site >= BL_TRACE_BURST)
			m->tunnels[m->n_tunnels++] = (struct bl_tunnel_use){ t, true, delta[t].to_site };
	}
	return r;
}

static bool predicted_has(const struct bl_trace_result *res, const struct bl_node_path *p)
{
	for (size_t j = 0; j < res->n_predicted; j++)
		if (res->predicted[j].end == BL_PATH_REACHED &&
		    bl_node_path_equal(p, &res->predicted[j]))
			return true;
	return false;
}

static bool measured_has(const struct bl_trace_result *res, const struct bl_node_path *p)
{
	for (size_t i = 0; i < res->n_measured; i++)
		if (bl_measured_reached(&res->measured[i]) &&
		    bl_node_path_equal(p, &res->measured[i].path))
			return true;
	return false;
}

/* The paths that reach the destination are the same set on both sides
 * (both empty: the model and the lab agree it is unreachable). */
static bool reached_set_equal(const struct bl_trace_result *res)
{
	for (size_t i = 0; i < res->n_measured; i++)
		if (bl_measured_reached(&res->measured[i]) &&
		    !predicted_has(res, &res->measured[i].path))
			return false;
	for (size_t j = 0; j < res->n_predicted; j++)
		if (res->predicted[j].end == BL_PATH_REACHED &&
		    !measured_has(res, &res->predicted[j]))
			return false;
	return true;
}

static int probe_paths(const struct bl_live_lab *lab, unsigned flows,
		       struct bl_trace_result *res, struct bl_probe_path *probes)
{
	const struct bl_plan_node *src = &lab->plan->nodes[res->src];
	struct bl_trace_opts opts;
	int r;

	bl_trace_opts_default(&opts);
	opts.flows = flows ? flows : opts.flows;
	res->flows = opts.flows;
	r = bl_probe_trace(src->netns, res->dst_addr, &opts, probes);
	if (r < 0)
		return bl_err_errno(r, "tracing from '%s' failed", src->name);
	group_flows(lab, res, probes);
	return 0;
}

static int predict(const struct bl_live_lab *lab, struct bl_trace_result *res)
{
	int r;

	if (!lab->model) {
		bl_err("predicting paths from '%s' failed: the lab was opened without its "
		       "route model", lab->plan->nodes[res->src].name);
		return -EINVAL;
	}
	r = bl_predict_paths(lab->plan, lab->model, res->src, res->dst_addr, res->predicted,
				 &res->n_predicted);

	if (r == -E2BIG)
		bl_err("predicting paths from '%s' failed: more than %d paths",
		       lab->plan->nodes[res->src].name, BL_PATH_MAX_PATHS);
	else if (r < 0)
		bl_err_errno(r, "predicting paths from '%s' failed", lab->plan->nodes[res->src].name);
	return r;
}

int bl_trace_measure(const struct bl_live_lab *lab, size_t src, size_t dst, unsigned flows,
		     bool attribute, struct bl_trace_result *res)
{
	struct bl_endpoint to = { .node = dst };

	if (bl_live_lab_node_address(lab, dst, &to.addr) < 0) {
		bl_err("tracing from '%s' failed: node '%s' has no address",
		       lab->plan->nodes[src].name, lab->plan->nodes[dst].name);
		return -ENOENT;
	}
	return bl_trace_measure_to(lab, src, to, flows, attribute, res);
}

int bl_trace_measure_to(const struct bl_live_lab *lab, size_t src, struct bl_endpoint dst,
			unsigned flows, bool attribute, struct bl_trace_result *res)
{
	struct bl_probe_path *probes = calloc(BL_PROBE_MAX_FLOWS, sizeof(*probes));
	size_t n_tunnels = lab->plan->n_tunnels ? lab->plan->n_tunnels : 1;
	struct bl_tunnel_count *delta = calloc(n_tunnels, sizeof(*delta));
	int r;

	memset(res, 0, sizeof(*res));
	res->src = src;
	res->dst = dst.node;
	res->dst_addr = dst.addr;
	if (!probes || !delta) {
		free(probes);
		free(delta);
		return bl_err_errno(-ENOMEM, "tracing from '%s' failed", lab->plan->nodes[src].name);
	}
	r = probe_paths(lab, flows, res, probes);
	for (size_t i = 0; attribute && r == 0 && i < res->n_measured; i++)
		if (bl_measured_reached(&res->measured[i]))
			r = attribute_tunnels(lab, res, &res->measured[i], delta);
	if (r == 0)
		r = predict(lab, res);
	res->matches = r == 0 && reached_set_equal(res);
	free(probes);
	free(delta);
	return r;
}
