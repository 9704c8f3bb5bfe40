// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The probe engine against a real ECMP diamond in throwaway namespaces
 * (works on the host kernel: no IPsec needed):
 *
 *            10.99.1.0/30 ── ra ── 10.99.3.0/30
 *   src  <                                     >  dst (10.99.9.9/32 on lo)
 *            10.99.2.0/30 ── rb ── 10.99.4.0/30
 *
 * src reaches 10.99.9.9 over a two-nexthop multipath route. The test's own
 * setup uses iproute2 (the engine under test does not).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <errno.h>

#include "probe/probe.h"

#define NS_PREFIX "blt-probe-"

static const char *const setup_script[] = {
	"ip netns add " NS_PREFIX "src",
	"ip netns add " NS_PREFIX "ra",
	"ip netns add " NS_PREFIX "rb",
	"ip netns add " NS_PREFIX "dst",
	"ip -n " NS_PREFIX "src link add name a type veth peer name s netns " NS_PREFIX "ra",
	"ip -n " NS_PREFIX "src link add name b type veth peer name s netns " NS_PREFIX "rb",
	"ip -n " NS_PREFIX "dst link add name a type veth peer name d netns " NS_PREFIX "ra",
	"ip -n " NS_PREFIX "dst link add name b type veth peer name d netns " NS_PREFIX "rb",
	"ip -n " NS_PREFIX "src addr add 10.99.1.1/30 dev a",
	"ip -n " NS_PREFIX "src addr add 10.99.2.1/30 dev b",
	"ip -n " NS_PREFIX "ra addr add 10.99.1.2/30 dev s",
	"ip -n " NS_PREFIX "rb addr add 10.99.2.2/30 dev s",
	"ip -n " NS_PREFIX "ra addr add 10.99.3.1/30 dev d",
	"ip -n " NS_PREFIX "rb addr add 10.99.4.1/30 dev d",
	"ip -n " NS_PREFIX "dst addr add 10.99.3.2/30 dev a",
	"ip -n " NS_PREFIX "dst addr add 10.99.4.2/30 dev b",
	"ip -n " NS_PREFIX "dst addr add 10.99.9.9/32 dev lo",
	"for n in src ra rb dst; do ip -n " NS_PREFIX "$n link set lo up; "
	"for i in a b s d; do ip -n " NS_PREFIX "$n link set dev $i up 2>/dev/null; done; "
	"ip netns exec " NS_PREFIX "$n sysctl -qw net.ipv4.ip_forward=1 "
	"net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 "
	"net.ipv4.icmp_ratelimit=0 net.ipv4.fib_multipath_hash_policy=1; done",
	"ip -n " NS_PREFIX "src route add 10.99.9.9/32 nexthop via 10.99.1.2 nexthop via 10.99.2.2",
	"ip -n " NS_PREFIX "ra route add 10.99.9.9/32 via 10.99.3.2",
	"ip -n " NS_PREFIX "rb route add 10.99.9.9/32 via 10.99.4.2",
	"ip -n " NS_PREFIX "dst route add 10.99.1.0/30 via 10.99.3.1",
	"ip -n " NS_PREFIX "dst route add 10.99.2.0/30 via 10.99.4.1",
};

static void teardown_namespaces(void)
{
	(void)!system("for n in src ra rb dst; do ip netns del " NS_PREFIX "$n 2>/dev/null; done");
}

static int setup_diamond(void **state)
{
	(void)state;
	teardown_namespaces();
	for (size_t i = 0; i < sizeof(setup_script) / sizeof(setup_script[0]); i++) {
		if (system(setup_script[i]) != 0) {
			fprintf(stderr, "setup failed: %s\n", setup_script[i]);
			return -1;
		}
	}
	return 0;
}

static int teardown_diamond(void **state)
{
	(void)state;
	teardown_namespaces();
	return 0;
}

static bl_addr addr(const char *text)
{
	bl_addr a = 0;

	assert_int_equal(bl_addr_parse(text, &a), 0);
	return a;
}

/* Every flow reaches dst in two hops; together they use both routers. */
static void trace_finds_both_ecmp_paths(void **state)
{
	struct bl_probe_path paths[16];
	struct bl_trace_opts opts;
	unsigned via_ra = 0, via_rb = 0;

	(void)state;
	bl_trace_opts_default(&opts);
	assert_int_equal(bl_probe_trace(NS_PREFIX "src", addr("10.99.9.9"), &opts, paths), 0);
	for (unsigned i = 0; i < opts.flows; i++) {
		assert_int_equal(paths[i].end, BL_PROBE_REACHED);
		assert_int_equal(paths[i].n_hops, 2);
		assert_int_equal(paths[i].hops[1].from, addr("10.99.9.9"));
		via_ra += paths[i].hops[0].from == addr("10.99.1.2");
		via_rb += paths[i].hops[0].from == addr("10.99.2.2");
	}
	assert_int_equal(via_ra + via_rb, opts.flows);
	assert_true(via_ra > 0);
	assert_true(via_rb > 0);
}

/* The same flow (same source port) takes the same path every time. */
static void trace_is_stable_per_flow(void **state)
{
	struct bl_probe_path first[8], again[8];
	struct bl_trace_opts opts;

	(void)state;
	bl_trace_opts_default(&opts);
	opts.flows = 8;
	assert_int_equal(bl_probe_trace(NS_PREFIX "src", addr("10.99.9.9"), &opts, first), 0);
	assert_int_equal(bl_probe_trace(NS_PREFIX "src", addr("10.99.9.9"), &opts, again), 0);
	for (unsigned i = 0; i < opts.flows; i++)
		assert_int_equal(first[i].hops[0].from, again[i].hops[0].from);
}

static void trace_without_route_says_so(void **state)
{
	struct bl_probe_path paths[2];
	struct bl_trace_opts opts;

	(void)state;
	bl_trace_opts_default(&opts);
	opts.flows = 2;
	assert_int_equal(bl_probe_trace(NS_PREFIX "src", addr("10.99.77.7"), &opts, paths), 0);
	assert_int_equal(paths[0].end, BL_PROBE_NO_ROUTE);
	assert_int_equal(paths[0].n_hops, 0);
}

static void trace_in_missing_namespace_fails(void **state)
{
	struct bl_probe_path paths[1];
	struct bl_trace_opts opts;

	(void)state;
	bl_trace_opts_default(&opts);
	opts.flows = 1;
	assert_int_equal(bl_probe_trace(NS_PREFIX "nope", addr("10.99.9.9"), &opts, paths),
			 -ENOENT);
}

static void ping_counts_replies_and_loss(void **state)
{
	struct bl_ping_result ok, lost;

	(void)state;
	assert_int_equal(bl_probe_ping(NS_PREFIX "src", addr("10.99.9.9"), 4, 50, 500, &ok), 0);
	assert_int_equal(ok.sent, 4);
	assert_int_equal(ok.received, 4);
	assert_true(ok.rtt_min_us <= ok.rtt_avg_us && ok.rtt_avg_us <= ok.rtt_max_us);
	/* ra knows 10.99.9.9 only: a ping to an address behind nobody is lost. */
	assert_int_equal(bl_probe_ping(NS_PREFIX "ra", addr("10.99.2.1"), 2, 50, 300, &lost), 0);
	assert_int_equal(lost.sent, 2);
	assert_int_equal(lost.received, 0);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* 200 pings side by side (two windows), many from one namespace: each
 * counts only its own replies, a lost one waits its wait_ms, a missing
 * namespace fails alone, and answered windows end before their wait. */
static void ping_many_keeps_runs_apart(void **state)
{
	enum { N = 2 * BL_PING_WINDOW - 56 };
	static struct bl_ping_job jobs[N];
	static const char *const dsts[] = { "10.99.9.9", "10.99.1.2", "10.99.2.2" };
	uint64_t t0;

	(void)state;
	for (size_t i = 0; i < N; i++)
		jobs[i] = (struct bl_ping_job){ .netns = NS_PREFIX "src", .dst = addr(dsts[i % 3]) };
	t0 = now_ms();
	assert_int_equal(bl_probe_ping_many(jobs, N, 3, 50, 5000), 0);
	/* Two windows of 3 x 50 ms and their answers: far less than the
	 * 2 x 5 s they would take if each waited out its wait_ms. */
	assert_true(now_ms() - t0 < 5000);
	for (size_t i = 0; i < N; i++) {
		assert_int_equal(jobs[i].error, 0);
		assert_int_equal(jobs[i].result.sent, 3);
		assert_int_equal(jobs[i].result.received, 3);
	}
	jobs[0] = (struct bl_ping_job){ .netns = NS_PREFIX "nope", .dst = addr("10.99.9.9") };
	jobs[1] = (struct bl_ping_job){ .netns = NS_PREFIX "ra", .dst = addr("10.99.2.1") };
	jobs[2] = (struct bl_ping_job){ .netns = NS_PREFIX "dst", .dst = addr("10.99.1.2") };
	assert_int_equal(bl_probe_ping_many(jobs, 3, 2, 50, 300), 0);
	assert_int_equal(jobs[0].error, -ENOENT);
	assert_int_equal(jobs[1].error, 0);
	assert_int_equal(jobs[1].result.received, 0);
	assert_int_equal(jobs[2].result.received, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(trace_finds_both_ecmp_paths),
		cmocka_unit_test(trace_is_stable_per_flow),
		cmocka_unit_test(trace_without_route_says_so),
		cmocka_unit_test(trace_in_missing_namespace_fails),
		cmocka_unit_test(ping_counts_replies_and_loss),
		cmocka_unit_test(ping_many_keeps_runs_apart),
	};

	if (geteuid() != 0) {
		fprintf(stderr, "itest_probe: needs root (namespaces); skipped\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, setup_diamond, teardown_diamond);
}
