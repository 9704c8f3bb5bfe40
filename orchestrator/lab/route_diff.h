/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The difference between the routes a namespace should hold (the plan's
 * and the route model's) and the routes a dump found there: what `up`
 * must add, replace and delete so that a second run touches nothing.
 * Pure: no I/O, no allocation.
 *
 * Routes are named by (prefix, metric) within one table. Only present
 * routes stamped with the given protocol are branchlab's; the kernel's
 * connected routes and routes a user added by hand with another protocol
 * are neither compared nor deleted.
 *
 * Ownership: every change points into the caller's wanted/present arrays.
 */
#ifndef BL_ROUTE_DIFF_H
#define BL_ROUTE_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "netlink/addr_route.h"

enum bl_route_op {
	BL_ROUTE_OP_ADD,      /* wanted, absent */
	BL_ROUTE_OP_REPLACE,  /* present with another type or next-hop set */
	BL_ROUTE_OP_DELETE,   /* present, no longer wanted */
};

struct bl_route_change {
	enum bl_route_op op;
	const struct bl_nl_route *wanted;  /* NULL for DELETE */
	const struct bl_nl_route *present; /* NULL for ADD */
};

/* Order of routes by key: prefix address, prefix length, metric. */
int bl_route_key_cmp(const struct bl_nl_route *a, const struct bl_nl_route *b);
/* Sort routes by key, as bl_route_diff() wants them. */
void bl_route_diff_sort(struct bl_nl_route *routes, size_t n);

/*
 * Fill changes (room for n_wanted + n_present entries) and return how many
 * there are: additions and replacements in wanted's order, then deletions
 * in present's order. Both arrays sorted by key (bl_route_diff_sort());
 * wanted routes must have distinct keys.
 */
size_t bl_route_diff(const struct bl_nl_route *wanted, size_t n_wanted,
		     const struct bl_nl_route *present, size_t n_present,
		     uint8_t protocol, struct bl_route_change *changes);

/* Same type and next-hop set, in any order. A wanted next hop with a
 * gateway and no interface matches the gateway on whatever interface the
 * kernel chose; weights 0 and 1 are the same. */
bool bl_route_diff_same(const struct bl_nl_route *wanted, const struct bl_nl_route *present);

#define BL_ROUTE_DESC_LEN 160
/* "blackhole", "via 10.0.255.4 10.0.255.5", "dev #3", or "none" for NULL. */
const char *bl_route_describe(const struct bl_nl_route *r, char *buf, size_t size);

#endif
