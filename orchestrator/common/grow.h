/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one way arrays grow here: by doubling, through reallocarray (which
 * refuses a size that would overflow instead of wrapping it).
 */
#ifndef BL_GROW_H
#define BL_GROW_H

#include <stddef.h>

/*
 * Room for element n of arr (elem bytes each, *cap allocated): when n has
 * reached *cap, reallocate to twice *cap (first when *cap is 0). Returns
 * the array, moved or not, and updates *cap; on failure returns NULL and
 * leaves arr (still owned by the caller) and *cap as they were.
 */
void *bl_grow(void *arr, size_t n, size_t *cap, size_t elem, size_t first);

#endif
