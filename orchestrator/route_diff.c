// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Wanted routes against dumped ones. Tables are a few dozen routes per
 * namespace, so a quadratic match is simpler than sorting and as fast.
 */
#include <stdio.h>

#include "orchestrator/route_diff.h"
#include "orchestrator/topology.h"

static bool same_key(const struct bl_nl_route *a, const struct bl_nl_route *b)
{
	return a->dst == b->dst && a->dst_len == b->dst_len && a->metric == b->metric;
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

static const struct bl_nl_route *find_key(const struct bl_nl_route *routes, size_t n,
					  const struct bl_nl_route *key, uint8_t protocol)
{
	for (size_t i = 0; i < n; i++)
		if ((!protocol || routes[i].protocol == protocol) && same_key(&routes[i], key))
			return &routes[i];
	return NULL;
}

size_t bl_route_diff(const struct bl_nl_route *wanted, size_t n_wanted,
		     const struct bl_nl_route *present, size_t n_present,
		     uint8_t protocol, struct bl_route_change *changes)
{
	size_t n = 0;

	for (size_t i = 0; i < n_wanted; i++) {
		const struct bl_nl_route *have = find_key(present, n_present, &wanted[i], protocol);

		if (!have)
			changes[n++] = (struct bl_route_change){ BL_ROUTE_OP_ADD, &wanted[i], NULL };
		else if (!bl_route_diff_same(&wanted[i], have))
			changes[n++] = (struct bl_route_change){ BL_ROUTE_OP_REPLACE, &wanted[i], have };
	}
	for (size_t i = 0; i < n_present; i++) {
		if (present[i].protocol != protocol ||
		    find_key(wanted, n_wanted, &present[i], 0))
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
