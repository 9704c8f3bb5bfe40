/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A measured multipath trace between two nodes of a live lab: the probe
 * engine's flows turned into node paths, grouped, each path attributed to
 * the tunnels whose SA counters moved while one of its flows was sent
 * again, and set beside the model's prediction.
 */
#ifndef BL_TRACE_RUN_H
#define BL_TRACE_RUN_H

#include <stdbool.h>

#include "probe/lab_probe.h"
#include "model/path_predict.h"
#include "probe/probe.h"

#define BL_TRACE_MAX_TUNNELS 16
#define BL_TRACE_BURST 20

struct bl_tunnel_use {
	size_t tunnel;     /* plan tunnel index */
	bool to_site;      /* direction: gateway -> site (else site -> gateway) */
	uint64_t packets;
};

struct bl_measured_path {
	struct bl_node_path path;       /* unknown or silent hop: BL_PLAN_NONE */
	struct bl_probe_path sample;    /* one flow of this path, as probed */
	unsigned flows;
	struct bl_tunnel_use tunnels[BL_TRACE_MAX_TUNNELS];
	size_t n_tunnels;
};

struct bl_trace_result {
	size_t src, dst; /* dst: BL_PLAN_NONE for an address no node owns */
	bl_addr dst_addr;
	unsigned flows;
	struct bl_measured_path measured[BL_PATH_MAX_PATHS];
	size_t n_measured;
	struct bl_node_path predicted[BL_PATH_MAX_PATHS];
	size_t n_predicted;
	bool matches;   /* the same set of paths, with the same outcome */
};

/* Errors reported; result written on success. With attribute false the
 * tunnels of each path are not measured (no extra traffic, no pause):
 * for callers that only compare path sets. */
int bl_trace_measure(const struct bl_live_lab *lab, size_t src, size_t dst, unsigned flows,
		     bool attribute, struct bl_trace_result *result);
/* The same towards an endpoint: a node's interface address, or an address
 * of no node (then dst.node is BL_PLAN_NONE). */
int bl_trace_measure_to(const struct bl_live_lab *lab, size_t src, struct bl_endpoint dst,
			unsigned flows, bool attribute, struct bl_trace_result *result);

/* Whether a measured path reached its destination. */
bool bl_measured_reached(const struct bl_measured_path *m);

#endif
