/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The reference topology (docs/routing-model.md address plan), built
 * in C so the plan and graph tests do not depend on the YAML loader.
 * Everything points to static storage: never bl_topology_free() it.
 */
#ifndef BL_PLAN_FIXTURES_H
#define BL_PLAN_FIXTURES_H

#include <string.h>

#include "topology/topology.h"

#define FX_IP(a, b, c, d) (((bl_addr)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))

static struct bl_prefix fx_hub_space[] = { { FX_IP(10, 0, 0, 0), 16 } };
static struct bl_prefix fx_spoke_space[] = { { FX_IP(10, 1, 0, 0), 16 } };
static struct bl_host fx_hub_vms[] = { { "vm1", FX_IP(10, 0, 1, 4), 0 } };
static struct bl_host fx_spoke_vms[] = { { "spoke-vm", FX_IP(10, 1, 1, 4), 0 } };
static struct bl_subnet fx_hub_subnets[] = {
	{ "workload", { FX_IP(10, 0, 1, 0), 24 }, fx_hub_vms, 1 },
};
static struct bl_subnet fx_spoke_subnets[] = {
	{ "default", { FX_IP(10, 1, 1, 0), 24 }, fx_spoke_vms, 1 },
};
static struct bl_vnet fx_spokes[] = {
	{ "spoke1", fx_spoke_space, 1, fx_spoke_subnets, 1, true },
};
static struct bl_host fx_site_a_hosts[] = { { "host-a", FX_IP(192, 168, 1, 10), 0 } };
static struct bl_host fx_site_b_hosts[] = { { "host-b", FX_IP(172, 16, 0, 10), 0 } };
static struct bl_prefix fx_site_a_adv[] = { { FX_IP(192, 168, 1, 0), 24 } };
static struct bl_prefix fx_site_b_adv[] = { { FX_IP(172, 16, 0, 0), 16 } };

static struct bl_tunnel fx_tunnel(unsigned instance)
{
	bl_addr base = FX_IP(100, 64, 0, 4 * instance);

	return (struct bl_tunnel){
		.instance = instance, .weight = 100, .kind = BL_TUNNEL_XFRMI,
		.keying = BL_KEYING_STATIC, .esp = BL_ESP_AES_GCM,
		.inner = { base, 30 }, .gateway_inner = base + 1,
		.site_inner = base + 2, .if_id = 10 + instance,
	};
}

static struct bl_vpn_site fx_site_a(void)
{
	struct bl_vpn_site s = {
		.name = "a", .router = "rras-a", .asn = 65010, .bgp = true,
		.public_address = FX_IP(203, 0, 113, 10),
		.bgp_address = FX_IP(192, 168, 1, 254),
		.lan = { FX_IP(192, 168, 1, 0), 24 },
		.lan_gateway = FX_IP(192, 168, 1, 1),
		.advertise = fx_site_a_adv, .n_advertise = 1,
		.n_tunnels = 2, .hosts = fx_site_a_hosts, .n_hosts = 1,
	};

	s.tunnels[0] = fx_tunnel(0);
	s.tunnels[1] = fx_tunnel(1);
	return s;
}

static struct bl_er_circuit fx_circuit_b(void)
{
	return (struct bl_er_circuit){
		.name = "b", .msee = "msee-b", .ce = "ce-b",
		.customer_asn = 65020, .msee_asn = 12076, .weight = 0,
		.primary = { { FX_IP(192, 168, 100, 128), 30 },
			     FX_IP(192, 168, 100, 129), FX_IP(192, 168, 100, 130) },
		.secondary = { { FX_IP(192, 168, 100, 132), 30 },
			       FX_IP(192, 168, 100, 133), FX_IP(192, 168, 100, 134) },
		.gateway_link = { FX_IP(100, 64, 1, 0), 30 },
		.gateway_link_gateway = FX_IP(100, 64, 1, 1),
		.gateway_link_msee = FX_IP(100, 64, 1, 2),
		.lan = { FX_IP(172, 16, 0, 0), 16 },
		.lan_gateway = FX_IP(172, 16, 0, 1),
		.advertise = fx_site_b_adv, .n_advertise = 1,
		.hosts = fx_site_b_hosts, .n_hosts = 1,
	};
}

static struct bl_vpn_site fx_sites[1];
static struct bl_er_circuit fx_circuits[1];

/* Fills *t with the reference lab "ref": hub + one spoke, active-active
 * VPN gateway, ER gateway, Route Server, site A (two tunnels), circuit B. */
static void fx_reference(struct bl_topology *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->name, "ref");
	t->transit_pool = (struct bl_prefix){ FX_IP(100, 64, 0, 0), 16 };
	t->internet = (struct bl_prefix){ FX_IP(20, 0, 0, 0), 8 };
	t->gateway_subnet = (struct bl_prefix){ FX_IP(10, 0, 255, 0), 27 };
	t->route_server_subnet = (struct bl_prefix){ FX_IP(10, 0, 254, 0), 27 };
	t->hub = (struct bl_vnet){ "hub", fx_hub_space, 1, fx_hub_subnets, 1, false };
	t->spokes = fx_spokes;
	t->n_spokes = 1;
	t->vpn_gateway = (struct bl_vpn_gateway){
		.present = true, .active_active = true, .asn = 65515, .n_instances = 2,
		.instances = { { "vpngw-in0", FX_IP(10, 0, 255, 4), FX_IP(20, 0, 0, 10) },
			       { "vpngw-in1", FX_IP(10, 0, 255, 5), FX_IP(20, 0, 0, 11) } },
	};
	t->er_gateway = (struct bl_er_gateway){
		.present = true, .asn = 65515, .names = { "ergw-in0" },
		.addresses = { FX_IP(10, 0, 255, 6) }, .n_instances = 1,
	};
	t->route_server = (struct bl_route_server){
		.present = true, .branch_to_branch = true, .asn = 65515,
		.name = "routeserver",
		.addresses = { FX_IP(10, 0, 254, 4), FX_IP(10, 0, 254, 5) },
	};
	fx_sites[0] = fx_site_a();
	fx_circuits[0] = fx_circuit_b();
	t->vpn_sites = fx_sites;
	t->n_vpn_sites = 1;
	t->er_circuits = fx_circuits;
	t->n_er_circuits = 1;
}

#endif
