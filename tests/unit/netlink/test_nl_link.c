// SPDX-License-Identifier: GPL-2.0-or-later
/* Link builders: each message carries what the kernel needs, nested
 * where the kernel looks for it. No root, no I/O. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "netlink/link.h"
#include "tests/unit/nl_attrs.h"

static _Alignas(8) char buf[4096];

static const struct nlmsghdr *msg(int len)
{
	assert_true(len > 0);
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

	assert_int_equal(nlh->nlmsg_len, len);
	return nlh;
}

static struct nl_attrs info_data(const struct nl_attrs *top, const char *kind)
{
	assert_non_null(top->tb[IFLA_LINKINFO]);
	struct nl_attrs info = nl_attrs_of_nest(top->tb[IFLA_LINKINFO]);

	assert_non_null(info.tb[IFLA_INFO_KIND]);
	assert_string_equal(mnl_attr_get_str(info.tb[IFLA_INFO_KIND]), kind);
	if (!info.tb[IFLA_INFO_DATA])
		return (struct nl_attrs){ { NULL }, 0 };
	return nl_attrs_of_nest(info.tb[IFLA_INFO_DATA]);
}

static void veth_ends_are_born_in_their_namespaces(void **state)
{
	(void)state;
	const struct nlmsghdr *nlh =
		msg(bl_nl_build_veth_add(buf, sizeof(buf), "eth0", 7, "to-hub", 9));
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(struct ifinfomsg));

	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_true(nlh->nlmsg_flags & NLM_F_CREATE);
	assert_true(nlh->nlmsg_flags & NLM_F_EXCL);
	assert_string_equal(mnl_attr_get_str(top.tb[IFLA_IFNAME]), "eth0");
	assert_int_equal(mnl_attr_get_u32(top.tb[IFLA_NET_NS_FD]), 7);

	struct nl_attrs data = info_data(&top, "veth");
	const struct nlattr *peer = data.tb[VETH_INFO_PEER];

	assert_non_null(peer);
	/* The peer nest starts with its own ifinfomsg, then attributes. */
	const char *p = mnl_attr_get_payload(peer);
	size_t plen = mnl_attr_get_payload_len(peer);
	struct nl_attrs pa = { { NULL }, 0 };

	assert_true(plen > sizeof(struct ifinfomsg));
	mnl_attr_parse_payload(p + NLMSG_ALIGN(sizeof(struct ifinfomsg)),
			       plen - NLMSG_ALIGN(sizeof(struct ifinfomsg)), nl_attrs_keep, &pa);
	assert_string_equal(mnl_attr_get_str(pa.tb[IFLA_IFNAME]), "to-hub");
	assert_non_null(pa.tb[IFLA_NET_NS_FD]);
	assert_int_equal(mnl_attr_get_u32(pa.tb[IFLA_NET_NS_FD]), 9);
}

static void veth_without_namespaces_has_no_ns_fd(void **state)
{
	(void)state;
	const struct nlmsghdr *nlh =
		msg(bl_nl_build_veth_add(buf, sizeof(buf), "a", -1, "b", -1));
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(struct ifinfomsg));

	assert_null(top.tb[IFLA_NET_NS_FD]);
}

static void vti_keys_and_endpoints_in_network_order(void **state)
{
	(void)state;
	struct bl_nl_vti vti = { .name = "vti0", .local = 0xc6336401, .remote = 0xc6336402,
				 .ikey = 100, .okey = 101 };
	const struct nlmsghdr *nlh = msg(bl_nl_build_vti_add(buf, sizeof(buf), &vti));
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(struct ifinfomsg));
	struct nl_attrs data = info_data(&top, "vti");

	assert_int_equal(mnl_attr_get_u32(data.tb[IFLA_VTI_IKEY]), htonl(100));
	assert_int_equal(mnl_attr_get_u32(data.tb[IFLA_VTI_OKEY]), htonl(101));
	assert_int_equal(mnl_attr_get_u32(data.tb[IFLA_VTI_LOCAL]), htonl(0xc6336401));
	assert_int_equal(mnl_attr_get_u32(data.tb[IFLA_VTI_REMOTE]), htonl(0xc6336402));
	assert_null(data.tb[IFLA_VTI_LINK]);
}

static void xfrmi_carries_if_id_and_link(void **state)
{
	(void)state;
	const struct nlmsghdr *nlh = msg(bl_nl_build_xfrmi_add(buf, sizeof(buf), "ipsec0", 42, 3));
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(struct ifinfomsg));
	struct nl_attrs data = info_data(&top, "xfrm");

	assert_int_equal(mnl_attr_get_u32(data.tb[IFLA_XFRM_IF_ID]), 42);
	assert_int_equal(mnl_attr_get_u32(data.tb[IFLA_XFRM_LINK]), 3);
}

static void link_up_and_master_find_the_link_by_name(void **state)
{
	(void)state;
	const struct nlmsghdr *nlh = msg(bl_nl_build_link_up(buf, sizeof(buf), "br0"));
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(*ifi));

	assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
	assert_int_equal(ifi->ifi_index, 0);
	assert_int_equal(ifi->ifi_flags & IFF_UP, IFF_UP);
	assert_int_equal(ifi->ifi_change, IFF_UP);
	assert_string_equal(mnl_attr_get_str(top.tb[IFLA_IFNAME]), "br0");

	nlh = msg(bl_nl_build_link_set_master(buf, sizeof(buf), "port1", 5));
	top = nl_attrs_of_msg(nlh, sizeof(*ifi));
	assert_int_equal(mnl_attr_get_u32(top.tb[IFLA_MASTER]), 5);

	nlh = msg(bl_nl_build_bridge_add(buf, sizeof(buf), "br0"));
	top = nl_attrs_of_msg(nlh, sizeof(*ifi));
	info_data(&top, "bridge");

	nlh = msg(bl_nl_build_link_del(buf, sizeof(buf), "br0"));
	assert_int_equal(nlh->nlmsg_type, RTM_DELLINK);
}

/* `fail` takes a link down: IFF_UP cleared, and changed. */
static void link_down_clears_up_in_the_change_mask(void **state)
{
	(void)state;
	const struct nlmsghdr *nlh = msg(bl_nl_build_link_state(buf, sizeof(buf), "tun-s0", false));
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(*ifi));

	assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
	assert_int_equal(ifi->ifi_flags & IFF_UP, 0);
	assert_int_equal(ifi->ifi_change, IFF_UP);
	assert_string_equal(mnl_attr_get_str(top.tb[IFLA_IFNAME]), "tun-s0");
}

static void rp_filter_is_an_inet_devconf_of_the_link(void **state)
{
	(void)state;
	const struct nlmsghdr *nlh = msg(bl_nl_build_link_rp_filter(buf, sizeof(buf), "vti0", 2));
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct nl_attrs top = nl_attrs_of_msg(nlh, sizeof(*ifi));
	const struct nlattr *inet, *conf, *mode = NULL;

	assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
	assert_int_equal(ifi->ifi_change, 0); /* flags untouched */
	assert_string_equal(mnl_attr_get_str(top.tb[IFLA_IFNAME]), "vti0");
	assert_non_null(top.tb[IFLA_AF_SPEC]);
	inet = mnl_attr_get_payload(top.tb[IFLA_AF_SPEC]);
	assert_int_equal(mnl_attr_get_type(inet), AF_INET);
	conf = mnl_attr_get_payload(inet);
	assert_int_equal(mnl_attr_get_type(conf), IFLA_INET_CONF);
	mnl_attr_for_each_nested(mode, conf) {
		assert_int_equal(mnl_attr_get_type(mode), IPV4_DEVCONF_RP_FILTER);
		assert_int_equal(mnl_attr_get_u32(mode), 2);
	}
	assert_non_null(mode);
	assert_int_equal(bl_nl_build_link_rp_filter(buf, sizeof(buf), "vti0", 3), -EINVAL);
}

struct bad_case {
	const char *why;
	int got;
	int want;
};

static void bad_arguments_are_refused(void **state)
{
	(void)state;
	const struct bad_case cases[] = {
		{ "empty name", bl_nl_build_link_up(buf, sizeof(buf), ""), -EINVAL },
		{ "name of IFNAMSIZ", bl_nl_build_bridge_add(buf, sizeof(buf), "0123456789abcdef"),
		  -EINVAL },
		{ "xfrmi if_id 0", bl_nl_build_xfrmi_add(buf, sizeof(buf), "x", 0, 0), -EINVAL },
		{ "veth without peer", bl_nl_build_veth_add(buf, sizeof(buf), "a", -1, NULL, -1),
		  -EINVAL },
		{ "buffer too small", bl_nl_build_veth_add(buf, 40, "a", 3, "b", 4), -EMSGSIZE },
		{ "no room for header", bl_nl_build_link_up(buf, 8, "a"), -EMSGSIZE },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].got != cases[i].want)
			fail_msg("%s: got %d, want %d", cases[i].why, cases[i].got, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(veth_ends_are_born_in_their_namespaces),
		cmocka_unit_test(veth_without_namespaces_has_no_ns_fd),
		cmocka_unit_test(vti_keys_and_endpoints_in_network_order),
		cmocka_unit_test(xfrmi_carries_if_id_and_link),
		cmocka_unit_test(link_up_and_master_find_the_link_by_name),
		cmocka_unit_test(link_down_clears_up_in_the_change_mask),
		cmocka_unit_test(rp_filter_is_an_inet_devconf_of_the_link),
		cmocka_unit_test(bad_arguments_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
