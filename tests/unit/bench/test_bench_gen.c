// SPDX-License-Identifier: GPL-2.0-or-later
/* The benchmark's N-site generator writes topologies that load, validate
 * and plan, with the shape it promises. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "plan/plan.h"
#include "topology/topology_internal.h"
#include "tests/bench/gen_sites.h"

/* A generated lab, loaded: the N-site lab (er false) with expect reach
 * expectations, or the ExpressRoute-only lab of n circuits with its own. */
static struct bl_topology *generate_any(bool er, unsigned n, unsigned expect)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	struct bl_topology *t = NULL;

	assert_non_null(out);
	assert_int_equal(er ? bench_write_er_topology(out, "er", n, true)
			    : bench_write_topology(out, "bench", n, expect), 0);
	fclose(out);
	assert_int_equal(bl_topology_parse("gen.yaml", text, size, stderr, &t), 0);
	free(text);
	return t;
}

static struct bl_topology *generate(unsigned n, unsigned expect)
{
	return generate_any(false, n, expect);
}

static void loads_with_its_shape(unsigned n)
{
	struct bench_shape s = bench_shape_of(n);
	struct bl_topology *t = generate(n, 0);
	struct bl_plan *plan = NULL;

	assert_int_equal(s.vpn_sites + s.er_circuits, n);
	assert_int_equal(t->n_vpn_sites, s.vpn_sites);
	assert_int_equal(t->n_er_circuits, s.er_circuits);
	assert_int_equal(t->n_spokes, s.spokes);
	assert_int_equal(bl_plan_new(t, &plan), 0);
	/* Two tunnels per VPN site: one to each gateway instance. */
	assert_int_equal(plan->n_tunnels, 2 * s.vpn_sites);
	bl_plan_free(plan);
	bl_topology_free(t);
}

static void one_site(void **state)
{
	(void)state;
	loads_with_its_shape(1);
}

static void ten_sites(void **state)
{
	(void)state;
	loads_with_its_shape(10);
}

static void hundred_sites(void **state)
{
	(void)state;
	loads_with_its_shape(100);
	assert_false(bench_shape_of(100).relaxed);
}

/* 1000 sites exceed Azure's counts: the file relaxes them. */
static void thousand_sites_relaxed(void **state)
{
	(void)state;
	assert_true(bench_shape_of(1000).relaxed);
	loads_with_its_shape(1000);
}

static void expectations_for_every_pair(void **state)
{
	struct bl_topology *t = generate(10, BENCH_ALL_PAIRS);

	(void)state;
	assert_int_equal(t->n_expectations, 10 * 9);
	bl_topology_free(t);
}

static bool same_reach(const struct bl_expectation *a, const struct bl_expectation *b)
{
	return !strcmp(a->from, b->from) && !strcmp(a->to, b->to);
}

/* 100 sites' 9,900 pairs exceed 1024: the file relaxes the cap. A sample
 * of pairs is spread over every source, never a host to itself, never a
 * pair twice. */
static void expectations_past_the_cap_and_sampled(void **state)
{
	struct bl_topology *all = generate(100, BENCH_ALL_PAIRS);
	struct bl_topology *some = generate(1000, 500);
	size_t sources = 0;

	size_t unreachable = 0;

	(void)state;
	assert_int_equal(all->n_expectations, 100 * 99);
	/* The 10 ER sites' 90 pairs among themselves. */
	for (size_t i = 0; i < all->n_expectations; i++)
		unreachable += !all->expectations[i].positive;
	assert_int_equal(unreachable, 10 * 9);
	bl_topology_free(all);
	assert_int_equal(some->n_expectations, 500);
	for (size_t i = 0; i < some->n_expectations; i++) {
		const struct bl_expectation *e = &some->expectations[i];

		assert_string_not_equal(e->from, e->to);
		if (i > 0)
			assert_false(same_reach(e, &some->expectations[i - 1]));
		sources += i == 0 || strcmp(e->from, some->expectations[i - 1].from) != 0;
	}
	assert_int_equal(sources, 500);
	bl_topology_free(some);
}

/* A sample spreads its destinations too: 3000 pairs of 1000 sites reach
 * nearly every host, not the same few (a stride of all / k sent them to
 * three hosts, and their tunnels drowned in the benchmark). */
static void sampled_destinations_spread(void **state)
{
	struct bl_topology *t = generate(1000, 3000);
	static bool seen[1000];
	size_t distinct = 0;

	(void)state;
	assert_int_equal(t->n_expectations, 3000);
	for (size_t i = 0; i < t->n_expectations; i++) {
		const char *to = t->expectations[i].to;
		/* h0..h899, then eh0..eh99 */
		size_t host = to[0] == 'e' ? 900 + strtoul(to + 2, NULL, 10)
					   : strtoul(to + 1, NULL, 10);

		assert_true(host < 1000);
		distinct += !seen[host];
		seen[host] = true;
	}
	assert_true(distinct >= 990);
	bl_topology_free(t);
}

static void refuses_zero_and_too_many(void **state)
{
	FILE *out = fopen("/dev/null", "w");

	(void)state;
	assert_int_equal(bench_write_topology(out, "bench", 0, 0), -EINVAL);
	assert_int_equal(bench_write_topology(out, "bench", BENCH_MAX_SITES + 1, 0),
			 -EINVAL);
	fclose(out);
}

static struct bl_topology *generate_er(unsigned n)
{
	return generate_any(true, n, 0);
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* The ExpressRoute-only lab: n circuits, no VPN gateway and no tunnel (the
 * host kernel builds it without ESP), 2n reach checks each between a
 * circuit's host and a spoke VM; 17 and 256 circuits load only because
 * the file relaxes Azure's 16. */
static void er_only_labs(void **state)
{
	static const unsigned sizes[] = { 1, 16, 17, 256 };
	FILE *null = fopen("/dev/null", "w");

	(void)state;
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct bl_topology *t = generate_er(sizes[k]);
		struct bl_plan *plan = NULL;

		assert_int_equal(t->n_er_circuits, sizes[k]);
		assert_int_equal(t->n_vpn_sites, 0);
		assert_false(t->vpn_gateway.present);
		assert_int_equal(bl_plan_new(t, &plan), 0);
		assert_int_equal(plan->n_tunnels, 0);
		assert_int_equal(t->n_expectations, 2 * sizes[k]);
		for (size_t i = 0; i < t->n_expectations; i++) {
			const struct bl_expectation *e = &t->expectations[i];

			assert_true(e->positive);
			assert_true((starts_with(e->from, "eh") && starts_with(e->to, "vm-spoke")) ||
				    (starts_with(e->from, "vm-spoke") && starts_with(e->to, "eh")));
		}
		bl_plan_free(plan);
		bl_topology_free(t);
	}
	assert_int_equal(bench_write_er_topology(null, "er", 0, false), -EINVAL);
	assert_int_equal(bench_write_er_topology(null, "er", BENCH_MAX_ER_CIRCUITS + 1, false),
			 -EINVAL);
	fclose(null);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_site),
		cmocka_unit_test(ten_sites),
		cmocka_unit_test(hundred_sites),
		cmocka_unit_test(thousand_sites_relaxed),
		cmocka_unit_test(expectations_for_every_pair),
		cmocka_unit_test(expectations_past_the_cap_and_sampled),
		cmocka_unit_test(sampled_destinations_spread),
		cmocka_unit_test(refuses_zero_and_too_many),
		cmocka_unit_test(er_only_labs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
