/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a namespace back: links, IPv4 addresses and IPv4 routes, each
 * from one libnl-route-3 cache filled by one dump, copied into plain
 * arrays so callers never hold libnl objects.
 *
 * A reader is one libnl socket opened inside a namespace (like
 * bl_nl_open(), the thread enters the namespace, creates the socket and
 * comes back); open one per namespace and reuse it for every read there.
 * A dump the kernel marks interrupted (the table changed while it walked
 * it) is restarted by libnl itself.
 *
 * Errors: every function returns 0 or -errno. When err is not NULL a
 * failure also fills it: err->err the same -errno, err->text libnl's own
 * words for what went wrong (nl_geterror()), so a caller reports
 *	bl_err("listing links in '%s' failed: %s", node, bl_nl_error_reason(&err));
 * once, with its context. Nothing here prints.
 *
 * Writes are not here: they go through the libmnl batches of
 * nl_socket.h. SAs are read with libmnl too (xfrm.h): libnl-xfrm 3.7
 * does not parse XFRMA_IF_ID, which ties an SA to its xfrm interface.
 *
 * Ownership: bl_nl_reader_open() returns an owned reader, freed with
 * bl_nl_reader_free() (NULL is a no-op). Each read returns an owned array
 * to free(); out-parameters are written only on success.
 */
#ifndef BL_NL_READ_H
#define BL_NL_READ_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/addr_route.h"

struct bl_nl_error;
struct bl_nl_reader;
struct nlmsghdr;

/* A NETLINK_ROUTE libnl socket inside netns_fd (-1: the caller's). */
int bl_nl_reader_open(int netns_fd, struct bl_nl_reader **out);
void bl_nl_reader_free(struct bl_nl_reader *r);

struct bl_nl_link {
	char name[IFNAMSIZ];
	int index;
	uint8_t operstate; /* IF_OPER_* */
	unsigned flags;    /* IFF_UP, IFF_LOWER_UP, ... */
	char kind[16];     /* "veth", "bridge", "xfrm", "vti"; "" for lo */
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
};

/* Every link of the reader's namespace, in the kernel's order. */
int bl_nl_links_read(struct bl_nl_reader *r, struct bl_nl_link **links_out,
		     size_t *n_out, struct bl_nl_error *err);

struct bl_nl_addr {
	int ifindex;
	uint32_t addr;      /* host byte order */
	uint8_t prefix_len;
};

/* Every IPv4 address of the reader's namespace (IPv6 ones left out). */
int bl_nl_addrs_read(struct bl_nl_reader *r, struct bl_nl_addr **addrs_out,
		     size_t *n_out, struct bl_nl_error *err);

/*
 * Every IPv4 route of table (0: main), as struct bl_nl_route. Routes of
 * other types than unicast, blackhole and unreachable (local, broadcast:
 * the kernel's own bookkeeping, never the model's) are left out, and so
 * are routes with more than BL_NL_MAX_NEXTHOPS next hops.
 */
int bl_nl_routes_read(struct bl_nl_reader *r, uint32_t table,
		      struct bl_nl_route **routes_out, size_t *n_out,
		      struct bl_nl_error *err);

/*
 * One RTM_NEWROUTE message through libnl's parser and the conversion the
 * route read uses (for tests without root). -ENOTSUP for what the read
 * leaves out; otherwise as the read.
 */
int bl_nl_route_from_msg(struct nlmsghdr *nlh, struct bl_nl_route *out);

/*
 * libnl's error code (NLE_*, either sign) as a negative errno; fills err
 * (when not NULL) with that errno, what, and nl_geterror()'s text.
 * Exposed for tests.
 */
int bl_nl_libnl_error(int nle, const char *what, struct bl_nl_error *err);

#endif
