// SPDX-License-Identifier: GPL-2.0-or-later
/* Open addressing with linear probing, kept at most half full. */
#include "plan/plan_index.h"

#include <errno.h>
#include <stdlib.h>

#include "plan/plan.h"

size_t bl_plan_index_find(const struct bl_plan_index *x, uint64_t hash, const void *arr,
			  const void *key, bl_plan_index_match match)
{
	if (!x->cap)
		return BL_PLAN_NONE;
	for (size_t i = hash & (x->cap - 1);; i = (i + 1) & (x->cap - 1)) {
		const struct bl_plan_index_slot *s = &x->slots[i];

		if (s->elem == BL_PLAN_NONE)
			return BL_PLAN_NONE;
		if (s->hash == hash && match(arr, s->elem, key))
			return s->elem;
	}
}

static void put(struct bl_plan_index_slot *slots, size_t cap, uint64_t hash, size_t elem)
{
	size_t i = hash & (cap - 1);

	while (slots[i].elem != BL_PLAN_NONE)
		i = (i + 1) & (cap - 1);
	slots[i] = (struct bl_plan_index_slot){ hash, elem };
}

static int grow(struct bl_plan_index *x)
{
	size_t cap = x->cap ? x->cap * 2 : 64;
	struct bl_plan_index_slot *slots = malloc(cap * sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < cap; i++)
		slots[i].elem = BL_PLAN_NONE;
	for (size_t i = 0; i < x->cap; i++)
		if (x->slots[i].elem != BL_PLAN_NONE)
			put(slots, cap, x->slots[i].hash, x->slots[i].elem);
	free(x->slots);
	x->slots = slots;
	x->cap = cap;
	return 0;
}

int bl_plan_index_add(struct bl_plan_index *x, uint64_t hash, size_t elem)
{
	if (2 * (x->n + 1) > x->cap) {
		int r = grow(x);

		if (r < 0)
			return r;
	}
	put(x->slots, x->cap, hash, elem);
	x->n++;
	return 0;
}

void bl_plan_index_free(struct bl_plan_index *x)
{
	free(x->slots);
	*x = (struct bl_plan_index){ 0 };
}
