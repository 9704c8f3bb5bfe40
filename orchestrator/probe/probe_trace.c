// SPDX-License-Identifier: GPL-2.0-or-later
/* Multipath traceroute: UDP probes out, ICMP answers in on a raw socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe/probe.h"
#include "probe/probe_socket.h"

/* The payload length tags a probe with its TTL: ICMP errors quote the UDP
 * header (whose length field carries it), and no ECMP hash reads it, so a
 * late answer to an earlier TTL is not taken for this one. */
#define PROBE_PAYLOAD_BASE 16

/* Hops in a row without an answer before a flow is given up. */
#define SILENT_HOPS_LIMIT 3

struct trace_run {
	const struct bl_trace_opts *opts;
	bl_addr dst;
	int icmp_fd;
	int udp_fd[BL_PROBE_MAX_FLOWS];
	uint64_t sent_us[BL_PROBE_MAX_FLOWS];
	bool done[BL_PROBE_MAX_FLOWS];
	unsigned silent[BL_PROBE_MAX_FLOWS];
	struct bl_probe_path *paths;
};

void bl_trace_opts_default(struct bl_trace_opts *opts)
{
	*opts = (struct bl_trace_opts){
		.flows = 16, .max_ttl = 16, .wait_ms = 500, .attempts = 2,
		.first_port = 40000, .dest_port = 33434,
	};
}

static int open_sockets(const char *netns, struct trace_run *run)
{
	for (unsigned i = 0; i < run->opts->flows; i++)
		run->udp_fd[i] = -1;
	run->icmp_fd = bl_probe_socket_in(netns, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (run->icmp_fd < 0)
		return run->icmp_fd;
	for (unsigned i = 0; i < run->opts->flows; i++) {
		struct sockaddr_in src = {
			.sin_family = AF_INET,
			.sin_port = htons((uint16_t)(run->opts->first_port + i)),
		};
		int fd = bl_probe_socket_in(netns, AF_INET, SOCK_DGRAM, IPPROTO_UDP);

		if (fd < 0)
			return fd;
		run->udp_fd[i] = fd;
		/* A fixed source port per flow is what pins the flow to one path. */
		if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)
			return -errno;
	}
	return 0;
}

static void close_sockets(struct trace_run *run)
{
	if (run->icmp_fd >= 0)
		close(run->icmp_fd);
	for (unsigned i = 0; i < run->opts->flows; i++)
		if (run->udp_fd[i] >= 0)
			close(run->udp_fd[i]);
}

/* Unconnected sendto: a connected UDP socket would turn an earlier ICMP
 * error into a failure of the next send. */
static void send_probe(struct trace_run *run, unsigned flow, unsigned ttl)
{
	struct sockaddr_in dst = {
		.sin_family = AF_INET,
		.sin_port = htons(run->opts->dest_port),
		.sin_addr.s_addr = htonl(run->dst),
	};
	uint8_t payload[PROBE_PAYLOAD_BASE + BL_PROBE_MAX_TTL] = { 'b', 'l' };
	int t = (int)ttl;
	struct bl_probe_path *path = &run->paths[flow];

	setsockopt(run->udp_fd[flow], IPPROTO_IP, IP_TTL, &t, sizeof(t));
	run->sent_us[flow] = bl_probe_now_us();
	if (sendto(run->udp_fd[flow], payload, PROBE_PAYLOAD_BASE + ttl, 0,
		   (struct sockaddr *)&dst, sizeof(dst)) < 0) {
		path->end = BL_PROBE_NO_ROUTE;
		path->send_errno = errno;
		run->done[flow] = true;
	}
}

static int flow_of_port(const struct trace_run *run, uint16_t port)
{
	unsigned first = run->opts->first_port;

	if (port < first || port >= first + run->opts->flows)
		return -1;
	return (int)(port - first);
}

/* Record one ICMP answer; returns true when it answered a waiting flow. */
static bool take_answer(struct trace_run *run, const struct bl_icmp_seen *seen,
			unsigned ttl, const bool *waiting)
{
	int flow;
	struct bl_probe_path *path;

	if (!seen->quotes_udp || seen->quoted_dst != run->dst ||
	    seen->quoted_udp_len != sizeof(struct udphdr) + PROBE_PAYLOAD_BASE + ttl)
		return false;
	flow = flow_of_port(run, seen->quoted_sport);
	if (flow < 0 || !waiting[flow])
		return false;
	path = &run->paths[flow];
	path->hops[ttl - 1].from = seen->from;
	path->hops[ttl - 1].rtt_us = (uint32_t)(bl_probe_now_us() - run->sent_us[flow]);
	path->n_hops = ttl;
	if (seen->type == ICMP_DEST_UNREACH) {
		path->end = seen->code == ICMP_PORT_UNREACH && seen->from == run->dst
				    ? BL_PROBE_REACHED
				    : BL_PROBE_UNREACHABLE;
		run->done[flow] = true;
	}
	return true;
}

struct round {
	struct trace_run *run;
	unsigned ttl;
	bool *waiting;
	unsigned pending;
};

static bool take_answer_cb(const struct bl_icmp_seen *seen, void *data)
{
	struct round *rd = data;

	if (take_answer(rd->run, seen, rd->ttl, rd->waiting)) {
		rd->waiting[seen->quoted_sport - rd->run->opts->first_port] = false;
		rd->pending--;
	}
	return rd->pending == 0;
}

static int collect_answers(struct trace_run *run, unsigned ttl, bool *waiting, unsigned pending)
{
	uint64_t deadline = bl_probe_now_us() + (uint64_t)run->opts->wait_ms * 1000u;
	struct round rd = { run, ttl, waiting, pending };

	return bl_probe_receive(run->icmp_fd, deadline, take_answer_cb, &rd);
}

/* One TTL: probe every live flow, retrying the silent ones. */
static int probe_round(struct trace_run *run, unsigned ttl)
{
	bool waiting[BL_PROBE_MAX_FLOWS] = { false };

	for (unsigned attempt = 0; attempt < run->opts->attempts; attempt++) {
		unsigned pending = 0;

		for (unsigned i = 0; i < run->opts->flows; i++) {
			if (run->done[i] || (attempt > 0 && !waiting[i]))
				continue;
			send_probe(run, i, ttl);
			waiting[i] = !run->done[i];
			pending += waiting[i];
		}
		if (!pending)
			break;
		int r = collect_answers(run, ttl, waiting, pending);
		if (r < 0)
			return r;
	}
	return 0;
}

static bool update_flows(struct trace_run *run, unsigned ttl)
{
	bool any_live = false;

	for (unsigned i = 0; i < run->opts->flows; i++) {
		struct bl_probe_path *path = &run->paths[i];

		if (run->done[i])
			continue;
		path->n_hops = ttl;
		run->silent[i] = path->hops[ttl - 1].from ? 0 : run->silent[i] + 1;
		if (run->silent[i] >= SILENT_HOPS_LIMIT || ttl == run->opts->max_ttl) {
			path->end = BL_PROBE_SILENT;
			run->done[i] = true;
			continue;
		}
		any_live = true;
	}
	return any_live;
}

static int check_opts(const struct bl_trace_opts *o)
{
	if (!o->flows || o->flows > BL_PROBE_MAX_FLOWS || !o->max_ttl ||
	    o->max_ttl > BL_PROBE_MAX_TTL || !o->attempts ||
	    (unsigned)o->first_port + o->flows > 65536)
		return -EINVAL;
	return 0;
}

int bl_probe_trace(const char *netns, bl_addr dst, const struct bl_trace_opts *opts,
		   struct bl_probe_path *paths)
{
	struct bl_probe_path found[BL_PROBE_MAX_FLOWS];
	struct trace_run run = { .opts = opts, .dst = dst, .icmp_fd = -1, .paths = found };
	int r = check_opts(opts);

	if (r < 0)
		return r;
	memset(found, 0, sizeof(found));
	for (unsigned i = 0; i < opts->flows; i++) {
		found[i].source_port = (uint16_t)(opts->first_port + i);
		found[i].end = BL_PROBE_SILENT;
	}
	r = open_sockets(netns, &run);
	for (unsigned ttl = 1; r == 0 && ttl <= opts->max_ttl; ttl++) {
		r = probe_round(&run, ttl);
		if (r == 0 && !update_flows(&run, ttl))
			break;
	}
	close_sockets(&run);
	if (r == 0)
		memcpy(paths, found, sizeof(*paths) * opts->flows);
	return r;
}

int bl_probe_udp_burst(const char *netns, bl_addr dst, uint16_t sport, uint16_t dport,
		       unsigned count)
{
	struct sockaddr_in src = { .sin_family = AF_INET, .sin_port = htons(sport) };
	struct sockaddr_in to = {
		.sin_family = AF_INET,
		.sin_port = htons(dport),
		.sin_addr.s_addr = htonl(dst),
	};
	int fd = bl_probe_socket_in(netns, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	int r = 0;

	if (fd < 0)
		return fd;
	if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)
		r = -errno;
	for (unsigned i = 0; r == 0 && i < count; i++)
		if (sendto(fd, "branchlab", 9, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
			r = -errno;
	close(fd);
	return r;
}
