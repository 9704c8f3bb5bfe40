// SPDX-License-Identifier: GPL-2.0-or-later
/* Links and IPv4 addresses, each from one libnl-route-3 cache. */
#include "netlink/nl_read.h"
#include "netlink/nl_read_internal.h"

#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

static int copy_link(struct nl_object *obj, void *out, void *arg)
{
	struct rtnl_link *l = (struct rtnl_link *)obj;
	struct bl_nl_link *to = out;
	const char *name = rtnl_link_get_name(l);

	(void)arg;
	if (!name)
		return -ENOTSUP; /* nothing to look it up by */
	snprintf(to->name, sizeof(to->name), "%s", name);
	to->index = rtnl_link_get_ifindex(l);
	to->operstate = rtnl_link_get_operstate(l);
	to->flags = rtnl_link_get_flags(l);
	/* A tunnel's oper state is "unknown" by design: its kind and flags
	 * say what it is and whether it is up. */
	snprintf(to->kind, sizeof(to->kind), "%s",
		 rtnl_link_get_type(l) ? rtnl_link_get_type(l) : "");
	/* libnl reads IFLA_STATS64 (IFLA_STATS on old kernels). */
	to->rx_packets = rtnl_link_get_stat(l, RTNL_LINK_RX_PACKETS);
	to->rx_bytes = rtnl_link_get_stat(l, RTNL_LINK_RX_BYTES);
	to->tx_packets = rtnl_link_get_stat(l, RTNL_LINK_TX_PACKETS);
	to->tx_bytes = rtnl_link_get_stat(l, RTNL_LINK_TX_BYTES);
	return 0;
}

int bl_nl_links_read(struct bl_nl_reader *r, struct bl_nl_link **links_out,
		     size_t *n_out, struct bl_nl_error *err)
{
	struct nl_cache *cache = NULL;
	void *links = NULL;
	int e = rtnl_link_alloc_cache(bl_nl_reader_sock(r), AF_UNSPEC, &cache);

	if (e < 0)
		return bl_nl_libnl_error(e, "reading links", err);
	e = bl_nl_cache_to_array(cache, sizeof(**links_out), copy_link, NULL, &links, n_out,
				 "reading links", err);
	if (e == 0)
		*links_out = links;
	return e;
}

static int copy_addr(struct nl_object *obj, void *out, void *arg)
{
	struct rtnl_addr *a = (struct rtnl_addr *)obj;
	struct bl_nl_addr *to = out;

	(void)arg;
	if (rtnl_addr_get_family(a) != AF_INET || !rtnl_addr_get_local(a))
		return -ENOTSUP;
	to->ifindex = rtnl_addr_get_ifindex(a);
	to->addr = bl_nl_ipv4_of(rtnl_addr_get_local(a));
	to->prefix_len = (uint8_t)rtnl_addr_get_prefixlen(a);
	return 0;
}

int bl_nl_addrs_read(struct bl_nl_reader *r, struct bl_nl_addr **addrs_out,
		     size_t *n_out, struct bl_nl_error *err)
{
	struct nl_cache *cache = NULL;
	void *addrs = NULL;
	int e = rtnl_addr_alloc_cache(bl_nl_reader_sock(r), &cache);

	if (e < 0)
		return bl_nl_libnl_error(e, "reading addresses", err);
	e = bl_nl_cache_to_array(cache, sizeof(**addrs_out), copy_addr, NULL, &addrs, n_out,
				 "reading addresses", err);
	if (e == 0)
		*addrs_out = addrs;
	return e;
}
