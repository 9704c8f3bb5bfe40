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

#include <stdbool.h>
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

/* The same for any list of expectations (a scenario's), named base in the
 * warnings: "scenarios[2].expect" gives "scenarios[2].expect[0].reach". */
int bl_expect_list_against_model(const struct bl_topology *topo, const struct bl_plan *plan,
				 const struct bl_model *model,
				 const struct bl_expectation *list, size_t n,
				 const char *base, FILE *out);
/* Whether any expectation of the list is one the model can check (all
 * but `tunnel`). */
bool bl_expect_list_needs_model(const struct bl_expectation *list, size_t n);
/* Scenario number `scenario` of topo: its expectations against the model
 * under its failures (bl_model_compute_failed). The number contradicted,
 * or -errno; a model that cannot be computed counts as one warning. */
int bl_scenario_against_model(const struct bl_topology *topo, const struct bl_plan *plan,
			      size_t scenario, FILE *out);

#endif
