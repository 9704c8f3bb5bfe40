// SPDX-License-Identifier: GPL-2.0-or-later
#include "topology/topology_names.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"
#include "topology/topology_internal.h"

int bl_topo_names_init(struct bl_topo_names *s, size_t cap)
{
	*s = (struct bl_topo_names){ .cap = cap, .n_slots = 16 };
	while (s->n_slots < 2 * cap)
		s->n_slots *= 2;
	s->names = calloc(cap + 1, sizeof(*s->names));
	s->slots = calloc(s->n_slots, sizeof(*s->slots));
	if (s->names && s->slots)
		return 0;
	bl_topo_names_free(s);
	return -ENOMEM;
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *slot_of(const struct bl_topo_names *s, const char *name)
{
	size_t i = (size_t)bl_hash64(BL_HASH_START, name, strlen(name));

	for (i &= s->n_slots - 1;; i = (i + 1) & (s->n_slots - 1))
		if (!s->slots[i] || !strcmp(s->names[s->slots[i] - 1], name))
			return &s->slots[i];
}

long bl_topo_names_find(const struct bl_topo_names *s, const char *name)
{
	size_t at = s->slots ? *slot_of(s, name) : 0;

	return at ? (long)at - 1 : -1;
}

long bl_topo_names_add(struct bl_topo_names *s, const char *name, size_t *first)
{
	size_t *slot = slot_of(s, name);

	if (*slot) {
		*first = *slot - 1;
		return -EEXIST;
	}
	if (s->n == s->cap)
		return -ENOSPC;
	s->names[s->n] = strdup(name);
	if (!s->names[s->n])
		return -ENOMEM;
	*slot = ++s->n;
	return (long)s->n - 1;
}

struct add_all {
	struct bl_topo_names *s;
	int err;
};

static void add_one(const char *name, const char *key, void *ctx)
{
	struct add_all *a = ctx;
	size_t first;
	long r = bl_topo_names_add(a->s, name, &first);

	(void)key;
	if (r == -ENOMEM)
		a->err = -ENOMEM;
}

int bl_topo_names_of(struct bl_topo_names *s, const struct bl_topology *t)
{
	struct add_all a = { .s = s };
	int r = bl_topo_names_init(s, bl_topology_node_count(t));

	if (r < 0)
		return r;
	bl_topo_for_each_node(t, add_one, &a);
	if (a.err < 0)
		bl_topo_names_free(s);
	return a.err;
}

void bl_topo_names_free(struct bl_topo_names *s)
{
	for (size_t i = 0; s->names && i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->slots);
	*s = (struct bl_topo_names){ 0 };
}
