// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "common/report.h"
#include "vici/vici_io.h"

/* One entry per verb; `branchlab help` prints this table. Add a verb here
 * only once it does what its description says. */
const struct bl_command bl_commands[] = {
	{ "help", cmd_help, "", "list the commands" },
	{ "doctor", cmd_doctor, "[--json]",
	  "check every kernel and userspace feature a lab needs" },
	{ "validate", cmd_validate, "FILE...", "check topology files, listing every problem" },
	{ "show", cmd_show, "FILE [--json]", "the resolved lab: nodes, interfaces, addresses, tunnels, BGP sessions" },
	{ "graph", cmd_graph, "FILE --format dot|mermaid", "the lab as a graph: links, tunnels, ER circuit" },
	{ "routes", cmd_routes, "FILE|LAB NODE [--json] [--explain P]", "a node's routes as the Azure model computes them, and why" },
	{ "up", cmd_up, "FILE [--keying static|ikev2]",
	  "build the lab (namespaces, links, tunnels, routes); again converges" },
	{ "down", cmd_down, "LAB|FILE|--all", "remove everything the lab created, nothing else" },
	{ "status", cmd_status, "[LAB|FILE] [--json]",
	  "links with counters, tunnels with SA counters, IKE/CHILD_SAs and charons (ikev2)" },
	{ "exec", cmd_exec, "[LAB|FILE] NODE -- CMD...", "run CMD inside NODE's namespace" },
	{ "ping", cmd_ping, "LAB SRC DST [--count N] [--json]",
	  "reachability between two nodes, with loss and RTT" },
	{ "trace", cmd_trace, "LAB (SRC DST|--expected) [--flows N] [--json]",
	  "every ECMP path between two nodes (or each pair the expectations name), hop by hop, beside the model's" },
	{ "verify", cmd_verify, "FILE|LAB [--tap|--json] [--junit F]",
	  "check the topology's expectations against the live lab" },
	{ NULL, NULL, NULL, NULL },
};

static const struct bl_command *find_command(const char *name)
{
	for (const struct bl_command *c = bl_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Usage: branchlab [-v] COMMAND [ARGS...]\n\n"
	       "A working copy of an Azure hybrid network (VPN gateway, ExpressRoute,\n"
	       "Route Server) in Linux network namespaces with real IPsec.\n\n"
	       "Commands:\n");
	for (const struct bl_command *c = bl_commands; c->name; c++)
		printf("  %s%s%s\n      %s\n", c->name, *c->usage ? " " : "", c->usage,
		       c->description);
	return 0;
}

int main(int argc, char **argv)
{
	int first = 1;

	if (argc > 1 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose"))) {
		bl_set_verbose(true);
		first++;
	}
	if (first >= argc) {
		cmd_help(0, NULL);
		return 2;
	}
	if (!strcmp(argv[first], "--help") || !strcmp(argv[first], "-h"))
		return cmd_help(0, NULL);

	const struct bl_command *cmd = find_command(argv[first]);
	if (!cmd) {
		fprintf(stderr, "branchlab: unknown command '%s' (see 'branchlab help')\n",
			argv[first]);
		return 2;
	}
	bl_report_set_verb(cmd->name);
	int status = cmd->run(argc - first, argv + first);

	/* Stops libvici's threads when the command talked to a charon. */
	bl_vici_shutdown();
	return status;
}
