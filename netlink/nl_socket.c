// SPDX-License-Identifier: GPL-2.0-or-later
#include "netlink/nl_socket.h"
#include "netlink/netns.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>

/* Stay well under the default socket send buffer (212992) in one
 * sendmsg; the kernel takes a batch as one skb. */
#define SEND_CHUNK 32768
/* Each ack is its own skb, charged to the receive buffer (212992 by
 * default) at its truesize, ~1 KiB: 450 small route requests in one
 * chunk overflowed it (ENOBUFS, seen at 100 sites). Cap acks in flight. */
#define SEND_MAX_MSGS 128
#define RECV_SIZE 32768

struct bl_nl_sock {
	struct mnl_socket *mnl;
	uint32_t portid;
	uint32_t seq;
};

struct sealed {
	uint32_t seq;
	char what[sizeof(((struct bl_nl_error *)0)->what)];
};

struct bl_nl_batch {
	char *buf;
	size_t len;
	size_t cap;
	struct sealed *msgs;
	size_t n_msgs;
	size_t cap_msgs;
};

const char *bl_nl_error_reason(const struct bl_nl_error *e)
{
	if (e->text[0])
		return e->text;
	return strerror(e->err < 0 ? -e->err : e->err);
}

static int open_here(int protocol, struct bl_nl_sock *s)
{
	int one = 1;

	s->mnl = mnl_socket_open(protocol);
	if (!s->mnl)
		return -errno;
	if (mnl_socket_bind(s->mnl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	/* Without these an error ack says only "-EINVAL" and carries a copy
	 * of the whole request; with them it says why and stays small. */
	mnl_socket_setsockopt(s->mnl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(s->mnl, NETLINK_CAP_ACK, &one, sizeof(one));
	s->portid = mnl_socket_get_portid(s->mnl);
	return 0;
}

int bl_nl_open(int protocol, int netns_fd, struct bl_nl_sock **out)
{
	struct bl_nl_sock *s = calloc(1, sizeof(*s));
	int saved = -1;
	int r;

	if (!s)
		return -ENOMEM;
	if (netns_fd >= 0) {
		r = bl_netns_enter(netns_fd, &saved);
		if (r < 0) {
			free(s);
			return r;
		}
	}
	r = open_here(protocol, s);
	if (saved >= 0) {
		int back = bl_netns_leave(saved);

		if (r == 0)
			r = back;
	}
	if (r < 0) {
		bl_nl_close(s);
		return r;
	}
	s->seq = (uint32_t)time(NULL);
	*out = s;
	return 0;
}

void bl_nl_close(struct bl_nl_sock *s)
{
	if (!s)
		return;
	if (s->mnl)
		mnl_socket_close(s->mnl);
	free(s);
}

int bl_nl_batch_new(struct bl_nl_batch **out)
{
	struct bl_nl_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return -ENOMEM;
	*out = b;
	return 0;
}

void bl_nl_batch_free(struct bl_nl_batch *b)
{
	if (!b)
		return;
	free(b->buf);
	free(b->msgs);
	free(b);
}

void bl_nl_batch_reset(struct bl_nl_batch *b)
{
	b->len = 0;
	b->n_msgs = 0;
}

size_t bl_nl_batch_count(const struct bl_nl_batch *b)
{
	return b->n_msgs;
}

void *bl_nl_batch_room(struct bl_nl_batch *b, size_t *size)
{
	if (b->cap - b->len < BL_NL_MSG_ROOM) {
		size_t cap = b->cap ? b->cap * 2 : (size_t)4 * BL_NL_MSG_ROOM;
		char *buf = realloc(b->buf, cap);

		if (!buf)
			return NULL;
		memset(buf + b->len, 0, cap - b->len);
		b->buf = buf;
		b->cap = cap;
	}
	*size = b->cap - b->len;
	return b->buf + b->len;
}

static int remember(struct bl_nl_batch *b, uint32_t seq, const char *fmt, va_list ap)
{
	if (b->n_msgs == b->cap_msgs) {
		size_t cap = b->cap_msgs ? b->cap_msgs * 2 : 32;
		struct sealed *m = realloc(b->msgs, cap * sizeof(*m));

		if (!m)
			return -ENOMEM;
		b->msgs = m;
		b->cap_msgs = cap;
	}
	b->msgs[b->n_msgs].seq = seq;
	vsnprintf(b->msgs[b->n_msgs].what, sizeof(b->msgs[0].what), fmt, ap);
	b->n_msgs++;
	return 0;
}

int bl_nl_batch_seal(struct bl_nl_batch *b, int built, const char *what_fmt, ...)
{
	struct nlmsghdr *nlh;
	va_list ap;
	int r;

	if (built < 0)
		return built;
	nlh = (struct nlmsghdr *)(b->buf + b->len);
	if ((size_t)built != nlh->nlmsg_len || b->len + built > b->cap)
		return -EINVAL;
	/* Sequence numbers are assigned at send time; the index is kept. */
	nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = (uint32_t)b->n_msgs;
	va_start(ap, what_fmt);
	r = remember(b, (uint32_t)b->n_msgs, what_fmt, ap);
	va_end(ap);
	if (r < 0)
		return r;
	b->len += MNL_ALIGN(built);
	return 0;
}

struct ack_state {
	struct bl_nl_batch *batch;
	uint32_t seq_base;
	size_t acked;
	struct bl_nl_error first;
};

static int extack_attr(const struct nlattr *attr, void *data)
{
	struct bl_nl_error *e = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		snprintf(e->text, sizeof(e->text), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* The kernel's text sits after the error header and, unless the ack was
 * capped, after the echoed request. */
static void read_extack(const struct nlmsghdr *nlh, struct bl_nl_error *e)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t offset = sizeof(*err);

	e->text[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if (offset > mnl_nlmsg_get_payload_len(nlh))
		return;
	mnl_attr_parse(nlh, offset, extack_attr, e);
}

static void take_ack(struct ack_state *st, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	size_t idx = nlh->nlmsg_seq - st->seq_base;

	if (idx >= st->batch->n_msgs)
		return; /* not ours (a stale answer) */
	st->acked++;
	if (err->error == 0)
		return;
	if (st->first.failed++ == 0) {
		st->first.err = err->error;
		snprintf(st->first.what, sizeof(st->first.what), "%s",
			 st->batch->msgs[idx].what);
		read_extack(nlh, &st->first);
	}
}

static int read_acks(struct bl_nl_sock *s, struct ack_state *st, size_t until)
{
	char buf[RECV_SIZE];

	while (st->acked < until) {
		ssize_t got = mnl_socket_recvfrom(s->mnl, buf, sizeof(buf));
		int n = (int)got;

		if (got < 0)
			return -errno;
		for (struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		     mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(struct nlmsgerr)))
				take_ack(st, nlh);
		}
	}
	return 0;
}

/* Send n_msgs messages at off in one sendmsg and read their acks. */
static int send_span(struct bl_nl_sock *s, struct ack_state *st, size_t off, size_t len,
		     size_t n_msgs)
{
	if (mnl_socket_sendto(s->mnl, st->batch->buf + off, len) < 0)
		return -errno;
	return read_acks(s, st, st->acked + n_msgs);
}

static int send_all(struct bl_nl_sock *s, struct ack_state *st)
{
	struct bl_nl_batch *b = st->batch;
	size_t start = 0, off = 0, n = 0;
	int r;

	while (off < b->len) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(b->buf + off);
		size_t len = MNL_ALIGN(nlh->nlmsg_len);

		if (n > 0 && (off + len - start > SEND_CHUNK || n == SEND_MAX_MSGS)) {
			r = send_span(s, st, start, off - start, n);
			if (r < 0)
				return r;
			start = off;
			n = 0;
		}
		nlh->nlmsg_seq += st->seq_base;
		nlh->nlmsg_pid = 0;
		off += len;
		n++;
	}
	return n ? send_span(s, st, start, off - start, n) : 0;
}

int bl_nl_batch_send(struct bl_nl_sock *s, struct bl_nl_batch *b,
		     struct bl_nl_error *err)
{
	struct ack_state st = { .batch = b, .seq_base = s->seq };
	int r;

	s->seq += (uint32_t)b->n_msgs + 1;
	r = send_all(s, &st);
	if (r < 0 && !st.first.failed) {
		st.first.err = r;
		st.first.failed = 1;
		snprintf(st.first.what, sizeof(st.first.what), "talking to the kernel");
		st.first.text[0] = '\0';
	}
	bl_nl_batch_reset(b);
	if (st.first.failed && err)
		*err = st.first;
	return st.first.failed ? st.first.err : 0;
}

static int answer_error(const struct nlmsghdr *nlh, struct bl_nl_error *err)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct bl_nl_error tmp = { .err = e->error, .failed = 1 };

	if (e->error == 0)
		return 0;
	snprintf(tmp.what, sizeof(tmp.what), "asking the kernel");
	read_extack(nlh, &tmp);
	if (err)
		*err = tmp;
	return e->error;
}

static int dump_failed(int error, const char *why, struct bl_nl_error *err)
{
	if (err) {
		*err = (struct bl_nl_error){ .err = error, .failed = 1 };
		snprintf(err->what, sizeof(err->what), "dumping from the kernel");
		snprintf(err->text, sizeof(err->text), "%s", why);
	}
	return error;
}

/* NLMSG_DONE carries the dump's own status: a negative errno when the
 * kernel could not finish it. */
static int dump_done(const struct nlmsghdr *nlh, struct bl_nl_error *err)
{
	int status = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(status))
		memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
	return status < 0 ? dump_failed(status, "", err) : 1;
}

/* 1 when the answer is complete (NLMSG_DONE or the ack), 0 to read on,
 * -errno on failure. */
static int answer_messages(char *buf, int n, uint32_t seq, bl_nl_dump_cb cb, void *data,
			 struct bl_nl_error *err)
{
	for (struct nlmsghdr *nlh = (struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, n);
	     nlh = mnl_nlmsg_next(nlh, &n)) {
		int r;

		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return dump_done(nlh, err);
		/* The table changed while the kernel walked it: the dump may
		 * miss or repeat entries, and a partial list must not pass for
		 * the whole one (a "route absent" check would lie). */
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			return dump_failed(-EINTR, "dump interrupted by a concurrent change", err);
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			r = answer_error(nlh, err);
			return r < 0 ? r : 1;
		}
		r = cb(nlh, data);
		if (r < 0)
			return r;
	}
	return 0;
}

static int exchange(struct bl_nl_sock *s, struct nlmsghdr *request, uint16_t flags,
		    bl_nl_dump_cb cb, void *data, struct bl_nl_error *err)
{
	char buf[RECV_SIZE];
	uint32_t seq = s->seq++;
	int r = 0;

	request->nlmsg_flags |= NLM_F_REQUEST | flags;
	request->nlmsg_seq = seq;
	if (mnl_socket_sendto(s->mnl, request, request->nlmsg_len) < 0)
		return -errno;
	while (r == 0) {
		ssize_t n = mnl_socket_recvfrom(s->mnl, buf, sizeof(buf));

		if (n < 0)
			return -errno;
		r = answer_messages(buf, (int)n, seq, cb, data, err);
	}
	return r < 0 ? r : 0;
}

int bl_nl_dump(struct bl_nl_sock *s, struct nlmsghdr *request,
	       bl_nl_dump_cb cb, void *data, struct bl_nl_error *err)
{
	return exchange(s, request, NLM_F_DUMP, cb, data, err);
}

int bl_nl_query(struct bl_nl_sock *s, struct nlmsghdr *request,
		bl_nl_dump_cb cb, void *data, struct bl_nl_error *err)
{
	return exchange(s, request, NLM_F_ACK, cb, data, err);
}
