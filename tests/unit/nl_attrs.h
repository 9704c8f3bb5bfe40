/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by the test_nl_* unit tests: index a message's (or a nest's)
 * attributes by type, so a test can assert each one. */
#ifndef BL_TEST_NL_ATTRS_H
#define BL_TEST_NL_ATTRS_H

#include <libmnl/libmnl.h>

#define NL_ATTRS_MAX 64

struct nl_attrs {
	const struct nlattr *tb[NL_ATTRS_MAX];
	int count;
};

static int nl_attrs_keep(const struct nlattr *attr, void *data)
{
	struct nl_attrs *a = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type < NL_ATTRS_MAX)
		a->tb[type] = attr;
	a->count++;
	return MNL_CB_OK;
}

static inline struct nl_attrs nl_attrs_of_msg(const struct nlmsghdr *nlh, size_t hdr_len)
{
	struct nl_attrs a = { { NULL }, 0 };

	mnl_attr_parse(nlh, (unsigned)hdr_len, nl_attrs_keep, &a);
	return a;
}

static inline struct nl_attrs nl_attrs_of_nest(const struct nlattr *nest)
{
	struct nl_attrs a = { { NULL }, 0 };

	mnl_attr_parse_nested(nest, nl_attrs_keep, &a);
	return a;
}

#endif
