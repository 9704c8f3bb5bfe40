// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading routes back: the dump that `status` and `verify` compare with
 * the route model. */
#include "netlink/addr_route.h"
#include "netlink/nl_msg.h"
#include "netlink/nl_socket.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <linux/rtnetlink.h>

/* Attributes we read are all u32 or nested; anything shorter is ignored
 * rather than trusted. */
static int keep_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > RTA_MAX)
		return MNL_CB_OK;
	if (type == RTA_MULTIPATH) {
		tb[type] = attr;
		return MNL_CB_OK;
	}
	if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_type(unsigned char rtm_type, enum bl_nl_route_type *out)
{
	switch (rtm_type) {
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

static uint32_t be_attr(const struct nlattr *attr)
{
	return attr ? ntohl(mnl_attr_get_u32(attr)) : 0;
}

static int parse_multipath(const struct nlattr *mp, struct bl_nl_route *out)
{
	const char *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp);

	while (left >= sizeof(struct rtnexthop)) {
		const struct rtnexthop *rtnh = (const void *)p;
		const struct nlattr *tb[RTA_MAX + 1] = { NULL };
		struct bl_nl_nexthop *nh;

		if (rtnh->rtnh_len < sizeof(*rtnh) || rtnh->rtnh_len > left)
			return -EINVAL;
		if (out->n_nexthops == BL_NL_MAX_NEXTHOPS)
			return -ENOTSUP;
		mnl_attr_parse_payload(p + sizeof(*rtnh), rtnh->rtnh_len - sizeof(*rtnh),
				       keep_attr, tb);
		nh = &out->nexthops[out->n_nexthops++];
		nh->gateway = be_attr(tb[RTA_GATEWAY]);
		nh->ifindex = rtnh->rtnh_ifindex;
		nh->weight = (uint16_t)(rtnh->rtnh_hops + 1);
		size_t step = (size_t)RTNH_ALIGN(rtnh->rtnh_len);

		step = step < left ? step : left;
		left -= step;
		p += step;
	}
	return 0;
}

static void parse_nexthops(const struct nlattr **tb, struct bl_nl_route *r)
{
	if (r->type != BL_NL_ROUTE_UNICAST || (!tb[RTA_GATEWAY] && !tb[RTA_OIF]))
		return;
	r->nexthops[0].gateway = be_attr(tb[RTA_GATEWAY]);
	r->nexthops[0].ifindex = tb[RTA_OIF] ? (int)mnl_attr_get_u32(tb[RTA_OIF]) : 0;
	r->nexthops[0].weight = 1;
	r->n_nexthops = 1;
}

int bl_nl_route_parse(const struct nlmsghdr *nlh, struct bl_nl_route *out)
{
	const struct nlattr *tb[RTA_MAX + 1] = { NULL };
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct bl_nl_route r = { 0 };
	int err;

	if (nlh->nlmsg_type != RTM_NEWROUTE ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm) || rtm->rtm_family != AF_INET)
		return -ENOTSUP;
	err = parse_type(rtm->rtm_type, &r.type);
	if (err < 0)
		return err;
	mnl_attr_parse(nlh, sizeof(*rtm), keep_attr, tb);
	r.dst = be_attr(tb[RTA_DST]);
	r.dst_len = rtm->rtm_dst_len;
	r.table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) : rtm->rtm_table;
	r.metric = tb[RTA_PRIORITY] ? mnl_attr_get_u32(tb[RTA_PRIORITY]) : 0;
	r.prefsrc = be_attr(tb[RTA_PREFSRC]);
	r.protocol = rtm->rtm_protocol;
	r.scope = rtm->rtm_scope;
	if (tb[RTA_MULTIPATH]) {
		err = parse_multipath(tb[RTA_MULTIPATH], &r);
		if (err < 0)
			return err;
	} else {
		parse_nexthops(tb, &r);
	}
	*out = r;
	return 0;
}

struct route_list {
	uint32_t table;
	struct bl_nl_route *routes;
	size_t n, cap;
};

static int collect_route(const struct nlmsghdr *nlh, void *data)
{
	struct route_list *list = data;
	struct bl_nl_route r;

	/* Local, broadcast and multicast routes are the kernel's own
	 * bookkeeping, never the model's: skip what does not parse. */
	if (bl_nl_route_parse(nlh, &r) < 0 || r.table != list->table)
		return 0;
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 32;
		struct bl_nl_route *grown = realloc(list->routes, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		list->routes = grown;
		list->cap = cap;
	}
	list->routes[list->n++] = r;
	return 0;
}

int bl_nl_route_dump(struct bl_nl_sock *s, uint32_t table,
		     struct bl_nl_route **routes_out, size_t *n_out,
		     struct bl_nl_error *err)
{
	struct route_list list = { .table = table ? table : RT_TABLE_MAIN };
	char buf[256];
	int r;

	r = bl_nl_build_route_dump(buf, sizeof(buf));
	if (r < 0)
		return r;
	r = bl_nl_dump(s, (struct nlmsghdr *)buf, collect_route, &list, err);
	if (r < 0) {
		free(list.routes);
		return r;
	}
	*routes_out = list.routes;
	*n_out = list.n;
	return 0;
}
