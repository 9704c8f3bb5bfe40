// SPDX-License-Identifier: GPL-2.0-or-later
/* `status [LAB|FILE] [--json] [--detail]`: one lab, or every lab up. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "lab/lab.h"
#include "lab/lab_arg.h"
#include "lab/lab_state.h"
#include "common/report.h"

const struct bl_opt bl_status_opts[] = {
	{ "json", 0, NULL, 0, "one JSON object per lab (an array for several labs)" },
	{ "detail", 'd', NULL, 0, "also every interface with its counters, and every SA" },
	{ NULL, 0, NULL, 0, NULL },
};

static int status_all(unsigned flags)
{
	bool json = flags & BL_STATUS_JSON;
	char (*labs)[BL_NAME_BUF] = NULL;
	size_t n = 0;
	int r = bl_labs_list(&labs, &n);

	if (r < 0)
		return bl_err_errno(r, "listing labs failed");
	if (!n && !json)
		printf("no lab is up\n");
	if (json && n != 1)
		printf("[");
	for (size_t i = 0; r >= 0 && i < n; i++) {
		if (i)
			printf(json ? "," : "\n");
		r = bl_lab_status(labs[i], flags);
	}
	if (json && n != 1)
		printf("]\n");
	free(labs);
	return r;
}

int cmd_status(const struct bl_args *a)
{
	unsigned flags = (bl_args_has(a, "json") ? BL_STATUS_JSON : 0) |
			 (bl_args_has(a, "detail") ? BL_STATUS_DETAIL : 0);
	struct bl_lab_ref ref;

	if (!a->n_operands)
		return status_all(flags) < 0 ? 1 : 0;
	if (bl_lab_arg_resolve(a->operands[0], BL_LAB_ARG_ANY, &ref, NULL) < 0)
		return 1;
	return bl_lab_status(ref.name, flags) < 0 ? 1 : 0;
}
