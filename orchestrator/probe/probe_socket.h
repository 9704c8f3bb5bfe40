/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the traceroute and the ping share: sockets born in a namespace,
 * a clock, and the parsing of received ICMP messages. */
#ifndef BL_PROBE_SOCKET_H
#define BL_PROBE_SOCKET_H

#include <stddef.h>
#include <stdint.h>

#include "topology/topology.h"

/* Create a socket inside the namespace called netns; returns the fd or
 * -errno. */
int bl_probe_socket_in(const char *netns, int domain, int type, int protocol);

uint64_t bl_probe_now_us(void);

/* One received ICMP message, with the packet it quotes when it is an error. */
struct bl_icmp_seen {
	bl_addr from;
	uint8_t type;
	uint8_t code;
	uint16_t echo_id;        /* echo replies */
	uint16_t echo_seq;
	bool quotes_udp;         /* errors quoting a UDP datagram */
	bool quotes_icmp_echo;   /* errors quoting an echo request */
	bl_addr quoted_dst;
	uint16_t quoted_sport;   /* UDP source port, or echo id */
	uint16_t quoted_seq;     /* echo seq */
	uint16_t quoted_udp_len; /* UDP length field: the traceroute's TTL tag */
};

/* Parse what a raw IPPROTO_ICMP socket returned (IP header included);
 * -EBADMSG when it is too short or not ICMP. */
int bl_icmp_parse(const uint8_t *pkt, size_t len, struct bl_icmp_seen *out);

/* Hand every ICMP message fd receives to take until deadline_us passes or
 * take returns true (done). 0, or -errno when waiting fails. */
typedef bool (*bl_icmp_take_fn)(const struct bl_icmp_seen *seen, void *data);
int bl_probe_receive(int fd, uint64_t deadline_us, bl_icmp_take_fn take, void *data);

/* Wait until fd is readable or deadline_us passes: 1, 0 or -errno. */
int bl_probe_wait(int fd, uint64_t deadline_us);

#endif
