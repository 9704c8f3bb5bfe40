// SPDX-License-Identifier: GPL-2.0-or-later
/* `up FILE`, `down LAB|FILE`, `status [LAB] [--json]`, `exec [LAB] NODE -- CMD`. */
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

static int status_all(bool json)
{
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
		if (json && i)
			printf(",");
		r = bl_lab_status(labs[i], json);
	}
	if (json && n != 1)
		printf("]\n");
	free(labs);
	return r;
}

int cmd_status(int argc, char **argv)
{
	const char *lab = NULL;
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (!lab && argv[i][0] != '-')
			lab = argv[i];
		else {
			bl_err("usage: status [LAB] [--json]");
			return 2;
		}
	}
	if (lab) {
		struct bl_lab_ref ref;

		if (bl_lab_arg_resolve(lab, BL_LAB_ARG_ANY, &ref, NULL) < 0)
			return 1;
		return bl_lab_status(ref.name, json) < 0 ? 1 : 0;
	}
	return status_all(json) < 0 ? 1 : 0;
}

int cmd_exec(int argc, char **argv)
{
	struct bl_lab_ref ref;
	int dash = 1;

	while (dash < argc && strcmp(argv[dash], "--") != 0)
		dash++;
	if (dash >= argc - 1 || dash < 2 || dash > 3) {
		bl_err("usage: exec [LAB] NODE -- CMD [ARGS...]");
		return 2;
	}
	if (bl_lab_arg_resolve(dash == 3 ? argv[1] : NULL, BL_LAB_ARG_UP, &ref, NULL) < 0)
		return 1;
	bl_lab_exec(ref.name, argv[dash - 1], argv + dash + 1);
	return 127;
}
