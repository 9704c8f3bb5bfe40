// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The interning sets: a hash table of pointers into chunks that only
 * grow, so a value once stored keeps its address for the model's life.
 */
#include "model/route_attr.h"

#include <errno.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "common/hash.h"

#define CHUNK_BYTES 65536
#define FIRST_SLOTS 256

struct bl_intern_slot {
	uint64_t hash;
	const void *value; /* NULL: free */
	size_t size;
};

struct bl_intern_chunk {
	struct bl_intern_chunk *next;
	size_t used;
	alignas(max_align_t) unsigned char data[CHUNK_BYTES];
};

/* A copy of value in the chunks, aligned for any of the attribute types. */
static void *store(struct bl_intern *t, const void *value, size_t size)
{
	size_t room = (size + alignof(uint64_t) - 1) & ~(alignof(uint64_t) - 1);
	struct bl_intern_chunk *c = t->chunks;
	void *copy;

	if (!c || c->used + room > CHUNK_BYTES) {
		c = malloc(sizeof(*c));
		if (!c)
			return NULL;
		c->next = t->chunks;
		c->used = 0;
		t->chunks = c;
	}
	copy = c->data + c->used;
	c->used += room;
	memcpy(copy, value, size);
	return copy;
}

static struct bl_intern_slot *find_slot(struct bl_intern_slot *slots, size_t n_slots,
					uint64_t hash, const void *value, size_t size)
{
	size_t i = hash & (n_slots - 1);

	for (;; i = (i + 1) & (n_slots - 1)) {
		struct bl_intern_slot *s = &slots[i];

		if (!s->value || (s->hash == hash && s->size == size &&
				  !memcmp(s->value, value, size)))
			return s;
	}
}

/* Kept at most half full, so probes stay short. */
static int grow_slots(struct bl_intern *t)
{
	size_t n = t->n_slots ? 2 * t->n_slots : FIRST_SLOTS;
	struct bl_intern_slot *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < t->n_slots; i++) {
		const struct bl_intern_slot *old = &t->slots[i];

		if (old->value)
			*find_slot(slots, n, old->hash, old->value, old->size) = *old;
	}
	free(t->slots);
	t->slots = slots;
	t->n_slots = n;
	return 0;
}

static int intern(struct bl_intern *t, const void *value, size_t size,
		  const void **out)
{
	uint64_t hash = bl_hash64(BL_HASH_START, value, size);
	struct bl_intern_slot *s;

	if (2 * (t->n_values + 1) > t->n_slots && grow_slots(t) < 0)
		return -ENOMEM;
	s = find_slot(t->slots, t->n_slots, hash, value, size);
	if (!s->value) {
		void *copy = store(t, value, size);

		if (!copy)
			return -ENOMEM;
		*s = (struct bl_intern_slot){ hash, copy, size };
		t->n_values++;
	}
	*out = s->value;
	return 0;
}

static void intern_release(struct bl_intern *t)
{
	while (t->chunks) {
		struct bl_intern_chunk *next = t->chunks->next;

		free(t->chunks);
		t->chunks = next;
	}
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* A value is laid out in bytes exactly as its type (a count, then the
 * flexible array): hashed, compared and stored as such. */
static int intern_counted(struct bl_intern *t, size_t offset, uint32_t count,
			  const void *items, size_t item_size, const void **out)
{
	alignas(uint64_t) unsigned char v[sizeof(uint64_t) +
					  BL_ROUTE_MAX_ASPATH * sizeof(uint32_t) +
					  BL_ROUTE_MAX_NH * sizeof(struct bl_hop)];

	memcpy(v, &count, sizeof(count));
	if (count)
		memcpy(v + offset, items, count * item_size);
	return intern(t, v, offset + count * item_size, out);
}

int bl_attr_path(struct bl_attrs *a, const uint32_t *asn, size_t len,
		 const struct bl_as_path **out)
{
	const void *stored;
	int r = intern_counted(&a->paths, offsetof(struct bl_as_path, asn),
			       (uint32_t)len, asn, sizeof(*asn), &stored);

	if (!r)
		*out = stored;
	return r;
}

int bl_attr_hops(struct bl_attrs *a, const struct bl_hop *hop, size_t n,
		 const struct bl_next_hops **out)
{
	const void *stored;
	int r = intern_counted(&a->hops, offsetof(struct bl_next_hops, hop),
			       (uint32_t)n, hop, sizeof(*hop), &stored);

	if (!r)
		*out = stored;
	return r;
}

int bl_attr_name(struct bl_attrs *a, const char *name, const char **out)
{
	const void *stored;
	int r = intern(&a->names, name, strlen(name) + 1, &stored);

	if (!r)
		*out = stored;
	return r;
}

int bl_attrs_init(struct bl_attrs *a)
{
	int r;

	memset(a, 0, sizeof(*a));
	r = bl_attr_path(a, NULL, 0, &a->no_path);
	if (!r)
		r = bl_attr_hops(a, NULL, 0, &a->no_hops);
	return r;
}

void bl_attrs_release(struct bl_attrs *a)
{
	intern_release(&a->paths);
	intern_release(&a->hops);
	intern_release(&a->names);
}
