/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to route_*.c: attribute interning, as BGP daemons do it. A lab
 * of 1000 sites holds millions of routes but only thousands of distinct
 * AS paths, next-hop sets and learned-from lists: each distinct value is
 * stored once, and routes point at it. Equal values get the same pointer,
 * so comparing two attributes is comparing two pointers.
 */
#ifndef BL_ROUTE_ATTR_H
#define BL_ROUTE_ATTR_H

#include <stddef.h>
#include <stdint.h>

#include "model/route_model.h"

struct bl_intern_chunk;

/* One set of distinct byte strings, each stored once and never moved. */
struct bl_intern {
	struct bl_intern_slot *slots; /* open addressing, a power of two */
	size_t n_slots, n_values;
	struct bl_intern_chunk *chunks; /* where the values live */
};

struct bl_attrs {
	struct bl_intern paths, hops, names;
	const struct bl_as_path *no_path;   /* the empty path */
	const struct bl_next_hops *no_hops; /* no next hop */
};

/* 0 with the empties interned, or -ENOMEM. */
int bl_attrs_init(struct bl_attrs *a);
void bl_attrs_release(struct bl_attrs *a);

/* The stored copy of a value (len <= BL_ROUTE_MAX_ASPATH, n <=
 * BL_ROUTE_MAX_NH): 0 and *out, or -ENOMEM. */
int bl_attr_path(struct bl_attrs *a, const uint32_t *asn, size_t len,
		 const struct bl_as_path **out);
int bl_attr_hops(struct bl_attrs *a, const struct bl_hop *hop, size_t n,
		 const struct bl_next_hops **out);
int bl_attr_name(struct bl_attrs *a, const char *name, const char **out);

#endif
