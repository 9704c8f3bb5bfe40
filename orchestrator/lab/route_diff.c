// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Wanted routes against dumped ones, both sorted by key: one walk over
 * each. (A site router of a 1000-site lab holds a thousand routes: a
 * quadratic match there costs a million comparisons per namespace.)
 */
#include <stdio.h>
#include <stdlib.h>

#include "lab/route_diff.h"
#include "topology/topology.h"

int bl_route_key_cmp(const struct bl_nl_route *a, const struct bl_nl_route *b)
{
	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	if (a->dst_len != b->dst_len)
		return a->dst_len < b->dst_len ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	return 0;
}

static int qsort_key_cmp(const void *a, const void *b)
{
	return bl_route_key_cmp(a, b);
}

void bl_route_diff_sort(struct bl_nl_route *routes, size_t n)
{
	if (n > 1)
		qsort(routes, n, sizeof(*routes), qsort_key_cmp);
}

static uint16_t weight_of(const struct bl_nl_nexthop *nh)
{
	return nh->weight ? nh->weight : 1;
}

static bool hop_matches(const struct bl_nl_nexthop *want, const struct bl_nl_nexthop *have)
{
	if (want->gateway != have->gateway || weight_of(want) != weight_of(have))
		return false;
	/* A gateway route leaves the interface to the kernel's lookup. */
	return (want->gateway && !want->ifindex) || want->ifindex == have->ifindex;
}

static bool has_hop(const struct bl_nl_route *r, const struct bl_nl_nexthop *want)
{
	for (size_t i = 0; i < r->n_nexthops; i++)
		if (hop_matches(want, &r->nexthops[i]))
			return true;
	return false;
}

bool bl_route_diff_same(const struct bl_nl_route *wanted, const struct bl_nl_route *present)
{
	if (wanted->type != present->type || wanted->n_nexthops != present->n_nexthops)
		return false;
	/* Next hops are distinct within a route, so equal counts and every
	 * wanted hop present make equal sets. */
	for (size_t i = 0; i < wanted->n_nexthops; i++)
		if (!has_hop(present, &wanted->nexthops[i]))
			return false;
	return true;
}

/* The route with key's key (and protocol, unless 0) in sorted routes.
 * Keys are looked up in ascending order: *from only moves forward. */
static const struct bl_nl_route *find_key(const struct bl_nl_route *routes, size_t n,
					  size_t *from, const struct bl_nl_route *key,
					  uint8_t protocol)
{
	while (*from < n && bl_route_key_cmp(&routes[*from], key) < 0)
		(*from)++;
	for (size_t i = *from; i < n && bl_route_key_cmp(&routes[i], key) == 0; i++)
		if (!protocol || routes[i].protocol == protocol)
			return &routes[i];
	return NULL;
}

size_t bl_route_diff(const struct bl_nl_route *wanted, size_t n_wanted,
		     const struct bl_nl_route *present, size_t n_present,
		     uint8_t protocol, struct bl_route_change *changes)
{
	size_t n = 0, in_present = 0, in_wanted = 0;

	for (size_t i = 0; i < n_wanted; i++) {
		const struct bl_nl_route *have =
			find_key(present, n_present, &in_present, &wanted[i], protocol);

		if (!have)
			changes[n++] = (struct bl_route_change){ BL_ROUTE_OP_ADD, &wanted[i], NULL };
		else if (!bl_route_diff_same(&wanted[i], have))
			changes[n++] = (struct bl_route_change){ BL_ROUTE_OP_REPLACE, &wanted[i], have };
	}
	for (size_t i = 0; i < n_present; i++) {
		if (present[i].protocol != protocol ||
		    find_key(wanted, n_wanted, &in_wanted, &present[i], 0))
			continue;
		changes[n++] = (struct bl_route_change){ BL_ROUTE_OP_DELETE, NULL, &present[i] };
	}
	return n;
}

static const char *const type_names[] = {
	[BL_NL_ROUTE_UNICAST] = "unicast",
	[BL_NL_ROUTE_BLACKHOLE] = "blackhole",
	[BL_NL_ROUTE_UNREACHABLE] = "unreachable",
};

const char *bl_route_describe(const struct bl_nl_route *r, char *buf, size_t size)
{
	char a[BL_ADDR_STRLEN];
	size_t used = 0;

	if (!r || r->type != BL_NL_ROUTE_UNICAST) {
		snprintf(buf, size, "%s", r ? type_names[r->type] : "none");
		return buf;
	}
	for (size_t i = 0; i < r->n_nexthops && used < size; i++) {
		const struct bl_nl_nexthop *nh = &r->nexthops[i];
		int w = nh->gateway ? snprintf(buf + used, size - used, "%svia %s", i ? " " : "",
					       bl_addr_str(nh->gateway, a))
				    : snprintf(buf + used, size - used, "%sdev #%d", i ? " " : "",
					       nh->ifindex);

		used += w > 0 ? (size_t)w : 0;
	}
	if (!r->n_nexthops)
		snprintf(buf, size, "unicast");
	return buf;
}
