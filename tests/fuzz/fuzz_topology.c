// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer target: any bytes into the topology loader, silently. Built and
 * run by ci/fuzz.sh. */
#include <stddef.h>
#include <stdint.h>

#include "topology/topology_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bl_topology *topo = NULL;

	if (bl_topology_parse("fuzz.yaml", (const char *)data, size, NULL, &topo) == 0)
		bl_topology_free(topo);
	return 0;
}
