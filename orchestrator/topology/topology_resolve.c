// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Defaults and deterministic allocation: raw file -> struct bl_topology.
 * The defaults are the reference plan of docs/routing-model.md; the
 * allocation order is documented in docs/topology.md and must not change
 * silently (labs and expectations depend on it):
 *  - tunnel inner /30s: from the start of transit_pool, site order then
 *    tunnel order; then one /30 per ER circuit (gateway <-> MSEE);
 *  - if_id = 1 + global tunnel index;
 *  - VMs from .4 of their subnet, hosts from .10 of their LAN, in order,
 *    skipping addresses given explicitly in the same subnet.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "topology/topology_resolve.h"


struct bl_prefix tr_pfx(bl_addr addr, uint8_t len)
{
	return (struct bl_prefix){ addr, len };
}

bl_addr tr_last_addr(struct bl_prefix p)
{
	return p.addr | (p.len ? ~(~(bl_addr)0 << (32 - p.len)) : ~(bl_addr)0);
}

/* Prefix given, or def. */
void tr_prefix_or(struct resolver *r, const char *key, const char *text,
		  struct bl_prefix def, struct bl_prefix *out)
{
	*out = def;
	if (text)
		bl_topo_parse_prefix(r->d, key, text, out);
}

void tr_addr_or(struct resolver *r, const char *key, const char *text,
		bl_addr def, bl_addr *out)
{
	*out = def;
	if (text)
		bl_topo_parse_addr(r->d, key, text, out);
}

int tr_prefix_list(struct resolver *r, const char *key, char **texts,
		   unsigned n, struct bl_prefix **out, size_t *n_out)
{
	char k[BL_TOPO_KEY_MAX];

	*n_out = 0;
	if (!n)
		return 0;
	*out = calloc(n, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++)
		bl_topo_parse_prefix(r->d, bl_topo_key(k, "%s[%u]", key, i), texts[i],
				     &(*out)[i]);
	*n_out = n;
	return 0;
}

int tr_one_prefix(struct bl_prefix p, struct bl_prefix **out, size_t *n)
{
	*out = calloc(1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	(*out)[0] = p;
	*n = 1;
	return 0;
}

/* The next free host address from start, skipping given addresses. */
static bl_addr next_free(bl_addr start, const struct bl_host *hosts, size_t n,
			 const bool *given)
{
	for (bl_addr a = start;; a++) {
		size_t i;

		for (i = 0; i < n; i++)
			if (given[i] && hosts[i].address == a)
				break;
		if (i == n)
			return a;
	}
}

int tr_resolve_hosts(struct resolver *r, const char *key, const struct raw_host *raw,
		     unsigned n, struct bl_prefix net, unsigned first, bl_addr gateway,
		     const char *default_name, struct bl_host **out, size_t *n_out)
{
	char k[BL_TOPO_KEY_MAX];
	bool given[BL_TOPO_MAX_HOSTS] = { false };
	unsigned count = raw ? n : (default_name ? 1 : 0);
	bl_addr next = net.addr + first;

	*n_out = 0;
	if (!count)
		return 0;
	*out = calloc(count, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (unsigned i = 0; raw && i < count; i++) {
		bl_topo_key(k, "%s[%u].name", key, i);
		bl_topo_copy_name(r->d, k, (*out)[i].name, raw[i].name);
		bl_topo_key(k, "%s[%u].address", key, i);
		given[i] = raw[i].address &&
			   !bl_topo_parse_addr(r->d, k, raw[i].address,
					       &(*out)[i].address);
	}
	if (!raw)
		snprintf((*out)[0].name, BL_NAME_BUF, "%s", default_name);
	for (unsigned i = 0; i < count; i++) {
		(*out)[i].gateway = gateway;
		if (given[i])
			continue;
		next = next_free(next, *out, count, given);
		(*out)[i].address = next++;
	}
	*n_out = count;
	return 0;
}

/* Defaults inside a VNet's first address space: a /16 (or larger) has
 * room for the reference layout; anything smaller must say where. */
static bool vnet_default(struct resolver *r, const struct bl_vnet *v,
			 const char *key, bl_addr offset, uint8_t len,
			 struct bl_prefix *out)
{
	struct bl_prefix base = v->address_space[0];

	if (base.len > 16) {
		bl_topo_error(r->d, key, "subnet",
			      "no default inside an address space smaller than /16: give it");
		return false;
	}
	*out = tr_pfx(base.addr + offset, len);
	return true;
}

static int resolve_subnets(struct resolver *r, const char *key,
			   const struct raw_vnet *raw, struct bl_vnet *v,
			   const char *default_vm)
{
	char k[BL_TOPO_KEY_MAX], kv[BL_TOPO_KEY_MAX];
	unsigned n = raw && raw->subnets ? raw->subnets_count : 1;
	int err;

	v->subnets = calloc(n, sizeof(*v->subnets));
	if (!v->subnets)
		return -ENOMEM;
	v->n_subnets = n;
	for (unsigned i = 0; i < n; i++) {
		const struct raw_subnet *rs =
			raw && raw->subnets ? &raw->subnets[i] : NULL;
		struct bl_subnet *s = &v->subnets[i];

		bl_topo_key(k, "%s.subnets[%u]", key, i);
		if (rs)
			bl_topo_copy_name(r->d, bl_topo_key(kv, "%s.name", k), s->name,
					  rs->name);
		else
			snprintf(s->name, sizeof(s->name), "workload");
		bl_topo_key(kv, "%s.prefix", k);
		if (rs && rs->prefix)
			bl_topo_parse_prefix(r->d, kv, rs->prefix, &s->prefix);
		else if (!vnet_default(r, v, kv, (bl_addr)(i + 1) << 8, 24, &s->prefix))
			continue;
		bl_topo_key(kv, "%s.vms", k);
		err = tr_resolve_hosts(r, kv, rs ? rs->vms : NULL,
				    rs ? rs->vms_count : 0, s->prefix, 4, 0,
				    rs ? NULL : default_vm, &s->vms, &s->n_vms);
		if (err)
			return err;
	}
	return 0;
}

static int resolve_vnet(struct resolver *r, const char *key,
			const struct raw_vnet *raw, struct bl_prefix def,
			const char *default_vm, struct bl_vnet *v)
{
	char k[BL_TOPO_KEY_MAX];
	int err;

	if (raw && raw->address_space) {
		err = tr_prefix_list(r, bl_topo_key(k, "%s.address_space", key),
				  raw->address_space, raw->address_space_count,
				  &v->address_space, &v->n_address_space);
	} else {
		err = tr_one_prefix(def, &v->address_space, &v->n_address_space);
	}
	if (err)
		return err;
	v->gateway_transit = !raw || !raw->gateway_transit || *raw->gateway_transit;
	return resolve_subnets(r, key, raw, v, default_vm);
}

static int resolve_hub(struct resolver *r)
{
	const struct raw_vnet *raw = r->raw->hub;
	struct bl_topology *t = r->t;
	int err;

	if (raw && raw->name)
		bl_topo_copy_name(r->d, "hub.name", t->hub.name, raw->name);
	else
		snprintf(t->hub.name, sizeof(t->hub.name), "hub");
	err = resolve_vnet(r, "hub", raw, tr_pfx(IP(10, 0, 0, 0), 16), "vm1", &t->hub);
	if (err)
		return err;
	if (raw && raw->gateway_subnet)
		bl_topo_parse_prefix(r->d, "hub.gateway_subnet", raw->gateway_subnet,
				     &t->gateway_subnet);
	else if (r->raw->vpn_gateway || r->raw->vpn_sites_count ||
		 r->raw->er_gateway || r->raw->er_circuits_count)
		vnet_default(r, &t->hub, "hub.gateway_subnet", 0xff00, 27,
			     &t->gateway_subnet);
	if (raw && raw->route_server_subnet)
		bl_topo_parse_prefix(r->d, "hub.route_server_subnet",
				     raw->route_server_subnet,
				     &t->route_server_subnet);
	else if (r->raw->route_server)
		vnet_default(r, &t->hub, "hub.route_server_subnet", 0xfe00, 27,
			     &t->route_server_subnet);
	return 0;
}

static int resolve_spokes(struct resolver *r)
{
	char k[BL_TOPO_KEY_MAX];
	unsigned n = r->raw->spokes_count;
	int err;

	if (!n)
		return 0;
	r->t->spokes = calloc(n, sizeof(*r->t->spokes));
	if (!r->t->spokes)
		return -ENOMEM;
	r->t->n_spokes = n;
	for (unsigned i = 0; i < n; i++) {
		struct bl_vnet *v = &r->t->spokes[i];

		bl_topo_copy_name(r->d, bl_topo_key(k, "spokes[%u].name", i), v->name,
				  r->raw->spokes[i].name);
		err = resolve_vnet(r, bl_topo_key(k, "spokes[%u]", i),
				   &r->raw->spokes[i],
				   tr_pfx(IP(10, 1 + i, 0, 0), 16), NULL, v);
		if (err)
			return err;
	}
	return 0;
}

static void resolve_vpn_gateway(struct resolver *r)
{
	const struct raw_vpn_gateway *raw = r->raw->vpn_gateway;
	struct bl_vpn_gateway *g = &r->t->vpn_gateway;
	char k[BL_TOPO_KEY_MAX];

	g->present = raw || r->raw->vpn_sites_count;
	if (!g->present)
		return;
	g->active_active = !raw || !raw->active_active || *raw->active_active;
	g->asn = raw && raw->asn ? *raw->asn : AZURE_ASN;
	g->n_instances = g->active_active ? 2 : 1;
	if (raw && raw->instances_count > g->n_instances)
		bl_topo_error(r->d, "vpn_gateway.instances", "instance",
			      "%u instances given, but a gateway that is not active-active has 1",
			      raw->instances_count);
	for (size_t i = 0; i < g->n_instances; i++) {
		const struct raw_vpngw_instance *ri =
			raw && i < raw->instances_count ? &raw->instances[i] : NULL;
		struct bl_vpngw_instance *in = &g->instances[i];

		if (ri && ri->name)
			bl_topo_copy_name(r->d, bl_topo_key(k, "vpn_gateway.instances[%zu].name", i),
					  in->name, ri->name);
		else
			snprintf(in->name, sizeof(in->name), "vpngw-in%zu", i);
		tr_addr_or(r, bl_topo_key(k, "vpn_gateway.instances[%zu].address", i),
			ri ? ri->address : NULL,
			r->t->gateway_subnet.addr + 4 + (bl_addr)i, &in->private_address);
		tr_addr_or(r, bl_topo_key(k, "vpn_gateway.instances[%zu].public", i),
			ri ? ri->public : NULL, IP(20, 0, 0, 10) + (bl_addr)i,
			&in->public_address);
	}
}

static void resolve_er_gateway(struct resolver *r)
{
	const struct raw_er_gateway *raw = r->raw->er_gateway;
	struct bl_er_gateway *g = &r->t->er_gateway;
	bl_addr first = r->t->gateway_subnet.addr + 4 +
			(bl_addr)r->t->vpn_gateway.n_instances;
	char k[BL_TOPO_KEY_MAX];

	g->present = raw || r->raw->er_circuits_count;
	if (!g->present)
		return;
	g->asn = raw && raw->asn ? *raw->asn : AZURE_ASN;
	g->n_instances = raw && raw->instances ? *raw->instances : 1;
	if (g->n_instances < 1 || g->n_instances > 2) {
		bl_topo_error(r->d, "er_gateway.instances", "schema",
			      "must be 1 or 2");
		g->n_instances = 1;
	}
	for (size_t i = 0; i < g->n_instances; i++) {
		if (raw && i < raw->names_count)
			bl_topo_copy_name(r->d, bl_topo_key(k, "er_gateway.names[%zu]", i),
					  g->names[i], raw->names[i]);
		else
			snprintf(g->names[i], sizeof(g->names[i]), "ergw-in%zu", i);
		tr_addr_or(r, bl_topo_key(k, "er_gateway.addresses[%zu]", i),
			raw && i < raw->addresses_count ? raw->addresses[i] : NULL,
			first + (bl_addr)i, &g->addresses[i]);
	}
}

static void resolve_route_server(struct resolver *r)
{
	const struct raw_route_server *raw = r->raw->route_server;
	struct bl_route_server *rs = &r->t->route_server;
	char k[BL_TOPO_KEY_MAX];

	rs->present = raw != NULL;
	if (!raw)
		return;
	rs->branch_to_branch = raw->branch_to_branch && *raw->branch_to_branch;
	rs->preference = raw->preference ? (enum bl_rs_preference)*raw->preference :
					   BL_PREFER_EXPRESSROUTE;
	rs->asn = raw->asn ? *raw->asn : AZURE_ASN;
	if (raw->name)
		bl_topo_copy_name(r->d, "route_server.name", rs->name, raw->name);
	else
		snprintf(rs->name, sizeof(rs->name), "routeserver");
	for (unsigned i = 0; i < 2; i++)
		tr_addr_or(r, bl_topo_key(k, "route_server.addresses[%u]", i),
			i < raw->addresses_count ? raw->addresses[i] : NULL,
			r->t->route_server_subnet.addr + 4 + i, &rs->addresses[i]);
}

int bl_topo_resolve(const struct raw_topology *raw, struct bl_topo_diag *diag,
		    struct bl_topology *topo)
{
	struct resolver r = { .raw = raw, .d = diag, .t = topo };
	int err;

	bl_topo_copy_name(diag, "name", topo->name, raw->name);
	topo->control_plane = raw->control_plane ? (enum bl_control_plane)*raw->control_plane
						 : BL_CONTROL_STATIC;
	tr_prefix_or(&r, "transit_pool", raw->transit_pool,
		  tr_pfx(IP(169, 254, 0, 0), 16), &topo->transit_pool);
	tr_prefix_or(&r, "internet", raw->internet, tr_pfx(0, 0), &topo->internet);
	err = resolve_hub(&r);
	if (!err)
		err = resolve_spokes(&r);
	if (err)
		return err;
	resolve_vpn_gateway(&r);
	resolve_er_gateway(&r);
	resolve_route_server(&r);
	err = tr_resolve_vpn_sites(&r);
	if (!err)
		err = tr_resolve_er_circuits(&r);
	return err;
}
