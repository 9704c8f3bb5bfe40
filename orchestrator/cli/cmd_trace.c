// SPDX-License-Identifier: GPL-2.0-or-later
/* branchlab trace LAB SRC DST [--flows N] [--json], or every pair the
 * topology's expectations name (--expected). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "common/report.h"
#include "probe/trace_run.h"

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
	char addr[BL_ADDR_STRLEN];

	printf("trace %s -> %s (%s) in lab '%s', %u flows\n", lab->plan->nodes[r->src].name,
	       lab->plan->nodes[r->dst].name, bl_addr_str(r->dst_addr, addr), lab->name, r->flows);
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
	printf("{\"lab\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"flows\":%u,\"measured\":[",
	       lab->name, lab->plan->nodes[r->src].name, lab->plan->nodes[r->dst].name, r->flows);
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

static int parse_flows(const char *text, unsigned *flows)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (*end || v < 1 || v > BL_PROBE_MAX_FLOWS) {
		bl_err("--flows takes a number from 1 to %d, not `%s'", BL_PROBE_MAX_FLOWS, text);
		return -EINVAL;
	}
	*flows = (unsigned)v;
	return 0;
}

/* Trace one pair of a lab whose model is computed; 0 (paths match the
 * model), 1 (they differ) or -errno (reported). */
static int trace_pair(struct bl_live_lab *lab, size_t src, size_t dst, unsigned flows,
		      bool json)
{
	struct bl_trace_result *res = malloc(sizeof(*res));
	int r;

	if (!res)
		return bl_err_errno(-ENOMEM, "tracing from '%s' failed",
				    lab->plan->nodes[src].name);
	r = bl_trace_measure(lab, src, dst, flows, true, res);
	if (r == 0) {
		if (json)
			print_json(lab, res);
		else
			print_text(lab, res);
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
		size_t src, dst;
		int r;

		if (!(e->kind == BL_EXPECT_PATHS || (e->kind == BL_EXPECT_REACH && e->positive)) ||
		    pair_seen(t, i, e))
			continue;
		r = bl_live_lab_node(lab, e->from, &src);
		if (r == 0)
			r = bl_live_lab_node(lab, e->to, &dst);
		if (r == 0) {
			if (traced++ && !json)
				printf("\n");
			r = trace_pair(lab, src, dst, flows, json);
		}
		if (r < 0)
			return r;
		worst = worst ? worst : r;
	}
	if (!traced)
		bl_info("trace: the expectations of lab '%s' name no pair to trace", lab->name);
	return worst;
}

static const char usage[] =
	"usage: branchlab trace LAB SRC DST [--flows N] [--json]\n"
	"       branchlab trace LAB --expected [--flows N] [--json]";

int cmd_trace(int argc, char **argv)
{
	const char *pos[3];
	int n_pos = 0;
	unsigned flows = 0;
	bool json = false, expected = false;
	struct bl_live_lab lab = { 0 };
	size_t src, dst;
	int r;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "--expected"))
			expected = true;
		else if (!strcmp(argv[i], "--flows") && i + 1 < argc) {
			if (parse_flows(argv[++i], &flows) < 0)
				return 2;
		} else if (n_pos < 3 && argv[i][0] != '-')
			pos[n_pos++] = argv[i];
		else {
			bl_err("%s", usage);
			return 2;
		}
	}
	if (n_pos != (expected ? 1 : 3)) {
		bl_err("%s", usage);
		return 2;
	}
	if (expected)
		r = bl_live_lab_open(pos[0], &lab);
	else
		r = bl_live_lab_open_pair(pos, &lab, &src, &dst);
	if (r < 0 || bl_live_lab_compute_model(&lab) < 0)
		return 1;
	r = expected ? trace_expected(&lab, flows, json) : trace_pair(&lab, src, dst, flows, json);
	bl_live_lab_close(&lab);
	return r < 0 ? 1 : r;
}
