/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The position store, shared by the map (topology_positions.c) and the
 * walk that fills it (topology_walk.c). */
#ifndef BL_TOPOLOGY_POSITIONS_INTERNAL_H
#define BL_TOPOLOGY_POSITIONS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

struct bl_position {
	char *path;
	unsigned line, column; /* 1-based */
};

struct bl_positions {
	struct bl_position *entries;
	size_t n, cap;
	bool sorted;
};

int bl_positions_add(struct bl_positions *pos, const char *path, unsigned line,
		     unsigned column);

#endif
