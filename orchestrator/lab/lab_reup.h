/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whether a second `up` may converge a lab that is up (lab_reup.c). */
#ifndef BL_LAB_REUP_H
#define BL_LAB_REUP_H

#include "lab/lab_state.h"
#include "plan/plan.h"

/* 0, or an error already reported: -EEXIST when the lab is up from
 * another file, -EBUSY when a tunnel would change its keying. m is the
 * running lab's manifest, abs_path the file given (real path), plan and
 * topo what it would become (keying override applied). */
int bl_lab_reup_check(const struct bl_topology *topo, const struct bl_plan *plan,
		      const char *abs_path, const struct bl_manifest *m);

#endif
