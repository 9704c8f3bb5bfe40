// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan as Graphviz dot or Mermaid text. */
#include "cli/graph.h"

#include <errno.h>
#include <string.h>

/* What kind of line an edge is; both formats style from this. */
enum edge_style { EDGE_SEGMENT, EDGE_P2P, EDGE_ER, EDGE_TUNNEL };

/* Where a node sits in the picture: a cluster of the drawing. */
enum group_kind { GROUP_NONE, GROUP_AZURE, GROUP_EDGE, GROUP_ONPREM };

struct group {
	enum group_kind kind;
	size_t lan; /* GROUP_ONPREM: the node of the site's LAN bridge */
};

struct graph_ops {
	void (*begin)(FILE *out, const struct bl_plan *p, const struct bl_graph_overlay *o);
	void (*group_begin)(FILE *out, size_t id, const char *label);
	void (*node)(FILE *out, const struct bl_plan *p, size_t id, const char *label);
	void (*group_end)(FILE *out);
	void (*edge)(FILE *out, size_t a, size_t b, enum edge_style style, const char *label);
	void (*path_edge)(FILE *out, size_t a, size_t b, size_t path, const char *label);
	void (*end)(FILE *out);
};

/* Colours of drawn paths, in order; distinct from the link colours. */
static const char *const path_colors[] = { "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
					   "#17becf", "#8c564b", "#e377c2", "#bcbd22" };
#define N_PATH_COLORS (sizeof(path_colors) / sizeof(path_colors[0]))

/* Text inside a dot "..." string: quotes and backslashes escaped, a
 * newline as dot's own \n. */
static void dot_quoted(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			fputs("\\n", out);
			continue;
		}
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
}

/* Text inside a dot HTML label. */
static void html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		default: fputc(*s, out);
		}
	}
}

/* The title and one coloured line per path, as the graph's label. */
static void dot_legend(FILE *out, const struct bl_graph_overlay *o)
{
	fputs("\tlabelloc=t; labeljust=l; label=<<b>", out);
	html_text(out, o->title ? o->title : "");
	fputs("</b>", out);
	for (size_t i = 0; i < o->n_paths; i++) {
		fprintf(out, "<br align=\"left\"/><font color=\"%s\">&#9472;&#9472;&#9658; ",
			path_colors[i % N_PATH_COLORS]);
		html_text(out, o->paths[i].label);
		fputs("</font>", out);
	}
	fputs("<br align=\"left\"/>>;\n", out);
}

static void dot_begin(FILE *out, const struct bl_plan *p, const struct bl_graph_overlay *o)
{
	fprintf(out, "graph \"%s\" {\n\tgraph [overlap=false, fontname=\"Helvetica\", "
		     "fontsize=12, nodesep=0.3, ranksep=0.6];\n"
		     "\tnode [fontname=\"Helvetica\", fontsize=10];\n"
		     "\tedge [fontname=\"Helvetica\", fontsize=9];\n", p->lab);
	if (o)
		dot_legend(out, o);
}

static void dot_group_begin(FILE *out, size_t id, const char *label)
{
	fprintf(out, "\tsubgraph cluster_%zu {\n\t\tlabel=\"", id);
	dot_quoted(out, label);
	fputs("\"; style=\"rounded,filled\"; fillcolor=\"", out);
	fputs(id == GROUP_AZURE ? "#e8f1fb" : id == GROUP_EDGE ? "#eef7ee" : "#f4f4f4", out);
	fputs("\"; color=\"#999999\";\n", out);
}

static void dot_node(FILE *out, const struct bl_plan *p, size_t id, const char *label)
{
	const char *shape = p->nodes[id].kind == BL_NODE_BRIDGE ? "ellipse" : "box";

	fprintf(out, "\t\tn%zu [shape=%s, style=\"rounded,filled\", fillcolor=white, label=\"",
		id, shape);
	dot_quoted(out, label);
	fputs("\"];\n", out);
}

static void dot_group_end(FILE *out)
{
	fputs("\t}\n", out);
}

static void dot_edge(FILE *out, size_t a, size_t b, enum edge_style style,
		     const char *label)
{
	static const char *const attrs[] = {
		[EDGE_SEGMENT] = ", color=\"#888888\"",
		[EDGE_P2P] = "",
		[EDGE_ER] = ", color=blue, penwidth=2",
		[EDGE_TUNNEL] = ", style=dashed, color=\"#cc6600\", penwidth=2",
	};

	fprintf(out, "\tn%zu -- n%zu [label=\"", a, b);
	dot_quoted(out, label);
	fprintf(out, "\"%s];\n", attrs[style]);
}

/* A hop of a drawn path: an arrow that does not move the layout. */
static void dot_path_edge(FILE *out, size_t a, size_t b, size_t path, const char *label)
{
	fprintf(out, "\tn%zu -- n%zu [dir=forward, constraint=false, penwidth=3, "
		     "arrowsize=1.2, color=\"%s\", fontcolor=\"%s\", label=\"",
		a, b, path_colors[path % N_PATH_COLORS], path_colors[path % N_PATH_COLORS]);
	dot_quoted(out, label);
	fputs("\"];\n", out);
}

static void dot_end(FILE *out)
{
	fputs("}\n", out);
}

/* Mermaid labels are "..." strings: a quote becomes #quot;, newlines <br/>. */
static void mermaid_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"')
			fputs("#quot;", out);
		else if (*s == '\n')
			fputs("<br/>", out);
		else
			fputc(*s, out);
	}
}

static void mermaid_begin(FILE *out, const struct bl_plan *p, const struct bl_graph_overlay *o)
{
	fprintf(out, "%%%% lab %s\n", p->lab);
	if (o && o->title)
		fprintf(out, "%%%% %s\n", o->title);
	fputs("graph LR\n", out);
}

static void mermaid_group_begin(FILE *out, size_t id, const char *label)
{
	fprintf(out, "\tsubgraph g%zu [\"", id);
	mermaid_text(out, label);
	fputs("\"]\n", out);
}

static void mermaid_node(FILE *out, const struct bl_plan *p, size_t id, const char *label)
{
	bool bridge = p->nodes[id].kind == BL_NODE_BRIDGE;

	fprintf(out, "\tn%zu%s\"", id, bridge ? "((" : "[");
	mermaid_text(out, label);
	fprintf(out, "\"%s\n", bridge ? "))" : "]");
}

static void mermaid_group_end(FILE *out)
{
	fputs("\tend\n", out);
}

static void mermaid_edge(FILE *out, size_t a, size_t b, enum edge_style style,
			 const char *label)
{
	static const char *const arrows[] = {
		[EDGE_SEGMENT] = "---|", [EDGE_P2P] = "---|", [EDGE_ER] = "===|",
		[EDGE_TUNNEL] = "-.-|",
	};

	fprintf(out, "\tn%zu %s\"", a, arrows[style]);
	mermaid_text(out, label);
	fprintf(out, "\"| n%zu\n", b);
}

static void mermaid_path_edge(FILE *out, size_t a, size_t b, size_t path, const char *label)
{
	(void)path;
	fprintf(out, "\tn%zu ==>|\"", a);
	mermaid_text(out, label);
	fprintf(out, "\"| n%zu\n", b);
}

static void mermaid_end(FILE *out)
{
	(void)out;
}

static const struct graph_ops formats[] = {
	[BL_GRAPH_DOT] = { dot_begin, dot_group_begin, dot_node, dot_group_end, dot_edge,
			   dot_path_edge, dot_end },
	[BL_GRAPH_MERMAID] = { mermaid_begin, mermaid_group_begin, mermaid_node,
			       mermaid_group_end, mermaid_edge, mermaid_path_edge, mermaid_end },
};

int bl_graph_format_parse(const char *text, enum bl_graph_format *out)
{
	if (!strcmp(text, "dot"))
		*out = BL_GRAPH_DOT;
	else if (!strcmp(text, "mermaid"))
		*out = BL_GRAPH_MERMAID;
	else if (!strcmp(text, "svg"))
		*out = BL_GRAPH_SVG;
	else
		return -EINVAL;
	return 0;
}

static bool is_er_node(const struct bl_plan *p, size_t node)
{
	enum bl_node_kind k = p->nodes[node].kind;

	return k == BL_NODE_ERGW || k == BL_NODE_MSEE || k == BL_NODE_CE;
}

static bool is_lan_bridge(const struct bl_plan *p, size_t node)
{
	return p->nodes[node].kind == BL_NODE_BRIDGE && !strncmp(p->nodes[node].name, "lan-", 4);
}

/* The LAN bridge a node is wired to, BL_PLAN_NONE when none. */
static size_t lan_of(const struct bl_plan *p, size_t node)
{
	if (is_lan_bridge(p, node))
		return node;
	for (size_t i = 0; i < p->n_ifaces; i++) {
		const struct bl_plan_iface *f = &p->ifaces[i];

		if (f->node == node && f->kind == BL_IFACE_VETH && f->peer != BL_PLAN_NONE &&
		    is_lan_bridge(p, p->ifaces[f->peer].node))
			return p->ifaces[f->peer].node;
	}
	return BL_PLAN_NONE;
}

static struct group group_of(const struct bl_plan *p, size_t node)
{
	switch (p->nodes[node].kind) {
	case BL_NODE_VM:
	case BL_NODE_VPNGW:
	case BL_NODE_ERGW:
	case BL_NODE_ROUTESERVER:
		return (struct group){ GROUP_AZURE, 0 };
	case BL_NODE_MSEE:
		return (struct group){ GROUP_EDGE, 0 };
	case BL_NODE_BRIDGE:
		if (!strcmp(p->nodes[node].name, "vnet"))
			return (struct group){ GROUP_AZURE, 0 };
		break;
	default:
		break;
	}
	size_t lan = lan_of(p, node);

	return lan == BL_PLAN_NONE ? (struct group){ GROUP_NONE, 0 }
				   : (struct group){ GROUP_ONPREM, lan };
}

/* The node's ASN from its BGP sessions; 0 when it speaks none. */
static uint32_t asn_of(const struct bl_plan *p, size_t node)
{
	for (size_t i = 0; i < p->n_bgp; i++) {
		if (p->bgp[i].node_a == node)
			return p->bgp[i].asn_a;
		if (p->bgp[i].node_b == node)
			return p->bgp[i].asn_b;
	}
	return 0;
}

/* "name\nkind, AS n\niface addr/len..." */
static void node_label(const struct bl_plan *p, size_t node, char *buf, size_t size)
{
	uint32_t asn = asn_of(p, node);
	size_t len = (size_t)snprintf(buf, size, "%s\n%s", p->nodes[node].name,
				      bl_node_kind_name(p->nodes[node].kind));

	if (asn && len < size)
		len += (size_t)snprintf(buf + len, size - len, ", AS %u", asn);
	for (size_t i = 0; i < p->n_ifaces && len < size; i++) {
		const struct bl_plan_iface *f = &p->ifaces[i];
		char a[BL_ADDR_STRLEN];

		if (f->node != node)
			continue;
		for (size_t k = 0; k < f->n_addrs && len < size; k++)
			len += (size_t)snprintf(buf + len, size - len, "\n%s %s/%u", f->name,
						bl_addr_str(f->addrs[k].addr, a), f->addrs[k].len);
	}
}

static void group_label(const struct bl_plan *p, struct group g, char *buf, size_t size)
{
	if (g.kind == GROUP_AZURE)
		snprintf(buf, size, "Azure (hub and spoke VNets)");
	else if (g.kind == GROUP_EDGE)
		snprintf(buf, size, "Microsoft edge (ExpressRoute)");
	else
		snprintf(buf, size, "on-premises %s", p->nodes[g.lan].name + 4);
}

static bool same_group(struct group a, struct group b)
{
	return a.kind == b.kind && (a.kind != GROUP_ONPREM || a.lan == b.lan);
}

/* Nodes group by group, in the plan's order of each group's first node. */
static void write_nodes(const struct graph_ops *ops, const struct bl_plan *p, FILE *out)
{
	char label[1024];

	for (size_t first = 0; first < p->n_nodes; first++) {
		struct group g = group_of(p, first);
		bool seen = false;

		for (size_t e = 0; e < first && !seen; e++)
			seen = same_group(group_of(p, e), g);
		if (seen)
			continue;
		if (g.kind != GROUP_NONE) {
			group_label(p, g, label, sizeof(label));
			ops->group_begin(out, g.kind == GROUP_ONPREM ? GROUP_ONPREM + g.lan : g.kind,
					 label);
		}
		for (size_t n = first; n < p->n_nodes; n++) {
			if (!same_group(group_of(p, n), g))
				continue;
			node_label(p, n, label, sizeof(label));
			ops->node(out, p, n, label);
		}
		if (g.kind != GROUP_NONE)
			ops->group_end(out);
	}
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

		snprintf(label, sizeof(label), "tunnel %s - %s (%s if_id %u)", site->name,
			 gw->name, t->kind == BL_TUNNEL_VTI ? "vti" : "xfrmi", t->if_id);
		ops->edge(out, site->node, gw->node, EDGE_TUNNEL, label);
	}
}

/* Each drawn path as arrows between its consecutive known hops. */
static void path_edges(const struct graph_ops *ops, const struct bl_graph_overlay *o,
		       FILE *out)
{
	for (size_t i = 0; o && i < o->n_paths; i++) {
		const struct bl_node_path *path = o->paths[i].path;
		char label[48];

		for (size_t h = 0; h + 1 < path->n_nodes; h++) {
			if (path->nodes[h] == BL_PLAN_NONE || path->nodes[h + 1] == BL_PLAN_NONE)
				continue;
			snprintf(label, sizeof(label), "%zu.%zu", i + 1, h + 1);
			ops->path_edge(out, path->nodes[h], path->nodes[h + 1], i, label);
		}
	}
}

int bl_graph_write(const struct bl_plan *plan, enum bl_graph_format format,
		   const struct bl_graph_overlay *overlay, FILE *out)
{
	const struct graph_ops *ops;

	if (format == BL_GRAPH_SVG)
		return bl_graph_svg(plan, overlay, out);
	ops = &formats[format];
	ops->begin(out, plan, overlay);
	write_nodes(ops, plan, out);
	veth_edges(ops, plan, out);
	tunnel_edges(ops, plan, out);
	path_edges(ops, overlay, out);
	ops->end(out);
	return ferror(out) ? -EIO : 0;
}
