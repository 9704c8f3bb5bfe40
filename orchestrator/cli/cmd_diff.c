// SPDX-License-Identifier: GPL-2.0-or-later
/* `diff [LAB|FILE] [--wait S]`: the BGP speakers' live kernel routes
 * against the route model's; exit 0 when equal, 1 when they differ. */
#include <stdio.h>

#include "cli/commands.h"
#include "lab/lab_arg.h"
#include "lab/lab_diff.h"

const struct bl_opt bl_diff_opts[] = {
	{ "wait", 'w', "S", 0, "retry for up to S seconds while they differ (BGP converging)" },
	{ NULL, 0, NULL, 0, NULL },
};

int cmd_diff(const struct bl_args *a)
{
	struct bl_lab_ref ref;
	long wait = 0;
	int r;

	if (bl_args_long(a, "wait", 0, 3600, &wait) < 0)
		return 2;
	if (bl_lab_arg_resolve(a->n_operands ? a->operands[0] : NULL, BL_LAB_ARG_LIVE, &ref,
			       NULL) < 0)
		return 1;
	r = bl_lab_diff(ref.name, ref.topology, (unsigned)wait, stdout);
	return r == 0 ? 0 : 1;
}
