/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plan as a graph: nodes with their kind, ASN and addresses, grouped
 * into Azure, the Microsoft edge and each on-premises site; veth links (to
 * the segment bridges and point to point), one edge per tunnel and the
 * ExpressRoute circuit's links; optionally paths drawn over it (trace
 * --svg). Graphviz dot or Mermaid text, or an SVG picture drawn by
 * Graphviz's `dot` (graph_svg.c).
 */
#ifndef BL_GRAPH_H
#define BL_GRAPH_H

#include <stdio.h>

#include "plan/plan.h"
#include "model/path_predict.h"

enum bl_graph_format { BL_GRAPH_DOT, BL_GRAPH_MERMAID, BL_GRAPH_SVG };

/* Paths to draw over the lab, each as arrows from hop to hop. */
struct bl_graph_path {
	const struct bl_node_path *path;
	const char *label; /* "path 1 (9 flows)" */
};
struct bl_graph_overlay {
	const char *title;
	const struct bl_graph_path *paths;
	size_t n_paths;
};

/* "dot" / "mermaid" / "svg"; 0 or -EINVAL (out untouched). */
int bl_graph_format_parse(const char *text, enum bl_graph_format *out);
/* Write the graph (overlay may be NULL) as dot or mermaid text. Returns 0,
 * or -EIO when the stream failed; BL_GRAPH_SVG is bl_graph_svg's. */
int bl_graph_write(const struct bl_plan *plan, enum bl_graph_format format,
		   const struct bl_graph_overlay *overlay, FILE *out);
/* The dot text drawn by Graphviz's `dot -Tsvg` into out. Returns 0 or
 * -errno, reported (-ENOENT: no `dot`, with the package to install). */
int bl_graph_svg(const struct bl_plan *plan, const struct bl_graph_overlay *overlay,
		 FILE *out);

#endif
