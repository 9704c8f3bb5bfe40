// SPDX-License-Identifier: GPL-2.0-or-later
/* Address and route builders, and the route read: each case is built,
 * checked attribute by attribute, and read back through libnl's parser and
 * the conversion bl_nl_routes_read() uses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "netlink/addr_route.h"
#include "netlink/nl_read.h"
#include "tests/unit/nl_attrs.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static _Alignas(8) char buf[4096];

static void address_add_names_interface_and_prefix(void **state)
{
	(void)state;
	int len = bl_nl_build_addr_add(buf, sizeof(buf), 4, A(10, 0, 1, 4), 24);
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);

	assert_true(len > 0);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWADDR);
	assert_int_equal(ifa->ifa_index, 4);
	assert_int_equal(ifa->ifa_prefixlen, 24);
	assert_int_equal(ifa->ifa_family, AF_INET);
	struct nl_attrs a = nl_attrs_of_msg(nlh, sizeof(*ifa));

	assert_int_equal(mnl_attr_get_u32(a.tb[IFA_LOCAL]), htonl(A(10, 0, 1, 4)));
	assert_int_equal(bl_nl_build_addr_add(buf, sizeof(buf), 0, 1, 24), -EINVAL);
}

static void ecmp_route_has_one_rtnexthop_per_gateway(void **state)
{
	(void)state;
	struct bl_nl_route r = {
		.dst = A(192, 168, 1, 0), .dst_len = 24,
		.nexthops = { { .gateway = A(10, 0, 0, 4) }, { .gateway = A(10, 0, 0, 5), .weight = 2 } },
		.n_nexthops = 2,
	};
	int len = bl_nl_build_route_add(buf, sizeof(buf), &r);
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	assert_true(len > 0);
	assert_int_equal(nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_REPLACE),
			 NLM_F_CREATE | NLM_F_REPLACE);
	assert_int_equal(rtm->rtm_type, RTN_UNICAST);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	assert_int_equal(rtm->rtm_protocol, BL_NL_RTPROT);
	struct nl_attrs a = nl_attrs_of_msg(nlh, sizeof(*rtm));

	assert_null(a.tb[RTA_GATEWAY]);
	assert_non_null(a.tb[RTA_MULTIPATH]);
	assert_int_equal(mnl_attr_get_u32(a.tb[RTA_DST]), htonl(A(192, 168, 1, 0)));

	/* Walk the rtnexthops by hand: the layout the kernel reads. */
	const char *p = mnl_attr_get_payload(a.tb[RTA_MULTIPATH]);
	size_t left = mnl_attr_get_payload_len(a.tb[RTA_MULTIPATH]);
	const uint32_t want_gw[] = { A(10, 0, 0, 4), A(10, 0, 0, 5) };
	const int want_hops[] = { 0, 1 };
	size_t n = 0;

	while (left > 0) {
		const struct rtnexthop *rtnh = (const void *)p;
		struct nl_attrs nh = { { NULL }, 0 };

		assert_true(n < 2);
		mnl_attr_parse_payload(p + sizeof(*rtnh), rtnh->rtnh_len - sizeof(*rtnh),
				       nl_attrs_keep, &nh);
		assert_int_equal(mnl_attr_get_u32(nh.tb[RTA_GATEWAY]), htonl(want_gw[n]));
		assert_int_equal(rtnh->rtnh_hops, want_hops[n]);
		left -= RTNH_ALIGN(rtnh->rtnh_len);
		p += RTNH_ALIGN(rtnh->rtnh_len);
		n++;
	}
	assert_int_equal(n, 2);
}

struct round_trip {
	const char *why;
	struct bl_nl_route route;
	unsigned char rtm_type;
	unsigned char rtm_scope;
};

/* What the builder writes, the read must give back unchanged. */
static void routes_read_back_as_built(void **state)
{
	(void)state;
	const struct round_trip cases[] = {
		{ "via gateway", { .dst = A(10, 1, 0, 0), .dst_len = 16, .nexthops = { { .gateway = A(10, 0, 0, 1) } },
				   .n_nexthops = 1 }, RTN_UNICAST, RT_SCOPE_UNIVERSE },
		{ "on-link", { .dst = A(169, 254, 0, 0), .dst_len = 30, .nexthops = { { .ifindex = 7 } },
			       .n_nexthops = 1 }, RTN_UNICAST, RT_SCOPE_LINK },
		{ "default, metric, table", { .dst_len = 0, .table = 1000, .metric = 50,
					      .nexthops = { { .gateway = A(1, 2, 3, 4), .ifindex = 2 } },
					      .n_nexthops = 1 }, RTN_UNICAST, RT_SCOPE_UNIVERSE },
		{ "blackhole", { .dst = A(10, 9, 0, 0), .dst_len = 16, .type = BL_NL_ROUTE_BLACKHOLE },
		  RTN_BLACKHOLE, RT_SCOPE_UNIVERSE },
		{ "unreachable", { .dst = A(10, 8, 0, 0), .dst_len = 16, .type = BL_NL_ROUTE_UNREACHABLE },
		  RTN_UNREACHABLE, RT_SCOPE_UNIVERSE },
		{ "ecmp on-link + gateway", { .dst = A(172, 16, 0, 0), .dst_len = 12,
					      .nexthops = { { .ifindex = 3 }, { .gateway = A(10, 0, 0, 9), .ifindex = 4, .weight = 3 } },
					      .n_nexthops = 2 }, RTN_UNICAST, RT_SCOPE_UNIVERSE },
		{ "preferred source, own protocol", { .dst = A(10, 7, 0, 0), .dst_len = 16,
						      .prefsrc = A(10, 0, 0, 2), .protocol = 186,
						      .nexthops = { { .gateway = A(10, 0, 0, 1) } },
						      .n_nexthops = 1 }, RTN_UNICAST, RT_SCOPE_UNIVERSE },
		{ "eight next hops", { .dst = A(10, 6, 0, 0), .dst_len = 16,
				       .nexthops = { { .gateway = A(10, 0, 0, 1) }, { .gateway = A(10, 0, 0, 2) },
						     { .gateway = A(10, 0, 0, 3) }, { .gateway = A(10, 0, 0, 4) },
						     { .gateway = A(10, 0, 0, 5) }, { .gateway = A(10, 0, 0, 6) },
						     { .gateway = A(10, 0, 0, 7), .weight = 256 },
						     { .gateway = A(10, 0, 0, 8) } },
				       .n_nexthops = 8 }, RTN_UNICAST, RT_SCOPE_UNIVERSE },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct bl_nl_route *in = &cases[i].route;
		struct bl_nl_route out;
		const struct rtmsg *rtm = mnl_nlmsg_get_payload((struct nlmsghdr *)buf);

		if (bl_nl_build_route_add(buf, sizeof(buf), in) <= 0)
			fail_msg("%s: not built", cases[i].why);
		if (rtm->rtm_type != cases[i].rtm_type || rtm->rtm_scope != cases[i].rtm_scope)
			fail_msg("%s: type %u scope %u", cases[i].why, rtm->rtm_type, rtm->rtm_scope);
		if (bl_nl_route_from_msg((struct nlmsghdr *)buf, &out) < 0)
			fail_msg("%s: does not read back", cases[i].why);
		assert_int_equal(out.dst, in->dst);
		assert_int_equal(out.dst_len, in->dst_len);
		assert_int_equal(out.type, in->type);
		assert_int_equal(out.table, in->table ? in->table : RT_TABLE_MAIN);
		assert_int_equal(out.metric, in->metric);
		assert_int_equal(out.prefsrc, in->prefsrc);
		assert_int_equal(out.protocol, in->protocol ? in->protocol : BL_NL_RTPROT);
		assert_int_equal(out.scope, cases[i].rtm_scope);
		assert_int_equal(out.n_nexthops, in->n_nexthops);
		for (size_t k = 0; k < in->n_nexthops; k++) {
			assert_int_equal(out.nexthops[k].gateway, in->nexthops[k].gateway);
			assert_int_equal(out.nexthops[k].ifindex, in->nexthops[k].ifindex);
			assert_int_equal(out.nexthops[k].weight,
					 in->nexthops[k].weight ? in->nexthops[k].weight : 1);
		}
	}
}

/* The read keeps what the route model can own: local and broadcast
 * routes (the kernel's bookkeeping) and IPv6 routes are left out. */
static void kernel_bookkeeping_is_left_out(void **state)
{
	(void)state;
	const struct {
		const char *why;
		unsigned char family, type;
	} cases[] = {
		{ "local", AF_INET, RTN_LOCAL },
		{ "broadcast", AF_INET, RTN_BROADCAST },
		{ "multicast", AF_INET, RTN_MULTICAST },
		{ "IPv6", AF_INET6, RTN_UNICAST },
	};
	struct bl_nl_route r = { .dst = A(10, 1, 0, 0), .dst_len = 16,
				 .nexthops = { { .ifindex = 2 } }, .n_nexthops = 1 };
	struct rtmsg *rtm = mnl_nlmsg_get_payload((struct nlmsghdr *)buf);
	struct bl_nl_route out;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_true(bl_nl_build_route_add(buf, sizeof(buf), &r) > 0);
		rtm->rtm_family = cases[i].family;
		rtm->rtm_type = cases[i].type;
		if (bl_nl_route_from_msg((struct nlmsghdr *)buf, &out) != -ENOTSUP)
			fail_msg("%s: kept", cases[i].why);
	}
}

static void invalid_routes_are_refused(void **state)
{
	(void)state;
	const struct {
		const char *why;
		struct bl_nl_route route;
	} cases[] = {
		{ "unicast without next hop", { .dst_len = 8 } },
		{ "prefix longer than 32", { .dst_len = 33, .nexthops = { { .gateway = 1 } }, .n_nexthops = 1 } },
		{ "next hop with neither gateway nor device", { .dst_len = 8, .nexthops = { { .weight = 1 } },
								 .n_nexthops = 1 } },
		{ "blackhole with a next hop", { .type = BL_NL_ROUTE_BLACKHOLE,
						 .nexthops = { { .gateway = 1 } }, .n_nexthops = 1 } },
		{ "too many next hops", { .n_nexthops = BL_NL_MAX_NEXTHOPS + 1 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (bl_nl_build_route_add(buf, sizeof(buf), &cases[i].route) != -EINVAL)
			fail_msg("%s: accepted", cases[i].why);
}

static void route_delete_matches_any_scope(void **state)
{
	(void)state;
	struct bl_nl_route r = { .dst = A(10, 1, 0, 0), .dst_len = 16 };
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);

	assert_true(bl_nl_build_route_del(buf, sizeof(buf), &r) > 0);
	assert_int_equal(nlh->nlmsg_type, RTM_DELROUTE);
	assert_int_equal(rtm->rtm_scope, RT_SCOPE_NOWHERE);
	assert_int_equal(rtm->rtm_dst_len, 16);
	assert_int_equal(rtm->rtm_protocol, 0); /* any protocol */
}

/* up removes only its own stale routes: the kernel must not match a
 * same-prefix route of another protocol. */
static void route_delete_names_its_protocol(void **state)
{
	(void)state;
	struct bl_nl_route r = { .dst = A(10, 1, 0, 0), .dst_len = 16, .protocol = BL_NL_RTPROT };
	const struct rtmsg *rtm = mnl_nlmsg_get_payload((const struct nlmsghdr *)buf);

	assert_true(bl_nl_build_route_del(buf, sizeof(buf), &r) > 0);
	assert_int_equal(rtm->rtm_protocol, BL_NL_RTPROT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(address_add_names_interface_and_prefix),
		cmocka_unit_test(ecmp_route_has_one_rtnexthop_per_gateway),
		cmocka_unit_test(routes_read_back_as_built),
		cmocka_unit_test(kernel_bookkeeping_is_left_out),
		cmocka_unit_test(invalid_routes_are_refused),
		cmocka_unit_test(route_delete_matches_any_scope),
		cmocka_unit_test(route_delete_names_its_protocol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
