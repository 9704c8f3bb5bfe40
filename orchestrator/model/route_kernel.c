// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * From a node's table to the routes its namespace needs: the active paths
 * of each prefix merged into one route (several next hops = ECMP), Azure's
 * None as a blackhole. Connected and VNet-local prefixes are left out:
 * the dataplane's interface addresses already make them.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int cmp_addr(const void *a, const void *b)
{
	bl_addr x = *(const bl_addr *)a, y = *(const bl_addr *)b;

	return x < y ? -1 : x > y;
}

static bool installable(const struct bl_route *r)
{
	if (!r->active)
		return false;
	switch (r->nh_type) {
	case BL_NH_IP:
	case BL_NH_VNET_GATEWAY:
	case BL_NH_NONE:
		return true;
	default:
		return false;
	}
}

static void merge_hops(struct bl_kernel_route *k, const struct bl_route *r)
{
	for (size_t h = 0; h < r->hops->n; h++) {
		bl_addr hop = r->hops->hop[h].kernel;
		bool dup = false;

		for (size_t i = 0; i < k->n_next_hops; i++)
			dup |= k->next_hops[i] == hop;
		if (!dup && k->n_next_hops < BL_ROUTE_MAX_NH)
			k->next_hops[k->n_next_hops++] = hop;
	}
}

/* rows are sorted by prefix, so one pass groups them. */
int bl_kernel_routes_build(struct bl_model_node *node)
{
	size_t start = 0;

	if (!node->routed || !node->n_rows)
		return 0;
	/* At most one route per row: reserved once (growing it route by
	 * route is quadratic on tables of thousands). */
	node->kroutes = malloc(node->n_rows * sizeof(*node->kroutes));
	if (!node->kroutes)
		return -ENOMEM;
	for (size_t i = 1; i <= node->n_rows; i++) {
		struct bl_kernel_route k = { .prefix = node->rows[start].prefix };
		bool any = false;

		if (i < node->n_rows &&
		    !bl_prefix_cmp(node->rows[i].prefix, node->rows[start].prefix))
			continue;
		for (size_t j = start; j < i; j++) {
			const struct bl_route *row = &node->rows[j];

			if (!installable(row))
				continue;
			any = true;
			if (row->nh_type == BL_NH_NONE)
				k.type = BL_KROUTE_BLACKHOLE;
			else
				merge_hops(&k, row);
		}
		start = i;
		if (!any)
			continue;
		if (k.type == BL_KROUTE_BLACKHOLE)
			k.n_next_hops = 0;
		qsort(k.next_hops, k.n_next_hops, sizeof(k.next_hops[0]), cmp_addr);
		node->kroutes[node->n_kroutes++] = k;
	}
	return 0;
}
