/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A stream of numbered UDP probes from one node's namespace to another's
 * (`watch`, `fail --watch`): N flows, each its own source port (so ECMP
 * may hash them apart), sent at a fixed rate, received by a socket in the
 * destination's namespace. Every probe is remembered, so what was lost is
 * known per interval and per flow, and the longest run of consecutive
 * losses of a flow is its outage.
 *
 * What it measures in a lab is branchlab's own recompute-and-push time in
 * a static control plane (no BGP daemon runs), not Azure's timers
 * (docs/failures.md).
 *
 * Ownership: bl_watch_result_free() releases what bl_watch_run() filled.
 */
#ifndef BL_WATCH_H
#define BL_WATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "topology/topology.h"

#define BL_WATCH_MAX_FLOWS 64

struct bl_watch_opts {
	const char *src_netns;
	const char *dst_netns;
	bl_addr dst;          /* an address of the destination's namespace */
	unsigned rate;        /* probes a second, all flows together */
	unsigned flows;       /* 1..BL_WATCH_MAX_FLOWS */
	double duration_s;    /* sending time */
	/* When set, read while sending: the stream stops at this time
	 * (bl_probe_now_us) instead of after duration_s, so a caller in
	 * another thread can extend it (fail --watch). 0: use duration_s. */
	_Atomic uint64_t *end_us;
};

struct bl_watch_probe {
	uint64_t sent_us;     /* since the stream's start */
	uint32_t flow_seq;    /* number within its flow */
	uint8_t flow;
	bool delivered;
};

struct bl_watch_flow {
	uint16_t sport;
	uint64_t sent, delivered;
	uint64_t longest_run;       /* most consecutive probes lost */
	uint64_t longest_from_us;   /* when the first of them was sent */
	uint64_t longest_to_us;     /* when the next delivered one was (or the end) */
};

struct bl_watch_result {
	uint64_t start_us;          /* bl_probe_now_us() at the first probe */
	uint64_t end_us;            /* the last probe's send time, since start */
	uint16_t dport;
	struct bl_watch_probe *probes;
	size_t n_probes;
	struct bl_watch_flow flows[BL_WATCH_MAX_FLOWS];
	unsigned n_flows;
	uint64_t sent, delivered;
};

/* Run the stream (blocking). 0, or -errno when a socket could not be
 * made (reported once, naming the namespace). */
int bl_watch_run(const struct bl_watch_opts *o, struct bl_watch_result *r);
void bl_watch_result_free(struct bl_watch_result *r);

/* One interval of the timeline, [from_us, to_us) of send time. */
struct bl_watch_interval {
	uint64_t sent, delivered;
	uint64_t lost_per_flow[BL_WATCH_MAX_FLOWS];
};
void bl_watch_interval(const struct bl_watch_result *r, uint64_t from_us, uint64_t to_us,
		       struct bl_watch_interval *out);

#endif
