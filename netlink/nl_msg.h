/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to netlink/: the few helpers every builder shares. A builder
 * starts a message in the caller's buffer, appends attributes with the
 * checked libmnl calls (which refuse to write past `size`) and ends with
 * bl_nl_msg_end(), which turns any refusal into -EMSGSIZE.
 */
#ifndef BL_NL_MSG_H
#define BL_NL_MSG_H

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <libmnl/libmnl.h>

/* A message under construction; `ok` goes false on the first refusal. */
struct bl_nl_msg {
	struct nlmsghdr *nlh;
	size_t size;
	bool ok;
};

/* Header plus a zeroed family header of hdr_len bytes, returned in *hdr
 * (NULL when even that does not fit: msg.ok is false then). */
static inline struct bl_nl_msg bl_nl_msg_start(void *buf, size_t size, uint16_t type,
					       uint16_t flags, size_t hdr_len, void **hdr)
{
	struct bl_nl_msg m = { .size = size, .ok = false };

	*hdr = NULL;
	if (!buf || size < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdr_len))
		return m;
	memset(buf, 0, MNL_NLMSG_HDRLEN + MNL_ALIGN(hdr_len));
	m.nlh = mnl_nlmsg_put_header(buf);
	m.nlh->nlmsg_type = type;
	m.nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	*hdr = mnl_nlmsg_put_extra_header(m.nlh, hdr_len);
	m.ok = true;
	return m;
}

static inline void bl_nl_put(struct bl_nl_msg *m, uint16_t type, size_t len, const void *data)
{
	if (m->ok)
		m->ok = mnl_attr_put_check(m->nlh, m->size, type, len, data);
}

static inline void bl_nl_put_u32(struct bl_nl_msg *m, uint16_t type, uint32_t v)
{
	bl_nl_put(m, type, sizeof(v), &v);
}

static inline void bl_nl_put_str(struct bl_nl_msg *m, uint16_t type, const char *s)
{
	if (m->ok)
		m->ok = mnl_attr_put_strz_check(m->nlh, m->size, type, s);
}

static inline struct nlattr *bl_nl_nest(struct bl_nl_msg *m, uint16_t type)
{
	struct nlattr *nest = NULL;

	if (m->ok)
		nest = mnl_attr_nest_start_check(m->nlh, m->size, type);
	m->ok = nest != NULL;
	return nest;
}

static inline void bl_nl_nest_end(struct bl_nl_msg *m, struct nlattr *nest)
{
	if (m->ok)
		mnl_attr_nest_end(m->nlh, nest);
}

/* Raw bytes inside the message (a family header nested in an attribute,
 * as VETH_INFO_PEER wants); NULL and !ok when they do not fit. */
static inline void *bl_nl_reserve(struct bl_nl_msg *m, size_t len)
{
	if (!m->ok || m->nlh->nlmsg_len + MNL_ALIGN(len) > m->size) {
		m->ok = false;
		return NULL;
	}
	void *p = mnl_nlmsg_put_extra_header(m->nlh, len);

	memset(p, 0, MNL_ALIGN(len));
	return p;
}

static inline int bl_nl_msg_end(const struct bl_nl_msg *m)
{
	return m->ok ? (int)m->nlh->nlmsg_len : -EMSGSIZE;
}

#endif
