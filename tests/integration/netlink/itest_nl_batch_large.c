// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One batch of 4000 small requests (blackhole routes) in a throwaway
 * namespace: every one is acked and installed. Each ack is its own skb
 * charged to the socket's receive buffer, so a transport that sends too
 * many requests before reading overflows it (ENOBUFS: what `up` of 100
 * benchmark sites hit). The routes are then read back through the libnl
 * reader, one dump of many messages. Runs on any kernel with network
 * namespaces.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink/addr_route.h"
#include "netlink/netns.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"

#define NETNS "itnl-batch-large"
#define ROUTES 4000u

/* Read back through the libnl reader: a dump this size spans many
 * messages, each holding many routes. */
static unsigned count_routes(int netns_fd)
{
	struct bl_nl_reader *reader = NULL;
	struct bl_nl_route *routes = NULL;
	struct bl_nl_error err = { 0 };
	size_t n = 0;
	unsigned blackholes = 0;

	if (bl_nl_reader_open(netns_fd, &reader) < 0 ||
	    bl_nl_routes_read(reader, 0, &routes, &n, &err) < 0)
		printf("reading the routes back failed: %s\n",
		       err.err ? bl_nl_error_reason(&err) : "no reader");
	for (size_t i = 0; i < n; i++)
		blackholes += routes[i].type == BL_NL_ROUTE_BLACKHOLE && routes[i].dst_len == 24;
	free(routes);
	bl_nl_reader_free(reader);
	return blackholes;
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
		got = count_routes(fd);
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
