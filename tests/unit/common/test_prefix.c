// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/prefix.h"

struct parse_case {
	const char *text;
	int result;
	bl_addr addr;
	uint8_t len;
};

static const struct parse_case parse_cases[] = {
	{ "10.0.0.0/16", 0, 0x0a000000, 16 },
	{ "192.168.1.254/32", 0, 0xc0a801fe, 32 },
	{ "0.0.0.0/0", 0, 0, 0 },
	{ "10.0.1.4/16", -EINVAL, 0, 0 },   /* host bits set */
	{ "10.0.0.0/33", -EINVAL, 0, 0 },
	{ "10.0.0.0/", -EINVAL, 0, 0 },
	{ "10.0.0.0/-1", -EINVAL, 0, 0 },
	{ "10.0.0.0/8x", -EINVAL, 0, 0 },
	{ "10.0.0/8", -EINVAL, 0, 0 },
	{ "010.0.0.0/8", -EINVAL, 0, 0 },  /* octal-looking */
	{ "10.0.0.0", -EINVAL, 0, 0 },
	{ "1000.0.0.0/8", -EINVAL, 0, 0 },
};

static void parse_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];
		struct bl_prefix p = { 0xdeadbeef, 99 };

		assert_int_equal(bl_prefix_parse(c->text, &p), c->result);
		if (c->result == 0) {
			assert_int_equal(p.addr, c->addr);
			assert_int_equal(p.len, c->len);
		} else {
			assert_int_equal(p.addr, 0xdeadbeef); /* untouched on failure */
		}
	}
}

static void contains_and_overlaps(void **state)
{
	struct bl_prefix vnet, gw, site, all;
	bl_addr a;

	(void)state;
	assert_int_equal(bl_prefix_parse("10.0.0.0/16", &vnet), 0);
	assert_int_equal(bl_prefix_parse("10.0.255.0/27", &gw), 0);
	assert_int_equal(bl_prefix_parse("192.168.1.0/24", &site), 0);
	assert_int_equal(bl_prefix_parse("0.0.0.0/0", &all), 0);
	assert_int_equal(bl_addr_parse("10.0.255.31", &a), 0);
	assert_true(bl_prefix_contains(gw, a));
	assert_int_equal(bl_addr_parse("10.0.255.32", &a), 0);
	assert_false(bl_prefix_contains(gw, a));
	assert_true(bl_prefix_covers(vnet, gw));
	assert_false(bl_prefix_covers(gw, vnet));
	assert_true(bl_prefix_overlaps(gw, vnet));
	assert_false(bl_prefix_overlaps(site, vnet));
	assert_true(bl_prefix_covers(all, site));
}

static void format_round_trip(void **state)
{
	char buf[BL_PREFIX_STRLEN];
	struct bl_prefix p;

	(void)state;
	assert_int_equal(bl_prefix_parse("255.255.255.255/32", &p), 0);
	assert_string_equal(bl_prefix_str(p, buf), "255.255.255.255/32");
	assert_int_equal(bl_prefix_parse("172.16.0.0/12", &p), 0);
	assert_string_equal(bl_prefix_str(p, buf), "172.16.0.0/12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_table),
		cmocka_unit_test(contains_and_overlaps),
		cmocka_unit_test(format_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
