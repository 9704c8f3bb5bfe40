/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packet probes run from inside a namespace: a multipath traceroute and a
 * ping, both on raw ICMP sockets, so `trace`, `ping` and `verify` see what
 * the kernel really does with real packets.
 *
 * The traceroute keeps every field that ECMP hashing reads (addresses,
 * protocol, ports) constant within a flow and varies the source port
 * between flows (the Paris traceroute idea), so each flow follows one path
 * and N flows discover the paths a multipath route spreads them over.
 *
 * Sockets are opened inside the namespace and used from outside it: a
 * socket stays in the namespace it was created in.
 */
#ifndef BL_PROBE_H
#define BL_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "topology/topology.h"

#define BL_PROBE_MAX_TTL 30
#define BL_PROBE_MAX_FLOWS 64

enum bl_probe_end {
	BL_PROBE_REACHED,     /* the destination answered (port unreachable) */
	BL_PROBE_UNREACHABLE, /* a router said so (ICMP destination unreachable) */
	BL_PROBE_NO_ROUTE,    /* the source itself has no route (send failed) */
	BL_PROBE_SILENT,      /* max_ttl or too many silent hops */
};

struct bl_probe_hop {
	bl_addr from;    /* 0: no answer at this TTL */
	uint32_t rtt_us;
};

struct bl_probe_path {
	uint16_t source_port;
	enum bl_probe_end end;
	int send_errno;  /* with BL_PROBE_NO_ROUTE */
	struct bl_probe_hop hops[BL_PROBE_MAX_TTL];
	unsigned n_hops;
};

struct bl_trace_opts {
	unsigned flows;        /* 1..BL_PROBE_MAX_FLOWS */
	unsigned max_ttl;      /* 1..BL_PROBE_MAX_TTL */
	unsigned wait_ms;      /* per TTL round */
	unsigned attempts;     /* per TTL, for flows still unanswered */
	uint16_t first_port;   /* source port of flow 0; flow i uses +i */
	uint16_t dest_port;
};

/* Defaults for a lab: 16 flows, 16 hops, 500 ms, 2 attempts. */
void bl_trace_opts_default(struct bl_trace_opts *opts);

/*
 * Trace dst from inside the namespace called netns; paths must hold
 * opts->flows entries, filled only on success. Returns 0 or -errno
 * (reported by the caller, which knows the lab and node names).
 */
int bl_probe_trace(const char *netns, bl_addr dst, const struct bl_trace_opts *opts,
		   struct bl_probe_path *paths);

/* Send count UDP datagrams of one flow (source port sport) to dst with a
 * full TTL, for attributing a flow to the tunnels it crosses. */
int bl_probe_udp_burst(const char *netns, bl_addr dst, uint16_t sport, uint16_t dport,
		       unsigned count);

struct bl_ping_result {
	unsigned sent;
	unsigned received;
	unsigned errors;       /* ICMP errors received instead of replies */
	uint32_t rtt_min_us;
	uint32_t rtt_avg_us;
	uint32_t rtt_max_us;
};

/* count echo requests, interval_ms apart, waiting up to wait_ms after the
 * last (less when every one is answered); *out written on success. */
int bl_probe_ping(const char *netns, bl_addr dst, unsigned count, unsigned interval_ms,
		  unsigned wait_ms, struct bl_ping_result *out);

/* Pings run side by side, BL_PING_WINDOW at a time, each on its own
 * socket: verify of every site pair of a large lab waits for the slowest
 * of a window, not for the sum of them. */
#define BL_PING_WINDOW 128

struct bl_ping_job {
	const char *netns;             /* in */
	bl_addr dst;                   /* in */
	struct bl_ping_result result;  /* out, when error is 0 */
	int error;                     /* out: 0 or -errno */
};

/* The same as bl_probe_ping for every job; 0, or -EINVAL / -ENOMEM for
 * the whole call (each job's own failure is in its error). */
int bl_probe_ping_many(struct bl_ping_job *jobs, size_t n, unsigned count,
		       unsigned interval_ms, unsigned wait_ms);

#endif
