// SPDX-License-Identifier: GPL-2.0-or-later
/* `show` for people: one block per node, then tunnels and BGP sessions. */
#include "cli/show.h"

#include "lab/lab_state.h"

#include <errno.h>

const char *bl_esp_alg_name(enum bl_esp_alg alg)
{
	return alg == BL_ESP_AES_GCM ? "rfc4106(gcm(aes))" : "cbc(aes)+hmac(sha256)";
}

const char *bl_iface_kind_name(const struct bl_plan *plan,
			       const struct bl_plan_iface *i)
{
	switch (i->kind) {
	case BL_IFACE_LOOPBACK:
		return "loopback";
	case BL_IFACE_VETH:
		return "veth";
	case BL_IFACE_BRIDGE:
		return "bridge";
	case BL_IFACE_TUNNEL:
		return plan->tunnels[i->tunnel].kind == BL_TUNNEL_VTI ? "vti" : "xfrmi";
	}
	return "?";
}

const char *bl_show_key_source(const struct bl_plan *plan,
			       const struct bl_plan_tunnel *t, char *buf, size_t size)
{
	if (t->keying == BL_KEYING_IKEV2)
		snprintf(buf, size, "IKEv2 PSK, strongSwan");
	else
		snprintf(buf, size, "static: random per lab, in %s/%s/keys",
			 bl_state_root(), plan->lab);
	return buf;
}

static void text_iface(const struct bl_plan *p, const struct bl_plan_iface *i, FILE *out)
{
	char a[BL_ADDR_STRLEN];

	fprintf(out, "    %-8s %-8s", i->name, bl_iface_kind_name(p, i));
	if (i->peer != BL_PLAN_NONE)
		fprintf(out, " -> %s:%s", p->nodes[p->ifaces[i->peer].node].name,
			p->ifaces[i->peer].name);
	if (i->master != BL_PLAN_NONE)
		fprintf(out, " (port of %s)", p->ifaces[i->master].name);
	for (size_t k = 0; k < i->n_addrs; k++)
		fprintf(out, " %s/%u", bl_addr_str(i->addrs[k].addr, a), i->addrs[k].len);
	fputc('\n', out);
}

static void text_route(const struct bl_plan *p, const struct bl_plan_route *r, FILE *out)
{
	char d[BL_PREFIX_STRLEN], a[BL_ADDR_STRLEN];

	fprintf(out, "    route %s", r->dst.len ? bl_prefix_str(r->dst, d) : "default");
	if (r->blackhole)
		fputs(" blackhole", out);
	for (size_t k = 0; k < r->n_via; k++)
		fprintf(out, " via %s", bl_addr_str(r->via[k], a));
	if (r->dev != BL_PLAN_NONE)
		fprintf(out, " dev %s", p->ifaces[r->dev].name);
	fputc('\n', out);
}

static void text_node(const struct bl_plan *p, size_t n, FILE *out)
{
	fprintf(out, "  %s (%s, netns %s)\n", p->nodes[n].name,
		bl_node_kind_name(p->nodes[n].kind), p->nodes[n].netns);
	for (size_t i = 0; i < p->n_ifaces; i++)
		if (p->ifaces[i].node == n)
			text_iface(p, &p->ifaces[i], out);
	for (size_t i = 0; i < p->n_routes; i++)
		if (p->routes[i].node == n)
			text_route(p, &p->routes[i], out);
}

static void text_tunnel(const struct bl_plan *p, const struct bl_plan_tunnel *t, FILE *out)
{
	const struct bl_plan_iface *s = &p->ifaces[t->site_iface];
	const struct bl_plan_iface *g = &p->ifaces[t->gw_iface];
	char o1[BL_ADDR_STRLEN], o2[BL_ADDR_STRLEN], keys[96];

	fprintf(out, "  %s:%s <-> %s:%s  %s if_id %u  outer %s <-> %s\n",
		p->nodes[s->node].name, s->name, p->nodes[g->node].name, g->name,
		bl_iface_kind_name(p, s), t->if_id, bl_addr_str(t->site_outer, o1),
		bl_addr_str(t->gw_outer, o2));
	fprintf(out, "    esp %s  spi 0x%08x (to gateway) 0x%08x (to site)  keys: %s\n",
		bl_esp_alg_name(t->esp), t->spi_to_gw, t->spi_to_site,
		bl_show_key_source(p, t, keys, sizeof(keys)));
}

static void text_bgp(const struct bl_plan *p, const struct bl_plan_bgp *s, FILE *out)
{
	char a[BL_ADDR_STRLEN], b[BL_ADDR_STRLEN];

	fprintf(out, "  %-26s %s %s AS%u <-> %s %s AS%u\n", bl_bgp_kind_name(s->kind),
		p->nodes[s->node_a].name, bl_addr_str(s->addr_a, a), s->asn_a,
		p->nodes[s->node_b].name, bl_addr_str(s->addr_b, b), s->asn_b);
}

int bl_show_text(const struct bl_plan *plan, FILE *out)
{
	fprintf(out, "lab %s: %zu nodes, %zu interfaces, %zu tunnels\nnodes:\n",
		plan->lab, plan->n_nodes, plan->n_ifaces, plan->n_tunnels);
	for (size_t n = 0; n < plan->n_nodes; n++)
		text_node(plan, n, out);
	fputs("tunnels:\n", out);
	for (size_t t = 0; t < plan->n_tunnels; t++)
		text_tunnel(plan, &plan->tunnels[t], out);
	fputs("bgp sessions:\n", out);
	for (size_t s = 0; s < plan->n_bgp; s++)
		text_bgp(plan, &plan->bgp[s], out);
	return ferror(out) ? -EIO : 0;
}
