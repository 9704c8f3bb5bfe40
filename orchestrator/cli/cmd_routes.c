// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `branchlab routes [LAB|FILE] NODE [--json] [--explain ADDRESS|PREFIX]`:
 * the route model's table for one node, from the topology alone (no root,
 * no lab needed); a lab name is looked up in its manifest, and with no lab
 * named, the only lab that is up. `--live`: the node's BIRD's table in the
 * same shape (lab/lab_bird_routes.h), for a lab that is up in bird mode.
 */
#include <errno.h>
#include <stdio.h>

#include "cli/commands.h"
#include <stdlib.h>

#include "lab/lab_arg.h"
#include "lab/lab_bird.h"
#include "lab/lab_bird_routes.h"
#include "lab/lab_failures.h"
#include "lab/lab_model.h"
#include "common/report.h"
#include "model/route_model.h"

const struct bl_opt bl_routes_opts[] = {
	{ "json", 0, NULL, 1, "the table as JSON" },
	{ "explain", 'x', "ADDRESS|PREFIX", 1,
	  "why NODE has (or lacks) a route: an address takes the longest match" },
	{ "live", 'l', NULL, 0,
	  "the table NODE's BIRD holds (bird control plane), in the model's shape" },
	{ NULL, 0, NULL, 0, NULL },
};

/* A prefix, or an address as the /32 whose longest match is explained. */
static int parse_target(const char *text, struct bl_prefix *p)
{
	if (bl_prefix_parse(text, p) == 0)
		return 0;
	if (bl_addr_parse(text, &p->addr) == 0) {
		p->len = 32;
		return 0;
	}
	bl_err("--explain wants an address like 192.168.1.10 or a prefix like "
	       "192.168.1.0/24, not `%s'", text);
	return -EINVAL;
}

/* With -v: how big the model is (tests/bench/model.sh reads this line). */
static void report_size(const struct bl_model *m)
{
	struct bl_model_size s;

	bl_model_size(m, &s);
	bl_info("route model: %u rounds, %zu nodes, %zu rows, %zu stored rows, %zu kernel routes, %zu AS paths, %zu next-hop sets, %zu names",
		s.rounds, s.nodes, s.rows, s.stored_rows, s.kernel_routes, s.paths,
		s.hop_sets, s.names);
}

/* A lab that is up keeps its model (lab/lab_model.h); --explain needs the
 * notes a saved model does not keep, --live the sessions (which node runs
 * a BIRD), and a file not up has no lab dir. */
static int compute(const struct bl_lab_ref *ref, const struct bl_topology *topo,
		   const struct bl_failure *failures, size_t n_failures, bool noting,
		   bool fresh, struct bl_model **m)
{
	int r;

	if (ref->up && !noting && !fresh)
		return bl_lab_model(ref->name, topo, failures, n_failures, m);
	r = bl_model_compute_failed(topo, failures, n_failures, noting, m);
	if (r < 0 && r != -ELOOP)
		bl_err_errno(r, "computing the route model of '%s' failed", ref->name);
	return r;
}

int cmd_routes(const struct bl_args *a)
{
	const char *explain = bl_args_value(a, "explain");
	bool live = bl_args_has(a, "live");
	const char *const *rest;
	const char *source = bl_args_lab(a, 1, &rest);
	struct bl_topology *topo = NULL;
	struct bl_lab_ref ref;
	struct bl_model *m = NULL;
	struct bl_prefix target = { 0 };
	struct bl_failure *failures = NULL;
	size_t n_failures = 0;
	int r;

	if (explain && parse_target(explain, &target) < 0)
		return 2;
	if (explain && live) {
		bl_err("--explain explains the model's table; --live reads BIRD's: give one");
		return 2;
	}
	/* `routes FILE`: the one operand is a file, not a node of the lab
	 * that is up. */
	if (!source && bl_lab_arg_is_file(rest[0])) {
		bl_err("name a node of %s: branchlab routes %s NODE", rest[0], rest[0]);
		return 2;
	}
	if (bl_lab_arg_resolve(source, live ? BL_LAB_ARG_LIVE : BL_LAB_ARG_UP, &ref, &topo) < 0)
		return 1;
	if (live)
		bl_lab_control_apply(ref.name, BL_CONTROL_TOPOLOGY, topo);
	/* A lab that is up is shown under its failures in force. */
	r = ref.up ? bl_lab_failures_read(ref.name, topo, &failures, &n_failures) : 0;
	if (!r) {
		bl_lab_failures_announce(ref.name, failures, n_failures);
		r = compute(&ref, topo, failures, n_failures, explain != NULL, live, &m);
	}
	if (!r)
		report_size(m);
	if (!r && live)
		r = bl_lab_bird_routes(ref.name, topo, m, rest[0], bl_args_has(a, "json"), stdout);
	else if (!r && explain)
		r = bl_model_explain(m, rest[0], target, stdout);
	else if (!r)
		r = bl_model_print_table(m, rest[0], bl_args_has(a, "json"), stdout);
	bl_model_free(m);
	free(failures);
	bl_topology_free(topo);
	return r < 0 ? 1 : 0;
}
