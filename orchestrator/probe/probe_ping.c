// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMP echo from inside a namespace, on a raw socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe/probe.h"
#include "probe/probe_socket.h"

#define PING_MAX_COUNT 1000

struct ping_run {
	int fd;
	bl_addr dst;
	uint16_t id;
	uint64_t sent_us[PING_MAX_COUNT];
	bool answered[PING_MAX_COUNT];
	uint64_t rtt_sum_us;
	struct bl_ping_result result;
};

static uint16_t icmp_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static void send_echo(struct ping_run *run, uint16_t seq)
{
	struct sockaddr_in dst = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(run->dst) };
	static const char mark[] = "branchlab ping";
	uint8_t pkt[sizeof(struct icmphdr) + 32] = { 0 };
	struct icmphdr hdr = { .type = ICMP_ECHO };

	hdr.un.echo.id = htons(run->id);
	hdr.un.echo.sequence = htons(seq);
	memcpy(pkt, &hdr, sizeof(hdr));
	memcpy(pkt + sizeof(hdr), mark, sizeof(mark) - 1);
	hdr.checksum = icmp_checksum(pkt, sizeof(pkt));
	memcpy(pkt, &hdr, sizeof(hdr));
	run->sent_us[seq] = bl_probe_now_us();
	run->result.sent++;
	/* A send that fails (no route at the source) is simply a lost probe. */
	(void)sendto(run->fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&dst, sizeof(dst));
}

static void take_reply(struct ping_run *run, const struct bl_icmp_seen *seen)
{
	struct bl_ping_result *res = &run->result;
	uint32_t rtt;

	if (seen->type != ICMP_ECHOREPLY) {
		if (seen->quotes_icmp_echo && seen->quoted_sport == run->id)
			res->errors++;
		return;
	}
	if (seen->echo_id != run->id || seen->from != run->dst ||
	    seen->echo_seq >= res->sent || run->answered[seen->echo_seq])
		return;
	run->answered[seen->echo_seq] = true;
	rtt = (uint32_t)(bl_probe_now_us() - run->sent_us[seen->echo_seq]);
	if (!res->received || rtt < res->rtt_min_us)
		res->rtt_min_us = rtt;
	if (rtt > res->rtt_max_us)
		res->rtt_max_us = rtt;
	run->rtt_sum_us += rtt;
	res->received++;
}

/* Read everything waiting on a run's socket. */
static void drain(struct ping_run *run)
{
	uint8_t pkt[1500];
	struct bl_icmp_seen seen;
	ssize_t n;

	while ((n = recv(run->fd, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0)
		if (bl_icmp_parse(pkt, (size_t)n, &seen) == 0)
			take_reply(run, &seen);
}

static bool all_answered(const struct ping_run *runs, size_t n, unsigned count)
{
	for (size_t i = 0; i < n; i++)
		if (runs[i].fd >= 0 && runs[i].result.received < count)
			return false;
	return true;
}

/* Take replies on every open socket until deadline_us, or until every
 * echo of every run is answered when the last ones have been sent. */
static int receive_window(struct ping_run *runs, size_t n, unsigned count, bool last,
			  uint64_t deadline_us)
{
	struct pollfd pfds[BL_PING_WINDOW];
	size_t of[BL_PING_WINDOW], m = 0;

	for (size_t i = 0; i < n; i++)
		if (runs[i].fd >= 0) {
			pfds[m] = (struct pollfd){ .fd = runs[i].fd, .events = POLLIN };
			of[m++] = i;
		}
	for (;;) {
		uint64_t now = bl_probe_now_us();
		int r;

		if (now >= deadline_us || (last && all_answered(runs, n, count)))
			return 0;
		r = poll(pfds, m, (int)((deadline_us - now + 999) / 1000));
		if (r < 0 && errno != EINTR)
			return -errno;
		for (size_t k = 0; r > 0 && k < m; k++)
			if (pfds[k].revents & POLLIN)
				drain(&runs[of[k]]);
	}
}

static void open_window(struct bl_ping_job *jobs, struct ping_run *runs, size_t n)
{
	/* A raw ICMP socket sees every echo reply in its namespace, and one
	 * namespace may ping many destinations at once: an id per run keeps
	 * each run's replies apart (and from another process's). */
	static unsigned calls;

	for (size_t i = 0; i < n; i++) {
		memset(&runs[i], 0, sizeof(runs[i]));
		runs[i].dst = jobs[i].dst;
		runs[i].id = (uint16_t)(getpid() * 31u + ++calls);
		runs[i].fd = bl_probe_socket_in(jobs[i].netns, AF_INET, SOCK_RAW, IPPROTO_ICMP);
		jobs[i].error = runs[i].fd < 0 ? runs[i].fd : 0;
	}
}

static int ping_window(struct bl_ping_job *jobs, struct ping_run *runs, size_t n,
		       unsigned count, unsigned interval_ms, unsigned wait_ms)
{
	int r = 0;

	open_window(jobs, runs, n);
	for (unsigned seq = 0; seq < count && r >= 0; seq++) {
		bool last = seq + 1 == count;

		for (size_t i = 0; i < n; i++)
			if (runs[i].fd >= 0)
				send_echo(&runs[i], (uint16_t)seq);
		r = receive_window(runs, n, count, last,
				   bl_probe_now_us() + (uint64_t)(last ? wait_ms : interval_ms) * 1000u);
	}
	for (size_t i = 0; i < n; i++) {
		struct bl_ping_result *res = &runs[i].result;

		if (runs[i].fd < 0)
			continue;
		close(runs[i].fd);
		if (r < 0)
			jobs[i].error = r;
		if (res->received)
			res->rtt_avg_us = (uint32_t)(runs[i].rtt_sum_us / res->received);
		jobs[i].result = *res;
	}
	return r;
}

int bl_probe_ping_many(struct bl_ping_job *jobs, size_t n, unsigned count,
		       unsigned interval_ms, unsigned wait_ms)
{
	struct ping_run *runs;

	if (!count || count > PING_MAX_COUNT)
		return -EINVAL;
	runs = calloc(n < BL_PING_WINDOW ? n + 1 : BL_PING_WINDOW, sizeof(*runs));
	if (!runs)
		return -ENOMEM;
	for (size_t first = 0; first < n; first += BL_PING_WINDOW) {
		size_t w = n - first < BL_PING_WINDOW ? n - first : BL_PING_WINDOW;

		/* A failed wait is each job's error; the next window may work. */
		(void)ping_window(jobs + first, runs, w, count, interval_ms, wait_ms);
	}
	free(runs);
	return 0;
}

int bl_probe_ping(const char *netns, bl_addr dst, unsigned count, unsigned interval_ms,
		  unsigned wait_ms, struct bl_ping_result *out)
{
	struct bl_ping_job job = { .netns = netns, .dst = dst };
	int r = bl_probe_ping_many(&job, 1, count, interval_ms, wait_ms);

	if (r < 0)
		return r;
	if (job.error < 0)
		return job.error;
	*out = job.result;
	return 0;
}
