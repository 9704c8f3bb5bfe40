/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `show`: the resolved lab as text for people or JSON for scripts: every
 * node, interface, address, route, tunnel (with where its keys come from,
 * never the keys) and BGP session.
 */
#ifndef BL_SHOW_H
#define BL_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "plan/plan.h"

/* Returns 0, or -EIO when the stream failed. */
int bl_show_text(const struct bl_plan *plan, FILE *out);
int bl_show_json(const struct bl_plan *plan, FILE *out);

/* Where a tunnel's keys come from, in words (shared by both forms). */
const char *bl_show_key_source(const struct bl_plan *plan,
			       const struct bl_plan_tunnel *t, char *buf,
			       size_t size);
const char *bl_esp_alg_name(enum bl_esp_alg alg);
const char *bl_iface_kind_name(const struct bl_plan *plan,
			       const struct bl_plan_iface *i);

#endif
