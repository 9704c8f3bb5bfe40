// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The shared segments of the plan: the VNet fabric, the site LANs and the
 * ExpressRoute links. Every segment with more than two members is a bridge
 * in its own namespace, so no node's namespace hosts another's link.
 */
#include <stdio.h>

#include "plan/plan_builder.h"

/* The address-space prefix of `vnet` that holds addr, or a /32. */
static struct bl_prefix space_of(const struct bl_vnet *vnet, bl_addr addr)
{
	for (size_t i = 0; i < vnet->n_address_space; i++)
		if (bl_prefix_contains(vnet->address_space[i], addr))
			return vnet->address_space[i];
	return (struct bl_prefix){ addr, 32 };
}

/* VNet peering has no router hop: a member reaches the peered VNets'
 * prefixes on-link over the same fabric. The hub peers with every spoke, a
 * spoke only with the hub (peering is not transitive). */
static void peered_routes(struct bl_plan_builder *b, size_t iface,
			  const struct bl_vnet *own)
{
	const struct bl_topology *t = b->topo;
	size_t node = b->plan->ifaces[iface].node;

	if (own != &t->hub) {
		for (size_t i = 0; i < t->hub.n_address_space; i++)
			bl_pb_route(b, node, t->hub.address_space[i], 0, iface);
		return;
	}
	for (size_t s = 0; s < t->n_spokes; s++)
		for (size_t i = 0; i < t->spokes[s].n_address_space; i++)
			bl_pb_route(b, node, t->spokes[s].address_space[i], 0, iface);
}

/* One VNet member: "eth0" on the fabric, its address with the VNet's prefix
 * length so the whole VNet is on-link. */
static size_t vnet_member(struct bl_plan_builder *b, const char *name,
			  enum bl_node_kind kind, const struct bl_vnet *vnet,
			  bl_addr addr)
{
	size_t fabric = bl_pb_bridge(b, "vnet");
	size_t node = bl_pb_node(b, name, kind);
	size_t eth = bl_pb_attach(b, node, "eth0", fabric);
	struct bl_prefix space = space_of(vnet, addr);

	bl_pb_addr(b, eth, addr, space.len);
	if (!b->err)
		peered_routes(b, eth, vnet);
	return eth;
}

static void vnet_vms(struct bl_plan_builder *b, const struct bl_vnet *vnet)
{
	for (size_t s = 0; s < vnet->n_subnets; s++)
		for (size_t v = 0; v < vnet->subnets[s].n_vms; v++)
			vnet_member(b, vnet->subnets[s].vms[v].name, BL_NODE_VM, vnet,
				    vnet->subnets[s].vms[v].address);
}

void bl_plan_build_vnet(struct bl_plan_builder *b)
{
	const struct bl_topology *t = b->topo;
	const struct bl_route_server *rs = &t->route_server;

	vnet_vms(b, &t->hub);
	for (size_t s = 0; s < t->n_spokes; s++)
		vnet_vms(b, &t->spokes[s]);
	for (size_t i = 0; t->vpn_gateway.present && i < t->vpn_gateway.n_instances; i++)
		vnet_member(b, t->vpn_gateway.instances[i].name, BL_NODE_VPNGW, &t->hub,
			    t->vpn_gateway.instances[i].private_address);
	for (size_t i = 0; t->er_gateway.present && i < t->er_gateway.n_instances; i++)
		vnet_member(b, t->er_gateway.names[i], BL_NODE_ERGW, &t->hub,
			    t->er_gateway.addresses[i]);
	if (rs->present) {
		size_t eth = vnet_member(b, rs->name, BL_NODE_ROUTESERVER, &t->hub,
					 rs->addresses[0]);

		if (rs->addresses[1])
			bl_pb_addr(b, eth, rs->addresses[1], space_of(&t->hub, rs->addresses[1]).len);
	}
}

/* A LAN bridge with its router (RRAS or CE) as "lan" and every host as
 * "eth0" with a default route via the router. */
static void site_lan(struct bl_plan_builder *b, const char *site, size_t router,
		     struct bl_prefix lan, bl_addr gateway,
		     const struct bl_host *hosts, size_t n_hosts)
{
	static const struct bl_prefix any = { 0, 0 };
	char name[BL_NAME_BUF + 8];
	size_t bridge, eth;

	snprintf(name, sizeof(name), "lan-%s", site);
	bridge = bl_pb_bridge(b, name);
	bl_pb_addr(b, bl_pb_attach(b, router, "lan", bridge), gateway, lan.len);
	for (size_t h = 0; h < n_hosts; h++) {
		size_t node = bl_pb_node(b, hosts[h].name, BL_NODE_HOST);

		eth = bl_pb_attach(b, node, "eth0", bridge);
		bl_pb_addr(b, eth, hosts[h].address, lan.len);
		bl_pb_route(b, node, any, hosts[h].gateway ? hosts[h].gateway : gateway,
			    BL_PLAN_NONE);
	}
}

static void vpn_site(struct bl_plan_builder *b, const struct bl_vpn_site *s)
{
	size_t rras = bl_pb_node(b, s->router, BL_NODE_RRAS);
	size_t inet = bl_pb_attach(b, rras, "inet", bl_pb_bridge(b, "internet"));

	/* A /32: the Internet segment carries only host routes to the peers
	 * (added with the tunnels), so no default route competes with the
	 * modelled ones. */
	bl_pb_addr(b, inet, s->public_address, 32);
	site_lan(b, s->name, rras, s->lan, s->lan_gateway, s->hosts, s->n_hosts);
	if (s->bgp && s->bgp_address && s->bgp_address != s->lan_gateway)
		bl_pb_addr(b, bl_pb_iface(b, rras, "lo", BL_IFACE_LOOPBACK),
			   s->bgp_address, 32);
}

void bl_plan_build_sites(struct bl_plan_builder *b)
{
	const struct bl_topology *t = b->topo;

	for (size_t i = 0; t->vpn_gateway.present && i < t->vpn_gateway.n_instances; i++) {
		const struct bl_vpngw_instance *in = &t->vpn_gateway.instances[i];
		size_t node = bl_plan_find_node(b->plan, in->name);
		size_t inet = bl_pb_attach(b, node, "inet", bl_pb_bridge(b, "internet"));

		bl_pb_addr(b, inet, in->public_address, 32);
	}
	for (size_t s = 0; s < t->n_vpn_sites; s++)
		vpn_site(b, &t->vpn_sites[s]);
}

static void p2p_link(struct bl_plan_builder *b, size_t a, const char *name_a,
		     bl_addr addr_a, size_t z, const char *name_z, bl_addr addr_z,
		     uint8_t len)
{
	size_t end = bl_pb_p2p(b, a, name_a, z, name_z);

	if (end == BL_PLAN_NONE)
		return;
	bl_pb_addr(b, end, addr_a, len);
	bl_pb_addr(b, b->plan->ifaces[end].peer, addr_z, len);
}

/* ER gateway <-> MSEE <-> CE (primary and secondary) as point-to-point
 * links. The gateway link carries one gateway address, so it starts on the
 * first ER gateway instance. */
static void er_circuit(struct bl_plan_builder *b, size_t k,
		       const struct bl_er_circuit *c)
{
	const struct bl_er_gateway *gw = &b->topo->er_gateway;
	size_t msee = bl_pb_node(b, c->msee, BL_NODE_MSEE);
	size_t ce = bl_pb_node(b, c->ce, BL_NODE_CE);
	char gw_if[IFNAMSIZ];

	if (gw->present && gw->n_instances) {
		snprintf(gw_if, sizeof(gw_if), "er%u", (unsigned)(k % 1000));
		p2p_link(b, bl_plan_find_node(b->plan, gw->names[0]), gw_if,
			 c->gateway_link_gateway, msee, "gw", c->gateway_link_msee,
			 c->gateway_link.len);
	}
	p2p_link(b, msee, "ce1", c->primary.msee_address, ce, "msee1",
		 c->primary.ce_address, c->primary.subnet.len);
	p2p_link(b, msee, "ce2", c->secondary.msee_address, ce, "msee2",
		 c->secondary.ce_address, c->secondary.subnet.len);
	site_lan(b, c->name, ce, c->lan, c->lan_gateway, c->hosts, c->n_hosts);
}

void bl_plan_build_er(struct bl_plan_builder *b)
{
	for (size_t k = 0; k < b->topo->n_er_circuits; k++)
		er_circuit(b, k, &b->topo->er_circuits[k]);
}
