// SPDX-License-Identifier: GPL-2.0-or-later
#include "probe/probe_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netlink/netns.h"

int bl_probe_socket_in(const char *netns, int domain, int type, int protocol)
{
	int ns_fd, saved, fd, r;

	r = bl_netns_open(netns, &ns_fd);
	if (r < 0)
		return r;
	r = bl_netns_enter(ns_fd, &saved);
	close(ns_fd);
	if (r < 0)
		return r;
	fd = socket(domain, type | SOCK_CLOEXEC, protocol);
	if (fd < 0)
		fd = -errno;
	r = bl_netns_leave(saved);
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		return r;
	}
	return fd;
}

uint64_t bl_probe_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int bl_probe_wait(int fd, uint64_t deadline_us)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	for (;;) {
		uint64_t now = bl_probe_now_us();
		int r;

		if (now >= deadline_us)
			return 0;
		r = poll(&pfd, 1, (int)((deadline_us - now + 999) / 1000));
		/* A signal ends no wait early: poll again for the time left. */
		if (r >= 0 || errno != EINTR)
			return r < 0 ? -errno : r > 0;
	}
}

/* The quoted packet of an ICMP error: its IP header and first 8 bytes. */
static void parse_quoted(const uint8_t *q, size_t len, struct bl_icmp_seen *out)
{
	struct iphdr ip;
	size_t ihl;

	if (len < sizeof(ip))
		return;
	memcpy(&ip, q, sizeof(ip));
	ihl = (size_t)ip.ihl * 4;
	if (ihl < sizeof(ip) || len < ihl + 8)
		return;
	out->quoted_dst = ntohl(ip.daddr);
	if (ip.protocol == IPPROTO_UDP) {
		struct udphdr udp;

		memcpy(&udp, q + ihl, sizeof(udp));
		out->quotes_udp = true;
		out->quoted_sport = ntohs(udp.source);
		out->quoted_udp_len = ntohs(udp.len);
	} else if (ip.protocol == IPPROTO_ICMP && q[ihl] == ICMP_ECHO) {
		struct icmphdr icmp;

		memcpy(&icmp, q + ihl, sizeof(icmp));
		out->quotes_icmp_echo = true;
		out->quoted_sport = ntohs(icmp.un.echo.id);
		out->quoted_seq = ntohs(icmp.un.echo.sequence);
	}
}

int bl_icmp_parse(const uint8_t *pkt, size_t len, struct bl_icmp_seen *out)
{
	struct bl_icmp_seen seen = { 0 };
	struct icmphdr icmp;
	struct iphdr ip;
	size_t ihl;

	if (len < sizeof(ip))
		return -EBADMSG;
	memcpy(&ip, pkt, sizeof(ip));
	ihl = (size_t)ip.ihl * 4;
	if (ip.protocol != IPPROTO_ICMP || ihl < sizeof(ip) || len < ihl + sizeof(icmp))
		return -EBADMSG;
	memcpy(&icmp, pkt + ihl, sizeof(icmp));
	seen.from = ntohl(ip.saddr);
	seen.type = icmp.type;
	seen.code = icmp.code;
	if (icmp.type == ICMP_ECHOREPLY) {
		seen.echo_id = ntohs(icmp.un.echo.id);
		seen.echo_seq = ntohs(icmp.un.echo.sequence);
	} else if (icmp.type == ICMP_TIME_EXCEEDED || icmp.type == ICMP_DEST_UNREACH) {
		parse_quoted(pkt + ihl + sizeof(icmp), len - ihl - sizeof(icmp), &seen);
	}
	*out = seen;
	return 0;
}

int bl_probe_receive(int fd, uint64_t deadline_us, bl_icmp_take_fn take, void *data)
{
	uint8_t pkt[1500];

	for (;;) {
		struct bl_icmp_seen seen;
		int r = bl_probe_wait(fd, deadline_us);
		ssize_t n;

		if (r <= 0)
			return r;
		n = recv(fd, pkt, sizeof(pkt), MSG_DONTWAIT);
		if (n > 0 && bl_icmp_parse(pkt, (size_t)n, &seen) == 0 && take(&seen, data))
			return 0;
	}
}
