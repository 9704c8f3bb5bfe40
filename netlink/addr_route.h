/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address and route requests (rtnetlink). Builders are pure, like
 * link.h's: fill (buf, size), return the length or -EMSGSIZE / -EINVAL.
 * Routes are read back into the same struct bl_nl_route by
 * bl_nl_routes_read() (nl_read.h), so a caller compares the kernel's
 * routes with the ones it would write.
 *
 * Addresses are IPv4 in host byte order, like bl_addr.
 */
#ifndef BL_NL_ADDR_ROUTE_H
#define BL_NL_ADDR_ROUTE_H

#include <stddef.h>
#include <stdint.h>

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
/* The protocol branchlab stamps on the routes it installs, so a read can
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
	uint8_t scope;     /* read back only: RT_SCOPE_* */
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

#endif
