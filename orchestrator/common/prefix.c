// SPDX-License-Identifier: GPL-2.0-or-later
/* IPv4 address and prefix helpers (host byte order throughout). */
#include "common/prefix.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bl_addr prefix_mask(uint8_t len)
{
	return len ? ~(bl_addr)0 << (32 - len) : 0;
}

bool bl_prefix_contains(struct bl_prefix outer, bl_addr addr)
{
	return (addr & prefix_mask(outer.len)) == outer.addr;
}

bool bl_prefix_covers(struct bl_prefix outer, struct bl_prefix inner)
{
	return outer.len <= inner.len && bl_prefix_contains(outer, inner.addr);
}

bool bl_prefix_overlaps(struct bl_prefix a, struct bl_prefix b)
{
	return bl_prefix_covers(a, b) || bl_prefix_covers(b, a);
}

int bl_addr_parse(const char *text, bl_addr *out)
{
	struct in_addr in;

	/* inet_pton accepts only the dotted-quad form: no octal, no short forms. */
	if (!text || inet_pton(AF_INET, text, &in) != 1)
		return -EINVAL;
	*out = ntohl(in.s_addr);
	return 0;
}

int bl_prefix_parse(const char *text, struct bl_prefix *out)
{
	char buf[BL_PREFIX_STRLEN + 1];
	const char *slash;
	char *end;
	bl_addr addr;
	long len;

	if (!text || !(slash = strchr(text, '/')) ||
	    (size_t)(slash - text) >= BL_ADDR_STRLEN)
		return -EINVAL;
	memcpy(buf, text, (size_t)(slash - text));
	buf[slash - text] = '\0';
	if (bl_addr_parse(buf, &addr) < 0)
		return -EINVAL;
	if (slash[1] < '0' || slash[1] > '9')
		return -EINVAL;
	errno = 0;
	len = strtol(slash + 1, &end, 10);
	if (errno || *end || len < 0 || len > 32)
		return -EINVAL;
	/* Host bits set (10.0.1.4/16) is a typo for either the host or the
	 * network; refuse it rather than guess. */
	if (addr & ~prefix_mask((uint8_t)len))
		return -EINVAL;
	out->addr = addr;
	out->len = (uint8_t)len;
	return 0;
}

const char *bl_addr_str(bl_addr addr, char *buf)
{
	snprintf(buf, BL_ADDR_STRLEN, "%u.%u.%u.%u", (uint8_t)(addr >> 24), (uint8_t)(addr >> 16),
		 (uint8_t)(addr >> 8), (uint8_t)addr);
	return buf;
}

const char *bl_prefix_str(struct bl_prefix p, char *buf)
{
	char a[BL_ADDR_STRLEN];

	snprintf(buf, BL_PREFIX_STRLEN, "%s/%u", bl_addr_str(p.addr, a), p.len > 32 ? 32u : p.len);
	return buf;
}
