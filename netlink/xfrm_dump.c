// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading SAs back, with their counters: which tunnel carried what.
 * libmnl, unlike the other reads (nl_read.h): libnl-xfrm 3.7 does not
 * parse XFRMA_IF_ID, the SA's tie to its xfrm interface. */
#include "netlink/xfrm.h"
#include "netlink/nl_msg.h"
#include "netlink/nl_socket.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/xfrm.h>

static int keep_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type <= XFRMA_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

/* Every algorithm struct starts with its 64-byte name. */
static void alg_name(const struct nlattr *attr, char *out, size_t size)
{
	if (mnl_attr_get_payload_len(attr) < sizeof(struct xfrm_algo))
		return;
	const struct xfrm_algo *alg = mnl_attr_get_payload(attr);

	snprintf(out, size, "%.*s", (int)sizeof(alg->alg_name), alg->alg_name);
}

static void parse_bind(const struct nlattr **tb, struct bl_nl_xfrm_bind *bind)
{
	if (tb[XFRMA_IF_ID] && mnl_attr_validate(tb[XFRMA_IF_ID], MNL_TYPE_U32) == 0)
		bind->if_id = mnl_attr_get_u32(tb[XFRMA_IF_ID]);
	if (tb[XFRMA_MARK] && mnl_attr_get_payload_len(tb[XFRMA_MARK]) >= sizeof(struct xfrm_mark)) {
		const struct xfrm_mark *mark = mnl_attr_get_payload(tb[XFRMA_MARK]);

		bind->mark = mark->v;
		bind->mark_mask = mark->m;
	}
}

int bl_nl_xfrm_sa_parse(const struct nlmsghdr *nlh, struct bl_nl_xfrm_sa *out)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { NULL };
	struct xfrm_usersa_info sa;
	struct bl_nl_xfrm_sa r = { 0 };

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA || mnl_nlmsg_get_payload_len(nlh) < sizeof(sa))
		return -ENOTSUP;
	/* Copied out: it holds u64s and messages are only 4-byte aligned. */
	memcpy(&sa, mnl_nlmsg_get_payload(nlh), sizeof(sa));
	if (sa.family != AF_INET)
		return -ENOTSUP;
	mnl_attr_parse(nlh, sizeof(sa), keep_attr, tb);
	r.src = ntohl(sa.saddr.a4);
	r.dst = ntohl(sa.id.daddr.a4);
	r.spi = ntohl(sa.id.spi);
	r.reqid = sa.reqid;
	r.bytes = sa.curlft.bytes;
	r.packets = sa.curlft.packets;
	parse_bind(tb, &r.bind);
	if (tb[XFRMA_ALG_AEAD])
		alg_name(tb[XFRMA_ALG_AEAD], r.alg, sizeof(r.alg));
	else if (tb[XFRMA_ALG_CRYPT])
		alg_name(tb[XFRMA_ALG_CRYPT], r.alg, sizeof(r.alg));
	*out = r;
	return 0;
}

struct sa_list {
	struct bl_nl_xfrm_sa *sas;
	size_t n, cap;
};

static int collect_sa(const struct nlmsghdr *nlh, void *data)
{
	struct sa_list *list = data;
	struct bl_nl_xfrm_sa sa;

	if (bl_nl_xfrm_sa_parse(nlh, &sa) < 0)
		return 0; /* IPv6 or foreign: not the lab's */
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct bl_nl_xfrm_sa *grown = realloc(list->sas, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		list->sas = grown;
		list->cap = cap;
	}
	list->sas[list->n++] = sa;
	return 0;
}

int bl_nl_xfrm_state_dump(struct bl_nl_sock *s, struct bl_nl_xfrm_sa **sas_out,
			  size_t *n_out, struct bl_nl_error *err)
{
	struct sa_list list = { 0 };
	char buf[64];
	int r;

	r = bl_nl_build_xfrm_state_dump(buf, sizeof(buf));
	if (r < 0)
		return r;
	r = bl_nl_dump(s, (struct nlmsghdr *)buf, collect_sa, &list, err);
	if (r < 0) {
		free(list.sas);
		return r;
	}
	*sas_out = list.sas;
	*n_out = list.n;
	return 0;
}
