// SPDX-License-Identifier: GPL-2.0-or-later
/* `show --json`: the same facts as the text form, for scripts. */
#include "common/json_out.h"
#include "cli/show.h"

#include <errno.h>

static void json_key(FILE *out, const char *key, const char *value)
{
	bl_json_string(out, key);
	fputc(':', out);
	bl_json_string(out, value);
}

static void sep(FILE *out, size_t index)
{
	if (index)
		fputc(',', out);
}

static void json_iface(const struct bl_plan *p, const struct bl_plan_iface *i, FILE *out)
{
	char a[BL_ADDR_STRLEN];

	fputc('{', out);
	json_key(out, "name", i->name);
	fputc(',', out);
	json_key(out, "kind", bl_iface_kind_name(p, i));
	if (i->peer != BL_PLAN_NONE) {
		fputs(",\"peer\":{", out);
		json_key(out, "node", p->nodes[p->ifaces[i->peer].node].name);
		fputc(',', out);
		json_key(out, "interface", p->ifaces[i->peer].name);
		fputc('}', out);
	}
	if (i->master != BL_PLAN_NONE) {
		fputc(',', out);
		json_key(out, "master", p->ifaces[i->master].name);
	}
	fputs(",\"addresses\":[", out);
	for (size_t k = 0; k < i->n_addrs; k++) {
		sep(out, k);
		fprintf(out, "\"%s/%u\"", bl_addr_str(i->addrs[k].addr, a), i->addrs[k].len);
	}
	fputs("]}", out);
}

static void json_route(const struct bl_plan *p, const struct bl_plan_route *r, FILE *out)
{
	char d[BL_PREFIX_STRLEN], a[BL_ADDR_STRLEN];

	fprintf(out, "{\"dst\":\"%s\",\"blackhole\":%s,\"via\":[", bl_prefix_str(r->dst, d),
		r->blackhole ? "true" : "false");
	for (size_t k = 0; k < r->n_via; k++) {
		sep(out, k);
		fprintf(out, "\"%s\"", bl_addr_str(r->via[k], a));
	}
	fputc(']', out);
	if (r->dev != BL_PLAN_NONE) {
		fputc(',', out);
		json_key(out, "dev", p->ifaces[r->dev].name);
	}
	fputc('}', out);
}

static void json_node(const struct bl_plan *p, size_t n, FILE *out)
{
	size_t k = 0;

	fputc('{', out);
	json_key(out, "name", p->nodes[n].name);
	fputc(',', out);
	json_key(out, "kind", bl_node_kind_name(p->nodes[n].kind));
	fputc(',', out);
	json_key(out, "netns", p->nodes[n].netns);
	fputs(",\"interfaces\":[", out);
	for (size_t i = 0; i < p->n_ifaces; i++)
		if (p->ifaces[i].node == n) {
			sep(out, k++);
			json_iface(p, &p->ifaces[i], out);
		}
	fputs("],\"routes\":[", out);
	k = 0;
	for (size_t i = 0; i < p->n_routes; i++)
		if (p->routes[i].node == n) {
			sep(out, k++);
			json_route(p, &p->routes[i], out);
		}
	fputs("]}", out);
}

static void json_end(const struct bl_plan *p, const char *key, size_t iface,
		     bl_addr outer, FILE *out)
{
	char o[BL_ADDR_STRLEN];

	fprintf(out, "\"%s\":{", key);
	json_key(out, "node", p->nodes[p->ifaces[iface].node].name);
	fputc(',', out);
	json_key(out, "interface", p->ifaces[iface].name);
	fprintf(out, ",\"inner\":\"%s/%u\"", bl_addr_str(p->ifaces[iface].addrs[0].addr, o),
		p->ifaces[iface].addrs[0].len);
	fprintf(out, ",\"outer\":\"%s\"}", bl_addr_str(outer, o));
}

static void json_tunnel(const struct bl_plan *p, const struct bl_plan_tunnel *t, FILE *out)
{
	char keys[96];

	fprintf(out, "{\"instance\":%u,\"if_id\":%u,", t->instance, t->if_id);
	json_key(out, "kind", bl_iface_kind_name(p, &p->ifaces[t->site_iface]));
	fputc(',', out);
	json_end(p, "site", t->site_iface, t->site_outer, out);
	fputc(',', out);
	json_end(p, "gateway", t->gw_iface, t->gw_outer, out);
	fprintf(out, ",\"esp\":\"%s\",\"spi_to_gateway\":%u,\"spi_to_site\":%u,",
		bl_esp_alg_name(t->esp), t->spi_to_gw, t->spi_to_site);
	json_key(out, "keys", bl_show_key_source(p, t, keys, sizeof(keys)));
	fputc('}', out);
}

static void json_peer(const struct bl_plan *p, size_t node, bl_addr addr, uint32_t asn,
		      FILE *out)
{
	char a[BL_ADDR_STRLEN];

	fputc('{', out);
	json_key(out, "node", p->nodes[node].name);
	fprintf(out, ",\"address\":\"%s\",\"asn\":%u}", bl_addr_str(addr, a), asn);
}

static void json_bgp(const struct bl_plan *p, const struct bl_plan_bgp *s, FILE *out)
{
	fputc('{', out);
	json_key(out, "kind", bl_bgp_kind_name(s->kind));
	fputs(",\"a\":", out);
	json_peer(p, s->node_a, s->addr_a, s->asn_a, out);
	fputs(",\"b\":", out);
	json_peer(p, s->node_b, s->addr_b, s->asn_b, out);
	fputc('}', out);
}

int bl_show_json(const struct bl_plan *plan, FILE *out)
{
	fputc('{', out);
	json_key(out, "lab", plan->lab);
	fputs(",\"nodes\":[", out);
	for (size_t n = 0; n < plan->n_nodes; n++) {
		sep(out, n);
		json_node(plan, n, out);
	}
	fputs("],\"tunnels\":[", out);
	for (size_t t = 0; t < plan->n_tunnels; t++) {
		sep(out, t);
		json_tunnel(plan, &plan->tunnels[t], out);
	}
	fputs("],\"bgp\":[", out);
	for (size_t s = 0; s < plan->n_bgp; s++) {
		sep(out, s);
		json_bgp(plan, &plan->bgp[s], out);
	}
	fputs("]}\n", out);
	return ferror(out) ? -EIO : 0;
}
