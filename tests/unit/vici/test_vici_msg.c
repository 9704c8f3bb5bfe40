// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vici/vici_msg.h"

static struct bl_vici_msg *new_msg(const char *command)
{
	struct bl_vici_msg *m = NULL;

	assert_int_equal(bl_vici_msg_new(command, &m), 0);
	assert_non_null(m);
	return m;
}

static void nested_sections_make_paths(void **state)
{
	struct bl_vici_msg *m = new_msg("load-conn");

	(void)state;
	bl_vici_msg_add(m, "top", "%d", 1);
	bl_vici_msg_begin_section(m, "conn");
	bl_vici_msg_add(m, "version", "2");
	bl_vici_msg_begin_section(m, "children");
	bl_vici_msg_begin_section(m, "child");
	bl_vici_msg_add(m, "mode", "tunnel");
	bl_vici_msg_end_section(m);
	bl_vici_msg_end_section(m);
	bl_vici_msg_add(m, "after", "x");
	bl_vici_msg_end_section(m);
	assert_int_equal(bl_vici_msg_error(m), 0);
	assert_string_equal(m->command, "load-conn");
	assert_string_equal(bl_vici_msg_get(m, "top"), "1");
	assert_string_equal(bl_vici_msg_get(m, "conn.version"), "2");
	assert_string_equal(bl_vici_msg_get(m, "conn.children.child.mode"), "tunnel");
	assert_string_equal(bl_vici_msg_get(m, "conn.after"), "x");
	assert_null(bl_vici_msg_get(m, "version"));         /* wrong level */
	assert_null(bl_vici_msg_get(m, "conn.children.mode"));
	assert_string_equal(m->section, "");
	bl_vici_msg_free(m);
}

static void lists_keep_order_and_differ_from_values(void **state)
{
	static const char *const items[] = { "a", "b", "c" };
	struct bl_vici_msg *m = new_msg("x");

	(void)state;
	bl_vici_msg_begin_section(m, "s");
	bl_vici_msg_add_items(m, "l", items, 3);
	bl_vici_msg_end_section(m);
	assert_int_equal(bl_vici_msg_list_len(m, "s.l"), 3);
	assert_string_equal(bl_vici_msg_item(m, "s.l", 0), "a");
	assert_string_equal(bl_vici_msg_item(m, "s.l", 2), "c");
	assert_null(bl_vici_msg_item(m, "s.l", 3));
	assert_null(bl_vici_msg_get(m, "s.l")); /* a list is not a value */
	bl_vici_msg_free(m);
}

struct bad_name_case {
	const char *section;
};

static const struct bad_name_case bad_names[] = {
	{ "" }, { "a.b" },
};

static void errors_are_sticky(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_names) / sizeof(bad_names[0]); i++) {
		struct bl_vici_msg *m = new_msg("x");

		bl_vici_msg_begin_section(m, bad_names[i].section);
		bl_vici_msg_add(m, "k", "v"); /* ignored after the error */
		assert_int_equal(bl_vici_msg_error(m), -EINVAL);
		assert_int_equal(m->n_entries, 0);
		bl_vici_msg_free(m);
	}
}

static void unbalanced_end_is_an_error(void **state)
{
	struct bl_vici_msg *m = new_msg("x");

	(void)state;
	bl_vici_msg_end_section(m);
	assert_int_equal(bl_vici_msg_error(m), -EINVAL);
	bl_vici_msg_free(m);
}

static char *printed(const struct bl_vici_msg *m, bool secrets)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	bl_vici_msg_print(m, f, secrets);
	fclose(f);
	return text;
}

static void secrets_hidden_unless_asked(void **state)
{
	struct bl_vici_msg *m = new_msg("load-shared");
	char *text;

	(void)state;
	bl_vici_msg_add_secret(m, "data", "s3cret-key");
	bl_vici_msg_add_item(m, "owners", "%s", "20.0.0.10");
	assert_string_equal(bl_vici_msg_get(m, "data"), "s3cret-key");
	text = printed(m, false);
	assert_null(strstr(text, "s3cret-key"));
	assert_non_null(strstr(text, "data = <hidden>"));
	assert_non_null(strstr(text, "owners[] = 20.0.0.10"));
	free(text);
	text = printed(m, true);
	assert_non_null(strstr(text, "data = s3cret-key"));
	free(text);
	bl_vici_msg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested_sections_make_paths),
		cmocka_unit_test(lists_keep_order_and_differ_from_values),
		cmocka_unit_test(errors_are_sticky),
		cmocka_unit_test(unbalanced_end_is_an_error),
		cmocka_unit_test(secrets_hidden_unless_asked),
	};

	bl_vici_msg_free(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
