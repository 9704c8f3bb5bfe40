// SPDX-License-Identifier: GPL-2.0-or-later
/* The binary users run has no fault hook: every point passes (the hook
 * itself is tests/support/fault_hook.c, linked only into branchlab-test). */
#include "common/fault.h"

int bl_fault_point(const char *point)
{
	(void)point;
	return 0;
}
