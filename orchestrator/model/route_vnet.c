// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A VNet's effective routes, the table every VM in it sees: Azure's
 * system routes plus what the gateways program, resolved as Azure does.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define IP4(a, b, c, d) (((bl_addr)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))

/* [D] R16: the address ranges Azure drops unless a learned route covers
 * them (RFC 1918 and RFC 6598 shared space). */
static const struct bl_prefix none_ranges[] = {
	{ IP4(10, 0, 0, 0), 8 },
	{ IP4(172, 16, 0, 0), 12 },
	{ IP4(192, 168, 0, 0), 16 },
	{ IP4(100, 64, 0, 0), 10 },
};

static int push_system(const struct bl_model *m, struct bl_route **rows, size_t *n,
		       struct bl_prefix p, enum bl_nh_type type)
{
	struct bl_route r = bl_route_blank(m, p);

	r.source = BL_SRC_DEFAULT;
	r.nh_type = type;
	r.active = true;
	return bl_routes_push(rows, n, &r);
}

static int push_space(const struct bl_model *m, struct bl_route **rows, size_t *n,
		      const struct bl_vnet *v, enum bl_nh_type type)
{
	int r = 0;

	for (size_t i = 0; i < v->n_address_space && !r; i++)
		r = push_system(m, rows, n, v->address_space[i], type);
	return r;
}

/* [D] R16 default system routes: the VNet itself, its peerings (the hub
 * peers with every spoke, a spoke with the hub), the Internet and the
 * None ranges. */
static int add_system_routes(const struct bl_model *m, const struct bl_vnet_table *v,
			     struct bl_route **rows, size_t *n)
{
	const struct bl_topology *t = m->topo;
	struct bl_prefix all = { 0, 0 };
	int r = push_space(m, rows, n, v->vnet, BL_NH_VNET_LOCAL);

	if (v->hub)
		for (size_t i = 0; i < t->n_spokes && !r; i++)
			r = push_space(m, rows, n, &t->spokes[i], BL_NH_VNET_PEERING);
	else if (!r)
		r = push_space(m, rows, n, &t->hub, BL_NH_VNET_PEERING);
	if (!r)
		r = push_system(m, rows, n, all, BL_NH_INTERNET);
	for (size_t i = 0; i < sizeof(none_ranges) / sizeof(none_ranges[0]) && !r; i++)
		r = push_system(m, rows, n, none_ranges[i], BL_NH_NONE);
	return r;
}

/* A route put together from several: its next hops and learned-from list
 * grow here, then it is interned once (draft_finish). */
struct route_draft {
	struct bl_route route;
	struct bl_hop hop[BL_ROUTE_MAX_NH];
	size_t n_hops;
	char learned[BL_LEARNED_BUF];
};

static void draft_start(struct route_draft *d, const struct bl_route *from)
{
	d->route = *from;
	d->n_hops = from->hops->n;
	memcpy(d->hop, from->hops->hop, d->n_hops * sizeof(d->hop[0]));
	snprintf(d->learned, sizeof(d->learned), "%s", from->learned_from);
}

static int draft_finish(struct bl_model *m, struct route_draft *d, struct bl_route *out)
{
	int r = bl_attr_hops(&m->attrs, d->hop, d->n_hops, &d->route.hops);

	if (!r)
		r = bl_attr_name(&m->attrs, d->learned, &d->route.learned_from);
	if (!r)
		*out = d->route;
	return r;
}

static void add_hop(struct route_draft *d, bl_addr hop)
{
	for (size_t i = 0; i < d->n_hops; i++)
		if (d->hop[i].next == hop)
			return;
	if (d->n_hops < BL_ROUTE_MAX_NH)
		d->hop[d->n_hops++] = (struct bl_hop){ hop, hop };
}

static void add_learned(struct route_draft *d, const char *name)
{
	size_t len = strlen(d->learned);

	if (strstr(d->learned, name))
		return;
	snprintf(d->learned + len, sizeof(d->learned) - len, "%s%s", len ? "," : "", name);
}

/* One gateway's programmed route for an ECMP group of its RIB. [D] R5:
 * next-hop type VirtualNetworkGateway. [B] R19: a VPN instance programs
 * with itself as next hop even for what it learned from its sibling. An
 * ER gateway programs eBGP routes via itself and [I] R18 iBGP ones (the
 * VPN site's) via the VPN instances that advertised them. */
static int programmed(struct bl_model *m, const struct bl_speaker *s,
		      const struct bl_route *rows, size_t n, struct bl_route *out)
{
	const struct bl_er_gateway *er = &m->topo->er_gateway;
	struct route_draft d;

	draft_start(&d, bl_select_offer(m, s, rows, n));
	d.route.source = BL_SRC_GATEWAY;
	d.route.nh_type = BL_NH_VNET_GATEWAY;
	d.route.feed = -1;
	d.route.weight = 0;
	d.n_hops = 0;
	d.learned[0] = '\0';
	add_learned(&d, s->name);
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].active)
			continue;
		if (s->kind == BL_SPK_ER && rows[i].source == BL_SRC_IBGP)
			for (size_t h = 0; h < rows[i].hops->n; h++)
				add_hop(&d, rows[i].hops->hop[h].next);
		else if (s->kind == BL_SPK_ER)
			for (size_t h = 0; h < er->n_instances; h++)
				add_hop(&d, er->addresses[h]);
	}
	if (s->kind == BL_SPK_VPN)
		add_hop(&d, s->address);
	return draft_finish(m, &d, out);
}

/* [D] R5 without ER; [B] R10 with ER and no Route Server the VPN gateway
 * programs nothing itself (the ER gateway programs the combined set);
 * [I] with Route Server each gateway programs its own. */
static bool programs(struct bl_model *m, const struct bl_vnet_table *v,
		     const struct bl_speaker *s, const struct bl_route *r)
{
	const struct bl_topology *t = m->topo;

	if (s->kind == BL_SPK_ER)
		return true;
	if (s->kind != BL_SPK_VPN || r->source == BL_SRC_CONNECTED)
		return false;
	/* [I] An ER route a VPN instance heard from the Route Server is
	 * programmed by the ER gateway, which carries it. */
	if (r->origin == BL_ORIGIN_ER)
		return false;
	if (t->er_gateway.present && !t->route_server.present) {
		/* Noted once, for the hub, not again for each transit spoke. */
		if (v->hub)
			bl_model_note(m, s->name, "", &r->prefix, "R10",
				      "%s does not program routes into the VNet when an ER gateway coexists without Route Server: only the ER gateway does",
				      s->name);
		return false;
	}
	return true;
}

static int add_speaker_programming(struct bl_model *m, const struct bl_vnet_table *v,
				   const struct bl_speaker *s,
				   struct bl_route **out, size_t *n)
{
	size_t start = 0;
	int r = 0;

	for (size_t i = 1; i <= s->n_rib && !r; i++) {
		const struct bl_route *g = s->rib + start;
		bool any = false;

		if (i < s->n_rib && !bl_prefix_cmp(s->rib[i].prefix, g->prefix))
			continue;
		for (size_t k = 0; k < i - start; k++)
			any |= g[k].active && g[k].source != BL_SRC_CONNECTED;
		if (any && programs(m, v, s, bl_select_offer(m, s, g, i - start))) {
			struct bl_route p;

			r = programmed(m, s, g, i - start, &p);
			if (!r)
				r = bl_routes_push(out, n, &p);
		}
		start = i;
	}
	return r;
}

static int gather_programmed(struct bl_model *m, const struct bl_vnet_table *v,
			     struct bl_route **out, size_t *n)
{
	int r = 0;

	/* Only gateways program (see programs()): the sites' RIBs, most of
	 * the rows of a large lab, need no walk. */
	for (size_t i = 0; i < m->n_speakers && !r; i++)
		if (m->speakers[i].kind == BL_SPK_VPN || m->speakers[i].kind == BL_SPK_ER)
			r = add_speaker_programming(m, v, &m->speakers[i], out, n);
	return r ? r : bl_routes_sort(out, *n);
}

/* Several gateways program one prefix: [D] R15 picks by origin (the
 * routing preference), then the shortest AS path; what stays is merged
 * into one entry per prefix ([D] R5), ECMP over every next hop ([I] R18),
 * so Azure -> on-prem uses both instances per flow ([D] R17). */
static int merge_group(struct bl_model *m, struct bl_route *g, size_t n,
		       struct bl_route **rows, size_t *n_rows)
{
	struct route_draft merged;
	struct bl_route route;
	bool first = true;
	int r = 0;

	bl_select_group(m, true, g, n);
	for (size_t i = 0; i < n; i++) {
		if (!g[i].active) {
			r = bl_routes_push(rows, n_rows, &g[i]);
		} else if (first) {
			draft_start(&merged, &g[i]);
			first = false;
		} else {
			for (size_t h = 0; h < g[i].hops->n; h++)
				add_hop(&merged, g[i].hops->hop[h].next);
			add_learned(&merged, g[i].learned_from);
		}
		if (r)
			return r;
	}
	if (first) /* no active route in the group: nothing to merge */
		return 0;
	r = draft_finish(m, &merged, &route);
	return r ? r : bl_routes_push(rows, n_rows, &route);
}

static int add_gateway_routes(struct bl_model *m, const struct bl_vnet_table *v,
			      struct bl_route **rows, size_t *n)
{
	struct bl_route *prog = NULL;
	size_t n_prog = 0, start = 0;
	int r = gather_programmed(m, v, &prog, &n_prog);

	for (size_t i = 1; i <= n_prog && !r; i++) {
		if (i < n_prog && !bl_prefix_cmp(prog[i].prefix, prog[start].prefix))
			continue;
		r = merge_group(m, prog + start, i - start, rows, n);
		start = i;
	}
	free(prog);
	return r;
}

static bool is_vnet_route(const struct bl_route *r)
{
	return r->nh_type == BL_NH_VNET_LOCAL || r->nh_type == BL_NH_VNET_PEERING;
}

static void invalidate(struct bl_route *r, const char *why)
{
	r->active = false;
	r->why = why;
}

/* [D] R16: VNet system routes beat BGP even when BGP is more specific. */
static void vnet_beats_bgp(struct bl_route *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n && rows[i].source == BL_SRC_GATEWAY; k++)
			if (is_vnet_route(&rows[k]) &&
			    bl_prefix_covers(rows[k].prefix, rows[i].prefix))
				invalidate(&rows[i], "a VNet system route wins over BGP, even a more specific BGP route (R16 [D])");
}

/* [D] R16: a None range inside the VNet's (or a peered VNet's) address
 * space becomes that VNet's route: Azure changes its next hop from None to
 * VirtualNetwork, so the VNet never blackholes itself. */
static void vnet_replaces_none(struct bl_route *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < n && rows[i].nh_type == BL_NH_NONE; k++)
			if (is_vnet_route(&rows[k]) &&
			    bl_prefix_covers(rows[k].prefix, rows[i].prefix))
				invalidate(&rows[i], "inside a VNet's address space: its route is the VNet's (R16 [D])");
}

/* [D] R16: an active learned route replaces the Internet default of the
 * same prefix and any None range it covers. */
static void bgp_replaces_defaults(struct bl_route *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct bl_route *g = &rows[i];

		if (g->source != BL_SRC_GATEWAY || !g->active)
			continue;
		for (size_t k = 0; k < n; k++) {
			struct bl_route *s = &rows[k];

			if (s->nh_type == BL_NH_INTERNET && g->prefix.len == 0)
				invalidate(s, "replaced by a gateway route for the same prefix (R16 [D])");
			else if (s->nh_type == BL_NH_NONE &&
				 bl_prefix_covers(g->prefix, s->prefix))
				invalidate(s, "a learned route covers this range (R16 [D])");
		}
	}
}

int bl_vnet_compute(struct bl_model *m, struct bl_vnet_table *v)
{
	struct bl_route *rows = NULL;
	size_t n = 0;
	int r = add_system_routes(m, v, &rows, &n);

	if (!r && (v->hub || v->vnet->gateway_transit))
		r = add_gateway_routes(m, v, &rows, &n);
	if (!r) {
		vnet_beats_bgp(rows, n);
		vnet_replaces_none(rows, n);
		bgp_replaces_defaults(rows, n);
		r = bl_routes_sort(&rows, n);
	}
	if (r) {
		free(rows);
		return r;
	}
	v->rows = rows;
	v->n_rows = n;
	return 0;
}
