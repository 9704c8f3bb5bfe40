// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `fail [LAB] ELEMENT...`: take elements down for real (links down in
 * their namespaces), record them in the lab's state, and push the routes
 * of the model under the failures in force (docs/failures.md).
 */
#include "cli/commands.h"
#include "cli/failure_cmd.h"

const struct bl_opt bl_fail_opts[] = {
	{ "list", 'l', NULL, 0,
	  "every element the lab's topology has, one a line, and change nothing" },
	{ "watch", 'w', "SRC DST", 0,
	  "probes from SRC to DST around the change: the outage as lost probes, per flow" },
	{ NULL, 0, NULL, 0, NULL },
};

int cmd_fail(const struct bl_args *a)
{
	return bl_failure_cmd(a, BL_FAILURES_ADD, false);
}
