// SPDX-License-Identifier: GPL-2.0-or-later
/* `branchlab show FILE [--json]` and `branchlab graph FILE --format F`. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/graph.h"
#include "lab/lab_state.h"
#include "common/report.h"
#include "cli/show.h"

int cmd_show(int argc, char **argv)
{
	struct bl_topology *topo;
	struct bl_plan *plan;
	bool json = false;
	const char *file = NULL;
	int r;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!file && argv[i][0] != '-')
			file = argv[i];
		else {
			bl_err("unexpected argument '%s' (usage: show FILE [--json])", argv[i]);
			return 2;
		}
	}
	if (!file) {
		bl_err("usage: show FILE [--json]");
		return 2;
	}
	if (bl_lab_open(file, &topo, &plan) < 0)
		return 1;
	r = json ? bl_show_json(plan, stdout) : bl_show_text(plan, stdout);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r < 0 ? 1 : 0;
}

int cmd_graph(int argc, char **argv)
{
	enum bl_graph_format format = BL_GRAPH_DOT;
	struct bl_topology *topo;
	struct bl_plan *plan;
	const char *file = NULL;
	int r;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			if (bl_graph_format_parse(argv[++i], &format) < 0) {
				bl_err("format is neither dot nor mermaid: `%s'", argv[i]);
				return 2;
			}
		} else if (!file && argv[i][0] != '-') {
			file = argv[i];
		} else {
			bl_err("unexpected argument '%s' (usage: graph FILE --format dot|mermaid)",
			       argv[i]);
			return 2;
		}
	}
	if (!file) {
		bl_err("usage: graph FILE --format dot|mermaid");
		return 2;
	}
	if (bl_lab_open(file, &topo, &plan) < 0)
		return 1;
	r = bl_graph_write(plan, format, stdout);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r < 0 ? 1 : 0;
}
