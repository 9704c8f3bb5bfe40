// SPDX-License-Identifier: GPL-2.0-or-later
/* `exec [LAB|FILE] NODE [-- CMD [ARGS...]]`: CMD, or with none the user's
 * shell, inside NODE's namespace. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "lab/lab.h"
#include "lab/lab_arg.h"
#include "common/report.h"

const struct bl_opt bl_exec_opts[] = { { NULL, 0, NULL, 0, NULL } };

int cmd_exec(const struct bl_args *a)
{
	const char *const *rest;
	const char *lab_arg = bl_args_lab(a, 1, &rest);
	const char *shell = getenv("SHELL");
	char *shell_argv[2] = { NULL, NULL };
	char **cmd = a->command;
	struct bl_lab_ref ref;

	if (bl_lab_arg_resolve(lab_arg, BL_LAB_ARG_LIVE, &ref, NULL) < 0)
		return 1;
	if (!cmd || !cmd[0]) {
		/* An interactive look around, as `ip netns exec NS $SHELL` gives. */
		shell_argv[0] = (char *)(shell && *shell ? shell : "/bin/sh");
		cmd = shell_argv;
		bl_info("a shell in '%s' of lab '%s': exit to leave", rest[0], ref.name);
	}
	bl_lab_exec(ref.name, rest[0], cmd);
	return 127;
}
