// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/grow.h"

#include <stdint.h>
#include <stdlib.h>

void *bl_grow(void *arr, size_t n, size_t *cap, size_t elem, size_t first)
{
	size_t ncap;
	void *grown;

	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : first;
	if (ncap <= n) /* doubling overflowed, or first was 0 */
		ncap = n + 1;
	/* Refuse before asking: an allocator may abort on an overflowing
	 * request (ASan does) instead of returning NULL. */
	if (elem && ncap > SIZE_MAX / elem)
		return NULL;
	grown = reallocarray(arr, ncap, elem);
	if (grown)
		*cap = ncap;
	return grown;
}
