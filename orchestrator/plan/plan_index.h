/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the plan builder: a hash index over one of the plan's arrays
 * (element numbers keyed by a 64-bit hash of their key), so adding the
 * objects of a 1000-site lab looks up names, interfaces and routes in
 * constant time instead of scanning what is already there (the scans made
 * building the plan quadratic: most of a trace at 1000 sites under TCG).
 * The index stores only hashes and element numbers; the caller's match
 * function compares the keys themselves.
 */
#ifndef BL_PLAN_INDEX_H
#define BL_PLAN_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bl_plan_index_slot {
	uint64_t hash;
	size_t elem; /* BL_PLAN_NONE: empty */
};

struct bl_plan_index {
	struct bl_plan_index_slot *slots;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

/* Whether element elem has the key being looked up. */
typedef bool (*bl_plan_index_match)(const void *arr, size_t elem, const void *key);

/* The element with this key, or BL_PLAN_NONE. */
size_t bl_plan_index_find(const struct bl_plan_index *x, uint64_t hash, const void *arr,
			  const void *key, bl_plan_index_match match);
/* Record element elem under hash: 0 or -ENOMEM. */
int bl_plan_index_add(struct bl_plan_index *x, uint64_t hash, size_t elem);
void bl_plan_index_free(struct bl_plan_index *x);

#endif
