// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every shipped topology (every .yaml file under topologies/) against the route model: each
 * `route` expectation (prefix present or absent at a node, with these next
 * hops) must hold in the model's kernel routes, and every `paths` and
 * `reach` expectation in the paths predicted from the plan and the model,
 * from the file alone. The live lab checks the same expectations with
 * `verify`; this catches a model/expectation disagreement without root.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/path_predict.h"
#include "plan/plan.h"
#include "model/route_model.h"

/* The kernel route a packet to the prefix's first address would use
 * (longest match), as `verify` would see it in the live table. */
static const struct bl_kernel_route *lookup(const struct bl_model *m, const char *node,
					    struct bl_prefix p)
{
	const struct bl_kernel_route *k, *best = NULL;
	size_t n;

	assert_int_equal(bl_model_kernel_routes(m, node, &k, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (bl_prefix_covers(k[i].prefix, p) &&
		    (!best || k[i].prefix.len > best->prefix.len))
			best = &k[i];
	return best;
}

static bool same_hops(const struct bl_kernel_route *k, const struct bl_expectation *e)
{
	if (k->n_next_hops != e->n_next_hops)
		return false;
	for (size_t i = 0; i < e->n_next_hops; i++) {
		bool found = false;

		for (size_t j = 0; j < k->n_next_hops; j++)
			found |= k->next_hops[j] == e->next_hops[i];
		if (!found)
			return false;
	}
	return true;
}

static void check_route(const char *file, const struct bl_model *m,
			const struct bl_expectation *e)
{
	char ps[BL_PREFIX_STRLEN];
	const struct bl_kernel_route *k;
	bool usable;

	if (!bl_model_has_node(m, e->node))
		fail_msg("%s:%u: node '%s' is not in the model", file, e->line, e->node);
	k = lookup(m, e->node, e->prefix);
	usable = k && k->type == BL_KROUTE_UNICAST;
	bl_prefix_str(e->prefix, ps);
	if (e->positive && !usable)
		fail_msg("%s:%u: %s should route %s", file, e->line, e->node, ps);
	if (!e->positive && usable)
		fail_msg("%s:%u: %s should not route %s", file, e->line, e->node, ps);
	if (e->positive && e->n_next_hops && !same_hops(k, e))
		fail_msg("%s:%u: %s %s: next hops differ", file, e->line, e->node, ps);
}

/* The address of a VM or a site host, by node name. */
static bl_addr host_address(const struct bl_topology *t, const char *name)
{
	const struct bl_vnet *vnets[1 + 16];
	size_t nv = 0;

	vnets[nv++] = &t->hub;
	for (size_t i = 0; i < t->n_spokes && nv < 17; i++)
		vnets[nv++] = &t->spokes[i];
	for (size_t v = 0; v < nv; v++)
		for (size_t s = 0; s < vnets[v]->n_subnets; s++)
			for (size_t h = 0; h < vnets[v]->subnets[s].n_vms; h++)
				if (!strcmp(vnets[v]->subnets[s].vms[h].name, name))
					return vnets[v]->subnets[s].vms[h].address;
	for (size_t i = 0; i < t->n_vpn_sites; i++)
		for (size_t h = 0; h < t->vpn_sites[i].n_hosts; h++)
			if (!strcmp(t->vpn_sites[i].hosts[h].name, name))
				return t->vpn_sites[i].hosts[h].address;
	for (size_t i = 0; i < t->n_er_circuits; i++)
		for (size_t h = 0; h < t->er_circuits[i].n_hosts; h++)
			if (!strcmp(t->er_circuits[i].hosts[h].name, name))
				return t->er_circuits[i].hosts[h].address;
	fail_msg("no host named '%s'", name);
	return 0;
}

static bool path_matches(const struct bl_plan *plan, const struct bl_node_path *p,
			 const struct bl_path *want)
{
	if (p->n_nodes != want->n_hops || p->end != BL_PATH_REACHED)
		return false;
	for (size_t i = 0; i < p->n_nodes; i++)
		if (strcmp(plan->nodes[p->nodes[i]].name, want->hops[i]))
			return false;
	return true;
}

static void print_path(const struct bl_plan *plan, const struct bl_node_path *p)
{
	printf("#   predicted:");
	for (size_t i = 0; i < p->n_nodes; i++)
		printf(" %s", plan->nodes[p->nodes[i]].name);
	printf(" (%s)\n", bl_path_end_name(p->end));
}

/* paths: exactly the expected set; reach: every path arrives, or none. */
static void check_paths(const char *file, const struct bl_topology *t,
			const struct bl_plan *plan, const struct bl_model *m,
			const struct bl_expectation *e)
{
	struct bl_node_path paths[BL_PATH_MAX_PATHS];
	size_t n = 0, src = bl_plan_find_node(plan, e->from), reached = 0;

	assert_true(src != BL_PLAN_NONE);
	assert_int_equal(bl_predict_paths(plan, m, src, host_address(t, e->to), paths, &n), 0);
	for (size_t i = 0; i < n; i++)
		reached += paths[i].end == BL_PATH_REACHED;
	if (e->kind == BL_EXPECT_REACH) {
		if (e->positive ? reached == n && n : reached == 0)
			return;
		for (size_t i = 0; i < n; i++)
			print_path(plan, &paths[i]);
		fail_msg("%s:%u: %s -> %s should %sbe reachable", file, e->line, e->from,
			 e->to, e->positive ? "" : "not ");
	}
	for (size_t i = 0; i < n; i++) {
		bool ok = false;

		for (size_t k = 0; k < e->n_paths; k++)
			ok |= path_matches(plan, &paths[i], &e->paths[k]);
		if (!ok) {
			print_path(plan, &paths[i]);
			fail_msg("%s:%u: %s -> %s: a predicted path is not expected", file,
				 e->line, e->from, e->to);
		}
	}
	for (size_t k = 0; k < e->n_paths; k++) {
		bool ok = false;

		for (size_t i = 0; i < n; i++)
			ok |= path_matches(plan, &paths[i], &e->paths[k]);
		if (!ok)
			fail_msg("%s:%u: %s -> %s: expected path %zu is not predicted", file,
				 e->line, e->from, e->to, k + 1);
	}
}

static void check_file(const char *path)
{
	struct bl_topology *t = NULL;
	struct bl_model *m = NULL;
	struct bl_plan *plan = NULL;
	size_t checked = 0;

	assert_int_equal(bl_topology_load(path, &t), 0);
	assert_int_equal(bl_model_compute(t, &m), 0);
	assert_int_equal(bl_plan_new(t, &plan), 0);
	for (size_t i = 0; i < t->n_expectations; i++) {
		const struct bl_expectation *e = &t->expectations[i];

		if (e->kind == BL_EXPECT_ROUTE)
			check_route(path, m, e);
		else if (e->kind == BL_EXPECT_PATHS || e->kind == BL_EXPECT_REACH)
			check_paths(path, t, plan, m, e);
		else
			continue;
		checked++;
	}
	printf("# %s: %zu route, path and reach expectations hold\n", path, checked);
	bl_plan_free(plan);
	bl_model_free(m);
	bl_topology_free(t);
}

static bool is_yaml(const char *name)
{
	size_t n = strlen(name);

	return n > 5 && !strcmp(name + n - 5, ".yaml");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void shipped_topologies(void **state)
{
	char dir[4096], path[8192];
	struct dirent **list;
	int n, files = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/topologies", BL_SOURCE_DIR);
	n = scandir(dir, &list, NULL, by_name);
	if (n < 0)
		fail_msg("cannot list %s", dir);
	for (int i = 0; i < n; i++) {
		if (is_yaml(list[i]->d_name)) {
			snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
			check_file(path);
			files++;
		}
		free(list[i]);
	}
	free(list);
	assert_true(files > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_topologies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
