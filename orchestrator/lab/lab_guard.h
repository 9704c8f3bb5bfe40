/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What keeps `up` and `down` from leaving a mess or touching what is not
 * theirs: a lock per lab, signals turned into a flag that `up` polls
 * between phases (then it rolls back), and the lab-name rule applied to
 * every name from the command line before it becomes a path.
 *
 * The lock is flock(2) on <state root>/<lab>.lock, taken without waiting:
 * a second up/down on the same lab fails at once naming the pid that holds
 * it (a lab command takes seconds; waiting would hide a stuck one). The
 * kernel drops the lock when its holder dies, kill -9 included. The file
 * is removed on unlock once the lab's state dir is gone.
 *
 * Ownership: struct bl_lab_lock is caller-owned; bl_lab_unlock() is safe on
 * one that bl_lab_lock() did not take (fd -1).
 */
#ifndef BL_LAB_GUARD_H
#define BL_LAB_GUARD_H

#include <limits.h>
#include <stdbool.h>

struct bl_lab_lock {
	int fd;
	char path[PATH_MAX];
};

/* 0, or -EBUSY (reported with the holder's pid) or -errno (reported). */
int bl_lab_lock(const char *lab, struct bl_lab_lock *lock);
void bl_lab_unlock(struct bl_lab_lock *lock);

/* SIGINT, SIGTERM and SIGHUP only set a flag from now on (SA_RESTART, so
 * netlink calls in flight finish); restore puts the old actions back. */
void bl_lab_signals_catch(void);
void bl_lab_signals_restore(void);
/* The signal caught since bl_lab_signals_catch(), or 0. */
int bl_lab_interrupted(void);

/* 1-BL_LAB_NAME_MAX characters of a-z, 0-9, '-', not starting with '-':
 * the topology rule, so no name can climb out of the state dir. */
bool bl_lab_name_ok(const char *name);

#endif
