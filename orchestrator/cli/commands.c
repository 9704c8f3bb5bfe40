// SPDX-License-Identifier: GPL-2.0-or-later
/* The verb table: the parser, `--help`, `help`, the man page's synopsis
 * and the shell completion all read it (commands.h). */
#include <string.h>

#include "cli/commands.h"

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
	  "a node's routes as the Azure model computes them, and why (--live: as its BIRD holds them)" },
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
	  "check the topology's expectations against the live lab (bird mode: diff first)" },
	{ { "fail", "[LAB] ELEMENT...", bl_fail_opts, 1, -1, false }, cmd_fail,
	  "take elements down for real (instance:, tunnel:, er-link:, er-maintenance:, circuit:, node:) and push the routes of the model under them" },
	{ { "restore", "[LAB] (ELEMENT...|--all)", bl_restore_opts, 0, -1, false }, cmd_restore,
	  "bring failed elements back and push the routes of the model under what stays failed" },
	{ { "watch", "[LAB] SRC DST", bl_watch_opts, 2, 3, false }, cmd_watch,
	  "numbered UDP probes from SRC to DST over several flows: what was lost, per interval and per flow" },
	{ { "diff", "[LAB|FILE]", bl_diff_opts, 0, 1, false }, cmd_diff,
	  "the BGP speakers' and VMs' live kernel routes against the route model's; 0 when equal" },
	{ { NULL, NULL, NULL, 0, 0, false }, NULL, NULL },
};

const struct bl_command *bl_command_find(const char *name)
{
	for (const struct bl_command *c = bl_commands; c->spec.name; c++)
		if (!strcmp(c->spec.name, name))
			return c;
	return NULL;
}
