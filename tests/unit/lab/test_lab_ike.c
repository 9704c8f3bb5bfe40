// SPDX-License-Identifier: GPL-2.0-or-later
/* The files of IKEv2 keying (lab_ike_files.c): tunnel names, the keying
 * override, and each node's pre-shared keys, in a temporary state root
 * ($BRANCHLAB_STATE_DIR) so no root and no daemon are needed. */
#include <errno.h>
#include <limits.h>
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

#include "lab/lab_ike.h"
#include "lab/lab_state.h"
#include "tests/unit/plan_fixtures.h"
#include "tests/unit/state_root_fixture.h"

static struct bl_plan *reference_plan(struct bl_topology *t)
{
	struct bl_plan *p = NULL;

	fx_reference(t);
	assert_int_equal(bl_plan_new(t, &p), 0);
	return p;
}

/* A lab dir with its charon/ subdirectory, as `up` makes them. */
static void make_dirs(const char *lab)
{
	char dir[PATH_MAX];
	bool created;

	assert_int_equal(bl_state_create(lab, &created), 0);
	bl_lab_ike_dir(lab, dir, sizeof(dir));
	assert_int_equal(mkdir(dir, 0700), 0);
}

static size_t node_named(const struct bl_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n_nodes; i++)
		if (!strcmp(p->nodes[i].name, name))
			return i;
	fail_msg("no node %s", name);
	return 0;
}

static void tunnel_names_and_nodes(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = reference_plan(&t);
	char name[BL_IKE_NAME_BUF];

	(void)state;
	assert_int_equal(p->n_tunnels, 2);
	bl_lab_ike_tunnel_name(p, &p->tunnels[0], name);
	assert_string_equal(name, "rras-a-vpngw-in0");
	bl_lab_ike_tunnel_name(p, &p->tunnels[1], name);
	assert_string_equal(name, "rras-a-vpngw-in1");
	/* Static keying: no node needs a daemon. */
	assert_false(bl_lab_ike_node(p, node_named(p, "rras-a")));
	bl_lab_keying_apply(p->lab, BL_KEYING_IKEV2, &t, p);
	assert_true(bl_lab_ike_node(p, node_named(p, "rras-a")));
	assert_true(bl_lab_ike_node(p, node_named(p, "vpngw-in1")));
	assert_false(bl_lab_ike_node(p, node_named(p, "vm1")));
	assert_int_equal(t.vpn_sites[0].tunnels[1].keying, BL_KEYING_IKEV2);
	bl_plan_free(p);
}

/* --keying sticks to the lab: a later up or status without it sees it. */
static void keying_override_is_kept(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = reference_plan(&t);
	bool created;

	(void)state;
	assert_int_equal(bl_state_create("kept", &created), 0);
	snprintf(p->lab, sizeof(p->lab), "kept");
	assert_int_equal(bl_lab_keying_save("kept", BL_KEYING_IKEV2), 0);
	bl_lab_keying_apply("kept", BL_KEYING_TOPOLOGY, &t, p);
	assert_int_equal(p->tunnels[0].keying, BL_KEYING_IKEV2);
	/* An explicit choice wins over the stored one. */
	bl_lab_keying_apply("kept", BL_KEYING_STATIC, &t, p);
	assert_int_equal(p->tunnels[0].keying, BL_KEYING_STATIC);
	/* No override stored: the topology's own keying stays. */
	bl_lab_keying_apply("never-up", BL_KEYING_TOPOLOGY, &t, p);
	assert_int_equal(p->tunnels[1].keying, BL_KEYING_STATIC);
	bl_plan_free(p);
}

static mode_t psk_mode(const char *lab, const char *node)
{
	char dir[PATH_MAX], path[PATH_MAX + 64];
	struct stat st;

	bl_lab_ike_dir(lab, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/%s.psk", dir, node);
	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 0777;
}

/* Both ends of a tunnel get the same random key, different per tunnel,
 * files 0600; a second sync keeps the keys. */
static void psk_shared_by_both_ends(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = reference_plan(&t);
	char a0[65], g0[65], a1[65], g1[65], again[65];

	(void)state;
	bl_lab_keying_apply(p->lab, BL_KEYING_IKEV2, &t, p);
	make_dirs(p->lab);
	assert_int_equal(bl_lab_psk_sync(p->lab, p), 0);
	assert_int_equal(bl_lab_psk_get(p->lab, "rras-a", "rras-a-vpngw-in0", a0), 0);
	assert_int_equal(bl_lab_psk_get(p->lab, "vpngw-in0", "rras-a-vpngw-in0", g0), 0);
	assert_int_equal(bl_lab_psk_get(p->lab, "rras-a", "rras-a-vpngw-in1", a1), 0);
	assert_int_equal(bl_lab_psk_get(p->lab, "vpngw-in1", "rras-a-vpngw-in1", g1), 0);
	assert_int_equal(strlen(a0), 64);
	assert_string_equal(a0, g0);
	assert_string_equal(a1, g1);
	assert_string_not_equal(a0, a1);
	assert_int_equal(bl_lab_psk_get(p->lab, "vpngw-in0", "rras-a-vpngw-in1", again),
			 -ENOKEY);
	assert_int_equal(psk_mode(p->lab, "rras-a"), 0600);
	assert_int_equal(psk_mode(p->lab, "vpngw-in1"), 0600);
	assert_int_equal(bl_lab_psk_sync(p->lab, p), 0);
	assert_int_equal(bl_lab_psk_get(p->lab, "vpngw-in0", "rras-a-vpngw-in0", again), 0);
	assert_string_equal(again, a0);
	bl_plan_free(p);
}

/* A key edited on one side is kept there (the wrong-key test relies on
 * it), and the other side keeps its own. */
static void psk_edited_side_is_kept(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = reference_plan(&t);
	char dir[PATH_MAX], path[PATH_MAX + 64], site[65], gw[65];
	FILE *f;

	(void)state;
	bl_lab_keying_apply(p->lab, BL_KEYING_IKEV2, &t, p);
	snprintf(p->lab, sizeof(p->lab), "edited");
	make_dirs("edited");
	bl_lab_ike_dir("edited", dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/vpngw-in1.psk", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "rras-a-vpngw-in1 %064d\n", 0);
	fclose(f);
	assert_int_equal(bl_lab_psk_sync("edited", p), 0);
	assert_int_equal(bl_lab_psk_get("edited", "vpngw-in1", "rras-a-vpngw-in1", gw), 0);
	assert_int_equal(bl_lab_psk_get("edited", "rras-a", "rras-a-vpngw-in1", site), 0);
	/* The site took the only key there was: the gateway's. */
	assert_string_equal(site, gw);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "rras-a-vpngw-in1 %064d\n", 1);
	fclose(f);
	assert_int_equal(bl_lab_psk_sync("edited", p), 0);
	assert_int_equal(bl_lab_psk_get("edited", "vpngw-in1", "rras-a-vpngw-in1", gw), 0);
	assert_int_equal(bl_lab_psk_get("edited", "rras-a", "rras-a-vpngw-in1", site), 0);
	assert_string_not_equal(site, gw);
	assert_int_equal(gw[63], '1');
	bl_plan_free(p);
}

/* state_remove takes charon/ with it (no daemon recorded: nothing to stop). */
static void state_remove_takes_charon_dir(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = reference_plan(&t);
	char dir[PATH_MAX];

	(void)state;
	bl_lab_keying_apply(p->lab, BL_KEYING_IKEV2, &t, p);
	snprintf(p->lab, sizeof(p->lab), "gone");
	make_dirs("gone");
	assert_int_equal(bl_lab_keying_save("gone", BL_KEYING_IKEV2), 0);
	assert_int_equal(bl_lab_psk_sync("gone", p), 0);
	assert_int_equal(bl_state_remove("gone"), 0);
	bl_state_path("gone", NULL, dir, sizeof(dir));
	assert_int_equal(access(dir, F_OK), -1);
	bl_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tunnel_names_and_nodes),
		cmocka_unit_test(keying_override_is_kept),
		cmocka_unit_test(psk_shared_by_both_ends),
		cmocka_unit_test(psk_edited_side_is_kept),
		cmocka_unit_test(state_remove_takes_charon_dir),
	};

	return cmocka_run_group_tests(tests, state_root_setup, state_root_teardown);
}
