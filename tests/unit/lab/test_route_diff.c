// SPDX-License-Identifier: GPL-2.0-or-later
/* The incremental push's diff (route_diff.c): one table row per case of
 * wanted routes against dumped ones, with the changes `up` must queue. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lab/route_diff.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define OURS BL_NL_RTPROT
#define KERNEL 2 /* RTPROT_KERNEL: connected routes */
#define BOOT 3   /* RTPROT_BOOT: `ip route add` by hand */

#define VIA(...) .n_nexthops = sizeof((uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t), \
	.nexthops = { VIA_HOPS(__VA_ARGS__) }
#define HOP(g) { .gateway = (g) }
#define VIA_HOPS(...) VIA_N(__VA_ARGS__, VIA3, VIA2, VIA1)(__VA_ARGS__)
#define VIA_N(_1, _2, _3, N, ...) N
#define VIA1(a) HOP(a)
#define VIA2(a, b) HOP(a), HOP(b)
#define VIA3(a, b, c) HOP(a), HOP(b), HOP(c)

#define GW0 A(10, 0, 255, 4)
#define GW1 A(10, 0, 255, 5)
#define GW2 A(10, 0, 255, 6)
#define SITE A(192, 168, 1, 0)
#define LAN A(172, 16, 0, 0)
#define HUB A(10, 0, 0, 0)

/* One expected change: the op and the prefix it concerns. */
struct change {
	enum bl_route_op op;
	uint32_t dst;
	uint8_t len;
};

struct diff_case {
	const char *name;
	struct bl_nl_route wanted[4];
	size_t n_wanted;
	struct bl_nl_route present[4];
	size_t n_present;
	struct change expect[4];
	size_t n_expect;
};

static const struct diff_case cases[] = {
	{ "same set: nothing",
	  { { SITE, 24, .protocol = OURS, VIA(GW0, GW1) },
	    { LAN, 16, .type = BL_NL_ROUTE_UNICAST, VIA(GW2) } }, 2,
	  /* The kernel reports the interface it chose and weight 1. */
	  { { LAN, 16, .protocol = OURS, .n_nexthops = 1,
	      .nexthops = { { .gateway = GW2, .ifindex = 2, .weight = 1 } } },
	    { SITE, 24, .protocol = OURS, VIA(GW0, GW1) } }, 2,
	  { { 0 } }, 0 },
	{ "ECMP order differs: nothing",
	  { { SITE, 24, VIA(GW0, GW1, GW2) } }, 1,
	  { { SITE, 24, .protocol = OURS, VIA(GW2, GW0, GW1) } }, 1,
	  { { 0 } }, 0 },
	{ "one next hop more: replace",
	  { { SITE, 24, VIA(GW0, GW1) } }, 1,
	  { { SITE, 24, .protocol = OURS, VIA(GW0) } }, 1,
	  { { BL_ROUTE_OP_REPLACE, SITE, 24 } }, 1 },
	{ "one next hop fewer: replace",
	  { { SITE, 24, VIA(GW1) } }, 1,
	  { { SITE, 24, .protocol = OURS, VIA(GW0, GW1) } }, 1,
	  { { BL_ROUTE_OP_REPLACE, SITE, 24 } }, 1 },
	{ "another next hop: replace",
	  { { SITE, 24, VIA(GW1) } }, 1,
	  { { SITE, 24, .protocol = OURS, VIA(GW0) } }, 1,
	  { { BL_ROUTE_OP_REPLACE, SITE, 24 } }, 1 },
	{ "blackhole wanted, unicast present: replace",
	  { { HUB, 8, .type = BL_NL_ROUTE_BLACKHOLE } }, 1,
	  { { HUB, 8, .protocol = OURS, VIA(GW0) } }, 1,
	  { { BL_ROUTE_OP_REPLACE, HUB, 8 } }, 1 },
	{ "unicast wanted, blackhole present: replace",
	  { { HUB, 8, VIA(GW0) } }, 1,
	  { { HUB, 8, .type = BL_NL_ROUTE_BLACKHOLE, .protocol = OURS } }, 1,
	  { { BL_ROUTE_OP_REPLACE, HUB, 8 } }, 1 },
	{ "missing: add",
	  { { SITE, 24, VIA(GW0) }, { LAN, 16, VIA(GW2) } }, 2,
	  { { SITE, 24, .protocol = OURS, VIA(GW0) } }, 1,
	  { { BL_ROUTE_OP_ADD, LAN, 16 } }, 1 },
	{ "stale: delete",
	  { { SITE, 24, VIA(GW0) } }, 1,
	  { { SITE, 24, .protocol = OURS, VIA(GW0) }, { LAN, 16, .protocol = OURS, VIA(GW2) } }, 2,
	  { { BL_ROUTE_OP_DELETE, LAN, 16 } }, 1 },
	{ "same prefix, another metric: add ours, delete the stale metric",
	  { { SITE, 24, VIA(GW0) } }, 1,
	  { { SITE, 24, .protocol = OURS, .metric = 100, VIA(GW0) } }, 1,
	  { { BL_ROUTE_OP_ADD, SITE, 24 }, { BL_ROUTE_OP_DELETE, SITE, 24 } }, 2 },
	{ "routes of other protocols are neither ours nor deleted",
	  { { SITE, 24, VIA(GW0) } }, 1,
	  { { SITE, 24, .protocol = BOOT, VIA(GW0) }, { HUB, 16, .protocol = KERNEL,
	      .n_nexthops = 1, .nexthops = { { .ifindex = 2 } } },
	    { LAN, 16, .protocol = BOOT, VIA(GW2) } }, 3,
	  { { BL_ROUTE_OP_ADD, SITE, 24 } }, 1 },
	{ "on-link: same interface nothing",
	  { { A(20, 0, 0, 10), 32, .n_nexthops = 1, .nexthops = { { .ifindex = 3 } } } }, 1,
	  { { A(20, 0, 0, 10), 32, .protocol = OURS, .n_nexthops = 1,
	      .nexthops = { { .ifindex = 3, .weight = 1 } } } }, 1,
	  { { 0 } }, 0 },
	{ "on-link: another interface replace",
	  { { A(20, 0, 0, 10), 32, .n_nexthops = 1, .nexthops = { { .ifindex = 3 } } } }, 1,
	  { { A(20, 0, 0, 10), 32, .protocol = OURS, .n_nexthops = 1,
	      .nexthops = { { .ifindex = 4 } } } }, 1,
	  { { BL_ROUTE_OP_REPLACE, A(20, 0, 0, 10), 32 } }, 1 },
	{ "nothing wanted, nothing ours: nothing",
	  { { 0 } }, 0,
	  { { HUB, 16, .protocol = KERNEL, .n_nexthops = 1, .nexthops = { { .ifindex = 2 } } } }, 1,
	  { { 0 } }, 0 },
};

static const struct bl_nl_route *changed_route(const struct bl_route_change *c)
{
	return c->op == BL_ROUTE_OP_DELETE ? c->present : c->wanted;
}

static void check_case(const struct diff_case *dc)
{
	struct bl_route_change got[8];
	struct bl_nl_route wanted[4], present[4];
	size_t n;

	memcpy(wanted, dc->wanted, sizeof(wanted));
	memcpy(present, dc->present, sizeof(present));
	bl_route_diff_sort(wanted, dc->n_wanted);
	bl_route_diff_sort(present, dc->n_present);
	n = bl_route_diff(wanted, dc->n_wanted, present, dc->n_present, OURS, got);

	if (n != dc->n_expect)
		fail_msg("%s: %zu changes, expected %zu", dc->name, n, dc->n_expect);
	for (size_t i = 0; i < n; i++) {
		const struct bl_nl_route *r = changed_route(&got[i]);

		if (got[i].op != dc->expect[i].op || r->dst != dc->expect[i].dst ||
		    r->dst_len != dc->expect[i].len)
			fail_msg("%s: change %zu is op %d on %08x/%u", dc->name, i, got[i].op,
				 r->dst, r->dst_len);
		/* A deletion names the protocol, so the kernel spares others. */
		if (got[i].op == BL_ROUTE_OP_DELETE && r->protocol != OURS)
			fail_msg("%s: deletes a route of protocol %u", dc->name, r->protocol);
	}
}

static void diff_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
}

static void replace_points_at_both_routes(void **state)
{
	(void)state;
	const struct bl_nl_route wanted = { SITE, 24, VIA(GW0, GW1) };
	const struct bl_nl_route present = { SITE, 24, .protocol = OURS, VIA(GW0) };
	struct bl_route_change got[2];

	assert_int_equal(bl_route_diff(&wanted, 1, &present, 1, OURS, got), 1);
	assert_ptr_equal(got[0].wanted, &wanted);
	assert_ptr_equal(got[0].present, &present);
}

/* A site router of 1000 sites: 2000 wanted routes against a dump in
 * another order with every 10th missing, every 7th on another gateway,
 * 50 stale routes of ours and 50 of the kernel's interleaved. */
#define BIG 2000
static void thousands_of_routes_in_any_order(void **state)
{
	static struct bl_nl_route wanted[BIG], present[BIG + 100];
	static struct bl_route_change got[2 * BIG + 100];
	size_t n_present = 0, n, counts[3] = { 0 }, want[3] = { 0 };

	(void)state;
	for (size_t i = 0; i < BIG; i++) {
		/* Out of order: i * 7919 mod BIG runs through every i. */
		uint32_t k = (uint32_t)(i * 7919 % BIG);

		wanted[i] = (struct bl_nl_route){ LAN + (k << 8), 24, VIA(GW0) };
		if (k % 10 == 0) {
			want[BL_ROUTE_OP_ADD]++;
			continue;
		}
		present[n_present] = wanted[i];
		present[n_present].protocol = OURS;
		if (k % 7 == 0) {
			present[n_present].nexthops[0].gateway = GW1;
			want[BL_ROUTE_OP_REPLACE]++;
		}
		n_present++;
	}
	for (uint32_t j = 0; j < 100; j++)
		present[n_present++] = (struct bl_nl_route){ LAN + ((BIG + j / 2) << 8), 24,
							     .protocol = j % 2 ? OURS : KERNEL,
							     VIA(GW2) };
	want[BL_ROUTE_OP_DELETE] = 50;
	bl_route_diff_sort(wanted, BIG);
	bl_route_diff_sort(present, n_present);
	n = bl_route_diff(wanted, BIG, present, n_present, OURS, got);
	for (size_t i = 0; i < n; i++)
		counts[got[i].op]++;
	assert_int_equal(counts[BL_ROUTE_OP_ADD], want[BL_ROUTE_OP_ADD]);
	assert_int_equal(counts[BL_ROUTE_OP_REPLACE], want[BL_ROUTE_OP_REPLACE]);
	assert_int_equal(counts[BL_ROUTE_OP_DELETE], want[BL_ROUTE_OP_DELETE]);
	for (size_t i = 0; i < n; i++)
		if (got[i].op == BL_ROUTE_OP_DELETE)
			assert_int_equal(got[i].present->protocol, OURS);
}

static void describe_names_type_and_hops(void **state)
{
	(void)state;
	const struct bl_nl_route ecmp = { SITE, 24, VIA(GW0, GW1) };
	const struct bl_nl_route hole = { HUB, 8, .type = BL_NL_ROUTE_BLACKHOLE };
	const struct bl_nl_route dev = { HUB, 8, .n_nexthops = 1, .nexthops = { { .ifindex = 3 } } };
	char buf[BL_ROUTE_DESC_LEN];

	assert_string_equal(bl_route_describe(&ecmp, buf, sizeof(buf)),
			    "via 10.0.255.4 via 10.0.255.5");
	assert_string_equal(bl_route_describe(&hole, buf, sizeof(buf)), "blackhole");
	assert_string_equal(bl_route_describe(&dev, buf, sizeof(buf)), "dev #3");
	assert_string_equal(bl_route_describe(NULL, buf, sizeof(buf)), "none");
	/* A short buffer truncates instead of overflowing. */
	assert_string_equal(bl_route_describe(&ecmp, buf, 8), "via 10.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diff_table),
		cmocka_unit_test(replace_points_at_both_routes),
		cmocka_unit_test(thousands_of_routes_in_any_order),
		cmocka_unit_test(describe_names_type_and_hops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
