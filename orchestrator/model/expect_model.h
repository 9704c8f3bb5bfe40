/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The topology's expectations against the route model, from the file
 * alone: a `route` expectation (present or absent at a node, with these
 * next hops) against the node's kernel routes, and `paths` and `reach`
 * against the paths predicted from the plan and the model. `validate`
 * prints each contradiction as a warning with the model's answer; the
 * unit tests require none for the shipped topologies. `tunnel`
 * expectations need packets and are left to `verify`.
 */
#ifndef BL_EXPECT_MODEL_H
#define BL_EXPECT_MODEL_H

#include <stdio.h>

#include "model/route_model.h"
#include "plan/plan.h"

/*
 * Write one line per contradicted expectation to out, as
 *   FILE:LINE:1: warning: expect[I].KIND: WHAT THE MODEL SAYS (model)
 * and return how many, or -errno (path prediction failed; reported).
 */
int bl_expect_against_model(const struct bl_topology *topo, const struct bl_plan *plan,
			    const struct bl_model *model, FILE *out);

#endif
