/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Azure's per-gateway counts (100 S2S tunnels' sites on VpnGw5, 16 ER
 * circuits) and the top-level key `limits: relaxed` that lifts them, for
 * scale tests, up to hard caps that still refuse a hostile file quickly.
 * The schema itself holds the hard caps; the walk applies Azure's unless
 * the file relaxes them.
 *
 * Ownership: nothing is allocated or kept.
 */
#ifndef BL_TOPOLOGY_LIMITS_H
#define BL_TOPOLOGY_LIMITS_H

#include <stdbool.h>
#include <stddef.h>

/* True when buf's top-level mapping says `limits: relaxed`. A file that
 * does not parse is not relaxed (the walk reports why it does not). */
bool bl_topo_limits_relaxed(const char *buf, size_t len);

/* The number of entries allowed in the sequence at key path `path` whose
 * schema allows schema_max: Azure's count unless relaxed. */
unsigned bl_topo_sequence_cap(const char *path, unsigned schema_max, bool relaxed);

#endif
