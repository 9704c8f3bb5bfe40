/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The branchlab verbs. Each lives in orchestrator/cli/cmd_<verb>.c with
 * the table of its options (bl_<verb>_opts); commands.c lists the verbs, with
 * their operands and one line each, in one table: the parser, `--help`,
 * `help`, the man page's synopsis and the shell completion all read it.
 */
#ifndef BL_COMMANDS_H
#define BL_COMMANDS_H

#include "cli/opts.h"

struct bl_command {
	struct bl_verb_spec spec;
	int (*run)(const struct bl_args *a); /* returns the exit status */
	const char *description;             /* one line */
};

/* The table, terminated by an entry whose name is NULL. */
extern const struct bl_command bl_commands[];
const struct bl_command *bl_command_find(const char *name);

extern const struct bl_opt bl_help_opts[], bl_doctor_opts[], bl_validate_opts[],
	bl_show_opts[], bl_graph_opts[], bl_routes_opts[], bl_up_opts[], bl_down_opts[],
	bl_status_opts[], bl_exec_opts[], bl_ping_opts[], bl_trace_opts[], bl_verify_opts[],
	bl_fail_opts[], bl_restore_opts[], bl_watch_opts[], bl_diff_opts[];

int cmd_help(const struct bl_args *a);
int cmd_doctor(const struct bl_args *a);
int cmd_validate(const struct bl_args *a);
int cmd_show(const struct bl_args *a);
int cmd_graph(const struct bl_args *a);
int cmd_routes(const struct bl_args *a);
int cmd_up(const struct bl_args *a);
int cmd_down(const struct bl_args *a);
int cmd_status(const struct bl_args *a);
int cmd_exec(const struct bl_args *a);
int cmd_ping(const struct bl_args *a);
int cmd_trace(const struct bl_args *a);
int cmd_verify(const struct bl_args *a);
int cmd_fail(const struct bl_args *a);
int cmd_watch(const struct bl_args *a);
int cmd_restore(const struct bl_args *a);
int cmd_diff(const struct bl_args *a);

#endif
