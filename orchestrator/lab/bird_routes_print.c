// SPDX-License-Identifier: GPL-2.0-or-later
/* BIRD's routes in the model's table shape: see lab_bird_routes.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/json_out.h"
#include "common/prefix.h"
#include "lab/lab_bird_routes.h"

struct live_row {
	const struct bl_bird_route *rt;
	struct bl_prefix prefix;
	const char *source;
	const char *learned_from;
	bool active;
};

static const struct bl_bird_session *session_of(const char *proto,
						const struct bl_bird_session *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].name, proto))
			return &s[i];
	return NULL;
}

/* branchlab's descriptions: "eBGP PEER", "iBGP PEER", "VNet feed from PEER". */
static void name_source(struct live_row *row, const struct bl_bird_session *s)
{
	const char *d = s ? s->description : "";

	row->source = "BGP";
	row->learned_from = row->rt->proto;
	if (!strncmp(d, "eBGP ", 5) || !strncmp(d, "iBGP ", 5)) {
		row->source = !strncmp(d, "eBGP", 4) ? "eBGP" : "iBGP";
		row->learned_from = d + 5;
	} else if (!strncmp(d, "VNet feed from ", 15)) {
		row->source = "VirtualNetworkGateway";
		row->learned_from = d + 15;
	}
}

static size_t path_len(const char *path)
{
	size_t n = 0;

	for (const char *p = path; *p; p++)
		n += (*p != ' ') && (p == path || p[-1] == ' ');
	return n;
}

/* What BIRD's kernel protocol (merge paths on) merges with the selected
 * route: a BGP route of the same kind, preference, path length, origin. */
static bool merges_with(const struct live_row *a, const struct live_row *best)
{
	return a->rt->bgp && best->rt->bgp && !strcmp(a->source, best->source) &&
	       a->rt->local_pref == best->rt->local_pref &&
	       path_len(a->rt->as_path) == path_len(best->rt->as_path) &&
	       !strcmp(a->rt->origin, best->rt->origin);
}

static void mark_active(struct live_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		rows[i].active = rows[i].rt->primary;
		for (size_t k = 0; k < n && !rows[i].active; k++)
			rows[i].active = rows[k].rt->primary &&
					 rows[k].prefix.addr == rows[i].prefix.addr &&
					 rows[k].prefix.len == rows[i].prefix.len &&
					 merges_with(&rows[i], &rows[k]);
	}
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct live_row *a = pa, *b = pb;
	bl_addr ha = 0, hb = 0;

	if (a->prefix.addr != b->prefix.addr)
		return a->prefix.addr < b->prefix.addr ? -1 : 1;
	if (a->prefix.len != b->prefix.len)
		return a->prefix.len < b->prefix.len ? -1 : 1;
	if (a->rt->n_vias)
		(void)bl_addr_parse(a->rt->vias[0], &ha);
	if (b->rt->n_vias)
		(void)bl_addr_parse(b->rt->vias[0], &hb);
	return ha < hb ? -1 : ha > hb;
}

/* Per gateway: the BGP next hop and the gateway, the model's hop pair. */
static const char *hop_next(const struct bl_bird_route *rt, size_t i)
{
	return rt->n_vias == 1 && rt->next_hop[0] ? rt->next_hop : rt->vias[i];
}

static void text_hops(const struct bl_bird_route *rt, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < rt->n_vias && used < size; i++) {
		const char *next = hop_next(rt, i);
		int w = strcmp(next, rt->vias[i])
				? snprintf(buf + used, size - used, "%s%s>%s", i ? "," : "", next,
					   rt->vias[i])
				: snprintf(buf + used, size - used, "%s%s", i ? "," : "", next);

		used += w > 0 ? (size_t)w : 0;
	}
}

static const char *nh_type(const struct live_row *row)
{
	if (strcmp(row->rt->type, "unicast") != 0)
		return "None";
	return !strcmp(row->source, "VirtualNetworkGateway") ? "VirtualNetworkGateway" : "IP";
}

static void print_text(const char *node, const struct live_row *rows, size_t n,
		       const struct bl_bird_route *routes, size_t n_routes, FILE *out)
{
	char hops[BL_BIRD_ROUTE_MAX_VIAS * 2 * BL_BIRD_ADDR_BUF];

	bl_route_table_head("Live BGP routes (BIRD) of", node, out);
	for (size_t i = 0; i < n; i++) {
		text_hops(rows[i].rt, hops, sizeof(hops));
		bl_route_table_row(rows[i].source, rows[i].active, rows[i].prefix, nh_type(&rows[i]),
				   hops, rows[i].rt->as_path, rows[i].learned_from, out);
	}
	for (size_t i = 0; i < n_routes; i++)
		if (!routes[i].bgp)
			fprintf(out, "note: BIRD also holds %s %s (%s), not BGP-learned\n",
				routes[i].prefix, routes[i].type, routes[i].proto);
}

static void json_list(const struct bl_bird_route *rt, bool kernel, FILE *out)
{
	for (size_t i = 0; i < rt->n_vias; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "", kernel ? rt->vias[i] : hop_next(rt, i));
}

static void json_row(const struct live_row *row, FILE *out)
{
	char prefix[BL_PREFIX_STRLEN];
	const char *path = row->rt->as_path;

	fprintf(out, "{\"source\":\"%s\",\"state\":\"%s\",\"prefix\":\"%s\","
		"\"next_hop_type\":\"%s\",\"next_hops\":[", row->source,
		row->active ? "Active" : "Invalid", bl_prefix_str(row->prefix, prefix),
		nh_type(row));
	json_list(row->rt, false, out);
	fputs("],\"kernel_hops\":[", out);
	json_list(row->rt, true, out);
	fputs("],\"as_path\":[", out);
	for (const char *p = path; *p; p++)
		if (*p != ' ')
			fprintf(out, "%s%c", p > path && p[-1] == ' ' ? "," : "", *p);
	fputs("],\"learned_from\":", out);
	bl_json_string(out, row->learned_from);
	fputs(",\"protocol\":", out);
	bl_json_string(out, row->rt->proto);
	fputc('}', out);
}

static void print_json(const char *node, const struct live_row *rows, size_t n,
		       const struct bl_bird_route *routes, size_t n_routes, FILE *out)
{
	bool first = true;

	fputs("{\"node\":", out);
	bl_json_string(out, node);
	fputs(",\"live\":true,\"routes\":[", out);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? "," : "", out);
		json_row(&rows[i], out);
	}
	fputs("],\"other\":[", out);
	for (size_t i = 0; i < n_routes; i++) {
		if (routes[i].bgp)
			continue;
		fputs(first ? "{\"prefix\":" : ",{\"prefix\":", out);
		bl_json_string(out, routes[i].prefix);
		fprintf(out, ",\"type\":\"%s\",\"protocol\":", routes[i].type);
		bl_json_string(out, routes[i].proto);
		fputc('}', out);
		first = false;
	}
	fputs("]}\n", out);
}

int bl_bird_routes_print(const char *node, const struct bl_bird_route *routes, size_t n,
			 const struct bl_bird_session *sessions, size_t n_sessions, bool json,
			 FILE *out)
{
	struct live_row *rows = calloc(n + 1, sizeof(*rows));
	size_t k = 0;

	if (!rows)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		/* Only IPv4 BGP routes are rows: the model's tables are IPv4. */
		if (!routes[i].bgp || bl_prefix_parse(routes[i].prefix, &rows[k].prefix) < 0)
			continue;
		rows[k].rt = &routes[i];
		name_source(&rows[k], session_of(routes[i].proto, sessions, n_sessions));
		k++;
	}
	mark_active(rows, k);
	qsort(rows, k, sizeof(*rows), row_cmp);
	if (json)
		print_json(node, rows, k, routes, n, out);
	else
		print_text(node, rows, k, routes, n, out);
	free(rows);
	return 0;
}
