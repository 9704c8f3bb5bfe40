// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The speaker graph built from the topology: who speaks BGP with whom,
 * which address each side puts as next hop, and what each speaker
 * originates. Nothing here knows the reference addresses.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define VPN_MAX_IN 4000   /* R7 */
#define MSEE_MAX_IN 4000  /* R8, Standard SKU */
#define ERGW_MAX_OUT 1000 /* R8 */
#define RS_MAX_IN 1000    /* R9 */
#define RS_MAX_TO_ER 1000 /* R9, branch-to-branch */

static int add_speaker(struct bl_model *m, enum bl_speaker_kind kind,
		       const char *name, uint32_t asn, bl_addr address,
		       size_t index, size_t *idx)
{
	struct bl_speaker *s;

	s = realloc(m->speakers, (m->n_speakers + 1) * sizeof(*s));
	if (!s)
		return -ENOMEM;
	m->speakers = s;
	s = &m->speakers[m->n_speakers];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->kind = kind;
	s->asn = asn;
	s->address = address;
	s->index = index;
	*idx = m->n_speakers++;
	return 0;
}

static int add_feed(struct bl_model *m, size_t from, size_t to,
		    bl_addr sender_addr, bl_addr kernel_hop, size_t *idx)
{
	struct bl_hop self = { sender_addr, sender_addr }, reached = { sender_addr, kernel_hop };
	struct bl_feed *f;
	int r;

	f = realloc(m->feeds, (m->n_feeds + 1) * sizeof(*f));
	if (!f)
		return -ENOMEM;
	m->feeds = f;
	f = &m->feeds[m->n_feeds];
	memset(f, 0, sizeof(*f));
	f->from = from;
	f->to = to;
	f->pair = -1;
	f->ibgp = m->speakers[from].asn == m->speakers[to].asn;
	f->sender_addr = sender_addr;
	f->kernel_hop = kernel_hop;
	r = bl_attr_hops(&m->attrs, &self, 1, &f->self_hops);
	if (!r)
		r = bl_attr_hops(&m->attrs, &reached, 1, &f->reached_hops);
	*idx = m->n_feeds++;
	return r;
}

/*
 * A two-way session between speakers a and b: a_addr is a's session
 * address and a_hop how b reaches it (they differ across a tunnel).
 * *ab and *ba receive the feed indices.
 */
static int add_session(struct bl_model *m, size_t a, bl_addr a_addr, bl_addr a_hop,
		       size_t b, bl_addr b_addr, bl_addr b_hop, size_t *ab, size_t *ba)
{
	int r;

	r = add_feed(m, a, b, a_addr, a_hop, ab);
	if (r < 0)
		return r;
	r = add_feed(m, b, a, b_addr, b_hop, ba);
	if (r < 0)
		return r;
	m->feeds[*ab].pair = (long)*ba;
	m->feeds[*ba].pair = (long)*ab;
	return 0;
}

static int push_route(struct bl_model *m, struct bl_route **arr, size_t *n,
		      struct bl_prefix p, enum bl_route_source src,
		      enum bl_route_origin origin, bl_addr hop)
{
	struct bl_route r = bl_route_blank(m, p);
	struct bl_hop h = { hop, hop };

	r.source = src;
	r.origin = origin;
	r.nh_type = src == BL_SRC_CONNECTED ? BL_NH_CONNECTED : BL_NH_IP;
	if (hop) {
		int e = bl_attr_hops(&m->attrs, &h, 1, &r.hops);

		if (e < 0)
			return e;
	}
	return bl_routes_push(arr, n, &r);
}

/* The prefixes a gateway reaches inside Azure and advertises (R6): the
 * hub's address space and the spokes that use gateway transit. */
static int add_vnet_prefixes(struct bl_model *m, struct bl_speaker *s)
{
	const struct bl_topology *t = m->topo;
	int r = 0;

	for (size_t i = 0; i < t->hub.n_address_space && !r; i++) {
		r = push_route(m, &s->local, &s->n_local, t->hub.address_space[i],
			       BL_SRC_CONNECTED, BL_ORIGIN_AZURE, 0);
		if (!r)
			r = push_route(m, &s->announce, &s->n_announce,
				       t->hub.address_space[i], BL_SRC_CONNECTED,
				       BL_ORIGIN_AZURE, 0);
	}
	for (size_t i = 0; i < t->n_spokes && !r; i++) {
		const struct bl_vnet *v = &t->spokes[i];

		if (!v->gateway_transit)
			continue;
		for (size_t j = 0; j < v->n_address_space && !r; j++) {
			r = push_route(m, &s->local, &s->n_local, v->address_space[j],
				       BL_SRC_CONNECTED, BL_ORIGIN_AZURE, 0);
			if (!r)
				r = push_route(m, &s->announce, &s->n_announce,
					       v->address_space[j], BL_SRC_CONNECTED,
					       BL_ORIGIN_AZURE, 0);
		}
	}
	return r;
}

/* [D] R3: with BGP, a static host route to the on-prem BGP peer through
 * the tunnel; the site's local-network-gateway prefixes are static too. */
static int add_site_statics(struct bl_model *m, struct bl_speaker *vpn,
			    const struct bl_vpn_site *site, const struct bl_tunnel *tun)
{
	struct bl_prefix host = { site->bgp_address, 32 };
	int r = 0;

	if (site->bgp) {
		r = push_route(m, &vpn->local, &vpn->n_local, host, BL_SRC_STATIC,
			       BL_ORIGIN_VPN, tun->site_inner);
		if (r)
			return r;
		vpn->local[vpn->n_local - 1].peer_host_route = true;
	}
	for (size_t i = 0; i < site->n_static_prefixes && !r; i++)
		r = push_route(m, &vpn->local, &vpn->n_local, site->static_prefixes[i],
			       BL_SRC_STATIC, BL_ORIGIN_VPN, tun->site_inner);
	return r;
}

static int add_vpn_gateway(struct bl_model *m, size_t *first)
{
	const struct bl_vpn_gateway *g = &m->topo->vpn_gateway;
	size_t idx;
	int r;

	*first = m->n_speakers;
	for (size_t i = 0; i < g->n_instances; i++) {
		r = add_speaker(m, BL_SPK_VPN, g->instances[i].name, g->asn,
				g->instances[i].private_address, i, &idx);
		if (!r)
			r = add_vnet_prefixes(m, &m->speakers[idx]);
		if (r)
			return r;
	}
	return 0;
}

/* [D] R2: on-prem needs a host route to each Azure BGP address through its
 * tunnel. A site without BGP reaches the VNet by static routes [I]. */
static int add_rras_statics(struct bl_model *m, struct bl_speaker *rras,
			    const struct bl_vpn_site *site, const struct bl_tunnel *tun)
{
	const struct bl_vpngw_instance *in =
		&m->topo->vpn_gateway.instances[tun->instance];
	struct bl_prefix host = { in->private_address, 32 };
	struct bl_speaker vnet_tmp = { 0 };
	int r;

	if (site->bgp)
		return push_route(m, &rras->local, &rras->n_local, host, BL_SRC_STATIC,
				  BL_ORIGIN_AZURE, tun->gateway_inner);
	r = add_vnet_prefixes(m, &vnet_tmp);
	for (size_t i = 0; i < vnet_tmp.n_announce && !r; i++)
		r = push_route(m, &rras->local, &rras->n_local, vnet_tmp.announce[i].prefix,
			       BL_SRC_STATIC, BL_ORIGIN_AZURE, tun->gateway_inner);
	free(vnet_tmp.local);
	free(vnet_tmp.announce);
	return r;
}

static int add_vpn_site(struct bl_model *m, size_t si, size_t vpn0)
{
	const struct bl_vpn_site *site = &m->topo->vpn_sites[si];
	size_t rras, ab, ba;
	int r;

	r = add_speaker(m, BL_SPK_RRAS, site->router, site->asn, site->bgp_address,
			si, &rras);
	if (!r)
		r = push_route(m, &m->speakers[rras].local, &m->speakers[rras].n_local,
			       site->lan, BL_SRC_CONNECTED, BL_ORIGIN_VPN, 0);
	for (size_t i = 0; i < site->n_advertise && !r && site->bgp; i++)
		r = push_route(m, &m->speakers[rras].announce,
			       &m->speakers[rras].n_announce, site->advertise[i],
			       BL_SRC_CONNECTED, BL_ORIGIN_VPN, 0);
	for (size_t t = 0; t < site->n_tunnels && !r; t++) {
		const struct bl_tunnel *tun = &site->tunnels[t];
		size_t vpn = vpn0 + tun->instance;

		/* [D] F1, F2: a tunnel that is down takes its BGP session and
		 * the statics through it (R2, R3) away. */
		if (bl_failures_tunnel_down(m->topo, m->failures, m->n_failures, si, t))
			continue;
		r = add_site_statics(m, &m->speakers[vpn], site, tun);
		if (!r)
			r = add_rras_statics(m, &m->speakers[rras], site, tun);
		if (r || !site->bgp)
			continue;
		r = add_session(m, rras, site->bgp_address, tun->site_inner,
				vpn, m->speakers[vpn].address, tun->gateway_inner,
				&ab, &ba);
		if (r)
			break;
		m->feeds[ab].prepend = tun->prepend;
		m->feeds[ab].max_in = VPN_MAX_IN;
		m->feeds[ab].max_in_rule = "R7";
		m->feeds[ba].import_weight = tun->weight; /* R22 */
	}
	return r;
}

static int add_circuit(struct bl_model *m, size_t ci, size_t ergw)
{
	const struct bl_er_circuit *c = &m->topo->er_circuits[ci];
	const struct bl_er_link *links[2] = { &c->primary, &c->secondary };
	size_t msee, ce, ab, ba;
	int r;

	r = add_speaker(m, BL_SPK_MSEE, c->msee, c->msee_asn, c->gateway_link_msee,
			ci, &msee);
	if (!r)
		r = add_speaker(m, BL_SPK_CE, c->ce, c->customer_asn,
				c->primary.ce_address, ci, &ce);
	if (!r)
		r = push_route(m, &m->speakers[ce].local, &m->speakers[ce].n_local,
			       c->lan, BL_SRC_CONNECTED, BL_ORIGIN_ER, 0);
	for (size_t i = 0; i < c->n_advertise && !r; i++)
		r = push_route(m, &m->speakers[ce].announce, &m->speakers[ce].n_announce,
			       c->advertise[i], BL_SRC_CONNECTED, BL_ORIGIN_ER, 0);
	/* [D] R8: eBGP on two links, primary and secondary. */
	for (size_t l = 0; l < 2 && !r; l++) {
		/* [D] F3: a link that is down takes its session away. */
		if (bl_failures_er_link_down(m->topo, m->failures, m->n_failures, ci,
					     (unsigned)l))
			continue;
		r = add_session(m, ce, links[l]->ce_address, links[l]->ce_address,
				msee, links[l]->msee_address, links[l]->msee_address,
				&ab, &ba);
		if (r)
			break;
		m->feeds[ab].prepend = c->prepend;
		m->feeds[ab].max_in = MSEE_MAX_IN;
		m->feeds[ab].max_in_rule = "R8";
		/* [D] F4: maintenance drains a link by prepending 12076 several
		 * times toward on-premises and toward the gateway, sessions up. */
		if (bl_failures_er_drained(m->topo, m->failures, m->n_failures, ci,
					   (unsigned)l)) {
			m->feeds[ba].prepend = BL_DRAIN_PREPEND;
			m->feeds[ab].drain = BL_DRAIN_PREPEND;
		}
	}
	if (r || ergw == (size_t)-1)
		return r;
	r = add_session(m, ergw, c->gateway_link_gateway, c->gateway_link_gateway,
			msee, c->gateway_link_msee, c->gateway_link_msee, &ab, &ba);
	if (r)
		return r;
	m->feeds[ab].max_out = ERGW_MAX_OUT;
	m->feeds[ab].max_out_rule = "R8";
	m->feeds[ba].import_weight = c->weight; /* R21 */
	return 0;
}

/* [B/I] R14: gateway <-> Route Server sessions are iBGP. */
static int add_route_server(struct bl_model *m, size_t vpn0, size_t n_vpn,
			    size_t ergw)
{
	const struct bl_route_server *rs = &m->topo->route_server;
	size_t idx, ab, ba;
	int r;

	r = add_speaker(m, BL_SPK_RS, rs->name, rs->asn, rs->addresses[0], 0, &idx);
	for (size_t i = 0; i <= n_vpn && !r; i++) {
		size_t gw = i < n_vpn ? vpn0 + i : ergw;

		if (gw == (size_t)-1)
			break;
		r = add_session(m, gw, m->speakers[gw].address, m->speakers[gw].address,
				idx, rs->addresses[0], rs->addresses[0], &ab, &ba);
		if (r)
			break;
		m->feeds[ab].max_in = RS_MAX_IN;
		m->feeds[ab].max_in_rule = "R9";
		if (gw == ergw) {
			m->feeds[ba].max_out = RS_MAX_TO_ER;
			m->feeds[ba].max_out_rule = "R9";
		}
	}
	return r;
}

/* [B] R19 instance <-> instance iBGP; [B] R10 one-way VPN -> ER iBGP
 * when no Route Server sits between them. */
static int add_gateway_sessions(struct bl_model *m, size_t vpn0, size_t n_vpn,
				size_t ergw)
{
	size_t ab, ba;
	int r = 0;

	if (n_vpn == 2)
		r = add_session(m, vpn0, m->speakers[vpn0].address,
				m->speakers[vpn0].address, vpn0 + 1,
				m->speakers[vpn0 + 1].address,
				m->speakers[vpn0 + 1].address, &ab, &ba);
	if (r || ergw == (size_t)-1 || m->topo->route_server.present)
		return r;
	for (size_t i = 0; i < n_vpn && !r; i++)
		r = add_feed(m, vpn0 + i, ergw, m->speakers[vpn0 + i].address,
			     m->speakers[vpn0 + i].address, &ab);
	return r;
}

/* [D] F1 / [I] F6: a failed node originates nothing and every session
 * it holds is down. */
static void fail_nodes(struct bl_model *m)
{
	for (size_t i = 0; i < m->n_speakers; i++) {
		struct bl_speaker *s = &m->speakers[i];

		if (!bl_failures_node_down(m->topo, m->failures, m->n_failures, s->name))
			continue;
		s->failed = true;
		free(s->local);
		free(s->announce);
		s->local = s->announce = NULL;
		s->n_local = s->n_announce = 0;
	}
	for (size_t i = 0; i < m->n_feeds; i++)
		if (m->speakers[m->feeds[i].from].failed || m->speakers[m->feeds[i].to].failed)
			m->feeds[i].down = true;
}

/* Each speaker's incoming feeds, so that gathering its routes does not
 * scan every session of the lab (thousands, for each of thousands). */
static int index_feeds(struct bl_model *m)
{
	for (size_t i = 0; i < m->n_feeds; i++)
		m->speakers[m->feeds[i].to].n_in_feeds++;
	for (size_t i = 0; i < m->n_speakers; i++) {
		struct bl_speaker *s = &m->speakers[i];

		if (!s->n_in_feeds)
			continue;
		s->in_feeds = malloc(s->n_in_feeds * sizeof(*s->in_feeds));
		if (!s->in_feeds)
			return -ENOMEM;
		s->n_in_feeds = 0;
	}
	for (size_t i = 0; i < m->n_feeds; i++) {
		struct bl_speaker *s = &m->speakers[m->feeds[i].to];

		s->in_feeds[s->n_in_feeds++] = i;
	}
	return 0;
}

/* [D] R1: every ASN comes from the topology (65515 and 12076 are the
 * loader's defaults; refusing reserved on-prem ASNs is validation's job).
 * [D] R4: the two gateways exchange routes over BGP, through the sessions
 * made here. */
int bl_graph_build(struct bl_model *m)
{
	const struct bl_topology *t = m->topo;
	size_t vpn0 = 0, n_vpn = 0, ergw = (size_t)-1;
	int r = 0;

	if (t->vpn_gateway.present) {
		r = add_vpn_gateway(m, &vpn0);
		n_vpn = t->vpn_gateway.n_instances;
	}
	if (!r && t->er_gateway.present) {
		r = add_speaker(m, BL_SPK_ER, t->er_gateway.names[0], t->er_gateway.asn,
				t->er_gateway.addresses[0], 0, &ergw);
		if (!r)
			r = add_vnet_prefixes(m, &m->speakers[ergw]);
	}
	for (size_t i = 0; i < t->n_vpn_sites && !r && n_vpn; i++)
		r = add_vpn_site(m, i, vpn0);
	for (size_t i = 0; i < t->n_er_circuits && !r; i++)
		r = add_circuit(m, i, ergw);
	if (!r && t->route_server.present)
		r = add_route_server(m, vpn0, n_vpn, ergw);
	if (!r)
		r = add_gateway_sessions(m, vpn0, n_vpn, ergw);
	if (!r)
		fail_nodes(m);
	return r ? r : index_feeds(m);
}
