// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A saved model read back prints the same tables, JSON and kernel routes
 * as the model it was saved from, session notes included; a file saved
 * under another key is stale, and a damaged one is refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>

#include "tests/unit/model_fixtures.h"

#define KEY 0x1234abcdULL

static const char *const nodes[] = {
	"vpngw-in0", "vpngw-in1", "ergw-in0", "rras-a", "rras-c", "msee-b",
	"ce-b", "routeserver", "vm1",
};

/* What every caller sees of one node: the table as text and JSON. */
static char *printed(const struct bl_model *m, const char *node)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(bl_model_print_table(m, node, false, out), 0);
	assert_int_equal(bl_model_print_table(m, node, true, out), 0);
	fclose(out);
	return text;
}

static void assert_same_model(const struct bl_model *a, const struct bl_model *b)
{
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		char *x = printed(a, nodes[i]), *y = printed(b, nodes[i]);

		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	assert_int_equal(bl_model_rounds(a), bl_model_rounds(b));
}

/* Two sites, a Route Server, and site a over R7's limit: a session note. */
static struct bl_model *busy_model(struct mfx *f)
{
	mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
	mfx_site(f, 1, "c");
	mfx_advertise_many(f, 0, 4001);
	return mfx_compute(f);
}

static FILE *saved(const struct bl_model *m)
{
	FILE *file = tmpfile();

	assert_non_null(file);
	assert_int_equal(bl_model_save(m, KEY, file), 0);
	rewind(file);
	return file;
}

static void saved_model_reads_back_the_same(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m = busy_model(f), *back = NULL;
	const struct bl_model_note *notes;
	FILE *file = saved(m);
	size_t n;

	(void)state;
	assert_int_equal(bl_model_load(&f->t, KEY, file, &back), 0);
	assert_same_model(m, back);
	bl_model_session_notes(back, &notes, &n);
	assert_true(n > 0);
	fclose(file);
	bl_model_free(back);
	bl_model_free(m);
	mfx_free(f);
}

static void another_key_is_stale(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m = mfx_compute(f), *back = NULL;
	FILE *file = saved(m);

	(void)state;
	assert_int_equal(bl_model_load(&f->t, KEY + 1, file, &back), -ESTALE);
	assert_null(back);
	fclose(file);
	bl_model_free(m);
	mfx_free(f);
}

/* A loaded model reads a node's tables on first use: use them all. */
static void touch_every_node(const struct bl_model *m)
{
	const struct bl_kernel_route *k;
	const struct bl_route *rows;
	size_t n;

	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		if (bl_model_table(m, nodes[i], &rows, &n) == 0 && n)
			assert_non_null(rows);
		if (bl_model_kernel_routes(m, nodes[i], &k, &n) == 0 && n)
			assert_non_null(k);
	}
}

/* Every shorter file, and every byte flipped in turn: refused or read,
 * never a crash (ASan watches), and a cut file always refused. */
static void damaged_file_is_refused(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m = mfx_compute(f), *back;
	FILE *file = saved(m);
	unsigned char *bytes;
	long size;

	(void)state;
	fseek(file, 0, SEEK_END);
	size = ftell(file);
	rewind(file);
	bytes = malloc((size_t)size);
	assert_non_null(bytes);
	assert_int_equal(fread(bytes, 1, (size_t)size, file), (size_t)size);
	for (long cut = 1; cut < size; cut++) {
		FILE *part = fmemopen(bytes, (size_t)cut, "rb");

		back = NULL;
		assert_int_equal(bl_model_load(&f->t, KEY, part, &back), -EBADMSG);
		fclose(part);
	}
	for (long i = 0; i < size; i++) {
		FILE *flipped;

		bytes[i] ^= 0xff;
		flipped = fmemopen(bytes, (size_t)size, "rb");
		back = NULL;
		if (bl_model_load(&f->t, KEY, flipped, &back) == 0) {
			touch_every_node(back);
			bl_model_free(back);
		}
		fclose(flipped);
		bytes[i] ^= 0xff;
	}
	free(bytes);
	fclose(file);
	bl_model_free(m);
	mfx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(saved_model_reads_back_the_same),
		cmocka_unit_test(another_key_is_stale),
		cmocka_unit_test(damaged_file_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
