// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-count PREFIX: one line per namespace whose name starts with
 * PREFIX: "NETNS links addresses routes SAs policies", from netlink dumps
 * (IPv4 addresses, IPv4 routes of the main table). run.sh compares the
 * lines after `branchlab up` and after the iproute2 script: a dump per
 * object kind and namespace, no process per namespace, so counting 3000
 * namespaces in the test VM takes seconds, not minutes.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink/netns.h"
#include "netlink/nl_socket.h"

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	++*(unsigned *)data;
	return 0;
}

/* Dump `type` (with a family header of hdr_len bytes) and count answers. */
static int count(struct bl_nl_sock *s, uint16_t type, size_t hdr_len,
		 unsigned char family, unsigned *out)
{
	char buf[NLMSG_SPACE(64)] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct bl_nl_error err = { 0 };

	nlh->nlmsg_len = NLMSG_LENGTH(hdr_len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	/* rtgenmsg, ifaddrmsg and rtmsg all start with the family. */
	if (hdr_len)
		*(unsigned char *)NLMSG_DATA(nlh) = family;
	*out = 0;
	return bl_nl_dump(s, nlh, count_cb, out, &err);
}

static int count_ns(const char *netns)
{
	struct bl_nl_sock *rt = NULL, *xfrm = NULL;
	unsigned links = 0, addrs = 0, routes = 0, sas = 0, pols = 0;
	int fd = -1, r = bl_netns_open(netns, &fd);

	if (r >= 0)
		r = bl_nl_open(NETLINK_ROUTE, fd, &rt);
	if (r >= 0)
		r = bl_nl_open(NETLINK_XFRM, fd, &xfrm);
	if (r >= 0)
		r = count(rt, RTM_GETLINK, sizeof(struct ifinfomsg), AF_UNSPEC, &links);
	if (r >= 0)
		r = count(rt, RTM_GETADDR, sizeof(struct ifaddrmsg), AF_INET, &addrs);
	if (r >= 0)
		r = count(rt, RTM_GETROUTE, sizeof(struct rtmsg), AF_INET, &routes);
	if (r >= 0)
		r = count(xfrm, XFRM_MSG_GETSA, 0, 0, &sas);
	if (r >= 0)
		r = count(xfrm, XFRM_MSG_GETPOLICY, 0, 0, &pols);
	if (r >= 0)
		printf("%s %u %u %u %u %u\n", netns, links, addrs, routes, sas, pols);
	else
		fprintf(stderr, "bench-count: counting in '%s' failed: %s\n", netns,
			strerror(-r));
	bl_nl_close(xfrm);
	bl_nl_close(rt);
	if (fd >= 0)
		close(fd);
	return r;
}

int main(int argc, char **argv)
{
	char **names = NULL;
	size_t n = 0;
	int r;

	if (argc != 2) {
		fprintf(stderr, "usage: bench-count PREFIX\n");
		return 2;
	}
	r = bl_netns_list(argv[1], &names, &n);
	if (r < 0)
		fprintf(stderr, "bench-count: listing namespaces failed: %s\n", strerror(-r));
	for (size_t i = 0; r >= 0 && i < n; i++)
		r = count_ns(names[i]);
	bl_netns_list_free(names, n);
	return r < 0;
}
