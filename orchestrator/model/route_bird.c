// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BIRD configuration of one speaker, from the model's graph: its
 * sessions are the model's feeds (route_graph.c), its filters the rules
 * of route_rules.c and route_select.c expressed in BIRD's filter
 * language, each with its rule tag. What BIRD cannot express the same
 * way is listed in docs/bgp.md.
 *
 * Names: a session is "e_" (eBGP) or "i_" (iBGP) and the peer's node
 * name ('-' as '_'), with "_1", "_2" when a pair of speakers holds two
 * (the CE and the MSEE); "st_announce" holds what the speaker originates,
 * "st_model" the model's statics (R2, R3).
 */
#include "model/bird_conf.h"
#include "model/route_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One BGP session of the speaker: one or two feeds. */
struct session {
	size_t peer;
	long out, in;        /* feed indices, -1 when one-way */
	bl_addr local, remote;
	bool ibgp, multihop;
	/* Copies of the sender's AS added on export (R21, R22, F4), of the
	 * receiver's on import (F4), under the failures in force. */
	unsigned prepend, drain;
	char name[BL_NAME_BUF + 8];
};

static bool live(const struct bl_model *m, const struct bl_feed *f)
{
	return !m->speakers[f->from].failed && !m->speakers[f->to].failed;
}

static long find_speaker(const struct bl_model *m, const char *node)
{
	for (size_t i = 0; i < m->n_speakers; i++)
		if (!strcmp(m->speakers[i].name, node))
			return (long)i;
	return -1;
}

static void session_name(const struct bl_model *m, struct session *s, unsigned k,
			 unsigned of)
{
	const char *peer = m->speakers[s->peer].name;
	size_t n = (size_t)snprintf(s->name, sizeof(s->name), "%s", s->ibgp ? "i_" : "e_");

	for (size_t i = 0; peer[i] && n + 1 < sizeof(s->name); i++)
		s->name[n++] = (peer[i] >= 'a' && peer[i] <= 'z') ||
				       (peer[i] >= '0' && peer[i] <= '9') ? peer[i] : '_';
	s->name[n] = '\0';
	if (of > 1 && n + 3 < sizeof(s->name))
		snprintf(s->name + n, sizeof(s->name) - n, "_%u", k + 1);
}

/* The speaker's sessions in feed order; *n of them (room: n_feeds). */
static size_t sessions_of(const struct bl_model *m, size_t self, struct session *out)
{
	size_t n = 0;

	for (size_t i = 0; i < m->n_feeds; i++) {
		const struct bl_feed *f = &m->feeds[i];
		struct session s = { .out = -1, .in = -1 };

		if (!live(m, f))
			continue;
		if (f->from == self) {
			s.out = (long)i;
			s.in = f->pair;
			s.peer = f->to;
			s.local = f->sender_addr;
			s.remote = f->pair >= 0 ? m->feeds[f->pair].sender_addr
						: m->speakers[f->to].address;
		} else if (f->to == self && f->pair < 0) {
			s.in = (long)i;
			s.peer = f->from;
			s.local = m->speakers[self].address;
			s.remote = f->sender_addr;
		} else {
			continue;
		}
		s.ibgp = f->ibgp;
		/* Across a tunnel (R2): the next hop is not the link's. */
		s.multihop = f->kernel_hop != f->sender_addr ||
			     (f->pair >= 0 && m->feeds[f->pair].kernel_hop !=
					      m->feeds[f->pair].sender_addr);
		out[n++] = s;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned k = 0, of = 0;

		for (size_t j = 0; j < n; j++) {
			if (out[j].peer != out[i].peer)
				continue;
			k += j < i;
			of++;
		}
		session_name(m, &out[i], k, of);
	}
	return n;
}

/* The feed of model sel between the same speakers with the same sender
 * address as feed f of m; f itself when sel has none (its link is down). */
static const struct bl_feed *same_feed(const struct bl_model *m, const struct bl_model *sel,
				       const struct bl_feed *f)
{
	for (size_t i = 0; sel && sel != m && i < sel->n_feeds; i++) {
		const struct bl_feed *g = &sel->feeds[i];

		if (g->sender_addr == f->sender_addr &&
		    !strcmp(sel->speakers[g->from].name, m->speakers[f->from].name) &&
		    !strcmp(sel->speakers[g->to].name, m->speakers[f->to].name))
			return g;
	}
	return f;
}

/* Prepending as the failures in force want it (ER maintenance, F4). */
static void prepends(const struct bl_model *m, const struct bl_model *sel, struct session *s)
{
	if (s->out >= 0)
		s->prepend = same_feed(m, sel, &m->feeds[s->out])->prepend;
	if (s->in >= 0)
		s->drain = same_feed(m, sel, &m->feeds[s->in])->drain;
}

bool bl_model_bgp_speaker(const struct bl_model *m, const char *node)
{
	long s = find_speaker(m, node);

	if (s < 0)
		return false;
	for (size_t i = 0; i < m->n_feeds; i++)
		if (live(m, &m->feeds[i]) &&
		    (m->feeds[i].from == (size_t)s || m->feeds[i].to == (size_t)s))
			return true;
	return false;
}

bool bl_model_route_is_bgp(const struct bl_model *m, const char *node,
			   struct bl_prefix prefix)
{
	const struct bl_route *rows;
	size_t n;

	if (bl_model_table(m, node, &rows, &n) < 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (rows[i].active && !bl_prefix_cmp(rows[i].prefix, prefix) &&
		    (rows[i].source == BL_SRC_EBGP || rows[i].source == BL_SRC_IBGP ||
		     rows[i].source == BL_SRC_GATEWAY))
			return true;
	return false;
}

static const char *addr(bl_addr a, char buf[BL_ADDR_STRLEN])
{
	return bl_addr_str(a, buf);
}

static const char *pfx(struct bl_prefix p, char buf[BL_PREFIX_STRLEN])
{
	return bl_prefix_str(p, buf);
}

/* An ExpressRoute route, as R11 and R15 need to know: it entered Azure
 * through an MSEE, so its AS path holds an MSEE's AS. */
void bl_model_bird_er_match(const struct bl_model *m, FILE *out)
{
	bool first = true;

	fprintf(out, "function bl_from_er() {\n\treturn ");
	for (size_t i = 0; i < m->n_speakers; i++) {
		if (m->speakers[i].kind != BL_SPK_MSEE)
			continue;
		fprintf(out, "%sbgp_path ~ [= * %u * =]", first ? "" : " || ",
			m->speakers[i].asn);
		first = false;
	}
	fprintf(out, "%s;\n}\n\n", first ? "false" : "");
}

static void announce(const struct bl_speaker *s, FILE *out)
{
	char p[BL_PREFIX_STRLEN];

	if (!s->n_announce)
		return;
	fprintf(out, "# What %s originates into BGP (model: its announce list). A blackhole in\n"
		     "# BIRD's table only: the kernel protocol exports BGP routes alone.\n",
		s->name);
	fprintf(out, "protocol static st_announce {\n\tipv4 { import all; export none; };\n");
	for (size_t i = 0; i < s->n_announce; i++)
		fprintf(out, "\troute %s blackhole;\n", pfx(s->announce[i].prefix, p));
	fprintf(out, "}\n\n");
}

static void statics(const struct bl_speaker *s, FILE *out)
{
	char p[BL_PREFIX_STRLEN], h[BL_ADDR_STRLEN];
	bool any = false;

	for (size_t i = 0; i < s->n_local; i++) {
		const struct bl_route *r = &s->local[i];

		if (r->source != BL_SRC_STATIC || !r->hops->n)
			continue;
		if (!any)
			fprintf(out, "# The model's statics (R2 [D] on-prem to each Azure BGP address, R3 [D]\n"
				     "# Azure to the on-prem BGP address and the local network gateway).\n"
				     "# branchlab installs them in the kernel; here they resolve BGP next\n"
				     "# hops behind a tunnel, and (preference 200 over BGP's 100, the model's\n"
				     "# administrative distance [I]) win over an eBGP copy, which R12 then stops.\n"
				     "protocol static st_model {\n\tipv4 { import all; export none; };\n");
		any = true;
		fprintf(out, "\troute %s via %s;\n", pfx(r->prefix, p), addr(r->hops->hop[0].kernel, h));
	}
	if (any)
		fprintf(out, "}\n\n");
}

static void kernel(const struct bl_speaker *s, FILE *out)
{
	if (s->kind == BL_SPK_RS) {
		fprintf(out, "# The Route Server is control plane only: no kernel protocol.\n\n");
		return;
	}
	fprintf(out, "# Selected BGP routes into the kernel (proto bird, metric 32: branchlab's\n"
		     "# statics, metric 0, stay in front); equal paths as one multipath route\n"
		     "# (ECMP: R15, R17, R21).\n"
		     "protocol kernel {\n"
		     "\tipv4 { import none; export filter { if source = RTS_BGP then accept; reject; }; };\n"
		     "\tmerge paths on;\n"
		     "}\n\n");
}

static bool is_azure(enum bl_speaker_kind k)
{
	return k == BL_SPK_VPN || k == BL_SPK_ER || k == BL_SPK_RS;
}

/* Local preference = the model's weight, then its origin rank. */
static void import_filter(const struct bl_model *m, const struct bl_speaker *self,
			  const struct session *s, FILE *out)
{
	const struct bl_feed *f = s->in >= 0 ? &m->feeds[s->in] : NULL;
	const struct bl_route_server *rs = &m->topo->route_server;
	enum bl_rs_preference pref = rs->present ? rs->preference : BL_PREFER_EXPRESSROUTE;
	unsigned base = f ? f->import_weight * 4u : 0;
	char p[BL_PREFIX_STRLEN];

	fprintf(out, "filter in_%s {\n", s->name);
	if (!f) {
		fprintf(out, "\t# R10 [B]: one-way session, %s sends nothing here\n\treject;\n}\n\n",
			m->speakers[s->peer].name);
		return;
	}
	if (self->kind == BL_SPK_VPN && m->speakers[s->peer].kind == BL_SPK_RRAS) {
		for (size_t i = 0; i < m->topo->hub.n_address_space; i++)
			fprintf(out, "\t# R7 [D]: a prefix equal to a VNet prefix is refused\n"
				     "\tif net = %s then reject;\n",
				pfx(m->topo->hub.address_space[i], p));
		for (size_t v = 0; v < m->topo->n_spokes; v++)
			for (size_t i = 0; i < m->topo->spokes[v].n_address_space; i++)
				fprintf(out, "\tif net = %s then reject;\n",
					pfx(m->topo->spokes[v].address_space[i], p));
	}
	fprintf(out, "\t# R20 [I] weight first: R21 [D] ER connection weight, R22 [D/I] RRAS\n"
		     "\t# per-peer weight (here %u), as local preference x4\n", f->import_weight);
	if (is_azure(self->kind) && pref != BL_PREFER_ASPATH) {
		unsigned er = pref == BL_PREFER_EXPRESSROUTE ? 1 : 0;

		fprintf(out, "\t# R15 [D]: for an equal prefix %s wins (routing preference %s)\n"
			     "\tif bl_from_er() then bgp_local_pref = %u; else bgp_local_pref = %u;\n",
			er ? "ExpressRoute" : "VPN", er ? "expressroute" : "vpn", base + er,
			base + !er);
	} else {
		fprintf(out, "\tbgp_local_pref = %u;\n", base);
	}
	if (s->drain) {
		fprintf(out, "\t# [D] F4: maintenance drains this link; [I] one MSEE speaker per\n"
			     "\t# circuit, so it adds %u copies of AS %u before it chooses\n",
			s->drain, self->asn);
		for (unsigned i = 0; i < s->drain; i++)
			fprintf(out, "\tbgp_path.prepend(%u);\n", self->asn);
	}
	fprintf(out, "\taccept;\n}\n\n");
}

static void prepend(const struct bl_speaker *self, const struct session *s, FILE *out)
{
	if (!s->prepend || s->ibgp)
		return;
	fprintf(out, "\t\t# R21/R22 [D], F4 [D] maintenance: %u extra copies of AS %u\n",
		s->prepend, self->asn);
	for (unsigned i = 0; i < s->prepend; i++)
		fprintf(out, "\t\tbgp_path.prepend(%u);\n", self->asn);
}

/* Names of every session of self to speaker peer (never send back). */
static void reject_from(const struct session *all, size_t n, size_t peer, FILE *out)
{
	for (size_t i = 0; i < n; i++)
		if (all[i].peer == peer)
			fprintf(out, "\tif proto = \"%s\" then reject;\n", all[i].name);
}

static void export_filter(const struct bl_model *m, const struct bl_speaker *self,
			  const struct session *all, size_t n, const struct session *s,
			  FILE *out)
{
	const struct bl_feed *f = s->out >= 0 ? &m->feeds[s->out] : NULL;
	const struct bl_speaker *to = &m->speakers[s->peer];
	bool edge = self->kind == BL_SPK_RRAS || self->kind == BL_SPK_CE;
	bool b2b = bl_model_b2b(m);
	char p[BL_PREFIX_STRLEN];

	fprintf(out, "filter out_%s {\n", s->name);
	if (!f) {
		fprintf(out, "\t# R10 [B]: without Route Server the VPN -> ER session is one-way\n"
			     "\treject;\n}\n\n");
		return;
	}
	fprintf(out, "\t# never back to the speaker it came from (model: export_group)\n");
	reject_from(all, n, s->peer, out);
	if (self->n_announce) {
		fprintf(out, "\t# originated prefixes go to eBGP peers; iBGP peers inside Azure\n"
			     "\t# know the VNet already (model: bl_rules_export)\n"
			     "\tif proto = \"st_announce\" then {\n");
		if (f->ibgp) {
			fprintf(out, "\t\treject;\n");
		} else {
			prepend(self, s, out);
			fprintf(out, "\t\taccept;\n");
		}
		fprintf(out, "\t}\n");
	}
	fprintf(out, "\t# R3 [D], R6 [D], R12 [B]: statics are not BGP-learned, never advertised\n"
		     "\tif source != RTS_BGP then reject;\n");
	if (edge) {
		fprintf(out, "\t# [I] RRAS and customer edges originate only: they are not transit\n"
			     "\treject;\n}\n\n");
		return;
	}
	if (self->kind == BL_SPK_VPN && to->kind == BL_SPK_RRAS) {
		fprintf(out, "\t# R6 [D]: never 0.0.0.0/0, never a prefix overlapping the VNet\n"
			     "\tif net.len = 0 then reject;\n");
		for (size_t i = 0; i < m->topo->hub.n_address_space; i++) {
			pfx(m->topo->hub.address_space[i], p);
			fprintf(out, "\tif net ~ %s || %s ~ net then reject;\n", p, p);
		}
		for (size_t v = 0; v < m->topo->n_spokes; v++)
			for (size_t i = 0; m->topo->spokes[v].gateway_transit &&
					   i < m->topo->spokes[v].n_address_space; i++) {
				pfx(m->topo->spokes[v].address_space[i], p);
				fprintf(out, "\tif net ~ %s || %s ~ net then reject;\n", p, p);
			}
		if (!b2b)
			fprintf(out, "\t# R11 [D]: no ER -> VPN-site transit without Route Server branch-to-branch\n"
				     "\tif bl_from_er() then reject;\n");
	}
	if (self->kind == BL_SPK_ER && to->kind == BL_SPK_MSEE && !b2b)
		fprintf(out, "\t# R11 [D]: no VPN-site -> ER transit without Route Server branch-to-branch\n"
			     "\tif !bl_from_er() then reject;\n");
	if (self->kind == BL_SPK_VPN && f->ibgp) {
		if (to->kind == BL_SPK_VPN) {
			fprintf(out, "\t# R19 [B/I]: to the sibling instance, what was learned over eBGP\n"
				     "\tif proto !~ \"e_*\" then reject;\n");
		} else {
			fprintf(out, "\t# R12 [B]: only eBGP-learned routes go on to the ER gateway or Route\n"
				     "\t# Server, and R19 [B] what the sibling learned over eBGP\n");
			for (size_t i = 0; i < n; i++)
				if (m->speakers[all[i].peer].kind == BL_SPK_VPN)
					fprintf(out, "\tif proto = \"%s\" then accept;\n", all[i].name);
			fprintf(out, "\tif proto !~ \"e_*\" then reject;\n");
		}
	}
	if (self->kind == BL_SPK_RS) {
		fprintf(out, "\t# R19 [I]: not reflected between the VPN gateway's instances;\n"
			     "\t# R13 [D]: between VPN and ER gateways only with branch-to-branch%s\n",
			b2b ? " (on)" : " (off)");
		for (size_t i = 0; i < n; i++) {
			enum bl_speaker_kind from = m->speakers[all[i].peer].kind;

			if (all[i].peer == s->peer)
				continue;
			if ((from == BL_SPK_VPN && to->kind == BL_SPK_VPN) ||
			    (!b2b && from != to->kind))
				fprintf(out, "\tif proto = \"%s\" then reject;\n", all[i].name);
		}
	}
	if (!f->ibgp)
		prepend(self, s, out);
	fprintf(out, "\taccept;\n}\n\n");
}

/* An ExpressRoute link's session: the CE and the MSEE at its ends. */
static bool er_link_session(const struct bl_speaker *self, const struct bl_speaker *peer)
{
	return (self->kind == BL_SPK_CE && peer->kind == BL_SPK_MSEE) ||
	       (self->kind == BL_SPK_MSEE && peer->kind == BL_SPK_CE);
}

/* [D] the MSEE's BFD on the ExpressRoute links (none on site-to-site,
 * none on the sessions inside Azure): one BFD protocol for them. */
static void bfd(const struct bl_model *m, const struct bl_speaker *self,
		const struct session *all, size_t n, FILE *out)
{
	bool any = false;

	for (size_t i = 0; i < n; i++)
		any |= er_link_session(self, &m->speakers[all[i].peer]);
	if (!any)
		return;
	fprintf(out, "# [D] the MSEE runs BFD on the ExpressRoute links: %u ms, multiplier %u\n"
		     "protocol bfd {\n\tinterface \"*\" {\n\t\tmin rx interval %u ms;\n"
		     "\t\tmin tx interval %u ms;\n\t\tmultiplier %u;\n\t};\n}\n\n",
		BL_MSEE_BFD_MS, BL_MSEE_BFD_MULTIPLIER, BL_MSEE_BFD_MS, BL_MSEE_BFD_MS,
		BL_MSEE_BFD_MULTIPLIER);
}

static void bgp_protocol(const struct bl_model *m, const struct bl_speaker *self,
			 const struct session *s, const struct bl_bird_conf_opts *o,
			 FILE *out)
{
	const struct bl_speaker *peer = &m->speakers[s->peer];
	const struct bl_feed *fin = s->in >= 0 ? &m->feeds[s->in] : NULL;
	const struct bl_feed *fout = s->out >= 0 ? &m->feeds[s->out] : NULL;
	char l[BL_ADDR_STRLEN], r[BL_ADDR_STRLEN];
	/* The model: every sender but the Route Server sets itself as next
	 * hop, on iBGP too; [B/I] R14 the Route Server keeps it. */
	bool rr = self->kind == BL_SPK_RS ||
		  (self->kind == BL_SPK_VPN && s->ibgp && peer->kind != BL_SPK_VPN);

	fprintf(out, "protocol bgp %s {\n", s->name);
	fprintf(out, "\tdescription \"%s %s\";\n", s->ibgp ? "iBGP" : "eBGP", peer->name);
	fprintf(out, "\tlocal %s as %u;\n\tneighbor %s as %u;\n", addr(s->local, l), self->asn,
		addr(s->remote, r), peer->asn);
	fprintf(out, "\t%s;\n", s->multihop ? "multihop" : "direct");
	fprintf(out, "\thold time %u;\n\tkeepalive time %u;\n", o->hold, o->keepalive);
	fprintf(out, "\tconnect delay time 1;\n\tconnect retry time 2;\n\terror wait time 1, 4;\n");
	if (er_link_session(self, peer))
		fprintf(out, "\t# [D] MSEE BFD\n\tbfd on;\n");
	if (rr)
		fprintf(out, "\t# %s\n\trr client;\n",
			self->kind == BL_SPK_RS ? "R14 [B/I]: the Route Server reflects"
						: "R19 [B]: an instance passes its sibling's routes on");
	fprintf(out, "\tipv4 {\n\t\timport filter in_%s;\n\t\texport filter out_%s;\n", s->name,
		s->name);
	if (s->ibgp && self->kind != BL_SPK_RS)
		fprintf(out, "\t\tnext hop self on;\n");
	fprintf(out, "\t\tgateway %s;\n", s->multihop ? "recursive" : "direct");
	if (self->kind == BL_SPK_RS)
		fprintf(out, "\t\t# R14 [B/I]: every path it holds\n\t\tadd paths tx;\n");
	else if (peer->kind == BL_SPK_RS)
		fprintf(out, "\t\tadd paths rx;\n");
	if (fout && fout->max_in)
		fprintf(out, "\t\t# %s [D]: %s drops the session above %zu prefixes\n",
			fout->max_in_rule, peer->name, fout->max_in);
	if (fin && fin->max_in)
		fprintf(out, "\t\t# %s [D]\n\t\timport limit %zu action disable;\n",
			fin->max_in_rule, fin->max_in);
	if (fout && fout->max_out)
		fprintf(out, "\t\t# %s [D]\n\t\texport limit %zu action disable;\n",
			fout->max_out_rule, fout->max_out);
	fprintf(out, "\t};\n}\n\n");
}

int bl_model_bird_conf(const struct bl_model *m, const char *node,
		       const struct bl_bird_conf_opts *o, FILE *out)
{
	long si = find_speaker(m, node);
	struct session *all;
	const struct bl_speaker *self;
	char a[BL_ADDR_STRLEN];
	size_t n;

	if (si < 0)
		return bl_model_bird_vm_conf(m, node, o, out);
	if (!bl_model_bgp_speaker(m, node))
		return -ENOENT;
	self = &m->speakers[si];
	if (!(all = calloc(m->n_feeds + 1, sizeof(*all))))
		return -ENOMEM;
	n = sessions_of(m, (size_t)si, all);
	for (size_t i = 0; i < n; i++)
		prepends(m, o->selected, &all[i]);
	fprintf(out, "# BIRD 2 configuration of %s, written by branchlab from its route model\n"
		     "# (docs/bgp.md: every filter and its rule).\n\n", node);
	fprintf(out, "router id %s;\ntimeformat protocol \"%%s\";\n", addr(self->address, a));
	fprintf(out, "log \"%s\" { info, remote, warning, error, auth, fatal, bug };\n\n",
		o->log_path);
	fprintf(out, "protocol device { }\n\n");
	bl_model_bird_er_match(m, out);
	announce(self, out);
	statics(self, out);
	kernel(self, out);
	bfd(m, self, all, n, out);
	for (size_t i = 0; i < n; i++) {
		import_filter(m, self, &all[i], out);
		export_filter(m, self, all, n, &all[i], out);
		bgp_protocol(m, self, &all[i], o, out);
	}
	bl_model_bird_vm_feeds(m, node, o, out);
	free(all);
	return ferror(out) ? -EIO : 0;
}
