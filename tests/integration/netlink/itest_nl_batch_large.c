// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One batch of 4000 small requests (blackhole routes) in a throwaway
 * namespace: every one is acked and installed. Each ack is its own skb
 * charged to the socket's receive buffer, so a transport that sends too
 * many requests before reading overflows it (ENOBUFS: what `up` of 100
 * benchmark sites hit). Runs on any kernel with network namespaces.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink/addr_route.h"
#include "netlink/netns.h"
#include "netlink/nl_socket.h"

#define NETNS "itnl-batch-large"
#define ROUTES 4000u

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(unsigned *)data;
	return 0;
}

static unsigned count_routes(struct bl_nl_sock *s)
{
	char buf[NLMSG_SPACE(sizeof(struct rtmsg))] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct bl_nl_error err = { 0 };
	unsigned n = 0;

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	((struct rtmsg *)NLMSG_DATA(nlh))->rtm_family = AF_INET;
	return bl_nl_dump(s, nlh, count_cb, &n, &err) < 0 ? 0 : n;
}

static int queue_routes(struct bl_nl_batch *b)
{
	for (unsigned i = 0; i < ROUTES; i++) {
		struct bl_nl_route rt = {
			.dst = (10u << 24) | (i << 8), .dst_len = 24,
			.type = BL_NL_ROUTE_BLACKHOLE,
		};
		size_t room;
		void *m = bl_nl_batch_room(b, &room);
		int r = m ? bl_nl_batch_seal(b, bl_nl_build_route_add(m, room, &rt),
					     "route %u", i) : -ENOMEM;

		if (r < 0)
			return r;
	}
	return 0;
}

int main(void)
{
	struct bl_nl_batch *b = NULL;
	struct bl_nl_sock *s = NULL;
	struct bl_nl_error err = { 0 };
	int fd = -1, r, status = 1;
	unsigned got = 0;

	bl_netns_delete(NETNS);
	r = bl_netns_create(NETNS);
	if (r < 0) {
		printf("SKIP: cannot create a network namespace: %s\n", strerror(-r));
		return 77;
	}
	r = bl_netns_open(NETNS, &fd);
	if (r >= 0)
		r = bl_nl_open(NETLINK_ROUTE, fd, &s);
	if (r >= 0)
		r = bl_nl_batch_new(&b);
	if (r >= 0)
		r = queue_routes(b);
	if (r >= 0)
		r = bl_nl_batch_send(s, b, &err);
	if (r >= 0)
		got = count_routes(s);
	if (r < 0)
		printf("FAIL: one batch of %u routes: %s: %s\n", ROUTES, err.what,
		       err.err ? bl_nl_error_reason(&err) : strerror(-r));
	else if (got != ROUTES)
		printf("FAIL: %u routes acked, %u installed\n", ROUTES, got);
	else
		status = 0;
	if (!status)
		printf("ok: one batch of %u routes, all acked and installed\n", ROUTES);
	bl_nl_batch_free(b);
	bl_nl_close(s);
	if (fd >= 0)
		close(fd);
	bl_netns_delete(NETNS);
	return status;
}
