// SPDX-License-Identifier: GPL-2.0-or-later
#include "netlink/addr_route.h"
#include "netlink/nl_msg.h"
#include "netlink/nl_socket.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <linux/rtnetlink.h>

static int build_addr(void *buf, size_t size, uint16_t type, uint16_t flags,
		      int ifindex, uint32_t addr, uint8_t prefix_len)
{
	struct ifaddrmsg *ifa;
	struct bl_nl_msg m;

	if (ifindex <= 0 || prefix_len > 32)
		return -EINVAL;
	m = bl_nl_msg_start(buf, size, type, flags, sizeof(*ifa), (void **)&ifa);
	if (ifa) {
		ifa->ifa_family = AF_INET;
		ifa->ifa_prefixlen = prefix_len;
		ifa->ifa_index = (uint32_t)ifindex;
		ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	}
	bl_nl_put_u32(&m, IFA_LOCAL, htonl(addr));
	bl_nl_put_u32(&m, IFA_ADDRESS, htonl(addr));
	return bl_nl_msg_end(&m);
}

int bl_nl_build_addr_add(void *buf, size_t size, int ifindex, uint32_t addr,
			 uint8_t prefix_len)
{
	return build_addr(buf, size, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE,
			  ifindex, addr, prefix_len);
}

int bl_nl_build_addr_del(void *buf, size_t size, int ifindex, uint32_t addr,
			 uint8_t prefix_len)
{
	return build_addr(buf, size, RTM_DELADDR, 0, ifindex, addr, prefix_len);
}

static const unsigned char rtn_of_type[] = {
	[BL_NL_ROUTE_UNICAST] = RTN_UNICAST,
	[BL_NL_ROUTE_BLACKHOLE] = RTN_BLACKHOLE,
	[BL_NL_ROUTE_UNREACHABLE] = RTN_UNREACHABLE,
};

/* A route whose next hops are all on-link covers only the link. */
static unsigned char route_scope(const struct bl_nl_route *r)
{
	if (r->type != BL_NL_ROUTE_UNICAST)
		return RT_SCOPE_UNIVERSE;
	for (size_t i = 0; i < r->n_nexthops; i++)
		if (r->nexthops[i].gateway)
			return RT_SCOPE_UNIVERSE;
	return RT_SCOPE_LINK;
}

/* rtmsg + RTA_DST + RTA_TABLE: what both add and delete name a route by. */
static struct bl_nl_msg route_head(void *buf, size_t size, uint16_t type, uint16_t flags,
				   const struct bl_nl_route *r, struct rtmsg **rtm)
{
	uint32_t table = r->table ? r->table : RT_TABLE_MAIN;
	struct bl_nl_msg m = bl_nl_msg_start(buf, size, type, flags, sizeof(**rtm),
					     (void **)rtm);

	if (*rtm) {
		(*rtm)->rtm_family = AF_INET;
		(*rtm)->rtm_dst_len = r->dst_len;
		(*rtm)->rtm_table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	}
	if (r->dst_len)
		bl_nl_put_u32(&m, RTA_DST, htonl(r->dst));
	bl_nl_put_u32(&m, RTA_TABLE, table);
	return m;
}

static void put_multipath(struct bl_nl_msg *m, const struct bl_nl_route *r)
{
	struct nlattr *mp = bl_nl_nest(m, RTA_MULTIPATH);

	for (size_t i = 0; i < r->n_nexthops && m->ok; i++) {
		const struct bl_nl_nexthop *nh = &r->nexthops[i];
		struct rtnexthop *rtnh = bl_nl_reserve(m, sizeof(*rtnh));

		if (!rtnh)
			break;
		rtnh->rtnh_ifindex = nh->ifindex;
		/* rtnh_hops is the weight minus one. */
		rtnh->rtnh_hops = (unsigned char)(nh->weight ? nh->weight - 1 : 0);
		if (nh->gateway)
			bl_nl_put_u32(m, RTA_GATEWAY, htonl(nh->gateway));
		rtnh->rtnh_len = (unsigned short)((char *)mnl_nlmsg_get_payload_tail(m->nlh) -
						  (char *)rtnh);
	}
	bl_nl_nest_end(m, mp);
}

static bool route_valid(const struct bl_nl_route *r)
{
	if (r->dst_len > 32 || (unsigned)r->type >= sizeof(rtn_of_type) ||
	    r->n_nexthops > BL_NL_MAX_NEXTHOPS)
		return false;
	if (r->type != BL_NL_ROUTE_UNICAST)
		return r->n_nexthops == 0;
	for (size_t i = 0; i < r->n_nexthops; i++)
		if ((!r->nexthops[i].gateway && r->nexthops[i].ifindex <= 0) ||
		    r->nexthops[i].weight > 256)
			return false;
	return r->n_nexthops > 0;
}

int bl_nl_build_route_add(void *buf, size_t size, const struct bl_nl_route *r)
{
	struct rtmsg *rtm;
	struct bl_nl_msg m;

	if (!route_valid(r))
		return -EINVAL;
	m = route_head(buf, size, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, r, &rtm);
	if (rtm) {
		rtm->rtm_protocol = r->protocol ? r->protocol : BL_NL_RTPROT;
		rtm->rtm_scope = route_scope(r);
		rtm->rtm_type = rtn_of_type[r->type];
	}
	if (r->metric)
		bl_nl_put_u32(&m, RTA_PRIORITY, r->metric);
	if (r->prefsrc)
		bl_nl_put_u32(&m, RTA_PREFSRC, htonl(r->prefsrc));
	if (r->n_nexthops > 1) {
		put_multipath(&m, r);
	} else if (r->n_nexthops == 1) {
		if (r->nexthops[0].gateway)
			bl_nl_put_u32(&m, RTA_GATEWAY, htonl(r->nexthops[0].gateway));
		if (r->nexthops[0].ifindex > 0)
			bl_nl_put_u32(&m, RTA_OIF, (uint32_t)r->nexthops[0].ifindex);
	}
	return bl_nl_msg_end(&m);
}

int bl_nl_build_route_del(void *buf, size_t size, const struct bl_nl_route *r)
{
	struct rtmsg *rtm;
	struct bl_nl_msg m;

	if (r->dst_len > 32)
		return -EINVAL;
	m = route_head(buf, size, RTM_DELROUTE, 0, r, &rtm);
	if (rtm) {
		rtm->rtm_scope = RT_SCOPE_NOWHERE; /* match any scope */
		/* 0 matches any protocol; set, it spares a same-prefix route
		 * someone else added. */
		rtm->rtm_protocol = r->protocol;
	}
	if (r->metric)
		bl_nl_put_u32(&m, RTA_PRIORITY, r->metric);
	return bl_nl_msg_end(&m);
}
