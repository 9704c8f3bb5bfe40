// SPDX-License-Identifier: GPL-2.0-or-later
/* The state directory, manifest and keys file, in a temporary root
 * ($BRANCHLAB_STATE_DIR) so no root is needed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lab/lab_state.h"
#include "tests/unit/plan_fixtures.h"
#include "tests/unit/state_root_fixture.h"

static struct bl_plan *reference_plan(void)
{
	struct bl_topology t;
	struct bl_plan *p = NULL;

	fx_reference(&t);
	assert_int_equal(bl_plan_new(&t, &p), 0);
	return p;
}

static mode_t mode_of(const char *lab, const char *file)
{
	char path[4096];
	struct stat st;

	bl_state_path(lab, file, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 0777;
}

/* The manifest lists every namespace of the plan; down relies on it. */
static void manifest_round_trip(void **state)
{
	struct bl_plan *p = reference_plan();
	struct bl_manifest *m = NULL;
	char (*labs)[BL_NAME_BUF] = NULL;
	size_t n = 0;
	bool created = false;

	(void)state;
	assert_int_equal(bl_manifest_read("ref", &m), -ENOENT);
	assert_null(m);
	assert_int_equal(bl_state_create("ref", &created), 0);
	assert_true(created);
	assert_int_equal(mode_of("ref", NULL), 0700);
	assert_int_equal(bl_manifest_write(p, "/some/where/ref.yaml", NULL), 0);
	assert_int_equal(bl_manifest_read("ref", &m), 0);
	assert_string_equal(m->lab, "ref");
	assert_string_equal(m->topology, "/some/where/ref.yaml");
	assert_int_equal(m->n_netns, p->n_nodes);
	for (size_t i = 0; i < p->n_nodes; i++)
		assert_true(bl_manifest_has_netns(m, p->nodes[i].netns));
	assert_false(bl_manifest_has_netns(m, "ref-unrelated"));
	assert_int_equal(bl_labs_list(&labs, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(labs[0], "ref");
	free(labs);
	bl_manifest_free(m);
	bl_manifest_free(NULL);
	assert_int_equal(bl_state_create("ref", &created), 0);
	assert_false(created);
	assert_int_equal(bl_state_remove("ref"), 0);
	assert_int_equal(bl_manifest_read("ref", &m), -ENOENT);
	bl_plan_free(p);
}

/* A converging up with a smaller topology keeps the dropped node's
 * namespace listed, so down still removes it. */
static void manifest_keeps_previous(void **state)
{
	struct bl_plan *p = reference_plan();
	struct bl_manifest *old = NULL, *m = NULL;
	bool created;

	(void)state;
	assert_int_equal(bl_state_create("ref", &created), 0);
	assert_int_equal(bl_manifest_write(p, "/a.yaml", NULL), 0);
	assert_int_equal(bl_manifest_read("ref", &old), 0);
	strcpy(old->netns[0], "ref-gone");
	assert_int_equal(bl_manifest_write(p, "/b.yaml", old), 0);
	assert_int_equal(bl_manifest_read("ref", &m), 0);
	assert_int_equal(m->n_netns, p->n_nodes + 1);
	assert_true(bl_manifest_has_netns(m, "ref-gone"));
	assert_string_equal(m->topology, "/b.yaml");
	bl_manifest_free(old);
	bl_manifest_free(m);
	assert_int_equal(bl_state_remove("ref"), 0);
	bl_plan_free(p);
}

/* Keys: random, 0600, and the same on the next load (up twice). */
static void keys_stable_and_private(void **state)
{
	struct bl_plan *p = reference_plan();
	struct bl_keys *k1 = NULL, *k2 = NULL;
	const struct bl_tunnel_keys *a, *b;
	bool created;

	(void)state;
	assert_int_equal(bl_state_create("ref", &created), 0);
	assert_int_equal(bl_keys_load(p, &k1), 0);
	assert_int_equal(mode_of("ref", "keys"), 0600);
	assert_int_equal(bl_keys_load(p, &k2), 0);
	for (size_t i = 0; i < p->n_tunnels; i++) {
		a = bl_keys_find(k1, p->tunnels[i].if_id);
		b = bl_keys_find(k2, p->tunnels[i].if_id);
		assert_non_null(a);
		assert_non_null(b);
		assert_memory_equal(a->to_gw, b->to_gw, BL_KEY_BYTES);
		assert_memory_equal(a->to_site, b->to_site, BL_KEY_BYTES);
		assert_memory_not_equal(a->to_gw, a->to_site, BL_KEY_BYTES);
	}
	a = bl_keys_find(k1, p->tunnels[0].if_id);
	b = bl_keys_find(k1, p->tunnels[1].if_id);
	assert_memory_not_equal(a->to_gw, b->to_gw, BL_KEY_BYTES);
	assert_null(bl_keys_find(k1, 999));
	bl_keys_free(k1);
	bl_keys_free(k2);
	bl_keys_free(NULL);
	assert_int_equal(bl_state_remove("ref"), 0);
	bl_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(manifest_round_trip),
		cmocka_unit_test(manifest_keeps_previous),
		cmocka_unit_test(keys_stable_and_private),
	};
	return cmocka_run_group_tests(tests, state_root_setup, state_root_teardown);
}
