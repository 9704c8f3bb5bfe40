// SPDX-License-Identifier: GPL-2.0-or-later
/* "Did you mean": the nearest candidate within the allowed distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/suggest.h"

static void distances(void **state)
{
	(void)state;
	assert_int_equal(bl_edit_distance("asn", "asn", 3), 0);
	assert_int_equal(bl_edit_distance("asnn", "asn", 3), 1);      /* insertion */
	assert_int_equal(bl_edit_distance("tunnles", "tunnels", 3), 1); /* swap */
	assert_int_equal(bl_edit_distance("pubic", "public", 3), 1);
	assert_int_equal(bl_edit_distance("kitten", "sitting", 3), 3);
	assert_int_equal(bl_edit_distance("a", "abcdefgh", 3), 4); /* capped */
}

static const char *nearest(const char *word, const char *const *cands, size_t n)
{
	struct bl_suggest s;

	bl_suggest_init(&s, word);
	for (size_t i = 0; i < n; i++)
		bl_suggest_offer(&s, cands[i]);
	return s.best;
}

static void nearest_within_bounds(void **state)
{
	static const char *const keys[] = { "name", "asn", "public", "lan", "tunnels",
					    "advertise", "bgp_address" };
	const size_t n = sizeof(keys) / sizeof(keys[0]);

	(void)state;
	assert_string_equal(nearest("tunnles", keys, n), "tunnels");
	assert_string_equal(nearest("advertize", keys, n), "advertise");
	assert_string_equal(nearest("bgp_adress", keys, n), "bgp_address");
	assert_string_equal(nearest("nam", keys, n), "name");
	assert_null(nearest("weight", keys, n)); /* nothing near */
	assert_null(nearest("xyz", keys, n));
	assert_null(nearest("asn", keys, n)); /* itself is not a suggestion */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(distances),
		cmocka_unit_test(nearest_within_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
