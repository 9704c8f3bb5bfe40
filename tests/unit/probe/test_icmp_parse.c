// SPDX-License-Identifier: GPL-2.0-or-later
/* The probe engine's reading of ICMP answers, from packets built here. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/udp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "probe/probe_socket.h"

static size_t put_ip(uint8_t *p, bl_addr src, bl_addr dst, uint8_t proto)
{
	struct iphdr ip = { .version = 4, .ihl = 5, .ttl = 64, .protocol = proto };

	ip.saddr = htonl(src);
	ip.daddr = htonl(dst);
	memcpy(p, &ip, sizeof(ip));
	return sizeof(ip);
}

/* An ICMP error from router quoting a UDP probe (src:sport -> dst). */
static size_t build_error(uint8_t *pkt, uint8_t type, uint8_t code, bl_addr router,
			  bl_addr dst, uint16_t sport)
{
	struct icmphdr icmp = { .type = type, .code = code };
	struct udphdr udp = { .source = htons(sport), .dest = htons(33434), .len = htons(27) };
	size_t n = put_ip(pkt, router, 0x0a000104, IPPROTO_ICMP);

	memcpy(pkt + n, &icmp, sizeof(icmp));
	n += sizeof(icmp);
	n += put_ip(pkt + n, 0x0a000104, dst, IPPROTO_UDP);
	memcpy(pkt + n, &udp, sizeof(udp));
	return n + sizeof(udp);
}

struct error_case {
	uint8_t type, code;
	uint16_t sport;
};

static const struct error_case error_cases[] = {
	{ ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 40000 },
	{ ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 40015 },
	{ ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 40003 },
};

static void errors_quote_the_probe(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		uint8_t pkt[128];
		size_t len = build_error(pkt, error_cases[i].type, error_cases[i].code,
					 0x0a00ff05, 0xc0a8010a, error_cases[i].sport);
		struct bl_icmp_seen seen;

		assert_int_equal(bl_icmp_parse(pkt, len, &seen), 0);
		assert_int_equal(seen.from, 0x0a00ff05);
		assert_int_equal(seen.type, error_cases[i].type);
		assert_int_equal(seen.code, error_cases[i].code);
		assert_true(seen.quotes_udp);
		assert_int_equal(seen.quoted_dst, 0xc0a8010a);
		assert_int_equal(seen.quoted_sport, error_cases[i].sport);
		assert_int_equal(seen.quoted_udp_len, 27); /* the TTL tag */
	}
}

static void echo_reply_carries_id_and_seq(void **state)
{
	uint8_t pkt[64];
	struct icmphdr icmp = { .type = ICMP_ECHOREPLY };
	struct bl_icmp_seen seen;
	size_t n = put_ip(pkt, 0xc0a8010a, 0x0a000104, IPPROTO_ICMP);

	(void)state;
	icmp.un.echo.id = htons(0x1234);
	icmp.un.echo.sequence = htons(7);
	memcpy(pkt + n, &icmp, sizeof(icmp));
	assert_int_equal(bl_icmp_parse(pkt, n + sizeof(icmp), &seen), 0);
	assert_int_equal(seen.echo_id, 0x1234);
	assert_int_equal(seen.echo_seq, 7);
	assert_false(seen.quotes_udp);
}

static void truncated_or_foreign_packets_are_refused(void **state)
{
	uint8_t pkt[128];
	size_t len = build_error(pkt, ICMP_TIME_EXCEEDED, 0, 1, 2, 40000);
	struct bl_icmp_seen seen;

	(void)state;
	assert_int_equal(bl_icmp_parse(pkt, 10, &seen), -EBADMSG);
	assert_int_equal(bl_icmp_parse(pkt, 22, &seen), -EBADMSG);
	/* A quote cut short is parsed, but names no probe. */
	assert_int_equal(bl_icmp_parse(pkt, len - 6, &seen), 0);
	assert_false(seen.quotes_udp);
	put_ip(pkt, 1, 2, IPPROTO_UDP);
	assert_int_equal(bl_icmp_parse(pkt, len, &seen), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_quote_the_probe),
		cmocka_unit_test(echo_reply_carries_id_and_seq),
		cmocka_unit_test(truncated_or_foreign_packets_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
