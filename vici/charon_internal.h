/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Between charon.c and charon_files.c (and their unit test): reading a
 * pid file and a process's /proc entry.
 */
#ifndef BL_CHARON_INTERNAL_H
#define BL_CHARON_INTERNAL_H

#include <sys/types.h>

struct bl_charon_proc {
	char comm[16];
	char state;                    /* 'R', 'S', 'Z', ... */
	unsigned long long start_time; /* clock ticks after boot */
};

int bl_charon_pidfile_read(const char *path, pid_t *pid, unsigned long long *start);
/* Parse the text of /proc/<pid>/stat. */
int bl_charon_proc_parse(const char *stat, struct bl_charon_proc *out);
int bl_charon_proc_read(pid_t pid, struct bl_charon_proc *out);

#endif
