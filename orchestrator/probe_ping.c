// SPDX-License-Identifier: GPL-2.0-or-later
/* ICMP echo from inside a namespace, on a raw socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "orchestrator/probe.h"
#include "orchestrator/probe_socket.h"

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
	uint8_t pkt[sizeof(struct icmphdr) + 32] = { 0 };
	struct icmphdr hdr = { .type = ICMP_ECHO };

	hdr.un.echo.id = htons(run->id);
	hdr.un.echo.sequence = htons(seq);
	memcpy(pkt, &hdr, sizeof(hdr));
	memcpy(pkt + sizeof(hdr), "branchlab ping", 14);
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

static bool take_reply_cb(const struct bl_icmp_seen *seen, void *data)
{
	take_reply(data, seen);
	return false; /* replies to later requests may still come */
}

static int receive_until(struct ping_run *run, uint64_t deadline_us)
{
	return bl_probe_receive(run->fd, deadline_us, take_reply_cb, run);
}

int bl_probe_ping(const char *netns, bl_addr dst, unsigned count, unsigned interval_ms,
		  unsigned wait_ms, struct bl_ping_result *out)
{
	static unsigned calls;
	struct ping_run run = { .dst = dst };
	int r = 0;

	if (!count || count > PING_MAX_COUNT)
		return -EINVAL;
	/* A raw ICMP socket sees every echo reply in the namespace: an id of
	 * this process and call keeps ours apart from another ping's. */
	run.id = (uint16_t)(getpid() * 31u + ++calls);
	run.fd = bl_probe_socket_in(netns, AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (run.fd < 0)
		return run.fd;
	for (unsigned seq = 0; seq < count && r >= 0; seq++) {
		send_echo(&run, (uint16_t)seq);
		uint64_t until = bl_probe_now_us() +
				 (uint64_t)(seq + 1 < count ? interval_ms : wait_ms) * 1000u;
		r = receive_until(&run, until);
	}
	close(run.fd);
	if (r < 0)
		return r;
	if (run.result.received)
		run.result.rtt_avg_us = (uint32_t)(run.rtt_sum_us / run.result.received);
	*out = run.result;
	return 0;
}
