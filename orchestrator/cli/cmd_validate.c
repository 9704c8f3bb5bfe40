// SPDX-License-Identifier: GPL-2.0-or-later
/* `branchlab validate FILE...`: load each file, list every problem. */
#include <stdio.h>

#include "cli/commands.h"
#include "common/report.h"
#include "topology/topology.h"

static size_t count_tunnels(const struct bl_topology *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_vpn_sites; i++)
		n += t->vpn_sites[i].n_tunnels;
	return n;
}

static int validate_one(const char *path)
{
	struct bl_topology *topo = NULL;

	/* The loader prints every problem as FILE:LINE:COLUMN: KEY: MESSAGE. */
	if (bl_topology_load(path, &topo) < 0)
		return 1;
	printf("%s: ok (%zu nodes, %zu tunnels, %zu expectations)\n", path,
	       bl_topology_node_count(topo), count_tunnels(topo),
	       topo->n_expectations);
	bl_topology_free(topo);
	return 0;
}

int cmd_validate(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		bl_err("usage: branchlab validate FILE...");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		status |= validate_one(argv[i]);
	return status;
}
