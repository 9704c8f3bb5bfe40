// SPDX-License-Identifier: GPL-2.0-or-later
/* `up FILE`, `down LAB|FILE` (status: cmd_status.c, exec: cmd_exec.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "lab/lab.h"
#include "lab/lab_ike.h"
#include "lab/lab_arg.h"
#include "lab/lab_guard.h"
#include "lab/lab_state.h"
#include "common/report.h"

/* --keying static|ikev2: every tunnel's keying, whatever the file says. */
static int parse_keying(const char *word)
{
	if (!strcmp(word, "static"))
		return BL_KEYING_STATIC;
	if (!strcmp(word, "ikev2"))
		return BL_KEYING_IKEV2;
	bl_err("--keying takes static or ikev2, not '%s'", word);
	return -EINVAL;
}

int cmd_up(int argc, char **argv)
{
	int keying = BL_KEYING_TOPOLOGY;

	if (argc == 4 && !strcmp(argv[2], "--keying")) {
		keying = parse_keying(argv[3]);
		if (keying == -EINVAL)
			return 2;
		argc = 2;
	}
	if (argc != 2 || argv[1][0] == '-') {
		bl_err("usage: up FILE [--keying static|ikev2]");
		return 2;
	}
	int r = bl_lab_up(argv[1], keying);

	/* Interrupted (and rolled back): the shell's status for that signal. */
	if (r == -EINTR)
		return 128 + bl_lab_interrupted();
	return r < 0 ? 1 : 0;
}

int cmd_down(int argc, char **argv)
{
	struct bl_lab_ref ref;

	if (argc == 2 && !strcmp(argv[1], "--all"))
		return bl_lab_down_all() < 0 ? 1 : 0;
	if (argc != 2 || argv[1][0] == '-') {
		bl_err("usage: down LAB|FILE|--all");
		return 2;
	}
	if (bl_lab_arg_resolve(argv[1], BL_LAB_ARG_ANY, &ref, NULL) < 0)
		return 1;
	return bl_lab_down(ref.name) < 0 ? 1 : 0;
}
