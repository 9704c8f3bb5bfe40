// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "common/report.h"
#include "vici/vici_io.h"

#ifndef BL_VERSION
#define BL_VERSION "unknown"
#endif

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
