// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What may cross a session, one rule per function, each tagged with its
 * rule number and [D] documented / [B] field-observed / [I] inference.
 * A rule that stops a route leaves a note naming itself, the node where
 * it acted and the peer, so `routes --explain` can tell the story.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rule_ctx {
	const struct bl_model *m;
	const struct bl_feed *f;
	const struct bl_speaker *from, *to;
};

/* A rule returns its rule number when it stops route r, filling text
 * (NULL when the model keeps no notes: a million stopped routes a round
 * at 1000 sites need not be formatted). */
typedef const char *(*export_rule)(const struct rule_ctx *c,
				   const struct bl_route *r, char *text, size_t len);

static void say(char *text, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *text, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!text)
		return;
	va_start(ap, fmt);
	vsnprintf(text, len, fmt, ap);
	va_end(ap);
}

static const struct bl_speaker *learned_from(const struct rule_ctx *c,
					     const struct bl_route *r)
{
	return r->feed < 0 ? NULL : &c->m->speakers[c->m->feeds[r->feed].from];
}

/* Plain BGP (RFC 4271): an iBGP-learned route is not sent to another iBGP
 * peer; only the Route Server reflects ([B/I] R14). [B] R19: the two VPN
 * instances are one gateway, so what one learned from its sibling it
 * advertises on to the ER gateway or Route Server with itself as next hop
 * (that is how flows from ER reach instance 1 in the single-tunnel case). */
static const char *rule_ibgp_split_horizon(const struct rule_ctx *c,
					   const struct bl_route *r,
					   char *text, size_t len)
{
	const struct bl_speaker *src = learned_from(c, r);

	if (!c->f->ibgp || r->source != BL_SRC_IBGP || c->from->kind == BL_SPK_RS)
		return NULL;
	if (c->from->kind == BL_SPK_VPN && src && src->kind == BL_SPK_VPN &&
	    c->to->kind != BL_SPK_VPN)
		return NULL;
	say(text, len, "learned over iBGP from %s, so not passed to iBGP peer %s",
		 learned_from(c, r)->name, c->to->name);
	return "R14";
}

static const char *static_kind(const struct bl_route *r)
{
	return r->peer_host_route ? "static host route to the on-prem BGP peer (R3)"
				  : "static route of the local network gateway (R3)";
}

/* [B] R12: only eBGP-learned routes pass from the VPN gateway to the ER
 * gateway; the R3 static host route never does. The same holds toward the
 * Route Server [I] and, for the instance-to-instance session, [I] R19:
 * the peer instance learns what the site advertised over eBGP. */
static const char *rule_vpn_ebgp_only(const struct rule_ctx *c,
				      const struct bl_route *r, char *text, size_t len)
{
	if (c->from->kind != BL_SPK_VPN || !c->f->ibgp || r->source == BL_SRC_EBGP ||
	    r->source == BL_SRC_IBGP)
		return NULL;
	say(text, len, "%s is not passed to %s: only eBGP-learned routes are",
		 static_kind(r), c->to->name);
	return c->to->kind == BL_SPK_VPN ? "R19" : "R12";
}

/* [D] R6: toward on-prem, never 0.0.0.0/0 nor a prefix overlapping the
 * VNet; [D] R3/R6: static routes are not BGP-learned, so not advertised. */
static const char *rule_vpn_to_onprem(const struct rule_ctx *c,
				      const struct bl_route *r, char *text, size_t len)
{
	if (c->from->kind != BL_SPK_VPN || c->to->kind != BL_SPK_RRAS)
		return NULL;
	if (r->source == BL_SRC_STATIC) {
		say(text, len, "%s is not advertised to on-prem peer %s",
			 static_kind(r), c->to->name);
		return "R6";
	}
	if (r->prefix.len == 0) {
		say(text, len, "0.0.0.0/0 is never advertised to on-prem peer %s",
			 c->to->name);
		return "R6";
	}
	if (bl_model_overlaps_vnet(c->m, r->prefix)) {
		say(text, len, "overlaps the VNet, so not advertised to %s",
			 c->to->name);
		return "R6";
	}
	return NULL;
}

/* [D] R11: without Route Server branch-to-branch there is no transit
 * between the VPN site and the ER site, in either direction. */
static const char *rule_no_transit(const struct rule_ctx *c,
				   const struct bl_route *r, char *text, size_t len)
{
	bool er_out = c->from->kind == BL_SPK_ER && c->to->kind == BL_SPK_MSEE &&
		      r->origin == BL_ORIGIN_VPN;
	bool vpn_out = c->from->kind == BL_SPK_VPN && c->to->kind == BL_SPK_RRAS &&
		       r->origin == BL_ORIGIN_ER;

	if ((!er_out && !vpn_out) || bl_model_b2b(c->m))
		return NULL;
	say(text, len, "%s does not advertise %s routes to %s: no VPN<->ER transit without Route Server branch-to-branch",
		 c->from->name, er_out ? "VPN-site" : "ER-site", c->to->name);
	return "R11";
}

/* [D] R13: the Route Server passes routes between the VPN and the ER
 * gateway only with branch-to-branch on. [I] It does not reflect between
 * the VPN gateway's own instances: they have their own session (R19). */
static const char *rule_rs_branch_to_branch(const struct rule_ctx *c,
					    const struct bl_route *r,
					    char *text, size_t len)
{
	const struct bl_speaker *src = learned_from(c, r);

	if (c->from->kind != BL_SPK_RS || !src)
		return NULL;
	if (src->kind == c->to->kind) {
		say(text, len, "not reflected between VPN gateway instances");
		return "R19";
	}
	if (bl_model_b2b(c->m))
		return NULL;
	say(text, len, "branch-to-branch is off: %s does not pass routes from %s to %s",
		 c->from->name, src->name, c->to->name);
	return "R13";
}

static const export_rule export_rules[] = {
	rule_ibgp_split_horizon,
	rule_vpn_ebgp_only,
	rule_vpn_to_onprem,
	rule_no_transit,
	rule_rs_branch_to_branch,
};

static bool allowed(struct bl_model *m, const struct rule_ctx *c,
		    const struct bl_route *r)
{
	char buf[160], *text = m->noting ? buf : NULL;

	for (size_t i = 0; i < sizeof(export_rules) / sizeof(export_rules[0]); i++) {
		const char *rule = export_rules[i](c, r, text, sizeof(buf));

		if (rule) {
			bl_model_note(m, c->from->name, c->to->name, &r->prefix, rule,
				      "%s", text);
			return false;
		}
	}
	return true;
}

/* What the receiver sees: eBGP prepends the sender's ASN (plus any
 * configured prepending, [D/I] R22) and sets next-hop-self; iBGP keeps the
 * path; [B/I] R14: the Route Server never changes the next hop. [I] R23:
 * the AS paths docs/routing-model.md names (65515; 65515 12076 65020;
 * 65010) follow from this alone. */
static int transform(struct bl_model *m, const struct rule_ctx *c,
		     const struct bl_route *r, struct bl_route *out)
{
	/* size_t: a prepend count near UINT_MAX must not wrap to 0. */
	size_t add = c->f->ibgp ? 0 : (size_t)1 + c->f->prepend;
	uint32_t path[BL_ROUTE_MAX_ASPATH];
	int e;

	if (r->as_path->len + add > BL_ROUTE_MAX_ASPATH)
		return -E2BIG;
	*out = *r;
	if (add) {
		for (size_t i = 0; i < add; i++)
			path[i] = c->from->asn;
		memcpy(path + add, r->as_path->asn, r->as_path->len * sizeof(path[0]));
		e = bl_attr_path(&m->attrs, path, r->as_path->len + add, &out->as_path);
		if (e < 0)
			return e;
	}
	/* Next-hop-self: the receiver's view of it is set by localize(). */
	if (c->from->kind != BL_SPK_RS)
		out->hops = c->f->self_hops;
	out->active = false;
	out->why = NULL;
	out->peer_host_route = false;
	return 0;
}

static bool path_has(const struct bl_route *r, uint32_t asn)
{
	for (size_t i = 0; i < r->as_path->len; i++)
		if (r->as_path->asn[i] == asn)
			return true;
	return false;
}

static int send_route(struct bl_model *m, const struct rule_ctx *c, const struct bl_route *r,
		      struct bl_route **out, size_t *n)
{
	struct bl_route t;
	int e;

	/* Sender-side loop check, as most BGP speakers do: the receiver would
	 * refuse it, and it must not count against the session's limit. Two
	 * sites on one ASN meet here (a `loop` warning at load). */
	if (!c->f->ibgp && path_has(r, c->to->asn)) {
		bl_model_note(m, c->from->name, c->to->name, &r->prefix, "loop",
			      "not sent to %s: its AS %u is already in the AS path", c->to->name,
			      c->to->asn);
		return 0;
	}

	/* A path longer than we can hold is dropped, not truncated: a
	 * truncated path could defeat loop detection. */
	e = transform(m, c, r, &t);
	if (e == -E2BIG)
		return 0;
	if (e < 0)
		return e;
	(*out)[(*n)++] = t; /* room reserved by bl_rules_export */
	return 0;
}

static bool from_receiver(const struct rule_ctx *c, const struct bl_route *r)
{
	return r->feed >= 0 && c->m->feeds[r->feed].from == c->f->to;
}

static int export_group(struct bl_model *m, const struct rule_ctx *c,
			const struct bl_route *rows, size_t n,
			struct bl_route **out, size_t *n_out)
{
	int r = 0;

	/* A VPN instance talking to the rest of Azure offers its best
	 * external path (see bl_select_offer). */
	if (c->from->kind == BL_SPK_VPN && c->f->ibgp && c->to->kind != BL_SPK_VPN) {
		const struct bl_route *offer = bl_select_offer(m, c->from, rows, n);

		if (!offer || offer->source == BL_SRC_CONNECTED || from_receiver(c, offer))
			return 0;
		return allowed(m, c, offer) ? send_route(m, c, offer, out, n_out) : 0;
	}

	for (size_t i = 0; i < n && !r; i++) {
		const struct bl_route *row = &rows[i];

		if (!row->active || row->source == BL_SRC_CONNECTED)
			continue;
		/* Never back to the speaker it came from (it would only be
		 * refused there as a loop). */
		if (from_receiver(c, row))
			continue;
		if (allowed(m, c, row))
			r = send_route(m, c, row, out, n_out);
		/* Everyone but the reflector advertises one path per prefix;
		 * [B/I] R14 the Route Server passes each ECMP path on. */
		if (c->from->kind != BL_SPK_RS)
			break;
	}
	return r;
}

/* [D] R7, R8, R9: a session over its prefix limit drops, both ways. */
static void session_down(struct bl_model *m, struct bl_feed *f, size_t count,
			 size_t limit, const char *rule, bool inbound)
{
	const struct bl_speaker *from = &m->speakers[f->from], *to = &m->speakers[f->to];

	f->down = true;
	if (f->pair >= 0)
		m->feeds[f->pair].down = true;
	/* Both ends lose what the session brought them. */
	m->speakers[f->to].dirty = true;
	m->speakers[f->from].dirty = true;
	bl_model_note(m, inbound ? to->name : from->name, inbound ? from->name : to->name,
		      NULL, rule, "session %s -> %s dropped: %zu prefixes exceed the %s limit of %zu",
		      from->name, to->name, count, inbound ? "inbound" : "outbound", limit);
	free(f->in);
	f->in = NULL;
	f->n_in = 0;
	if (f->pair >= 0) {
		free(m->feeds[f->pair].in);
		m->feeds[f->pair].in = NULL;
		m->feeds[f->pair].n_in = 0;
	}
}

/* Limits count prefixes, not paths (the Route Server may send several
 * paths of one prefix); routes arrive grouped by prefix. */
static size_t count_prefixes(const struct bl_route *r, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += !i || bl_prefix_cmp(r[i].prefix, r[i - 1].prefix);
	return count;
}

int bl_rules_export(struct bl_model *m, struct bl_feed *f, size_t *n_out)
{
	struct bl_route **out = &m->sent.v;
	struct rule_ctx c = { m, f, &m->speakers[f->from], &m->speakers[f->to] };
	bool edge = c.from->kind == BL_SPK_RRAS || c.from->kind == BL_SPK_CE;
	size_t start = 0;
	int r = 0;

	/* At most every announced route and every RIB row. */
	r = bl_scratch_reserve(&m->sent, c.from->n_announce + c.from->n_rib + 1);
	if (r)
		return r;
	*n_out = 0;
	/* Originated prefixes go to eBGP peers; iBGP peers inside Azure
	 * know the VNet already. */
	for (size_t i = 0; i < c.from->n_announce && !r && !f->ibgp; i++)
		r = send_route(m, &c, &c.from->announce[i], out, n_out);
	/* [I] RRAS and customer edges originate only: they are not transit. */
	for (size_t i = 1; i <= c.from->n_rib && !r && !edge; i++) {
		const struct bl_route *rib = c.from->rib;

		if (i < c.from->n_rib && !bl_prefix_cmp(rib[i].prefix, rib[start].prefix))
			continue;
		r = export_group(m, &c, rib + start, i - start, out, n_out);
		start = i;
	}
	if (r)
		return r;
	if (f->max_out && count_prefixes(*out, *n_out) > f->max_out) {
		session_down(m, f, count_prefixes(*out, *n_out), f->max_out,
			     f->max_out_rule, false);
		*n_out = 0;
	}
	return 0;
}

/* Plain eBGP loop prevention, and [D] R7: the VPN gateway refuses a
 * learned prefix equal to a VNet prefix. */
static bool accept(struct bl_model *m, const struct bl_feed *f,
		   const struct bl_route *r)
{
	const struct bl_speaker *from = &m->speakers[f->from], *to = &m->speakers[f->to];

	if (!f->ibgp && path_has(r, to->asn)) {
		bl_model_note(m, to->name, from->name, &r->prefix, "loop",
			      "refused from %s: own AS %u already in the AS path",
			      from->name, to->asn);
		return false;
	}
	if (to->kind == BL_SPK_VPN && from->kind == BL_SPK_RRAS &&
	    bl_model_is_vnet_prefix(m, r->prefix)) {
		bl_model_note(m, to->name, from->name, &r->prefix, "R7",
			      "refused from %s: equal to a VNet prefix", from->name);
		return false;
	}
	return true;
}

/* [D] F4: a drained ExpressRoute link carries 12076 several times more;
 * with one MSEE speaker per circuit, the MSEE adds them to what it hears
 * over that link ([I]), so the path toward the gateway over the other link
 * is the shorter one. */
static int drain_path(struct bl_model *m, const struct bl_feed *f, struct bl_route *r)
{
	uint32_t path[BL_ROUTE_MAX_ASPATH];
	size_t len = r->as_path->len;

	if (!f->drain || len + f->drain > BL_ROUTE_MAX_ASPATH)
		return 0;
	for (size_t i = 0; i < f->drain; i++)
		path[i] = m->speakers[f->to].asn;
	memcpy(path + f->drain, r->as_path->asn, len * sizeof(path[0]));
	return bl_attr_path(&m->attrs, path, len + f->drain, &r->as_path);
}

/* Next hops the receiver reaches in the lab: the sender's address is
 * reached through the feed's kernel hop (a tunnel's inner address). */
static int reachable_hops(struct bl_model *m, const struct bl_feed *f,
			  struct bl_route *r)
{
	struct bl_hop hop[BL_ROUTE_MAX_NH];
	bool same = true;

	if (r->hops == f->self_hops) {
		r->hops = f->reached_hops;
		return 0;
	}
	for (size_t i = 0; i < r->hops->n; i++) {
		hop[i].next = r->hops->hop[i].next;
		hop[i].kernel = hop[i].next == f->sender_addr ? f->kernel_hop : hop[i].next;
		same &= hop[i].kernel == r->hops->hop[i].kernel;
	}
	return same ? 0 : bl_attr_hops(&m->attrs, hop, r->hops->n, &r->hops);
}

/* The receiver's view of a route: its source, its local weight (R21,
 * R22), who it came from, and next hops it can reach in the lab. */
static int localize(struct bl_model *m, const struct bl_feed *f, struct bl_route *r)
{
	int e;

	r->source = f->ibgp ? BL_SRC_IBGP : BL_SRC_EBGP;
	r->nh_type = BL_NH_IP;
	r->weight = f->import_weight;
	r->local_pref = 100;
	r->feed = (int32_t)(f - m->feeds);
	/* The speakers' names live as long as the model. */
	r->learned_from = m->speakers[f->from].name;
	e = drain_path(m, f, r);
	return e < 0 ? e : reachable_hops(m, f, r);
}

int bl_rules_import(struct bl_model *m, struct bl_feed *f,
		    struct bl_route *sent, size_t n_sent)
{
	struct bl_route *in;
	size_t n = 0;
	int r;

	if (f->down)
		return 1;
	r = bl_scratch_reserve(&m->accepted, n_sent + 1);
	if (!r)
		r = bl_scratch_reserve(&m->sorted, n_sent + 1);
	if (r)
		return r;
	for (size_t i = 0; i < n_sent; i++) {
		if (!accept(m, f, &sent[i]))
			continue;
		r = localize(m, f, &sent[i]);
		if (r < 0)
			return r;
		m->accepted.v[n++] = sent[i];
	}
	in = m->sorted.v;
	r = bl_routes_sort_into(m->accepted.v, n, in);
	if (r)
		return r;
	if (f->max_in && count_prefixes(in, n) > f->max_in) {
		session_down(m, f, count_prefixes(in, n), f->max_in, f->max_in_rule, true);
		return 1;
	}
	if (bl_routes_same_list(in, n, f->in, f->n_in))
		return 0;
	m->speakers[f->to].dirty = true;
	r = bl_routes_store(&f->in, &f->n_in, in, n);
	return r ? r : 1;
}

/* [B] R10 / [D] R11: without Route Server nothing flows from the ER
 * gateway to the VPN gateway (there is no such session at all), so no
 * ER-site route reaches a VPN site. No feed can note that, so it is noted
 * here, once the model has converged. */
void bl_rules_note_one_way(struct bl_model *m)
{
	const struct bl_topology *t = m->topo;

	if (t->route_server.present || !t->er_gateway.present || !t->vpn_gateway.present)
		return;
	for (size_t i = 0; i < m->n_speakers; i++) {
		const struct bl_speaker *s = &m->speakers[i];

		if (s->kind != BL_SPK_ER)
			continue;
		for (size_t k = 0; k < s->n_rib; k++) {
			const struct bl_route *r = &s->rib[k];

			if (!r->active || r->source != BL_SRC_EBGP)
				continue;
			bl_model_note(m, s->name, t->vpn_gateway.instances[0].name,
				      &r->prefix, "R10",
				      "not passed to the VPN gateway: without Route Server the VPN -> ER iBGP session is one-way, so VPN sites never hear ER routes (R11)");
		}
	}
}
