/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The route model written as a BIRD 2 configuration, one per BGP speaker
 * (`control_plane: bird`, docs/bgp.md): the same sessions over the same
 * addresses as the model's feeds, and import/export filters generated
 * from the same data the model's rules read (route_rules.c), each
 * commented with its rule tag. BIRD then installs the BGP routes in the
 * kernel; branchlab keeps installing the statics.
 */
#ifndef BL_BIRD_CONF_H
#define BL_BIRD_CONF_H

#include <stdbool.h>
#include <stdio.h>

#include "model/route_model.h"

struct bl_bird_conf_opts {
	const char *log_path;  /* the daemon's log file */
	unsigned keepalive;    /* seconds; Azure's are 60 (F2, F3, F5) */
	unsigned hold;         /* seconds; Azure's are 180 */
};

/* Whether node is a BGP speaker of the model with at least one session
 * (a failed node or an RRAS without BGP has none). */
bool bl_model_bgp_speaker(const struct bl_model *m, const char *node);
/* Whether the model's selected route for prefix at node is BGP-learned
 * (so BIRD, not branchlab, installs it in bird mode). */
bool bl_model_route_is_bgp(const struct bl_model *m, const char *node,
			   struct bl_prefix prefix);
/* Write node's configuration. -ENOENT when node is no BGP speaker. */
int bl_model_bird_conf(const struct bl_model *m, const char *node,
		       const struct bl_bird_conf_opts *o, FILE *out);

#endif
