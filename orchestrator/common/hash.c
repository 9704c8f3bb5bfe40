// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/hash.h"

uint64_t bl_hash64(uint64_t h, const void *bytes, size_t size)
{
	const unsigned char *p = bytes;

	for (size_t i = 0; i < size; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}
