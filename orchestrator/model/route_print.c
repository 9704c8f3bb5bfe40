// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A node's table in the shape of Azure's "effective routes" (source,
 * state, prefix, next-hop type, next-hop IPs) plus the BGP columns (AS
 * path, learned from), as text or JSON.
 */
#include "common/json_out.h"
#include "model/route_internal.h"

#include <errno.h>
#include <string.h>

#include "common/report.h"

const char *bl_route_source_name(enum bl_route_source s)
{
	static const char *const names[] = {
		[BL_SRC_CONNECTED] = "Connected", [BL_SRC_STATIC] = "Static",
		[BL_SRC_EBGP] = "eBGP", [BL_SRC_IBGP] = "iBGP",
		[BL_SRC_DEFAULT] = "Default",
		[BL_SRC_GATEWAY] = "VirtualNetworkGateway",
	};

	return (size_t)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

const char *bl_nh_type_name(enum bl_nh_type t)
{
	static const char *const names[] = {
		[BL_NH_IP] = "IP", [BL_NH_CONNECTED] = "Connected",
		[BL_NH_VNET_LOCAL] = "VnetLocal", [BL_NH_VNET_PEERING] = "VNetPeering",
		[BL_NH_INTERNET] = "Internet", [BL_NH_NONE] = "None",
		[BL_NH_VNET_GATEWAY] = "VirtualNetworkGateway",
	};

	return (size_t)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

/* A BGP next hop behind a tunnel shows where the packet really goes:
 * "10.0.255.4>169.254.0.1". */
static void print_hops(const struct bl_route *r, FILE *out, const char *sep)
{
	char a[BL_ADDR_STRLEN], k[BL_ADDR_STRLEN];

	for (size_t i = 0; i < r->hops->n; i++) {
		const struct bl_hop *h = &r->hops->hop[i];

		fprintf(out, "%s%s", i ? sep : "", bl_addr_str(h->next, a));
		if (h->kernel != h->next)
			fprintf(out, ">%s", bl_addr_str(h->kernel, k));
	}
}

static void print_path(const struct bl_route *r, FILE *out, const char *sep)
{
	for (size_t i = 0; i < r->as_path->len; i++)
		fprintf(out, "%s%u", i ? sep : "", r->as_path->asn[i]);
}

static void row_columns(const char *source, bool active, struct bl_prefix p,
			const char *nh_type, const char *hops, const char *path,
			const char *learned_from, FILE *out)
{
	char prefix[BL_PREFIX_STRLEN];

	fprintf(out, "%-22s %-8s %-18s %-22s %-32s %-18s %s", source,
		active ? "Active" : "Invalid", bl_prefix_str(p, prefix), nh_type,
		hops[0] ? hops : "-", path[0] ? path : "-", learned_from[0] ? learned_from : "-");
}

void bl_route_table_row(const char *source, bool active, struct bl_prefix prefix,
			const char *nh_type, const char *hops, const char *path,
			const char *learned_from, FILE *out)
{
	row_columns(source, active, prefix, nh_type, hops, path, learned_from, out);
	fputc('\n', out);
}

void bl_route_table_head(const char *title, const char *node, FILE *out)
{
	fprintf(out, "%s %s\n", title, node);
	fprintf(out, "%-22s %-8s %-18s %-22s %-32s %-18s %s\n", "Source", "State",
		"Address prefix", "Next hop type", "Next hop IP", "AS path", "Learned from");
}

/* Column text is built in memory so the table stays aligned whatever the
 * number of next hops. */
static void print_row(const struct bl_route *r, FILE *out)
{
	char hops[BL_ROUTE_MAX_NH * (2 * BL_ADDR_STRLEN + 1)] = "";
	char path[BL_ROUTE_MAX_ASPATH * 11] = "";
	FILE *h = fmemopen(hops, sizeof(hops), "w");
	FILE *p = fmemopen(path, sizeof(path), "w");

	if (h) {
		print_hops(r, h, ",");
		fclose(h);
	}
	if (p) {
		print_path(r, p, " ");
		fclose(p);
	}
	row_columns(bl_route_source_name(r->source), r->active, r->prefix,
		    bl_nh_type_name(r->nh_type), hops, path, r->learned_from, out);
	if (r->why)
		fprintf(out, "  (%s)", r->why);
	fputc('\n', out);
}

static void print_text(const char *node, const struct bl_route *rows, size_t n,
		       FILE *out)
{
	bl_route_table_head("Effective routes of", node, out);
	for (size_t i = 0; i < n; i++)
		print_row(&rows[i], out);
}

/* A dropped session changes every table: say so under each. */
static void print_sessions_down(const struct bl_model *m, FILE *out)
{
	const struct bl_model_note *notes;
	size_t n;

	bl_model_session_notes(m, &notes, &n);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "note: %s (%s)\n", notes[i].text, notes[i].rule);
}

static void json_row(const struct bl_route *r, FILE *out)
{
	char prefix[BL_PREFIX_STRLEN];

	fprintf(out, "{\"source\":\"%s\",\"state\":\"%s\",\"prefix\":\"%s\","
		"\"next_hop_type\":\"%s\",\"next_hops\":[",
		bl_route_source_name(r->source), r->active ? "Active" : "Invalid",
		bl_prefix_str(r->prefix, prefix), bl_nh_type_name(r->nh_type));
	for (size_t i = 0; i < r->hops->n; i++) {
		char a[BL_ADDR_STRLEN];

		fprintf(out, "%s\"%s\"", i ? "," : "", bl_addr_str(r->hops->hop[i].next, a));
	}
	fputs("],\"kernel_hops\":[", out);
	for (size_t i = 0; i < r->hops->n; i++) {
		char a[BL_ADDR_STRLEN];

		fprintf(out, "%s\"%s\"", i ? "," : "", bl_addr_str(r->hops->hop[i].kernel, a));
	}
	fputs("],\"as_path\":[", out);
	print_path(r, out, ",");
	fprintf(out, "],\"weight\":%u,\"local_pref\":%u,\"learned_from\":", r->weight,
		r->local_pref);
	bl_json_string(out, r->learned_from);
	if (r->why) {
		fputs(",\"reason\":", out);
		bl_json_string(out, r->why);
	}
	fputc('}', out);
}

static void json_kroute(const struct bl_kernel_route *k, FILE *out)
{
	char prefix[BL_PREFIX_STRLEN], a[BL_ADDR_STRLEN];

	fprintf(out, "{\"prefix\":\"%s\",\"type\":\"%s\",\"via\":[",
		bl_prefix_str(k->prefix, prefix),
		k->type == BL_KROUTE_BLACKHOLE ? "blackhole" : "unicast");
	for (size_t i = 0; i < k->n_next_hops; i++)
		fprintf(out, "%s\"%s\"", i ? "," : "", bl_addr_str(k->next_hops[i], a));
	fputs("]}", out);
}

static void print_json(const struct bl_model *m, const char *node,
		       const struct bl_route *rows, size_t n, FILE *out)
{
	const struct bl_kernel_route *k = NULL;
	size_t nk = 0;

	fputs("{\"node\":", out);
	bl_json_string(out, node);
	fputs(",\"routes\":[", out);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? "," : "", out);
		json_row(&rows[i], out);
	}
	fputs("],\"kernel_routes\":[", out);
	(void)bl_model_kernel_routes(m, node, &k, &nk);
	for (size_t i = 0; i < nk; i++) {
		fputs(i ? "," : "", out);
		json_kroute(&k[i], out);
	}
	fputs("]}\n", out);
}

int bl_model_print_table(const struct bl_model *m, const char *node, bool json,
			 FILE *out)
{
	const struct bl_route *rows;
	size_t n;

	int r = bl_model_table(m, node, &rows, &n);

	if (r == -ENOENT) {
		bl_err("no node '%s' in the route model (VMs and routers only)", node);
		return r;
	}
	if (r < 0)
		return bl_err_errno(r, "reading the routes of '%s' failed", node);
	if (json) {
		print_json(m, node, rows, n, out);
		return 0;
	}
	print_text(node, rows, n, out);
	print_sessions_down(m, out);
	return 0;
}
