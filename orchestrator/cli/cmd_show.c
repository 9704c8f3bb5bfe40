// SPDX-License-Identifier: GPL-2.0-or-later
/* `branchlab show LAB|FILE [--json | --nodes]` and `branchlab graph LAB|FILE
 * [--format dot|mermaid|svg] [--output FILE]`. */
#include <errno.h>
#include <stdio.h>

#include "cli/commands.h"
#include "cli/graph.h"
#include "cli/show.h"
#include "lab/lab_arg.h"
#include "lab/lab_ike.h"
#include "common/report.h"

const struct bl_opt bl_show_opts[] = {
	{ "json", 0, NULL, 1, "one JSON object" },
	{ "nodes", 0, NULL, 1, "the node names, one a line (for shell completion)" },
	{ NULL, 0, NULL, 0, NULL },
};

const struct bl_opt bl_graph_opts[] = {
	{ "format", 'f', "dot|mermaid|svg", 0, "Graphviz dot (default), Mermaid, or an SVG picture drawn by Graphviz" },
	{ "output", 'o', "FILE", 0, "write to FILE instead of stdout" },
	{ NULL, 0, NULL, 0, NULL },
};

/* A lab by name (its kept topology) or a topology file, planned. */
static int open_plan(const char *arg, struct bl_topology **topo, struct bl_plan **plan)
{
	struct bl_lab_ref ref;
	int r = bl_lab_arg_resolve(arg, BL_LAB_ARG_UP, &ref, topo);

	if (r < 0)
		return r;
	r = bl_plan_new(*topo, plan);
	if (r < 0) {
		if (r == -ENOMEM)
			bl_err("planning lab '%s' failed: out of memory", ref.name);
		bl_topology_free(*topo);
		return r;
	}
	/* A lab that is up shows the keying it runs (`up --keying` may have
	 * overridden the file's). */
	if (ref.up)
		bl_lab_keying_apply(ref.name, BL_KEYING_TOPOLOGY, *topo, *plan);
	return 0;
}

/* What the bash completion offers after a lab: every node of the plan. */
static int show_node_names(const struct bl_plan *plan, FILE *out)
{
	for (size_t i = 0; i < plan->n_nodes; i++)
		fprintf(out, "%s\n", plan->nodes[i].name);
	return fflush(out) || ferror(out) ? -EIO : 0;
}

int cmd_show(const struct bl_args *a)
{
	struct bl_topology *topo;
	struct bl_plan *plan;
	int r;

	if (open_plan(a->operands[0], &topo, &plan) < 0)
		return 1;
	if (bl_args_has(a, "nodes"))
		r = show_node_names(plan, stdout);
	else if (bl_args_has(a, "json"))
		r = bl_show_json(plan, stdout);
	else
		r = bl_show_text(plan, stdout);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r < 0 ? 1 : 0;
}

/* Where the graph goes: stdout, or a file opened here (closed by the
 * caller with close_output). */
static FILE *open_output(const char *path)
{
	FILE *f = path ? fopen(path, "w") : stdout;

	if (!f)
		bl_err_errno(-errno, "writing '%s' failed", path);
	return f;
}

static int close_output(FILE *f, const char *path)
{
	if (f == stdout)
		return fflush(f) ? -EIO : 0;
	if (fclose(f) != 0)
		return bl_err_errno(-errno, "writing '%s' failed", path);
	return 0;
}

int cmd_graph(const struct bl_args *a)
{
	enum bl_graph_format format = BL_GRAPH_DOT;
	const char *fmt = bl_args_value(a, "format"), *path = bl_args_value(a, "output");
	struct bl_topology *topo;
	struct bl_plan *plan;
	FILE *out;
	int r;

	if (fmt && bl_graph_format_parse(fmt, &format) < 0) {
		bl_err("--format is neither dot, mermaid nor svg: `%s'", fmt);
		return 2;
	}
	if (open_plan(a->operands[0], &topo, &plan) < 0)
		return 1;
	out = open_output(path);
	r = out ? bl_graph_write(plan, format, NULL, out) : -EIO;
	if (out && close_output(out, path) < 0 && r == 0)
		r = -EIO;
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r < 0 ? 1 : 0;
}
