// SPDX-License-Identifier: GPL-2.0-or-later
/* `diff`: live kernel routes of the BGP speakers and the VMs against the model. */
#include "lab/lab_diff.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/report.h"
#include "lab/lab_bird.h"
#include "lab/lab_failures.h"
#include "lab/lab_ike.h"
#include "lab/lab_ns.h"
#include "lab/lab_state.h"
#include "model/bird_conf.h"
#include "model/route_model.h"
#include "netlink/addr_route.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"

#define RTPROT_BIRD_ 12 /* RTPROT_BIRD */

struct diff_ctx {
	const struct bl_plan *plan;
	const struct bl_model *model;
	struct bl_lab_ns *ns; /* per plan node, opened when a speaker */
	char *text;           /* the differences of the last try */
	size_t len;
	FILE *out;
	size_t n_diff;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* "via A, B" / "blackhole" / "absent" into buf. */
static const char *describe(bool present, bool blackhole, const uint32_t *hops, size_t n,
			    char *buf, size_t size)
{
	char a[BL_ADDR_STRLEN];
	size_t len;

	if (!present)
		return snprintf(buf, size, "absent"), buf;
	if (blackhole)
		return snprintf(buf, size, "blackhole"), buf;
	len = (size_t)snprintf(buf, size, "via");
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s %s", i ? "," : "",
					bl_addr_str(hops[i], a));
	return buf;
}

/* The route the kernel uses for one prefix: lowest metric among
 * branchlab's and BIRD's. */
static const struct bl_nl_route *live_route(const struct bl_nl_route *rt, size_t n,
					    struct bl_prefix p)
{
	const struct bl_nl_route *best = NULL;

	for (size_t i = 0; i < n; i++) {
		if (rt[i].dst != p.addr || rt[i].dst_len != p.len ||
		    (rt[i].protocol != BL_NL_RTPROT && rt[i].protocol != RTPROT_BIRD_))
			continue;
		if (!best || rt[i].metric < best->metric)
			best = &rt[i];
	}
	return best;
}

static void compare(struct diff_ctx *c, const char *node, struct bl_prefix p,
		    const struct bl_kernel_route *want, const struct bl_nl_route *have)
{
	uint32_t wh[BL_ROUTE_MAX_NH] = { 0 }, hh[BL_NL_MAX_NEXTHOPS] = { 0 };
	size_t nw = 0, nh = 0;
	bool wb = want && want->type == BL_KROUTE_BLACKHOLE;
	bool hb = have && have->type == BL_NL_ROUTE_BLACKHOLE;
	char pf[BL_PREFIX_STRLEN], a[256], b[256];

	for (size_t i = 0; want && !wb && i < want->n_next_hops; i++)
		wh[nw++] = want->next_hops[i];
	for (size_t i = 0; have && !hb && i < have->n_nexthops; i++)
		hh[nh++] = have->nexthops[i].gateway;
	qsort(hh, nh, sizeof(hh[0]), cmp_u32);
	if (!!want == !!have && wb == hb && nw == nh && !memcmp(wh, hh, nw * sizeof(wh[0])))
		return;
	c->n_diff++;
	fprintf(c->out, "%s %s: model %s, kernel %s%s\n", node, bl_prefix_str(p, pf),
		describe(want, wb, wh, nw, a, sizeof(a)), describe(have, hb, hh, nh, b, sizeof(b)),
		have ? (have->protocol == RTPROT_BIRD_ ? " (bird)" : " (branchlab)") : "");
}

static int node_diff(struct diff_ctx *c, size_t n)
{
	const char *node = c->plan->nodes[n].name;
	const struct bl_kernel_route *kr = NULL;
	struct bl_nl_route *live = NULL;
	struct bl_nl_error err = { 0 };
	size_t n_kr = 0, n_live = 0;
	int r;

	if (bl_model_kernel_routes(c->model, node, &kr, &n_kr) < 0)
		n_kr = 0;
	r = bl_nl_routes_read(c->ns[n].reader, 0, &live, &n_live, &err);
	if (r < 0) {
		bl_err("dumping the routes of '%s' failed: %s", node, bl_nl_error_reason(&err));
		return r;
	}
	for (size_t i = 0; i < n_kr; i++)
		compare(c, node, kr[i].prefix, &kr[i], live_route(live, n_live, kr[i].prefix));
	/* What BIRD installed that the model does not want at all. */
	for (size_t i = 0; i < n_live; i++) {
		struct bl_prefix p = { live[i].dst, live[i].dst_len };
		bool wanted = false;

		if (live[i].protocol != RTPROT_BIRD_)
			continue;
		for (size_t k = 0; k < n_kr && !wanted; k++)
			wanted = kr[k].prefix.addr == p.addr && kr[k].prefix.len == p.len;
		if (!wanted)
			compare(c, node, p, NULL, live_route(live, n_live, p));
	}
	free(live);
	return 0;
}

static int try_once(struct diff_ctx *c)
{
	int r = 0;

	free(c->text);
	c->text = NULL;
	c->n_diff = 0;
	if (!(c->out = open_memstream(&c->text, &c->len)))
		return bl_err_errno(-errno, "comparing routes failed");
	for (size_t n = 0; r >= 0 && n < c->plan->n_nodes; n++)
		if (c->ns[n].reader)
			r = node_diff(c, n);
	fclose(c->out);
	return r;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int diff_run(const char *lab, const char *topology, unsigned wait_s, FILE *out,
		    double *seconds)
{
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	struct bl_model *model = NULL;
	struct bl_failure *failures = NULL;
	struct diff_ctx c = { 0 };
	size_t n_failures = 0, speakers = 0, vms = 0;
	double t0 = now_s();
	int r = bl_lab_open(topology, &topo, &plan);

	if (r < 0)
		return r;
	bl_lab_keying_apply(lab, BL_KEYING_TOPOLOGY, topo, plan);
	bl_lab_control_apply(lab, BL_CONTROL_TOPOLOGY, topo);
	r = bl_lab_failures_read(lab, topo, &failures, &n_failures);
	if (r >= 0)
		r = bl_model_compute_failed(topo, failures, n_failures, false, &model);
	if (r == -ENOMEM)
		bl_err_errno(r, "computing the route model failed");
	c.plan = plan;
	c.model = model;
	if (r >= 0 && !(c.ns = calloc(plan->n_nodes, sizeof(*c.ns))))
		r = bl_err_errno(-ENOMEM, "comparing routes failed");
	for (size_t n = 0; r >= 0 && c.ns && n < plan->n_nodes; n++) {
		c.ns[n].fd = -1;
		bool speaker = bl_model_bgp_speaker(model, plan->nodes[n].name);
		bool vm = !speaker && bl_model_is_vm(model, plan->nodes[n].name);

		/* A failed node's links are down: nothing to compare. */
		if ((!speaker && !vm) ||
		    bl_lab_node_failed(topo, plan, failures, n_failures, n))
			continue;
		r = bl_lab_ns_open(&c.ns[n], plan->nodes[n].name, plan->nodes[n].netns);
		speakers += speaker;
		vms += vm;
	}
	while (r >= 0) {
		r = try_once(&c);
		if (r < 0 || !c.n_diff || now_s() - t0 >= wait_s)
			break;
		/* A convergence time to a tenth of a second. */
		nanosleep(&(struct timespec){ 0, out ? 500000000L : 100000000L }, NULL);
	}
	if (seconds)
		*seconds = now_s() - t0;
	if (r >= 0 && !out) {
		r = c.n_diff ? 1 : 0;
	} else if (r >= 0) {
		fputs(c.text ? c.text : "", out);
		fprintf(out, "lab %s: %zu difference%s between the kernel and the model in %zu BGP speakers "
		       "(%s control plane) and %zu VM%s after %.1f s\n", lab, c.n_diff,
		       c.n_diff == 1 ? "" : "s", speakers,
		       topo->control_plane == BL_CONTROL_BIRD ? "bird" : "static", vms,
		       vms == 1 ? "" : "s", now_s() - t0);
		r = c.n_diff ? 1 : 0;
	}
	for (size_t n = 0; c.ns && n < plan->n_nodes; n++)
		bl_lab_ns_close(&c.ns[n]);
	free(c.ns);
	free(c.text);
	free(failures);
	bl_model_free(model);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r;
}

int bl_lab_diff(const char *lab, const char *topology, unsigned wait_s, FILE *out)
{
	return diff_run(lab, topology, wait_s, out, NULL);
}

int bl_lab_diff_converge(const char *lab, const char *topology, unsigned wait_s,
			 double *seconds)
{
	return diff_run(lab, topology, wait_s, NULL, seconds);
}
