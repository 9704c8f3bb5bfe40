/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one reading of a LAB-or-FILE argument, for every command that takes
 * a lab. Anything with a '/' or a .yaml/.yml ending is a topology file (the
 * lab is the one it names); anything else is a lab name.
 *
 * Ownership: *topo, when asked for, is owned by the caller
 * (bl_topology_free). Errors are reported here, once; out-parameters are
 * written only on success.
 */
#ifndef BL_LAB_ARG_H
#define BL_LAB_ARG_H

#include <limits.h>
#include <stdbool.h>

#include "topology/topology.h"

struct bl_lab_ref {
	char name[BL_NAME_BUF];
	/* The file the topology is read from: the argument itself, or for a
	 * lab name the copy `up` kept of the file it was brought up from (""
	 * when it is not up): editing or deleting that file changes nothing
	 * for the running lab. */
	char topology[PATH_MAX];
	bool named_by_file;
	bool up; /* the lab has a manifest */
};

enum bl_lab_arg_flags {
	BL_LAB_ARG_ANY = 0,
	BL_LAB_ARG_UP = 1,   /* a lab name must belong to a lab that is up */
	BL_LAB_ARG_LIVE = 3, /* the lab must be up, named by name or by file */
};

/* Resolve arg into *ref (arg NULL: the only lab that is up); with topo non-NULL also load its topology (a file
 * argument is loaded in any case, to learn the lab's name). Returns 0,
 * -EINVAL (not a name nor a file), -ENOENT (BL_LAB_ARG_UP or _LIVE and the
 * lab is not up: one line says so), or the loader's error. */
int bl_lab_arg_resolve(const char *arg, unsigned flags, struct bl_lab_ref *ref,
		       struct bl_topology **topo);

bool bl_lab_arg_is_file(const char *arg);

#endif
