// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `restore [LAB] (ELEMENT... | --all)`: bring failed elements back (links
 * up) and push the routes of the model under what stays failed.
 */
#include "cli/commands.h"
#include "cli/failure_cmd.h"

const struct bl_opt bl_restore_opts[] = {
	{ "all", 'a', NULL, 0, "every failure in force" },
	{ "watch", 'w', "SRC DST", 0,
	  "probes from SRC to DST around the change: the outage as lost probes, per flow" },
	{ NULL, 0, NULL, 0, NULL },
};

int cmd_restore(const struct bl_args *a)
{
	return bl_failure_cmd(a, BL_FAILURES_REMOVE, bl_args_has(a, "all"));
}
