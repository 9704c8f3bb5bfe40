// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The model's predicted paths agree with every shipped topology's
 * expectations: each `paths` expectation is exactly the set of paths the
 * walk over plan + model reaches the destination by, and each `reach`
 * expectation holds for the prediction. No root: nothing is built.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "model/path_predict.h"

static const char *const shipped[] = {
	"azure-coexist.yaml", "vpn-only.yaml",      "coexist-no-rs.yaml",
	"single-tunnel.yaml", "narrow-advertisement.yaml", "tunnel-weights.yaml",
	"aspath-prepend.yaml", "summary-overlap.yaml", "multi-site-spoke.yaml",
};

struct loaded {
	struct bl_topology *topo;
	struct bl_plan *plan;
	struct bl_model *model;
};

static void load(const char *file, struct loaded *l)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/topologies/%s", BL_SOURCE_DIR, file);
	assert_int_equal(bl_topology_load(path, &l->topo), 0);
	assert_int_equal(bl_plan_new(l->topo, &l->plan), 0);
	assert_int_equal(bl_model_compute(l->topo, &l->model), 0);
}

static void unload(struct loaded *l)
{
	bl_model_free(l->model);
	bl_plan_free(l->plan);
	bl_topology_free(l->topo);
}

static void predict(const struct loaded *l, const char *from, const char *to,
		    struct bl_node_path *paths, size_t *n)
{
	size_t src = bl_plan_find_node(l->plan, from), dst = bl_plan_find_node(l->plan, to);
	bl_addr addr = 0;

	assert_true(src != BL_PLAN_NONE && dst != BL_PLAN_NONE);
	for (size_t i = 0; i < l->plan->n_ifaces && !addr; i++)
		if (l->plan->ifaces[i].node == dst && l->plan->ifaces[i].kind == BL_IFACE_VETH &&
		    l->plan->ifaces[i].n_addrs)
			addr = l->plan->ifaces[i].addrs[0].addr;
	assert_int_equal(bl_predict_paths(l->plan, l->model, src, addr, paths, n), 0);
}

static bool path_is(const struct loaded *l, const struct bl_node_path *p, const struct bl_path *want)
{
	if (p->n_nodes != want->n_hops)
		return false;
	for (size_t i = 0; i < p->n_nodes; i++)
		if (strcmp(l->plan->nodes[p->nodes[i]].name, want->hops[i]))
			return false;
	return true;
}

static void check_paths(const struct loaded *l, const struct bl_expectation *e, const char *file)
{
	struct bl_node_path paths[BL_PATH_MAX_PATHS];
	size_t n, reached = 0;

	predict(l, e->from, e->to, paths, &n);
	for (size_t i = 0; i < n; i++) {
		bool listed = false;

		if (paths[i].end != BL_PATH_REACHED)
			continue;
		reached++;
		for (size_t j = 0; j < e->n_paths; j++)
			listed |= path_is(l, &paths[i], &e->paths[j]);
		if (!listed)
			fail_msg("%s line %u: the model predicts a path the expectation lacks", file,
				 e->line);
	}
	if (reached != e->n_paths)
		fail_msg("%s line %u: %zu paths expected, the model predicts %zu", file, e->line,
			 e->n_paths, reached);
}

static void check_reach(const struct loaded *l, const struct bl_expectation *e, const char *file)
{
	struct bl_node_path paths[BL_PATH_MAX_PATHS];
	bool reached = false;
	size_t n;

	predict(l, e->from, e->to, paths, &n);
	for (size_t i = 0; i < n; i++)
		reached |= paths[i].end == BL_PATH_REACHED;
	if (reached != e->positive)
		fail_msg("%s line %u: expected %s, the model predicts %s", file, e->line,
			 e->positive ? "reachable" : "unreachable", reached ? "reachable" : "not");
}

static void predictions_match_expectations(void **state)
{
	(void)state;
	for (size_t f = 0; f < sizeof(shipped) / sizeof(shipped[0]); f++) {
		struct loaded l;

		load(shipped[f], &l);
		for (size_t i = 0; i < l.topo->n_expectations; i++) {
			const struct bl_expectation *e = &l.topo->expectations[i];

			if (e->kind == BL_EXPECT_PATHS)
				check_paths(&l, e, shipped[f]);
			else if (e->kind == BL_EXPECT_REACH)
				check_reach(&l, e, shipped[f]);
		}
		unload(&l);
	}
}

/* Scenario 4 in isolation: the extra hop is in the prediction itself. */
static void single_tunnel_predicts_the_extra_hop(void **state)
{
	struct bl_node_path paths[BL_PATH_MAX_PATHS];
	struct loaded l;
	size_t n, longest = 0;

	(void)state;
	load("single-tunnel.yaml", &l);
	predict(&l, "vm1", "a1", paths, &n);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		longest = paths[i].n_nodes > longest ? paths[i].n_nodes : longest;
	assert_int_equal(longest, 5); /* vm1 > vpngw-in1 > vpngw-in0 > rras-a > a1 */
	unload(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(predictions_match_expectations),
		cmocka_unit_test(single_tunnel_predicts_the_extra_hop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
