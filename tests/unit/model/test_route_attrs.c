// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Interned route attributes: within one model, rows with equal AS paths
 * (next-hop sets) share one stored copy, and bl_model_size() counts what
 * the tables hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "tests/unit/model_fixtures.h"

static const char *const nodes[] = {
	"vpngw-in0", "vpngw-in1", "ergw-in0", "rras-a", "rras-c", "msee-b", "ce-b", "vm1",
};

#define N_NODES (sizeof(nodes) / sizeof(nodes[0]))

static bool same_path(const struct bl_as_path *a, const struct bl_as_path *b)
{
	return a->len == b->len && !memcmp(a->asn, b->asn, a->len * sizeof(a->asn[0]));
}

static bool same_hops(const struct bl_next_hops *a, const struct bl_next_hops *b)
{
	return a->n == b->n && !memcmp(a->hop, b->hop, a->n * sizeof(a->hop[0]));
}

/* Two sites and a circuit: the same paths and hops appear on many nodes. */
static struct bl_model *two_sites(struct mfx *f)
{
	mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
	mfx_site(f, 1, "c");
	return mfx_compute(f);
}

static void equal_attributes_share_one_copy(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m = two_sites(f);
	const struct bl_route *a, *b;
	size_t na, nb, equal_paths = 0;

	(void)state;
	for (size_t i = 0; i < N_NODES; i++) {
		assert_int_equal(bl_model_table(m, nodes[i], &a, &na), 0);
		for (size_t j = 0; j < N_NODES; j++) {
			assert_int_equal(bl_model_table(m, nodes[j], &b, &nb), 0);
			for (size_t x = 0; x < na; x++)
				for (size_t y = 0; y < nb; y++) {
					assert_int_equal(same_path(a[x].as_path, b[y].as_path),
							 a[x].as_path == b[y].as_path);
					assert_int_equal(same_hops(a[x].hops, b[y].hops),
							 a[x].hops == b[y].hops);
					equal_paths += i != j && a[x].as_path == b[y].as_path &&
						       a[x].as_path->len;
				}
		}
	}
	/* Not vacuous: some non-empty path is on two nodes. */
	assert_true(equal_paths > 0);
	bl_model_free(m);
	mfx_free(f);
}

static void size_counts_the_tables(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m = two_sites(f);
	struct bl_model_size s;
	const struct bl_route *rows;
	const struct bl_kernel_route *k;
	size_t n, rows_seen = 0, kernel_seen = 0;

	(void)state;
	bl_model_size(m, &s);
	for (size_t i = 0; i < N_NODES; i++) {
		assert_int_equal(bl_model_table(m, nodes[i], &rows, &n), 0);
		rows_seen += n;
		assert_int_equal(bl_model_kernel_routes(m, nodes[i], &k, &n), 0);
		kernel_seen += n;
	}
	/* Every node of this lab is listed above, the Route Server aside
	 * (it has a table but no kernel routes). */
	assert_int_equal(bl_model_table(m, "routeserver", &rows, &n), 0);
	rows_seen += n;
	assert_int_equal(s.nodes, N_NODES + 1);
	assert_int_equal(s.rows, rows_seen);
	assert_int_equal(s.kernel_routes, kernel_seen);
	assert_int_equal(s.rounds, bl_model_rounds(m));
	assert_true(s.stored_rows > 0 && s.paths > 1 && s.hop_sets > 1);
	bl_model_free(m);
	mfx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(equal_attributes_share_one_copy),
		cmocka_unit_test(size_counts_the_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
