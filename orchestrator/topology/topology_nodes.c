// SPDX-License-Identifier: GPL-2.0-or-later
/* The nodes of a resolved topology, in one walk shared by validation,
 * counting and lookup. */
#include <string.h>

#include "topology/topology_internal.h"

static void vnet_nodes(const struct bl_vnet *v, const char *vkey,
		       bl_topo_node_fn fn, void *ctx)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t s = 0; s < v->n_subnets; s++)
		for (size_t i = 0; i < v->subnets[s].n_vms; i++)
			fn(v->subnets[s].vms[i].name,
			   bl_topo_key(k, "%s.subnets[%zu].vms[%zu].name", vkey, s, i),
			   ctx);
}

static void gateway_nodes(const struct bl_topology *t, bl_topo_node_fn fn,
			  void *ctx)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->vpn_gateway.n_instances; i++)
		fn(t->vpn_gateway.instances[i].name,
		   bl_topo_key(k, "vpn_gateway.instances[%zu].name", i), ctx);
	for (size_t i = 0; t->er_gateway.present && i < t->er_gateway.n_instances; i++)
		fn(t->er_gateway.names[i], bl_topo_key(k, "er_gateway.names[%zu]", i),
		   ctx);
	if (t->route_server.present)
		fn(t->route_server.name, "route_server.name", ctx);
}

static void host_nodes(const struct bl_host *h, size_t n, const char *key,
		       bl_topo_node_fn fn, void *ctx)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < n; i++)
		fn(h[i].name, bl_topo_key(k, "%s.hosts[%zu].name", key, i), ctx);
}

static void site_nodes(const struct bl_topology *t, bl_topo_node_fn fn,
		       void *ctx)
{
	char k[BL_TOPO_KEY_MAX], key[BL_TOPO_KEY_MAX], lan[BL_NAME_BUF + 8];

	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		bl_topo_key(key, "vpn_sites[%zu]", i);
		fn(s->router, bl_topo_key(k, "%s.router", key), ctx);
		fn(bl_topo_lan_name(s->name, lan, sizeof(lan)), bl_topo_key(k, "%s.name", key), ctx);
		host_nodes(s->hosts, s->n_hosts, key, fn, ctx);
	}
	for (size_t j = 0; j < t->n_er_circuits; j++) {
		const struct bl_er_circuit *c = &t->er_circuits[j];

		bl_topo_key(key, "er_circuits[%zu]", j);
		fn(c->msee, bl_topo_key(k, "%s.msee", key), ctx);
		fn(c->ce, bl_topo_key(k, "%s.ce", key), ctx);
		fn(bl_topo_lan_name(c->name, lan, sizeof(lan)), bl_topo_key(k, "%s.name", key), ctx);
		host_nodes(c->hosts, c->n_hosts, key, fn, ctx);
	}
}

void bl_topo_for_each_node(const struct bl_topology *t, bl_topo_node_fn fn,
			   void *ctx)
{
	char k[BL_TOPO_KEY_MAX];

	fn("vnet", "hub", ctx);
	fn("internet", "internet", ctx);
	vnet_nodes(&t->hub, "hub", fn, ctx);
	for (size_t i = 0; i < t->n_spokes; i++)
		vnet_nodes(&t->spokes[i], bl_topo_key(k, "spokes[%zu]", i), fn, ctx);
	gateway_nodes(t, fn, ctx);
	site_nodes(t, fn, ctx);
}

static void count_one(const char *name, const char *key, void *ctx)
{
	(void)name;
	(void)key;
	(*(size_t *)ctx)++;
}

size_t bl_topology_node_count(const struct bl_topology *topo)
{
	size_t n = 0;

	bl_topo_for_each_node(topo, count_one, &n);
	return n;
}

/* The bridges: "vnet", "internet" and "lan-<site>". They forward frames
 * but own no address, so nothing can be sent from or to them. */
bool bl_topology_is_segment(const struct bl_topology *topo, const char *name)
{
	static const char lan[] = "lan-"; /* bl_topo_lan_name's prefix */
	const char *site;

	if (!strcmp(name, "vnet") || !strcmp(name, "internet"))
		return true;
	/* Site names compared without formatting each LAN's name: verify
	 * asks this for both ends of thousands of expectations. */
	if (strncmp(name, lan, sizeof(lan) - 1) != 0)
		return false;
	site = name + sizeof(lan) - 1;
	for (size_t i = 0; i < topo->n_vpn_sites; i++)
		if (!strcmp(site, topo->vpn_sites[i].name))
			return true;
	for (size_t j = 0; j < topo->n_er_circuits; j++)
		if (!strcmp(site, topo->er_circuits[j].name))
			return true;
	return false;
}

const char *bl_topo_lan_name(const char *site, char *buf, size_t size)
{
	snprintf(buf, size, "lan-%s", site);
	return buf;
}
