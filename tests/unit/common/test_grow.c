// SPDX-License-Identifier: GPL-2.0-or-later
/* bl_grow: doubling, room left alone, and a size that would overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "common/grow.h"

static void doubles_from_first(void **state)
{
	size_t cap = 0, seen[5];
	int *arr = NULL;

	(void)state;
	for (size_t n = 0; n < 17; n++) {
		int *a = bl_grow(arr, n, &cap, sizeof(*a), 4);

		assert_non_null(a);
		arr = a;
		arr[n] = (int)n; /* ASan fails here if the room is not there */
		if (n < 5)
			seen[n] = cap;
	}
	assert_int_equal(seen[0], 4);
	assert_int_equal(seen[4], 8);
	assert_int_equal(cap, 32);
	for (int i = 0; i < 17; i++)
		assert_int_equal(arr[i], i);
	free(arr);
}

static void room_left_returns_same_array(void **state)
{
	size_t cap = 8;
	int *arr = calloc(cap, sizeof(*arr));

	(void)state;
	assert_non_null(arr);
	assert_ptr_equal(bl_grow(arr, 3, &cap, sizeof(*arr), 4), arr);
	assert_int_equal(cap, 8);
	free(arr);
}

static void overflow_refused_array_kept(void **state)
{
	size_t cap = 2;
	char *arr = malloc(2);

	(void)state;
	assert_non_null(arr);
	arr[0] = 'x';
	/* 4 elements of SIZE_MAX / 2 bytes would wrap with plain realloc. */
	assert_null(bl_grow(arr, 2, &cap, SIZE_MAX / 2, 4));
	assert_int_equal(cap, 2);
	assert_int_equal(arr[0], 'x');
	free(arr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(doubles_from_first),
		cmocka_unit_test(room_left_returns_same_array),
		cmocka_unit_test(overflow_refused_array_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
