// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan's tunnels (one interface on each end) and BGP sessions. */
#include <stdio.h>

#include "plan/plan_builder.h"

/* SPIs are derived from the lab-unique if_id so that `up` twice computes
 * the same states (idempotent) and each direction has its own SPI; values
 * below 256 are reserved by RFC 4303. */
static uint32_t spi_for(uint32_t if_id, unsigned direction)
{
	return 0x01000000u + ((if_id & 0x7fffffu) << 1) + direction;
}

static struct bl_prefix host(bl_addr a)
{
	return (struct bl_prefix){ a, 32 };
}

static void tunnel_routes(struct bl_plan_builder *b, const struct bl_vpn_site *s,
			  const struct bl_plan_tunnel *t, bl_addr gw_private)
{
	const struct bl_plan_iface *gw_if = &b->plan->ifaces[t->gw_iface];
	const struct bl_plan_iface *site_if = &b->plan->ifaces[t->site_iface];
	size_t gw_node = gw_if->node, site_node = site_if->node;

	/* Outer: on-link host routes across the Internet segment. */
	bl_pb_route(b, gw_node, host(t->site_outer), 0,
		    bl_plan_find_iface(b->plan, gw_node, "inet"));
	bl_pb_route(b, site_node, host(t->gw_outer), 0,
		    bl_plan_find_iface(b->plan, site_node, "inet"));
	/* R2: on-prem reaches each Azure BGP address through its tunnel;
	 * R3: the gateway has a static host route to the on-prem BGP peer. */
	bl_pb_route(b, site_node, host(gw_private), 0, t->site_iface);
	if (s->bgp && s->bgp_address)
		bl_pb_route(b, gw_node, host(s->bgp_address), 0, t->gw_iface);
}

static void tunnel(struct bl_plan_builder *b, size_t site, size_t index)
{
	const struct bl_vpn_site *s = &b->topo->vpn_sites[site];
	const struct bl_tunnel *tt = &s->tunnels[index];
	const struct bl_vpngw_instance *in = &b->topo->vpn_gateway.instances[tt->instance];
	size_t gw_node = bl_plan_find_node(b->plan, in->name);
	size_t site_node = bl_plan_find_node(b->plan, s->router);
	enum bl_iface_kind kind = BL_IFACE_TUNNEL;
	char gw_name[IFNAMSIZ], site_name[IFNAMSIZ];
	struct bl_plan_tunnel *t;

	/* Indices stay far below 1000 (sites are few, instances two). */
	snprintf(gw_name, sizeof(gw_name), "tun-s%u", (unsigned)(site % 1000));
	snprintf(site_name, sizeof(site_name), "tun-in%u", tt->instance % 1000);
	t = bl_pb_tunnel(b);
	if (!t)
		return;
	*t = (struct bl_plan_tunnel){
		.site = site, .index = index, .instance = tt->instance,
		.gw_iface = bl_pb_iface(b, gw_node, gw_name, kind),
		.site_iface = bl_pb_iface(b, site_node, site_name, kind),
		.gw_outer = in->public_address, .site_outer = s->public_address,
		.gw_inner = tt->gateway_inner, .site_inner = tt->site_inner,
		.inner_len = tt->inner.len, .if_id = tt->if_id, .kind = tt->kind,
		.keying = tt->keying, .esp = tt->esp,
		.spi_to_gw = spi_for(tt->if_id, 0), .spi_to_site = spi_for(tt->if_id, 1),
	};
	snprintf(t->ike, sizeof(t->ike), "%s", tt->ike);
	if (b->err)
		return;
	b->plan->ifaces[t->gw_iface].tunnel = b->plan->n_tunnels - 1;
	b->plan->ifaces[t->site_iface].tunnel = b->plan->n_tunnels - 1;
	bl_pb_addr(b, t->gw_iface, t->gw_inner, t->inner_len);
	bl_pb_addr(b, t->site_iface, t->site_inner, t->inner_len);
	tunnel_routes(b, s, t, in->private_address);
}

void bl_plan_build_tunnels(struct bl_plan_builder *b)
{
	if (!b->topo->vpn_gateway.present)
		return;
	for (size_t s = 0; s < b->topo->n_vpn_sites; s++)
		for (size_t i = 0; i < b->topo->vpn_sites[s].n_tunnels; i++)
			tunnel(b, s, i);
}

static size_t node_of(struct bl_plan_builder *b, const char *name)
{
	return bl_plan_find_node(b->plan, name);
}

static void session(struct bl_plan_builder *b, enum bl_bgp_kind kind,
		    const char *a, bl_addr addr_a, uint32_t asn_a,
		    const char *z, bl_addr addr_z, uint32_t asn_z)
{
	struct bl_plan_bgp s = {
		.kind = kind, .node_a = node_of(b, a), .node_b = node_of(b, z),
		.addr_a = addr_a, .addr_b = addr_z, .asn_a = asn_a, .asn_b = asn_z,
	};

	bl_pb_bgp(b, &s);
}

static void vpn_sessions(struct bl_plan_builder *b)
{
	const struct bl_vpn_gateway *vpn = &b->topo->vpn_gateway;

	for (size_t s = 0; s < b->topo->n_vpn_sites; s++) {
		const struct bl_vpn_site *site = &b->topo->vpn_sites[s];

		for (size_t i = 0; site->bgp && i < site->n_tunnels; i++) {
			const struct bl_vpngw_instance *in =
				&vpn->instances[site->tunnels[i].instance];

			session(b, BL_BGP_RRAS_VPNGW, site->router, site->bgp_address,
				site->asn, in->name, in->private_address, vpn->asn);
		}
	}
	if (vpn->n_instances == 2)
		session(b, BL_BGP_VPNGW_IBGP, vpn->instances[0].name,
			vpn->instances[0].private_address, vpn->asn,
			vpn->instances[1].name, vpn->instances[1].private_address,
			vpn->asn);
}

/* Every gateway instance peers with both Route Server addresses (R14);
 * without a Route Server the two gateways peer directly (R10). */
static void gateway_sessions(struct bl_plan_builder *b)
{
	const struct bl_topology *t = b->topo;
	const struct bl_route_server *rs = &t->route_server;
	const char *names[4];
	bl_addr addrs[4];
	uint32_t asns[4];
	size_t n = 0, n_vpn;

	for (size_t i = 0; t->vpn_gateway.present && i < t->vpn_gateway.n_instances; i++, n++) {
		names[n] = t->vpn_gateway.instances[i].name;
		addrs[n] = t->vpn_gateway.instances[i].private_address;
		asns[n] = t->vpn_gateway.asn;
	}
	n_vpn = n;
	for (size_t i = 0; t->er_gateway.present && i < t->er_gateway.n_instances; i++, n++) {
		names[n] = t->er_gateway.names[i];
		addrs[n] = t->er_gateway.addresses[i];
		asns[n] = t->er_gateway.asn;
	}
	for (size_t g = 0; g < n; g++) {
		for (size_t r = 0; rs->present && r < 2 && rs->addresses[r]; r++)
			session(b, BL_BGP_GW_RS, names[g], addrs[g], asns[g], rs->name,
				rs->addresses[r], rs->asn);
		for (size_t e = n_vpn; !rs->present && g < n_vpn && e < n; e++)
			session(b, BL_BGP_VPNGW_ERGW, names[g], addrs[g], asns[g],
				names[e], addrs[e], asns[e]);
	}
}

static void er_sessions(struct bl_plan_builder *b)
{
	const struct bl_er_gateway *gw = &b->topo->er_gateway;

	for (size_t k = 0; k < b->topo->n_er_circuits; k++) {
		const struct bl_er_circuit *c = &b->topo->er_circuits[k];

		if (gw->present && gw->n_instances)
			session(b, BL_BGP_ERGW_MSEE, gw->names[0], c->gateway_link_gateway,
				gw->asn, c->msee, c->gateway_link_msee, c->msee_asn);
		session(b, BL_BGP_MSEE_CE, c->msee, c->primary.msee_address,
			c->msee_asn, c->ce, c->primary.ce_address, c->customer_asn);
		session(b, BL_BGP_MSEE_CE, c->msee, c->secondary.msee_address,
			c->msee_asn, c->ce, c->secondary.ce_address, c->customer_asn);
	}
}

void bl_plan_build_bgp(struct bl_plan_builder *b)
{
	if (b->topo->vpn_gateway.present)
		vpn_sessions(b);
	gateway_sessions(b);
	er_sessions(b);
}
