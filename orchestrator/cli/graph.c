// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan as Graphviz dot or Mermaid text. */
#include "cli/graph.h"

#include <errno.h>
#include <string.h>

/* What kind of line an edge is; both formats style from this. */
enum edge_style { EDGE_SEGMENT, EDGE_P2P, EDGE_ER, EDGE_TUNNEL };

struct graph_ops {
	void (*begin)(FILE *out, const struct bl_plan *p);
	void (*node)(FILE *out, size_t id, const struct bl_plan_node *n);
	void (*edge)(FILE *out, size_t a, size_t b, enum edge_style style,
		     const char *label);
	void (*end)(FILE *out);
};

static void dot_begin(FILE *out, const struct bl_plan *p)
{
	fprintf(out, "graph \"%s\" {\n\tgraph [overlap=false];\n", p->lab);
}

static void dot_node(FILE *out, size_t id, const struct bl_plan_node *n)
{
	const char *shape = n->kind == BL_NODE_BRIDGE ? "ellipse" : "box";

	fprintf(out, "\tn%zu [shape=%s, label=\"%s\\n%s\"];\n", id, shape, n->name,
		bl_node_kind_name(n->kind));
}

static void dot_edge(FILE *out, size_t a, size_t b, enum edge_style style,
		     const char *label)
{
	static const char *const attrs[] = {
		[EDGE_SEGMENT] = "",
		[EDGE_P2P] = "",
		[EDGE_ER] = ", color=blue, penwidth=2",
		[EDGE_TUNNEL] = ", style=dashed, color=red",
	};

	fprintf(out, "\tn%zu -- n%zu [label=\"%s\"%s];\n", a, b, label, attrs[style]);
}

static void dot_end(FILE *out)
{
	fputs("}\n", out);
}

static void mermaid_begin(FILE *out, const struct bl_plan *p)
{
	fprintf(out, "%%%% lab %s\ngraph LR\n", p->lab);
}

static void mermaid_node(FILE *out, size_t id, const struct bl_plan_node *n)
{
	if (n->kind == BL_NODE_BRIDGE)
		fprintf(out, "\tn%zu((\"%s\"))\n", id, n->name);
	else
		fprintf(out, "\tn%zu[\"%s<br/>%s\"]\n", id, n->name,
			bl_node_kind_name(n->kind));
}

static void mermaid_edge(FILE *out, size_t a, size_t b, enum edge_style style,
			 const char *label)
{
	static const char *const arrows[][2] = {
		[EDGE_SEGMENT] = { "---|", "|" },
		[EDGE_P2P] = { "---|", "|" },
		[EDGE_ER] = { "===|", "|" },
		[EDGE_TUNNEL] = { "-.-|", "|" },
	};

	fprintf(out, "\tn%zu %s\"%s\"%s n%zu\n", a, arrows[style][0], label,
		arrows[style][1], b);
}

static void mermaid_end(FILE *out)
{
	(void)out;
}

static const struct graph_ops formats[] = {
	[BL_GRAPH_DOT] = { dot_begin, dot_node, dot_edge, dot_end },
	[BL_GRAPH_MERMAID] = { mermaid_begin, mermaid_node, mermaid_edge, mermaid_end },
};

int bl_graph_format_parse(const char *text, enum bl_graph_format *out)
{
	if (!strcmp(text, "dot"))
		*out = BL_GRAPH_DOT;
	else if (!strcmp(text, "mermaid"))
		*out = BL_GRAPH_MERMAID;
	else
		return -EINVAL;
	return 0;
}

static bool is_er_node(const struct bl_plan *p, size_t node)
{
	enum bl_node_kind k = p->nodes[node].kind;

	return k == BL_NODE_ERGW || k == BL_NODE_MSEE || k == BL_NODE_CE;
}

/* One edge per veth pair, written from its lower-indexed end. */
static void veth_edges(const struct graph_ops *ops, const struct bl_plan *p, FILE *out)
{
	char label[64];

	for (size_t i = 0; i < p->n_ifaces; i++) {
		const struct bl_plan_iface *a = &p->ifaces[i];
		const struct bl_plan_iface *z;
		enum edge_style style;

		if (a->kind != BL_IFACE_VETH || a->peer == BL_PLAN_NONE || a->peer < i)
			continue;
		z = &p->ifaces[a->peer];
		if (z->master != BL_PLAN_NONE || a->master != BL_PLAN_NONE)
			style = EDGE_SEGMENT;
		else if (is_er_node(p, a->node) && is_er_node(p, z->node))
			style = EDGE_ER;
		else
			style = EDGE_P2P;
		if (style == EDGE_SEGMENT)
			snprintf(label, sizeof(label), "%s", a->name);
		else
			snprintf(label, sizeof(label), "%s%s - %s",
				 style == EDGE_ER ? "ER " : "", a->name, z->name);
		ops->edge(out, a->node, z->node, style, label);
	}
}

static void tunnel_edges(const struct graph_ops *ops, const struct bl_plan *p, FILE *out)
{
	char label[96];

	for (size_t i = 0; i < p->n_tunnels; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];
		const struct bl_plan_iface *site = &p->ifaces[t->site_iface];
		const struct bl_plan_iface *gw = &p->ifaces[t->gw_iface];

		snprintf(label, sizeof(label), "tunnel %s - %s (if_id %u)", site->name,
			 gw->name, t->if_id);
		ops->edge(out, site->node, gw->node, EDGE_TUNNEL, label);
	}
}

int bl_graph_write(const struct bl_plan *plan, enum bl_graph_format format,
		   FILE *out)
{
	const struct graph_ops *ops = &formats[format];

	ops->begin(out, plan);
	for (size_t i = 0; i < plan->n_nodes; i++)
		ops->node(out, i, &plan->nodes[i]);
	veth_edges(ops, plan, out);
	tunnel_edges(ops, plan, out);
	ops->end(out);
	return ferror(out) ? -EIO : 0;
}
