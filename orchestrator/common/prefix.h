/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4 addresses and prefixes, shared by every layer. Addresses are held in
 * host byte order, so arithmetic and comparisons are plain integer
 * operations; convert with htonl() at the kernel boundary.
 */
#ifndef BL_PREFIX_H
#define BL_PREFIX_H

#include <stdbool.h>
#include <stdint.h>

typedef uint32_t bl_addr; /* host byte order */

struct bl_prefix {
	bl_addr addr; /* host byte order, host bits zero */
	uint8_t len;
};

bool bl_prefix_contains(struct bl_prefix outer, bl_addr addr);
bool bl_prefix_overlaps(struct bl_prefix a, struct bl_prefix b);
bool bl_prefix_covers(struct bl_prefix outer, struct bl_prefix inner);
/* "a.b.c.d" and "a.b.c.d/len"; return 0 or -EINVAL. */
int bl_addr_parse(const char *text, bl_addr *out);
int bl_prefix_parse(const char *text, struct bl_prefix *out);
/* Into a buffer of at least BL_ADDR_STRLEN / BL_PREFIX_STRLEN bytes. */
#define BL_ADDR_STRLEN 16
#define BL_PREFIX_STRLEN 19
const char *bl_addr_str(bl_addr addr, char *buf);
const char *bl_prefix_str(struct bl_prefix p, char *buf);

#endif
