// SPDX-License-Identifier: GPL-2.0-or-later
#include "orchestrator/trace_run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orchestrator/report.h"

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
		out->end = BL_PATH_LOOP;
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

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Send one flow of the path again and see which SA counters move. */
static int attribute_tunnels(const struct bl_live_lab *lab, struct bl_trace_result *res,
			     struct bl_measured_path *m, struct bl_tunnel_count *before,
			     struct bl_tunnel_count *after)
{
	const char *netns = lab->plan->nodes[res->src].netns;
	size_t n = lab->plan->n_tunnels;
	int r = bl_live_lab_tunnel_counts(lab, before);

	if (r < 0)
		return r;
	r = bl_probe_udp_burst(netns, res->dst_addr, m->sample.source_port, 33434,
			       BL_TRACE_BURST);
	if (r < 0 && r != -ENETUNREACH && r != -EHOSTUNREACH)
		return bl_err_errno(r, "sending probes from '%s' failed",
				    lab->plan->nodes[res->src].name);
	pause_ms(200);
	r = bl_live_lab_tunnel_counts(lab, after);
	for (size_t t = 0; r == 0 && t < n && m->n_tunnels + 2 <= BL_TRACE_MAX_TUNNELS; t++) {
		uint64_t up = after[t].to_gw - before[t].to_gw;
		uint64_t down = after[t].to_site - before[t].to_site;

		if (up >= BL_TRACE_BURST)
			m->tunnels[m->n_tunnels++] = (struct bl_tunnel_use){ t, false, up };
		if (down >= BL_TRACE_BURST)
			m->tunnels[m->n_tunnels++] = (struct bl_tunnel_use){ t, true, down };
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

int bl_trace_measure(const struct bl_live_lab *lab, size_t src, size_t dst, unsigned flows,
		     struct bl_trace_result *res)
{
	struct bl_probe_path *probes = calloc(BL_PROBE_MAX_FLOWS, sizeof(*probes));
	size_t n_tunnels = lab->plan->n_tunnels ? lab->plan->n_tunnels : 1;
	struct bl_tunnel_count *before = calloc(n_tunnels, sizeof(*before));
	struct bl_tunnel_count *after = calloc(n_tunnels, sizeof(*after));
	struct bl_trace_opts opts;
	int r = -ENOMEM;

	memset(res, 0, sizeof(*res));
	if (!probes || !before || !after)
		goto out;
	res->src = src;
	res->dst = dst;
	r = bl_live_lab_node_address(lab, dst, &res->dst_addr);
	if (r < 0) {
		bl_err("node '%s' has no address to trace to", lab->plan->nodes[dst].name);
		goto out;
	}
	bl_trace_opts_default(&opts);
	opts.flows = flows ? flows : opts.flows;
	res->flows = opts.flows;
	r = bl_probe_trace(lab->plan->nodes[src].netns, res->dst_addr, &opts, probes);
	if (r < 0) {
		bl_err_errno(r, "tracing from '%s' failed", lab->plan->nodes[src].name);
		goto out;
	}
	group_flows(lab, res, probes);
	for (size_t i = 0; r == 0 && i < res->n_measured; i++)
		if (bl_measured_reached(&res->measured[i]))
			r = attribute_tunnels(lab, res, &res->measured[i], before, after);
	if (r == 0)
		r = bl_predict_paths(lab->plan, lab->model, src, res->dst_addr, res->predicted,
				     &res->n_predicted);
	res->matches = r == 0 && reached_set_equal(res);
out:
	free(probes);
	free(before);
	free(after);
	return r;
}
