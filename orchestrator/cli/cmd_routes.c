// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `branchlab routes FILE|LAB NODE [--json] [--explain PREFIX]`: the route
 * model's table for one node, from the topology alone (no root, no lab
 * needed); a lab name is looked up in its manifest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "lab/lab_arg.h"
#include "common/report.h"
#include "model/route_model.h"

#define ROUTES_USAGE "usage: routes FILE|LAB NODE [--json] [--explain PREFIX]"

struct routes_args {
	const char *source;
	const char *node;
	const char *explain;
	bool json;
};

static int parse_args(int argc, char **argv, struct routes_args *a)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			a->json = true;
		else if (!strcmp(argv[i], "--explain") && i + 1 < argc)
			a->explain = argv[++i];
		else if (!a->source && argv[i][0] != '-')
			a->source = argv[i];
		else if (!a->node && argv[i][0] != '-')
			a->node = argv[i];
		else {
			bl_err("unexpected argument '%s' (%s)", argv[i], ROUTES_USAGE);
			return -1;
		}
	}
	if (!a->source || !a->node) {
		bl_err(ROUTES_USAGE);
		return -1;
	}
	return 0;
}

static int show(const struct bl_model *m, const struct routes_args *a)
{
	struct bl_prefix p;

	if (!a->explain)
		return bl_model_print_table(m, a->node, a->json, stdout);
	if (bl_prefix_parse(a->explain, &p) < 0) {
		bl_err("--explain wants a prefix like 192.168.1.0/24: `%s'", a->explain);
		return -1;
	}
	return bl_model_explain(m, a->node, p, stdout);
}

int cmd_routes(int argc, char **argv)
{
	struct routes_args a = { 0 };
	struct bl_topology *topo = NULL;
	struct bl_lab_ref ref;
	struct bl_model *m = NULL;
	int r;

	if (parse_args(argc, argv, &a) < 0)
		return 2;
	if (bl_lab_arg_resolve(a.source, BL_LAB_ARG_UP, &ref, &topo) < 0)
		return 1;
	r = a.explain ? bl_model_compute_noting(topo, &m) : bl_model_compute(topo, &m);
	if (r < 0 && r != -ELOOP)
		bl_err_errno(r, "computing the route model of '%s' failed", a.source);
	if (!r)
		r = show(m, &a);
	bl_model_free(m);
	bl_topology_free(topo);
	return r < 0 ? 1 : 0;
}
