// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading routes back, from one libnl-route-3 cache: what `up` diffs
 * against the route model, and what `verify` checks. */
#include "netlink/nl_read.h"
#include "netlink/nl_read_internal.h"

#include <errno.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include <netlink/cache.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>

static int type_of(uint8_t rtn, enum bl_nl_route_type *out)
{
	switch (rtn) {
	case RTN_UNICAST:
		*out = BL_NL_ROUTE_UNICAST;
		return 0;
	case RTN_BLACKHOLE:
		*out = BL_NL_ROUTE_BLACKHOLE;
		return 0;
	case RTN_UNREACHABLE:
		*out = BL_NL_ROUTE_UNREACHABLE;
		return 0;
	default:
		return -ENOTSUP;
	}
}

/* libnl keeps a plain route's RTA_GATEWAY/RTA_OIF as its one next hop,
 * like each rtnexthop of RTA_MULTIPATH; rtnh_hops is the weight less one
 * (0 for a plain route). */
static int copy_nexthops(struct rtnl_route *rt, struct bl_nl_route *out)
{
	int n = rtnl_route_get_nnexthops(rt);

	if (n > BL_NL_MAX_NEXTHOPS)
		return -ENOTSUP;
	for (int i = 0; i < n; i++) {
		struct rtnl_nexthop *nh = rtnl_route_nexthop_n(rt, i);

		out->nexthops[i].gateway = bl_nl_ipv4_of(rtnl_route_nh_get_gateway(nh));
		out->nexthops[i].ifindex = rtnl_route_nh_get_ifindex(nh);
		out->nexthops[i].weight = (uint16_t)(rtnl_route_nh_get_weight(nh) + 1);
	}
	out->n_nexthops = (size_t)n;
	return 0;
}

static int route_of(struct rtnl_route *rt, struct bl_nl_route *out)
{
	struct bl_nl_route r = { 0 };
	struct nl_addr *dst = rtnl_route_get_dst(rt);
	int e;

	if (rtnl_route_get_family(rt) != AF_INET)
		return -ENOTSUP;
	e = type_of(rtnl_route_get_type(rt), &r.type);
	if (e < 0)
		return e;
	r.dst = bl_nl_ipv4_of(dst);
	r.dst_len = dst ? (uint8_t)nl_addr_get_prefixlen(dst) : 0;
	r.table = rtnl_route_get_table(rt);
	r.metric = rtnl_route_get_priority(rt);
	r.prefsrc = bl_nl_ipv4_of(rtnl_route_get_pref_src(rt));
	r.protocol = rtnl_route_get_protocol(rt);
	r.scope = rtnl_route_get_scope(rt);
	if (r.type == BL_NL_ROUTE_UNICAST) {
		e = copy_nexthops(rt, &r);
		if (e < 0)
			return e;
	}
	*out = r;
	return 0;
}

static int copy_route(struct nl_object *obj, void *out, void *arg)
{
	struct rtnl_route *rt = (struct rtnl_route *)obj;
	const uint32_t *table = arg;

	if (rtnl_route_get_table(rt) != *table)
		return -ENOTSUP;
	return route_of(rt, out);
}

int bl_nl_routes_read(struct bl_nl_reader *r, uint32_t table,
		      struct bl_nl_route **routes_out, size_t *n_out,
		      struct bl_nl_error *err)
{
	uint32_t want = table ? table : RT_TABLE_MAIN;
	struct nl_cache *cache = NULL;
	void *routes = NULL;
	int e = rtnl_route_alloc_cache(bl_nl_reader_sock(r), AF_INET, 0, &cache);

	if (e < 0)
		return bl_nl_libnl_error(e, "reading routes", err);
	e = bl_nl_cache_to_array(cache, sizeof(**routes_out), copy_route, &want, &routes,
				 n_out, "reading routes", err);
	if (e == 0)
		*routes_out = routes;
	return e;
}

int bl_nl_route_from_msg(struct nlmsghdr *nlh, struct bl_nl_route *out)
{
	struct rtnl_route *rt = NULL;
	int e = rtnl_route_parse(nlh, &rt);

	if (e < 0)
		return bl_nl_libnl_error(e, "parsing a route", NULL);
	e = route_of(rt, out);
	rtnl_route_put(rt);
	return e;
}
