/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The branchlab verbs. Each lives in orchestrator/cmd_<verb>.c, takes the
 * arguments after the verb (argv[0] is the verb) and returns the process
 * exit status. The table in main.c lists them; `branchlab help` prints it.
 */
#ifndef BL_COMMANDS_H
#define BL_COMMANDS_H

struct bl_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;       /* arguments, e.g. "FILE [--json]" */
	const char *description; /* one line */
};

/* The table, terminated by an entry whose name is NULL. */
extern const struct bl_command bl_commands[];

int cmd_help(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_up(int argc, char **argv);
int cmd_down(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_verify(int argc, char **argv);

#endif
