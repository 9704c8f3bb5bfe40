/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A set of node names with a hash index, for the checks that ask "is
 * there a node called X" once per name or per expectation: a walk of
 * every node per question made validation quadratic (3000 expectations
 * of a 1000-site lab asked 19 million times).
 *
 * Ownership: the set owns copies of its names; bl_topo_names_free
 * releases them.
 */
#ifndef BL_TOPOLOGY_NAMES_H
#define BL_TOPOLOGY_NAMES_H

#include <stdbool.h>
#include <stddef.h>

struct bl_topology;

struct bl_topo_names {
	char **names;
	size_t n, cap;
	size_t *slots;  /* 0: empty, else index + 1 */
	size_t n_slots; /* a power of two, at least twice cap */
};

/* An empty set for up to cap names: 0 or -ENOMEM. */
int bl_topo_names_init(struct bl_topo_names *s, size_t cap);

/* Every node name of t: 0 or -ENOMEM. */
int bl_topo_names_of(struct bl_topo_names *s, const struct bl_topology *t);

/* The index of name, or -1 when absent. */
long bl_topo_names_find(const struct bl_topo_names *s, const char *name);

/* Adds a copy of name: its index, or -EEXIST (*first: the index it
 * already has), -ENOSPC (the set is full) or -ENOMEM. */
long bl_topo_names_add(struct bl_topo_names *s, const char *name, size_t *first);

void bl_topo_names_free(struct bl_topo_names *s);

#endif
