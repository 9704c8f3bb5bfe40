/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Output of bench-script: one `ip` command per line, or with batch set,
 * consecutive commands of one namespace grouped into one `ip -batch`
 * here-document (the stronger baseline: one process per namespace and
 * phase instead of one per object).
 *
 * Ownership: the stream is the caller's; netns strings are copied.
 */
#ifndef BL_BENCH_SCRIPT_OUT_H
#define BL_BENCH_SCRIPT_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "plan/plan.h"
#include "model/route_model.h"

struct script_out {
	FILE *out;
	bool batch;
	bool in_batch;            /* a here-document is open */
	char batch_ns[BL_NETNS_BUF];  /* its namespace, "" for none */
};

/* `ip [-n NETNS] ARGS`; netns NULL: the current namespace. */
void script_ip(struct script_out *o, const char *netns, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A plain shell line (ends any open batch). */
void script_sh(struct script_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void script_end(struct script_out *o);
/* A "# phase NAME" line (ends any open batch): run.sh times the script
 * phase by phase, with the names of `up -v`. */
void script_phase(struct script_out *o, const char *name);

/* SAs and policies of every static-key tunnel end (script_xfrm.c). */
int script_tunnels(struct script_out *o, const struct bl_plan *p);
/* Each node's routes, the model's replacing the plan's (script_routes.c). */
int script_routes(struct script_out *o, const struct bl_plan *p,
		  const struct bl_model *model);

#endif
