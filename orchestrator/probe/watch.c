// SPDX-License-Identifier: GPL-2.0-or-later
#include "probe/watch.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/grow.h"
#include "common/report.h"
#include "probe/probe_socket.h"

/* What a probe carries: enough to know it is ours and which it is. */
struct wire {
	uint32_t magic;
	uint32_t index; /* in result->probes */
};

#define WATCH_MAGIC 0x626c7763u /* "blwc" */
/* After the last probe, how long late ones may still arrive. */
#define WATCH_GRACE_US 500000

static int udp_in(const char *netns, struct sockaddr_in *bound)
{
	socklen_t len = sizeof(*bound);
	int fd = bl_probe_socket_in(netns, AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return fd;
	if (bind(fd, (struct sockaddr *)bound, sizeof(*bound)) < 0 ||
	    getsockname(fd, (struct sockaddr *)bound, &len) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static void take_arrivals(int fd, struct bl_watch_result *r)
{
	struct wire w;

	while (recv(fd, &w, sizeof(w), 0) == (ssize_t)sizeof(w)) {
		if (w.magic != WATCH_MAGIC || w.index >= r->n_probes)
			continue;
		r->probes[w.index].delivered = true;
	}
}

static uint64_t end_time(const struct bl_watch_opts *o, uint64_t start)
{
	if (o->end_us) {
		uint64_t e = atomic_load(o->end_us);

		if (e)
			return e;
	}
	return start + (uint64_t)(o->duration_s * 1e6);
}

static void summarise(struct bl_watch_result *r)
{
	uint64_t run[BL_WATCH_MAX_FLOWS] = { 0 }, from[BL_WATCH_MAX_FLOWS] = { 0 };

	for (size_t i = 0; i < r->n_probes; i++) {
		const struct bl_watch_probe *p = &r->probes[i];
		struct bl_watch_flow *f = &r->flows[p->flow];

		f->sent++;
		r->sent++;
		if (!p->delivered) {
			if (!run[p->flow]++)
				from[p->flow] = p->sent_us;
			continue;
		}
		f->delivered++;
		r->delivered++;
		if (run[p->flow] > f->longest_run) {
			f->longest_run = run[p->flow];
			f->longest_from_us = from[p->flow];
			f->longest_to_us = p->sent_us;
		}
		run[p->flow] = 0;
	}
	for (unsigned k = 0; k < r->n_flows; k++)
		if (run[k] > r->flows[k].longest_run) {
			r->flows[k].longest_run = run[k];
			r->flows[k].longest_from_us = from[k];
			r->flows[k].longest_to_us = r->end_us;
		}
}

static int open_flows(const struct bl_watch_opts *o, struct bl_watch_result *r, int *fds,
		      struct sockaddr_in *dst)
{
	for (unsigned k = 0; k < o->flows; k++) {
		struct sockaddr_in src = { .sin_family = AF_INET };

		fds[k] = udp_in(o->src_netns, &src);
		if (fds[k] < 0)
			return bl_err_errno(fds[k], "opening probe flow %u in '%s' failed", k + 1,
					    o->src_netns);
		r->flows[k].sport = ntohs(src.sin_port);
		/* Not connected: an ICMP error must not turn later sends into
		 * errors; each probe stands alone. */
		(void)dst;
	}
	r->n_flows = o->flows;
	return 0;
}

int bl_watch_run(const struct bl_watch_opts *o, struct bl_watch_result *r)
{
	struct sockaddr_in rx_addr = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(o->dst) };
	int fds[BL_WATCH_MAX_FLOWS], rx = -1, err = 0;
	size_t cap = 0;
	uint64_t period = 1000000u / (o->rate ? o->rate : 1), next, now;

	memset(r, 0, sizeof(*r));
	for (unsigned k = 0; k < BL_WATCH_MAX_FLOWS; k++)
		fds[k] = -1;
	rx = udp_in(o->dst_netns, &rx_addr);
	if (rx < 0) {
		err = bl_err_errno(rx, "opening the probe receiver in '%s' failed", o->dst_netns);
		goto out;
	}
	r->dport = ntohs(rx_addr.sin_port);
	dst.sin_port = rx_addr.sin_port;
	err = open_flows(o, r, fds, &dst);
	if (err)
		goto out;
	r->start_us = next = bl_probe_now_us();
	for (;;) {
		now = bl_probe_now_us();
		if (now >= end_time(o, r->start_us))
			break;
		if (now >= next) {
			struct bl_watch_probe *p;
			struct wire w = { WATCH_MAGIC, (uint32_t)r->n_probes };
			unsigned flow = (unsigned)(r->n_probes % o->flows);
			void *grown = bl_grow(r->probes, r->n_probes, &cap, sizeof(*r->probes), 1024);

			if (!grown) {
				err = bl_err_errno(-ENOMEM, "recording probes failed");
				goto out;
			}
			r->probes = grown;
			p = &r->probes[r->n_probes++];
			*p = (struct bl_watch_probe){ .sent_us = now - r->start_us,
						      .flow = (uint8_t)flow,
						      .flow_seq = (uint32_t)(r->flows[flow].sent++) };
			/* A send the kernel refuses (no route) is a lost probe. */
			(void)sendto(fds[flow], &w, sizeof(w), MSG_DONTWAIT, (struct sockaddr *)&dst,
				     sizeof(dst));
			r->end_us = p->sent_us;
			next += period;
			continue;
		}
		struct pollfd pfd = { .fd = rx, .events = POLLIN };
		uint64_t wait = next - now;

		if (poll(&pfd, 1, (int)(wait / 1000)) > 0)
			take_arrivals(rx, r);
	}
	/* Late arrivals. */
	for (uint64_t until = bl_probe_now_us() + WATCH_GRACE_US; (now = bl_probe_now_us()) < until;) {
		struct pollfd pfd = { .fd = rx, .events = POLLIN };

		if (poll(&pfd, 1, (int)((until - now) / 1000) + 1) > 0)
			take_arrivals(rx, r);
	}
	for (unsigned k = 0; k < r->n_flows; k++)
		r->flows[k].sent = 0; /* counted again, with the deliveries */
	summarise(r);
out:
	for (unsigned k = 0; k < BL_WATCH_MAX_FLOWS; k++)
		if (fds[k] >= 0)
			close(fds[k]);
	if (rx >= 0)
		close(rx);
	if (err)
		bl_watch_result_free(r);
	return err;
}

void bl_watch_result_free(struct bl_watch_result *r)
{
	free(r->probes);
	r->probes = NULL;
	r->n_probes = 0;
}

void bl_watch_interval(const struct bl_watch_result *r, uint64_t from_us, uint64_t to_us,
		       struct bl_watch_interval *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->n_probes; i++) {
		const struct bl_watch_probe *p = &r->probes[i];

		if (p->sent_us < from_us || p->sent_us >= to_us)
			continue;
		out->sent++;
		if (p->delivered)
			out->delivered++;
		else
			out->lost_per_flow[p->flow]++;
	}
}
