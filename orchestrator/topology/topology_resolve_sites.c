// SPDX-License-Identifier: GPL-2.0-or-later
/* Defaults and allocation for VPN sites and ER circuits (see the order
 * documented at the top of topology_resolve.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topology/topology_resolve.h"

/* The next /30 of the transit pool: .1 Azure side, .2 the other side. */
static void take_transit(struct resolver *r, const char *key,
			 struct bl_prefix *p, bl_addr *azure, bl_addr *remote)
{
	struct bl_prefix pool = r->t->transit_pool;
	uint64_t room = (pool.len >= 30) ? (pool.len == 30) : UINT64_C(1) << (30 - pool.len);

	if (r->next_transit >= room) {
		if (!r->transit_full)
			bl_topo_error(r->d, key, "limit",
				      "transit_pool has room for %llu /30 links only",
				      (unsigned long long)room);
		r->transit_full = true;
		return;
	}
	*p = tr_pfx(pool.addr + 4 * (bl_addr)r->next_transit++, 30);
	*azure = p->addr + 1;
	*remote = p->addr + 2;
}



static void resolve_tunnel(struct resolver *r, const char *key,
			   const struct raw_tunnel *raw, unsigned index,
			   struct bl_tunnel *tn)
{
	char k[BL_TOPO_KEY_MAX];

	tn->instance = raw && raw->instance ? *raw->instance : index;
	tn->weight = raw && raw->weight ? *raw->weight : 100;
	tn->prepend = raw && raw->prepend ? *raw->prepend : 0;
	tn->kind = raw && raw->interface ? (enum bl_tunnel_kind)*raw->interface :
					   BL_TUNNEL_XFRMI;
	tn->keying = raw && raw->keying ? (enum bl_keying)*raw->keying :
					  BL_KEYING_STATIC;
	tn->esp = raw && raw->esp ? (enum bl_esp_alg)*raw->esp : BL_ESP_AES_GCM;
	snprintf(tn->ike, sizeof(tn->ike), "%s",
		 raw && raw->ike ? raw->ike : "aes256-sha256-ecp256");
	if (raw && raw->ike && strlen(raw->ike) >= sizeof(tn->ike))
		bl_topo_error(r->d, bl_topo_key(k, "%s.ike", key), "limit",
			      "longer than %zu bytes", sizeof(tn->ike) - 1);
	tn->if_id = 1 + (uint32_t)r->next_transit;
	take_transit(r, key, &tn->inner, &tn->gateway_inner, &tn->site_inner);
}

static int resolve_site_prefixes(struct resolver *r, const char *key,
				 const struct raw_vpn_site *raw,
				 struct bl_vpn_site *s)
{
	char k[BL_TOPO_KEY_MAX];
	int err;

	if (raw->advertise)
		err = tr_prefix_list(r, bl_topo_key(k, "%s.advertise", key),
				  raw->advertise, raw->advertise_count,
				  &s->advertise, &s->n_advertise);
	else
		err = s->bgp ? tr_one_prefix(s->lan, &s->advertise, &s->n_advertise) : 0;
	if (err)
		return err;
	if (raw->static_prefixes)
		return tr_prefix_list(r, bl_topo_key(k, "%s.static_prefixes", key),
				   raw->static_prefixes, raw->static_prefixes_count,
				   &s->static_prefixes, &s->n_static_prefixes);
	return s->bgp ? 0 : tr_one_prefix(s->lan, &s->static_prefixes,
				       &s->n_static_prefixes);
}

static int resolve_vpn_site(struct resolver *r, unsigned i)
{
	const struct raw_vpn_site *raw = &r->raw->vpn_sites[i];
	struct bl_vpn_site *s = &r->t->vpn_sites[i];
	char key[BL_TOPO_KEY_MAX], k[BL_TOPO_KEY_MAX], host[BL_NAME_BUF];
	int err;

	bl_topo_key(key, "vpn_sites[%u]", i);
	bl_topo_copy_name(r->d, bl_topo_key(k, "%s.name", key), s->name, raw->name);
	if (raw->router)
		bl_topo_copy_name(r->d, bl_topo_key(k, "%s.router", key), s->router,
				  raw->router);
	else
		snprintf(s->router, sizeof(s->router), "rras-%.26s", s->name);
	s->asn = raw->asn ? *raw->asn : tr_default_asn(r, TR_ASN_VPN_SITE);
	s->bgp = !raw->bgp || *raw->bgp;
	tr_addr_or(r, bl_topo_key(k, "%s.public", key), raw->public,
		IP(203, 0, 113, 10) + i, &s->public_address);
	tr_prefix_or(r, bl_topo_key(k, "%s.lan", key), raw->lan,
		  tr_default_site_lan(i), &s->lan);
	tr_addr_or(r, bl_topo_key(k, "%s.lan_gateway", key), raw->lan_gateway,
		s->lan.addr + 1, &s->lan_gateway);
	tr_addr_or(r, bl_topo_key(k, "%s.bgp_address", key), raw->bgp_address,
		tr_last_addr(s->lan) - 1, &s->bgp_address);
	err = resolve_site_prefixes(r, key, raw, s);
	if (err)
		return err;
	s->n_tunnels = raw->tunnels ? raw->tunnels_count :
				      r->t->vpn_gateway.n_instances;
	for (unsigned k2 = 0; k2 < s->n_tunnels; k2++)
		resolve_tunnel(r, bl_topo_key(k, "%s.tunnels[%u]", key, k2),
			       raw->tunnels ? &raw->tunnels[k2] : NULL, k2,
			       &s->tunnels[k2]);
	snprintf(host, sizeof(host), "%.20s1", s->name);
	return tr_resolve_hosts(r, bl_topo_key(k, "%s.hosts", key), raw->hosts,
			     raw->hosts_count, s->lan, 10, s->lan_gateway, host,
			     &s->hosts, &s->n_hosts);
}

int tr_resolve_vpn_sites(struct resolver *r)
{
	unsigned n = r->raw->vpn_sites_count;
	int err = 0;

	if (!n)
		return 0;
	r->t->vpn_sites = calloc(n, sizeof(*r->t->vpn_sites));
	if (!r->t->vpn_sites)
		return -ENOMEM;
	r->t->n_vpn_sites = n;
	for (unsigned i = 0; i < n && !err; i++)
		err = resolve_vpn_site(r, i);
	return err;
}

/* A peering /30: customer edge .1, MSEE .2. */
static void resolve_er_link(struct resolver *r, const char *key,
			    const char *text, struct bl_prefix def,
			    struct bl_er_link *link)
{
	tr_prefix_or(r, key, text, def, &link->subnet);
	link->ce_address = link->subnet.addr + 1;
	link->msee_address = link->subnet.addr + 2;
}

static int resolve_er_circuit(struct resolver *r, unsigned j)
{
	const struct raw_er_circuit *raw = &r->raw->er_circuits[j];
	struct bl_er_circuit *c = &r->t->er_circuits[j];
	char key[BL_TOPO_KEY_MAX], k[BL_TOPO_KEY_MAX], host[BL_NAME_BUF];
	bl_addr peering = tr_default_er_peering(j);
	int err;

	bl_topo_key(key, "er_circuits[%u]", j);
	bl_topo_copy_name(r->d, bl_topo_key(k, "%s.name", key), c->name, raw->name);
	if (raw->msee)
		bl_topo_copy_name(r->d, bl_topo_key(k, "%s.msee", key), c->msee, raw->msee);
	else
		snprintf(c->msee, sizeof(c->msee), "msee-%.26s", c->name);
	if (raw->ce)
		bl_topo_copy_name(r->d, bl_topo_key(k, "%s.ce", key), c->ce, raw->ce);
	else
		snprintf(c->ce, sizeof(c->ce), "ce-%.28s", c->name);
	c->customer_asn = raw->customer_asn ? *raw->customer_asn :
					      tr_default_asn(r, TR_ASN_ER_CIRCUIT);
	c->msee_asn = MSEE_ASN;
	c->weight = raw->weight ? *raw->weight : 0;
	c->prepend = raw->prepend ? *raw->prepend : 0;
	resolve_er_link(r, bl_topo_key(k, "%s.primary", key), raw->primary,
			tr_pfx(peering, 30), &c->primary);
	resolve_er_link(r, bl_topo_key(k, "%s.secondary", key), raw->secondary,
			tr_pfx(peering + 4, 30), &c->secondary);
	take_transit(r, key, &c->gateway_link, &c->gateway_link_gateway,
		     &c->gateway_link_msee);
	tr_prefix_or(r, bl_topo_key(k, "%s.lan", key), raw->lan,
		  tr_default_er_lan(j), &c->lan);
	tr_addr_or(r, bl_topo_key(k, "%s.lan_gateway", key), raw->lan_gateway,
		c->lan.addr + 1, &c->lan_gateway);
	if (raw->advertise)
		err = tr_prefix_list(r, bl_topo_key(k, "%s.advertise", key),
				  raw->advertise, raw->advertise_count,
				  &c->advertise, &c->n_advertise);
	else
		err = tr_one_prefix(c->lan, &c->advertise, &c->n_advertise);
	if (err)
		return err;
	snprintf(host, sizeof(host), "%.20s1", c->name);
	return tr_resolve_hosts(r, bl_topo_key(k, "%s.hosts", key), raw->hosts,
			     raw->hosts_count, c->lan, 10, c->lan_gateway, host,
			     &c->hosts, &c->n_hosts);
}

int tr_resolve_er_circuits(struct resolver *r)
{
	unsigned n = r->raw->er_circuits_count;
	int err = 0;

	if (!n)
		return 0;
	r->t->er_circuits = calloc(n, sizeof(*r->t->er_circuits));
	if (!r->t->er_circuits)
		return -ENOMEM;
	r->t->n_er_circuits = n;
	for (unsigned j = 0; j < n && !err; j++)
		err = resolve_er_circuit(r, j);
	return err;
}
