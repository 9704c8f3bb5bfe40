/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lab lifecycle behind `up`, `down`, `status` and `exec`. Each
 * reports its own errors (bl_err) and returns 0 or -errno.
 */
#ifndef BL_LAB_H
#define BL_LAB_H

#include <stdbool.h>

/* Build (or converge) the lab of a topology file through netlink. On a
 * failure, removes what this run created and reports the object and the
 * kernel's reason once. keying: BL_KEYING_STATIC or _IKEV2 for every
 * tunnel, or BL_KEYING_TOPOLOGY (-1, see lab_ike.h); control_plane:
 * BL_CONTROL_STATIC or _BIRD, or BL_CONTROL_TOPOLOGY (-1, lab_bird.h). */
int bl_lab_up(const char *topology_path, int keying, int control_plane);

/* Remove every namespace the lab's manifest lists, then its state dir. */
int bl_lab_down(const char *lab);
/* bl_lab_down() for every lab with a state dir (down --all). */
int bl_lab_down_all(void);

/* Print one lab: a table of its nodes (kind, namespace, addresses,
 * state), its tunnels with their SA state, its charons; with
 * BL_STATUS_DETAIL also every interface with its counters and every SA. */
enum { BL_STATUS_JSON = 1, BL_STATUS_DETAIL = 2 };
int bl_lab_status(const char *lab, unsigned flags);

/* Run cmd (argv, NULL-terminated) in the namespace of a node of a lab
 * that is up, in place of this process. Returns only on failure, with
 * -errno, reported. */
int bl_lab_exec(const char *lab, const char *node, char **cmd);

/* `fail` and `restore` (docs/failures.md): change the lab's failure set,
 * then take links down or up and push the routes of the model under the
 * new set. elements are texts (instance:NODE, ...), parsed against the
 * lab's topology at topology_path; restore with n == 0 clears them all. */
enum bl_failure_op { BL_FAILURES_ADD, BL_FAILURES_REMOVE };
struct bl_failure_change {
	size_t changed;        /* elements added or removed */
	size_t in_force;       /* failures in force afterwards */
	char text[1024];       /* those, "tunnel:a/0, ..." */
	size_t links_changed;  /* links taken down or brought up */
	size_t routes[3];      /* added, replaced, removed */
	double seconds;        /* recompute and push, inside branchlab */
	bool bird;             /* control_plane: bird, BGP converges by protocol */
};
int bl_lab_failures_change(const char *lab, const char *topology_path,
			   enum bl_failure_op op, const char *const *elements, size_t n,
			   struct bl_failure_change *out);

#endif
