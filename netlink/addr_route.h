/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address and route requests (rtnetlink), and the route dump that lets
 * the caller compare a namespace's kernel routes with the route model.
 * Builders are pure, like link.h's: fill (buf, size), return the length
 * or -EMSGSIZE / -EINVAL.
 *
 * Addresses are IPv4 in host byte order, like bl_addr.
 *
 * Ownership: bl_nl_route_dump() returns an owned array to free().
 */
#ifndef BL_NL_ADDR_ROUTE_H
#define BL_NL_ADDR_ROUTE_H

#include <stddef.h>
#include <stdint.h>

struct bl_nl_sock;
struct bl_nl_error;
struct nlmsghdr;

int bl_nl_build_addr_add(void *buf, size_t size, int ifindex, uint32_t addr,
			 uint8_t prefix_len);
int bl_nl_build_addr_del(void *buf, size_t size, int ifindex, uint32_t addr,
			 uint8_t prefix_len);

enum bl_nl_route_type {
	BL_NL_ROUTE_UNICAST,
	BL_NL_ROUTE_BLACKHOLE,
	BL_NL_ROUTE_UNREACHABLE,
};

/* One next hop: via gateway (ifindex 0: the kernel finds the device), or
 * on-link out of ifindex when gateway is 0. */
struct bl_nl_nexthop {
	uint32_t gateway; /* host byte order */
	int ifindex;
	uint16_t weight;  /* 1..256 (ECMP share); 0 means 1 */
};

#define BL_NL_MAX_NEXTHOPS 8
/* The protocol branchlab stamps on the routes it installs, so a dump can
 * tell them from the kernel's connected routes. */
#define BL_NL_RTPROT 4 /* RTPROT_STATIC */

struct bl_nl_route {
	uint32_t dst;      /* host byte order */
	uint8_t dst_len;
	enum bl_nl_route_type type;
	uint32_t table;    /* 0: main */
	uint32_t metric;   /* RTA_PRIORITY, 0: none */
	uint32_t prefsrc;  /* RTA_PREFSRC, 0: none */
	uint8_t protocol;  /* 0: BL_NL_RTPROT when adding */
	uint8_t scope;     /* dump only: RT_SCOPE_* */
	/* 1: a plain route (RTA_GATEWAY/RTA_OIF); more: RTA_MULTIPATH;
	 * 0 for blackhole/unreachable. */
	struct bl_nl_nexthop nexthops[BL_NL_MAX_NEXTHOPS];
	size_t n_nexthops;
};

/* Add or replace (NLM_F_CREATE|NLM_F_REPLACE): re-running is harmless. */
int bl_nl_build_route_add(void *buf, size_t size, const struct bl_nl_route *r);
/* Delete by destination, table, metric and protocol (0: any); type and
 * next hops are ignored: the kernel matches whatever route is there. */
int bl_nl_build_route_del(void *buf, size_t size, const struct bl_nl_route *r);
/* The dump request for IPv4 routes (for bl_nl_dump()). */
int bl_nl_build_route_dump(void *buf, size_t size);

/*
 * Every IPv4 route of table (0: main) in the socket's namespace, local
 * and broadcast routes left out. *routes_out is owned (free()); written
 * only on success.
 */
int bl_nl_route_dump(struct bl_nl_sock *s, uint32_t table,
		     struct bl_nl_route **routes_out, size_t *n_out,
		     struct bl_nl_error *err);

/* Parse one RTM_NEWROUTE message (exposed for tests). -ENOTSUP for
 * non-IPv4 or routes with more than BL_NL_MAX_NEXTHOPS. */
int bl_nl_route_parse(const struct nlmsghdr *nlh, struct bl_nl_route *out);

#endif
