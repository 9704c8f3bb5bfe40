/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The route model kept with a lab: "model" in its state dir, written by
 * `up` (and by any command that had to compute it), read by `routes LAB`,
 * `trace` and `verify` instead of computing it again (seconds at
 * a thousand sites). It is tied to a hash of the topology text, the
 * failure set and the branchlab binary: when any differs it is computed
 * and written anew.
 *
 * Ownership: *out is owned by the caller (bl_model_free).
 */
#ifndef BL_LAB_MODEL_H
#define BL_LAB_MODEL_H

#include <stddef.h>

#include "model/route_failure.h"
#include "model/route_model.h"

/* The model of lab (up) under failures f[0..n): read, or computed and
 * saved (a save that fails costs only a warning: the model is right, the
 * next command computes it again). Errors reported; -ELOOP as computing
 * reports it. */
int bl_lab_model(const char *lab, const struct bl_topology *topo,
		 const struct bl_failure *f, size_t n, struct bl_model **out);

#endif
