/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The routes of a `show route all` reply (BIRD 2), parsed without a
 * socket: per route its prefix, type, protocol, whether BIRD selected it,
 * its gateways and its BGP attributes. `routes --live` reads them.
 *
 * A reply is "1007-Table master4:" then per route a head line
 * ("10.0.0.0/16  unicast [e_msee_b_1 09:41:43.824] * (100) [AS65515i]",
 * the prefix left blank for the second route of one prefix), its
 * gateways ("via 192.168.100.130 on msee1", "dev eth0"), "Type: BGP univ"
 * (1008) and the attributes ("BGP.as_path: 12076 65515", 1012).
 */
#ifndef BL_BIRD_ROUTES_H
#define BL_BIRD_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "bird/bird_reply.h"

#define BL_BIRD_ROUTE_MAX_VIAS 16
#define BL_BIRD_ADDR_BUF 48

struct bl_bird_route {
	char prefix[BL_BIRD_ADDR_BUF]; /* "10.0.0.0/16" */
	char type[16];                 /* unicast, blackhole, unreachable, prohibit */
	char proto[64];                /* the protocol that gave it (e_msee_b_1) */
	bool primary;                  /* '*': BIRD's selected route for the prefix */
	bool bgp;                      /* "Type: BGP" */
	char vias[BL_BIRD_ROUTE_MAX_VIAS][BL_BIRD_ADDR_BUF]; /* gateway addresses */
	size_t n_vias;
	bool dev_only;                 /* "dev IF": a route without a gateway */
	char as_path[256];             /* BGP.as_path, "" when empty or not BGP */
	char next_hop[BL_BIRD_ADDR_BUF]; /* BGP.next_hop (its first address) */
	char origin[16];               /* BGP.origin: IGP, EGP, Incomplete */
	long local_pref;               /* BGP.local_pref, -1 when absent */
};

/* The routes of r, in its order; owned array in *out. -ENOMEM, -EPROTO
 * for a route line that does not parse. */
int bl_bird_routes_parse(const struct bl_bird_reply *r, struct bl_bird_route **out,
			 size_t *n);

#endif
