// SPDX-License-Identifier: GPL-2.0-or-later
/* The lab-name rule, the per-lab lock and the interrupt flag, in a
 * temporary state root ($BRANCHLAB_STATE_DIR) so no root is needed. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lab/lab_guard.h"
#include "lab/lab_state.h"
#include "tests/unit/state_root_fixture.h"

static const struct {
	const char *name;
	bool ok;
} names[] = {
	{ "lab1", true }, { "a-b-c", true }, { "abcdefghijkl", true },
	{ "", false }, { "abcdefghijklm", false }, { "-x", false },
	{ "..", false }, { "../../etc", false }, { "a/b", false },
	{ "Lab", false }, { "a b", false }, { "a.lock", false },
};

/* Only names that stay one path component inside the state root pass. */
static void lab_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (bl_lab_name_ok(names[i].name) != names[i].ok)
			fail_msg("'%s' should be %s", names[i].name,
				 names[i].ok ? "accepted" : "refused");
	}
}

static bool lock_file_exists(const char *lab)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.lock", state_root, lab);
	return access(path, F_OK) == 0;
}

/* A second holder fails at once with -EBUSY; once released, the lock is
 * free again, and its file goes when the lab has no state dir. */
static void lock_excludes_second_holder(void **state)
{
	struct bl_lab_lock a, b;

	(void)state;
	assert_int_equal(bl_lab_lock("lk", &a), 0);
	assert_true(lock_file_exists("lk"));
	assert_int_equal(bl_lab_lock("lk", &b), -EBUSY);
	assert_int_equal(b.fd, -1);
	bl_lab_unlock(&b); /* not taken: a no-op */
	bl_lab_unlock(&a);
	assert_false(lock_file_exists("lk"));
	assert_int_equal(bl_lab_lock("lk", &b), 0);
	bl_lab_unlock(&b);
}

/* While the lab has a state dir, its lock file stays (up left it up). */
static void lock_file_stays_with_state_dir(void **state)
{
	struct bl_lab_lock a;
	bool created;

	(void)state;
	assert_int_equal(bl_state_create("kept", &created), 0);
	assert_int_equal(bl_lab_lock("kept", &a), 0);
	bl_lab_unlock(&a);
	assert_true(lock_file_exists("kept"));
	assert_int_equal(bl_state_remove("kept"), 0);
}

/* SIGTERM while caught only sets the flag; restore brings back the old
 * action (here: ignore, so the test survives a second raise). */
static void signals_set_flag(void **state)
{
	(void)state;
	signal(SIGTERM, SIG_IGN);
	bl_lab_signals_catch();
	assert_int_equal(bl_lab_interrupted(), 0);
	raise(SIGTERM);
	assert_int_equal(bl_lab_interrupted(), SIGTERM);
	bl_lab_signals_restore();
	bl_lab_signals_catch();
	assert_int_equal(bl_lab_interrupted(), 0);
	bl_lab_signals_restore();
	raise(SIGTERM);
	assert_int_equal(bl_lab_interrupted(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lab_names),
		cmocka_unit_test(lock_excludes_second_holder),
		cmocka_unit_test(lock_file_stays_with_state_dir),
		cmocka_unit_test(signals_set_flag),
	};

	return cmocka_run_group_tests(tests, state_root_setup, state_root_teardown);
}
