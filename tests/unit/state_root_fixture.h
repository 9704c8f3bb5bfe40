/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A private BRANCHLAB_STATE_DIR for unit tests that write lab state: a
 * fresh directory under /tmp per test group, removed afterwards.
 */
#ifndef BL_TEST_STATE_ROOT_FIXTURE_H
#define BL_TEST_STATE_ROOT_FIXTURE_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

static char state_root[] = "/tmp/bl-unit-state-XXXXXX";

static int state_root_setup(void **state)
{
	(void)state;
	if (!mkdtemp(state_root))
		return -1;
	return setenv("BRANCHLAB_STATE_DIR", state_root, 1);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int state_root_teardown(void **state)
{
	(void)state;
	return nftw(state_root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
