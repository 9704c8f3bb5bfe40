// SPDX-License-Identifier: GPL-2.0-or-later
/* `branchlab help [COMMAND]`: everything it says comes from the verb table
 * (commands.c) and each verb's option table. */
#include <stdio.h>

#include "cli/commands.h"
#include "common/report.h"

const struct bl_opt bl_help_opts[] = {
	{ "commands", 0, NULL, 1, "the command names, one a line (for shell completion)" },
	{ "options", 0, NULL, 1, "COMMAND's options, one a line: --name [-c] [VALUE] (for shell completion)" },
	{ NULL, 0, NULL, 0, NULL },
};

static void list_all(void)
{
	printf("Usage: branchlab [-v] COMMAND [ARGS...] [OPTIONS]\n"
	       "       branchlab COMMAND --help | branchlab help COMMAND | branchlab --version\n\n"
	       "A working copy of an Azure hybrid network (VPN gateway, ExpressRoute,\n"
	       "Route Server) in Linux network namespaces with real IPsec.\n\n"
	       "Commands:\n");
	for (const struct bl_command *c = bl_commands; c->spec.name; c++)
		printf("  %s%s%s\n      %s\n", c->spec.name, *c->spec.operands ? " " : "",
		       c->spec.operands, c->description);
	printf("\nA LAB may be named by its topology FILE, and left out when exactly one\n"
	       "lab is up. Commands: docs/lab.md; topology files: docs/topology.md.\n");
}

int cmd_help(const struct bl_args *a)
{
	const struct bl_command *c = NULL;

	if (a->n_operands && !(c = bl_command_find(a->operands[0]))) {
		bl_err("unknown command '%s' (see 'branchlab help')", a->operands[0]);
		return 2;
	}
	if (bl_args_has(a, "commands")) {
		for (c = bl_commands; c->spec.name; c++)
			printf("%s\n", c->spec.name);
	} else if (bl_args_has(a, "options")) {
		if (!c) {
			bl_err("--options needs a COMMAND");
			return 2;
		}
		bl_opts_list(&c->spec, stdout);
	} else if (c) {
		bl_usage_write(&c->spec, c->description, stdout);
	} else {
		list_all();
	}
	return 0;
}
