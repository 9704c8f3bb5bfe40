// SPDX-License-Identifier: GPL-2.0-or-later
/* The BRANCHLAB_FAULT test hook: fires at the named point's n-th visit
 * only. (The spec is read once per process: one spec per executable.) */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "common/fault.h"

static void fails_at_second_visit_only(void **state)
{
	(void)state;
	assert_int_equal(setenv("BRANCHLAB_FAULT", "links@2:fail", 1), 0);
	assert_int_equal(bl_fault_point("links"), 0);
	assert_int_equal(bl_fault_point("routes"), 0);
	assert_int_equal(bl_fault_point("link"), 0);
	assert_int_equal(bl_fault_point("links"), -EIO);
	assert_int_equal(bl_fault_point("links"), 0);
	/* Read once: a later change does not re-arm it. */
	assert_int_equal(setenv("BRANCHLAB_FAULT", "routes:fail", 1), 0);
	assert_int_equal(bl_fault_point("routes"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fails_at_second_visit_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
