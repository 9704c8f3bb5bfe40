// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "common/report.h"
#include "vici/vici_io.h"

#ifndef BL_VERSION
#define BL_VERSION "unknown"
#endif

/* One entry per verb: name, operands, options, operand counts, whether a
 * command follows `--`; the function; one line for `help`. Add a verb here
 * only once it does what its description says. */
const struct bl_command bl_commands[] = {
	{ { "help", "[COMMAND]", bl_help_opts, 0, 1, false }, cmd_help,
	  "list the commands, or one command's usage and options" },
	{ { "doctor", "", bl_doctor_opts, 0, 0, false }, cmd_doctor,
	  "check every kernel and userspace feature a lab needs" },
	{ { "validate", "FILE...", bl_validate_opts, 1, -1, false }, cmd_validate,
	  "check topology files, listing every problem" },
	{ { "show", "[LAB|FILE]", bl_show_opts, 0, 1, false }, cmd_show,
	  "the resolved lab: nodes, interfaces, addresses, tunnels, BGP sessions" },
	{ { "graph", "[LAB|FILE]", bl_graph_opts, 0, 1, false }, cmd_graph,
	  "the lab as a picture (svg) or a graph (dot, mermaid): links, tunnels, ER circuit" },
	{ { "routes", "[LAB|FILE] NODE", bl_routes_opts, 1, 2, false }, cmd_routes,
	  "a node's routes as the Azure model computes them, and why" },
	{ { "up", "FILE", bl_up_opts, 1, 1, false }, cmd_up,
	  "build the lab (namespaces, links, tunnels, routes); again converges" },
	{ { "down", "[LAB|FILE]", bl_down_opts, 0, 1, false }, cmd_down,
	  "remove everything the lab created, nothing else" },
	{ { "status", "[LAB|FILE]", bl_status_opts, 0, 1, false }, cmd_status,
	  "nodes, addresses and state; tunnels with their SAs; charons" },
	{ { "exec", "[LAB|FILE] NODE", bl_exec_opts, 1, 2, true }, cmd_exec,
	  "run CMD inside NODE's namespace (no CMD: your shell)" },
	{ { "ping", "[LAB|FILE] SRC DST", bl_ping_opts, 2, 3, false }, cmd_ping,
	  "reachability from SRC to DST (node, node/interface or address), with loss and RTT" },
	{ { "trace", "[LAB|FILE] SRC DST", bl_trace_opts, 0, 3, false }, cmd_trace,
	  "every ECMP path from SRC to DST (or each pair the expectations name), hop by hop, beside the model's" },
	{ { "verify", "[LAB|FILE]", bl_verify_opts, 0, 1, false }, cmd_verify,
	  "check the topology's expectations against the live lab" },
	{ { "fail", "[LAB] ELEMENT...", bl_fail_opts, 1, -1, false }, cmd_fail,
	  "take elements down for real (instance:, tunnel:, er-link:, er-maintenance:, circuit:, node:) and push the routes of the model under them" },
	{ { "restore", "[LAB] (ELEMENT...|--all)", bl_restore_opts, 0, -1, false }, cmd_restore,
	  "bring failed elements back and push the routes of the model under what stays failed" },
	{ { "watch", "[LAB] SRC DST", bl_watch_opts, 2, 3, false }, cmd_watch,
	  "numbered UDP probes from SRC to DST over several flows: what was lost, per interval and per flow" },
	{ { "diff", "[LAB|FILE]", bl_diff_opts, 0, 1, false }, cmd_diff,
	  "the BGP speakers' live kernel routes against the route model's; 0 when equal" },
	{ { NULL, NULL, NULL, 0, 0, false }, NULL, NULL },
};

const struct bl_command *bl_command_find(const char *name)
{
	for (const struct bl_command *c = bl_commands; c->spec.name; c++)
		if (!strcmp(c->spec.name, name))
			return c;
	return NULL;
}

static bool is_word(const char *arg, const char *a, const char *b)
{
	return !strcmp(arg, a) || (b && !strcmp(arg, b));
}

static int run_command(const struct bl_command *cmd, int argc, char **argv)
{
	struct bl_args args;

	if (bl_args_parse(&cmd->spec, argc, argv, &args) < 0)
		return 2;
	if (args.verbose)
		bl_set_verbose(true);
	if (args.help) {
		bl_usage_write(&cmd->spec, cmd->description, stdout);
		return 0;
	}
	return cmd->run(&args);
}

int main(int argc, char **argv)
{
	int first = 1;

	while (first < argc && argv[first][0] == '-') {
		if (is_word(argv[first], "-v", "--verbose")) {
			bl_set_verbose(true);
		} else if (is_word(argv[first], "--version", NULL)) {
			printf("branchlab %s\n", BL_VERSION);
			return 0;
		} else if (is_word(argv[first], "-h", "--help")) {
			return cmd_help(&(struct bl_args){ .spec = &bl_commands[0].spec });
		} else {
			fprintf(stderr, "branchlab: unknown option `%s' (see 'branchlab help')\n",
				argv[first]);
			return 2;
		}
		first++;
	}
	if (first >= argc) {
		cmd_help(&(struct bl_args){ .spec = &bl_commands[0].spec });
		return 2;
	}

	const struct bl_command *cmd = bl_command_find(argv[first]);
	if (!cmd) {
		fprintf(stderr, "branchlab: unknown command '%s' (see 'branchlab help')\n",
			argv[first]);
		return 2;
	}
	bl_report_set_verb(cmd->spec.name);
	int status = run_command(cmd, argc - first, argv + first);

	/* Stops libvici's threads when the command talked to a charon. */
	bl_vici_shutdown();
	return status;
}
