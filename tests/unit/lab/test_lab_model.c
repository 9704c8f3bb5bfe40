// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The model kept with a lab: the first call computes and saves it, the
 * next reads it (the file is not written again) and gives the same
 * tables as computing; another failure set, or another topology text,
 * computes and saves it anew; a damaged file is computed over.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lab/lab_model.h"
#include "lab/lab_state.h"
#include "tests/unit/state_root_fixture.h"

static struct bl_topology *load(const char *name)
{
	char path[512];
	struct bl_topology *t = NULL;
	bool created;

	snprintf(path, sizeof(path), "%s/topologies/%s", BL_SOURCE_DIR, name);
	assert_int_equal(bl_topology_load(path, &t), 0);
	assert_int_equal(bl_state_create(t->name, &created), 0);
	return t;
}

/* The saved file's identity: a rename makes a new inode. */
static struct stat saved_file(const struct bl_topology *t)
{
	char path[4096];
	struct stat st;

	bl_state_path(t->name, "model", path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	return st;
}

static bool same_file(struct stat a, struct stat b)
{
	return a.st_ino == b.st_ino && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
	       a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

static char *printed(const struct bl_model *m, const struct bl_plan *plan)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	for (size_t i = 0; i < plan->n_nodes; i++)
		if (bl_model_has_node(m, plan->nodes[i].name)) {
			assert_int_equal(bl_model_print_table(m, plan->nodes[i].name, true, out), 0);
			assert_int_equal(bl_model_print_table(m, plan->nodes[i].name, false, out), 0);
		}
	fclose(out);
	return text;
}

/* The lab's model equals the one computed here, node by node. */
static void assert_as_computed(const struct bl_topology *t, const struct bl_failure *f,
			       size_t n, const struct bl_model *kept)
{
	struct bl_model *fresh = NULL;
	struct bl_plan *plan = NULL;
	char *a, *b;

	assert_int_equal(bl_plan_new(t, &plan), 0);
	assert_int_equal(bl_model_compute_failed(t, f, n, false, &fresh), 0);
	a = printed(fresh, plan);
	b = printed(kept, plan);
	assert_string_equal(a, b);
	free(a);
	free(b);
	bl_model_free(fresh);
	bl_plan_free(plan);
}

static struct bl_model *lab_model(const struct bl_topology *t, const struct bl_failure *f,
				  size_t n)
{
	struct bl_model *m = NULL;

	assert_int_equal(bl_lab_model(t->name, t, f, n, &m), 0);
	assert_non_null(m);
	assert_as_computed(t, f, n, m);
	return m;
}

static void second_call_reads_the_saved_model(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml");
	struct stat first;

	(void)state;
	bl_model_free(lab_model(t, NULL, 0));
	first = saved_file(t);
	bl_model_free(lab_model(t, NULL, 0));
	assert_true(same_file(first, saved_file(t)));
	bl_topology_free(t);
}

static void other_failures_compute_it_again(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml");
	struct bl_failure down;
	struct stat none, failed;

	(void)state;
	assert_int_equal(bl_failure_parse(t, "tunnel:a/1", &down), 0);
	bl_model_free(lab_model(t, NULL, 0));
	none = saved_file(t);
	bl_model_free(lab_model(t, &down, 1));
	failed = saved_file(t);
	assert_false(same_file(none, failed));
	/* The same failures again: read, not computed. */
	bl_model_free(lab_model(t, &down, 1));
	assert_true(same_file(failed, saved_file(t)));
	bl_model_free(lab_model(t, NULL, 0));
	assert_false(same_file(failed, saved_file(t)));
	bl_topology_free(t);
}

static void other_topology_text_computes_it_again(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml");
	struct stat before;
	char *edited;

	(void)state;
	bl_model_free(lab_model(t, NULL, 0));
	before = saved_file(t);
	/* A comment: the same lab, another snapshot. */
	edited = malloc(t->source_len + 2);
	assert_non_null(edited);
	memcpy(edited, t->source_text, t->source_len);
	memcpy(edited + t->source_len, "#\n", 2);
	free(t->source_text);
	t->source_text = edited;
	t->source_len += 2;
	bl_model_free(lab_model(t, NULL, 0));
	assert_false(same_file(before, saved_file(t)));
	bl_topology_free(t);
}

static void damaged_file_is_computed_over(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml");
	char path[4096];
	struct stat before;

	(void)state;
	bl_model_free(lab_model(t, NULL, 0));
	before = saved_file(t);
	bl_state_path(t->name, "model", path, sizeof(path));
	assert_int_equal(truncate(path, before.st_size / 2), 0);
	bl_model_free(lab_model(t, NULL, 0));
	assert_int_equal(saved_file(t).st_size, before.st_size);
	bl_topology_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(second_call_reads_the_saved_model),
		cmocka_unit_test(other_failures_compute_it_again),
		cmocka_unit_test(other_topology_text_computes_it_again),
		cmocka_unit_test(damaged_file_is_computed_over),
	};

	return cmocka_run_group_tests(tests, state_root_setup, state_root_teardown);
}
