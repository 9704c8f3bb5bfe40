/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plan as a graph: nodes, veth links (to the segment bridges and point
 * to point), one edge per tunnel and the ExpressRoute circuit's links, in
 * Graphviz dot or Mermaid. Text only, no I/O beyond the given stream.
 */
#ifndef BL_GRAPH_H
#define BL_GRAPH_H

#include <stdio.h>

#include "plan/plan.h"

enum bl_graph_format { BL_GRAPH_DOT, BL_GRAPH_MERMAID };

/* "dot" / "mermaid"; 0 or -EINVAL (out untouched). */
int bl_graph_format_parse(const char *text, enum bl_graph_format *out);
/* Returns 0, or -EIO when the stream failed. */
int bl_graph_write(const struct bl_plan *plan, enum bl_graph_format format,
		   FILE *out);

#endif
