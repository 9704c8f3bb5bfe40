// SPDX-License-Identifier: GPL-2.0-or-later
/* branchlab trace [LAB|FILE] SRC DST [--flows N] [--json] [--svg FILE], or
 * every pair the topology's expectations name (--expected); SRC is a node
 * (or one of its addresses), DST a node, node/interface or address. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/graph.h"
#include "common/report.h"
#include "probe/trace_run.h"

const struct bl_opt bl_trace_opts[] = {
	{ "flows", 'n', "N", 0, "flows (source ports) to send, 1-64 (default 16)" },
	{ "json", 0, NULL, 0, "one JSON object per traced pair" },
	{ "expected", 'e', NULL, 1, "trace every pair the topology's expectations name" },
	{ "svg", 0, "FILE", 1, "also draw the lab with the measured paths over it into FILE" },
	{ NULL, 0, NULL, 0, NULL },
};

/* The destination's name: its node, or the address no node owns. */
static const char *dst_name(const struct bl_live_lab *lab, const struct bl_trace_result *r,
			    char *buf)
{
	return r->dst == BL_PLAN_NONE ? bl_addr_str(r->dst_addr, buf)
				      : lab->plan->nodes[r->dst].name;
}

static void print_path(const struct bl_live_lab *lab, const struct bl_node_path *p, FILE *f,
		       bool json)
{
	for (size_t i = 0; i < p->n_nodes; i++) {
		const char *name = p->nodes[i] == BL_PLAN_NONE ? "*" : lab->plan->nodes[p->nodes[i]].name;

		if (json)
			fprintf(f, "%s\"%s\"", i ? "," : "", name);
		else
			fprintf(f, "%s%s", i ? " > " : "", name);
	}
}

static void print_hops_text(const struct bl_live_lab *lab, const struct bl_measured_path *m)
{
	for (unsigned h = 0; h < m->sample.n_hops; h++) {
		const struct bl_probe_hop *hop = &m->sample.hops[h];
		char name[64], addr[BL_ADDR_STRLEN];

		if (!hop->from) {
			printf("    %2u  *\n", h + 1);
			continue;
		}
		printf("    %2u  %-24s %-15s %7.3f ms\n", h + 1,
		       bl_live_lab_addr_name(lab, hop->from, name, sizeof(name)),
		       bl_addr_str(hop->from, addr), hop->rtt_us / 1000.0);
	}
}

static void print_tunnels(const struct bl_live_lab *lab, const struct bl_measured_path *m,
			  bool json)
{
	for (size_t i = 0; i < m->n_tunnels; i++) {
		char name[BL_NAME_BUF + 8];
		const struct bl_tunnel_use *u = &m->tunnels[i];

		bl_live_lab_tunnel_name(lab, u->tunnel, name, sizeof(name));
		if (json)
			printf("%s{\"tunnel\":\"%s\",\"direction\":\"%s\",\"packets\":%llu}",
			       i ? "," : "", name, u->to_site ? "to-site" : "to-gateway",
			       (unsigned long long)u->packets);
		else
			printf("%s%s %s", i ? ", " : "", name,
			       u->to_site ? "gateway->site" : "site->gateway");
	}
}

static void print_text(const struct bl_live_lab *lab, const struct bl_trace_result *r)
{
	char addr[BL_ADDR_STRLEN], dst[BL_ADDR_STRLEN];

	printf("trace %s -> %s (%s) in lab '%s', %u flows\n", lab->plan->nodes[r->src].name,
	       dst_name(lab, r, dst), bl_addr_str(r->dst_addr, addr), lab->name, r->flows);
	for (size_t i = 0; i < r->n_measured; i++) {
		const struct bl_measured_path *m = &r->measured[i];

		printf("measured path %zu (%u flows, %s): ", i + 1, m->flows,
		       bl_path_end_name(m->path.end));
		print_path(lab, &m->path, stdout, false);
		printf("\n");
		print_hops_text(lab, m);
		if (bl_measured_reached(m)) {
			printf("    tunnels: ");
			if (!m->n_tunnels)
				printf("none");
			print_tunnels(lab, m, false);
			printf("\n");
		}
	}
	printf("model predicts:\n");
	for (size_t i = 0; i < r->n_predicted; i++) {
		printf("  ");
		print_path(lab, &r->predicted[i], stdout, false);
		printf(" (%s)\n", bl_path_end_name(r->predicted[i].end));
	}
	printf("%s\n", r->matches ? "measured paths match the model"
				  : "DIFFERENCE: the measured paths are not the model's");
}

static void print_json(const struct bl_live_lab *lab, const struct bl_trace_result *r)
{
	char dst[BL_ADDR_STRLEN], addr[BL_ADDR_STRLEN];

	printf("{\"lab\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"address\":\"%s\","
	       "\"flows\":%u,\"measured\":[",
	       lab->name, lab->plan->nodes[r->src].name, dst_name(lab, r, dst),
	       bl_addr_str(r->dst_addr, addr), r->flows);
	for (size_t i = 0; i < r->n_measured; i++) {
		const struct bl_measured_path *m = &r->measured[i];

		printf("%s{\"flows\":%u,\"end\":\"%s\",\"path\":[", i ? "," : "", m->flows,
		       bl_path_end_name(m->path.end));
		print_path(lab, &m->path, stdout, true);
		printf("],\"hops\":[");
		for (unsigned h = 0; h < m->sample.n_hops; h++) {
			char a[BL_ADDR_STRLEN], name[64];
			const struct bl_probe_hop *hop = &m->sample.hops[h];

			printf("%s{\"address\":\"%s\",\"name\":\"%s\",\"rtt_ms\":%.3f}", h ? "," : "",
			       hop->from ? bl_addr_str(hop->from, a) : "",
			       hop->from ? bl_live_lab_addr_name(lab, hop->from, name, sizeof(name)) : "",
			       hop->rtt_us / 1000.0);
		}
		printf("],\"tunnels\":[");
		print_tunnels(lab, m, true);
		printf("]}");
	}
	printf("],\"predicted\":[");
	for (size_t i = 0; i < r->n_predicted; i++) {
		printf("%s{\"end\":\"%s\",\"path\":[", i ? "," : "",
		       bl_path_end_name(r->predicted[i].end));
		print_path(lab, &r->predicted[i], stdout, true);
		printf("]}");
	}
	printf("],\"matches\":%s}\n", r->matches ? "true" : "false");
}

/* The lab with the measured paths drawn over it, into path. */
static int draw_paths(const struct bl_live_lab *lab, const struct bl_trace_result *r,
		      const char *path)
{
	struct bl_graph_path paths[BL_PATH_MAX_PATHS];
	char labels[BL_PATH_MAX_PATHS][512], title[160], dst[BL_ADDR_STRLEN];
	struct bl_graph_overlay o = { title, paths, r->n_measured };
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return bl_err_errno(-errno, "writing '%s' failed", path);
	snprintf(title, sizeof(title), "trace %s -> %s in lab %s: %u flows, %zu path(s)%s",
		 lab->plan->nodes[r->src].name, dst_name(lab, r, dst), lab->name, r->flows,
		 r->n_measured, r->matches ? ", as the model predicts" : ", NOT the model's");
	for (size_t i = 0; i < r->n_measured; i++) {
		const struct bl_measured_path *m = &r->measured[i];
		FILE *l = fmemopen(labels[i], sizeof(labels[i]), "w");

		if (l) {
			fprintf(l, "path %zu (%u flows, %s): ", i + 1, m->flows,
				bl_path_end_name(m->path.end));
			print_path(lab, &m->path, l, false);
			fputc('\0', l);
			fclose(l);
		} else {
			snprintf(labels[i], sizeof(labels[i]), "path %zu", i + 1);
		}
		paths[i] = (struct bl_graph_path){ &m->path, labels[i] };
	}
	rc = bl_graph_svg(lab->plan, &o, f);
	if (fclose(f) != 0 && rc == 0)
		rc = bl_err_errno(-errno, "writing '%s' failed", path);
	return rc;
}

/* Trace one pair of a lab whose model is computed; 0 (paths match the
 * model), 1 (they differ) or -errno (reported). */
static int trace_pair(struct bl_live_lab *lab, size_t src, struct bl_endpoint dst,
		      unsigned flows, bool json, const char *svg)
{
	struct bl_trace_result *res = malloc(sizeof(*res));
	int r;

	if (!res)
		return bl_err_errno(-ENOMEM, "tracing from '%s' failed",
				    lab->plan->nodes[src].name);
	r = bl_trace_measure_to(lab, src, dst, flows, true, res);
	if (r == 0) {
		if (json)
			print_json(lab, res);
		else
			print_text(lab, res);
		fflush(stdout);
		if (svg)
			r = draw_paths(lab, res, svg);
		if (r == 0)
			r = !res->matches;
	}
	free(res);
	return r;
}

/* An earlier expectation of reach or paths named the same pair. */
static bool pair_seen(const struct bl_topology *t, size_t before, const struct bl_expectation *e)
{
	for (size_t i = 0; i < before; i++) {
		const struct bl_expectation *o = &t->expectations[i];

		if ((o->kind == BL_EXPECT_REACH || o->kind == BL_EXPECT_PATHS) &&
		    !strcmp(o->from, e->from) && !strcmp(o->to, e->to))
			return true;
	}
	return false;
}

/* Every pair a reach (reachable) or paths expectation names, in the order
 * of the file, once each: the pairs the topology's author cares about. */
static int trace_expected(struct bl_live_lab *lab, unsigned flows, bool json)
{
	const struct bl_topology *t = lab->topo;
	int worst = 0, traced = 0;

	for (size_t i = 0; i < t->n_expectations; i++) {
		const struct bl_expectation *e = &t->expectations[i];
		size_t src;
		struct bl_endpoint dst;
		int r;

		if (!(e->kind == BL_EXPECT_PATHS || (e->kind == BL_EXPECT_REACH && e->positive)) ||
		    pair_seen(t, i, e))
			continue;
		r = bl_live_lab_node(lab, e->from, &src);
		if (r == 0)
			r = bl_live_lab_endpoint(lab, e->to, &dst);
		if (r == 0) {
			if (traced++ && !json)
				printf("\n");
			r = trace_pair(lab, src, dst, flows, json, NULL);
		}
		if (r < 0)
			return r;
		worst = worst ? worst : r;
	}
	if (!traced)
		bl_info("trace: the expectations of lab '%s' name no pair to trace", lab->name);
	return worst;
}

int cmd_trace(const struct bl_args *a)
{
	bool json = bl_args_has(a, "json"), expected = bl_args_has(a, "expected");
	const char *const *ends = NULL;
	const char *lab_arg = NULL;
	long flows = 0;
	struct bl_live_lab lab = { 0 };
	struct bl_endpoint src, dst;
	int r;

	if (bl_args_long(a, "flows", 1, BL_PROBE_MAX_FLOWS, &flows) < 0)
		return 2;
	if (expected ? a->n_operands > 1 : a->n_operands < 2) {
		bl_err("%s (see 'branchlab trace --help')",
		       expected ? "--expected takes at most a LAB, no SRC DST"
				: "missing operand: trace [LAB|FILE] SRC DST");
		return 2;
	}
	if (expected) {
		r = bl_live_lab_open(a->n_operands ? a->operands[0] : NULL, &lab);
	} else {
		lab_arg = bl_args_lab(a, 2, &ends);
		r = bl_live_lab_open_pair(lab_arg, ends[0], ends[1], &lab, &src, &dst);
	}
	if (r < 0 || bl_live_lab_compute_model(&lab) < 0)
		return 1;
	r = expected ? trace_expected(&lab, (unsigned)flows, json)
		     : trace_pair(&lab, src.node, dst, (unsigned)flows, json, bl_args_value(a, "svg"));
	bl_live_lab_close(&lab);
	return r < 0 ? 1 : r;
}
