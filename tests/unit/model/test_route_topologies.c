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

#include "model/expect_model.h"
#include "model/path_predict.h"
#include "plan/plan.h"
#include "model/route_model.h"

/* Every route, paths and reach expectation holds in the model: the shared
 * check (model/expect_model.c, also behind `validate`'s warnings) writes
 * nothing and counts nothing. */
static void check_file(const char *path)
{
	struct bl_topology *t = NULL;
	struct bl_model *m = NULL;
	struct bl_plan *plan = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int contradicted;

	assert_non_null(out);
	assert_int_equal(bl_topology_load(path, &t), 0);
	assert_int_equal(bl_model_compute(t, &m), 0);
	assert_int_equal(bl_plan_new(t, &plan), 0);
	contradicted = bl_expect_against_model(t, plan, m, out);
	/* Every scenario's expectations under its own failures. */
	for (size_t i = 0; i < t->n_scenarios; i++) {
		int r = bl_scenario_against_model(t, plan, i, out);

		assert_true(r >= 0);
		contradicted += r;
	}
	fclose(out);
	if (contradicted != 0 || len)
		fail_msg("%s: %d expectation(s) contradicted by the model:\n%s", path,
			 contradicted, text);
	printf("# %s: %zu expectations and %zu scenarios, none contradicted by the model\n",
	       path, t->n_expectations, t->n_scenarios);
	free(text);
	bl_plan_free(plan);
	bl_model_free(m);
	bl_topology_free(t);
}

/* A file whose expectations the model contradicts, one of each kind: each
 * gets one warning line with the model's answer. */
static void contradictions_named_with_the_models_answer(void **state)
{
	static const char yaml[] =
		"name: lab\n"
		"vpn_sites:\n"
		"  - {name: a, tunnels: [{instance: 0}]}\n"
		"expect:\n"
		"  - route: {node: vm1, prefix: 192.168.1.0/24, next_hops: [10.0.255.4]}\n"
		"  - route: {node: vm1, prefix: 192.168.1.0/24, present: false}\n"
		"  - paths: {from: vm1, to: a1, any_of: [vm1 > vpngw-in0 > rras-a > a1]}\n"
		"  - reach: {from: vm1, to: a1, ok: false}\n"
		"  - route: {node: vm1, prefix: 192.168.1.0/24, next_hops: [10.0.255.4, 10.0.255.5]}\n";
	struct bl_topology *t = NULL;
	struct bl_model *m = NULL;
	struct bl_plan *plan = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_int_equal(bl_topology_load_buffer("x.yaml", yaml, sizeof(yaml) - 1, &t), 0);
	assert_int_equal(bl_model_compute(t, &m), 0);
	assert_int_equal(bl_plan_new(t, &plan), 0);
	assert_int_equal(bl_expect_against_model(t, plan, m, out), 4);
	fclose(out);
	assert_string_equal(text,
		"x.yaml:5:1: warning: expect[0].route: the model gives vm1 192.168.1.0/24 via "
		"[10.0.255.4, 10.0.255.5], not [10.0.255.4] (model)\n"
		"x.yaml:6:1: warning: expect[1].route: the model gives vm1 a route to "
		"192.168.1.0/24 (192.168.1.0/24) (model)\n"
		"x.yaml:7:1: warning: expect[2].paths: the model's paths from vm1 to a1 are "
		"vm1 vpngw-in0 rras-a a1; vm1 vpngw-in1 vpngw-in0 rras-a a1 (model)\n"
		"x.yaml:8:1: warning: expect[3].reach: the model's paths from vm1 to a1 are "
		"vm1 vpngw-in0 rras-a a1; vm1 vpngw-in1 vpngw-in0 rras-a a1 (model)\n");
	free(text);
	bl_plan_free(plan);
	bl_model_free(m);
	bl_topology_free(t);
}

/* A scenario's expectations are checked under its failures, and a
 * contradiction is named with the scenario's key: the same expectation
 * holds with no failure and is contradicted under instance maintenance. */
static void scenario_checked_under_its_failures(void **state)
{
	static const char yaml[] =
		"name: lab\n"
		"vpn_sites:\n"
		"  - {name: a, tunnels: [{instance: 0}]}\n"
		"expect:\n"
		"  - reach: {from: vm1, to: a1}\n"
		"scenarios:\n"
		"  - name: cut-off\n"
		"    fail: [instance:vpngw-in0]\n"
		"    expect:\n"
		"      - reach: {from: vm1, to: a1, ok: false}\n"
		"  - name: wrong\n"
		"    fail: [instance:vpngw-in0]\n"
		"    expect:\n"
		"      - reach: {from: vm1, to: a1}\n"
		"      - route: {node: vpngw-in1, prefix: 192.168.1.0/24, present: false}\n";
	struct bl_topology *t = NULL;
	struct bl_model *m = NULL;
	struct bl_plan *plan = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	(void)state;
	assert_int_equal(bl_topology_load_buffer("x.yaml", yaml, sizeof(yaml) - 1, &t), 0);
	assert_int_equal(t->n_scenarios, 2);
	assert_string_equal(t->scenarios[0].name, "cut-off");
	assert_int_equal(t->scenarios[0].n_failures, 1);
	assert_int_equal(t->scenarios[0].line, 7);
	assert_int_equal(bl_model_compute(t, &m), 0);
	assert_int_equal(bl_plan_new(t, &plan), 0);
	assert_int_equal(bl_expect_against_model(t, plan, m, out), 0);
	assert_int_equal(bl_scenario_against_model(t, plan, 0, out), 0);
	assert_int_equal(bl_scenario_against_model(t, plan, 1, out), 1);
	fclose(out);
	assert_string_equal(text,
		"x.yaml:14:1: warning: scenarios[1].expect[0].reach: the model's paths from vm1 "
		"to a1 are vm1 (dropped) (model)\n");
	free(text);
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
		cmocka_unit_test(contradictions_named_with_the_models_answer),
		cmocka_unit_test(scenario_checked_under_its_failures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
