// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "plan/plan.h"
#include "tests/unit/plan_fixtures.h"

static struct bl_plan *reference_plan(void)
{
	struct bl_topology t;
	struct bl_plan *plan = NULL;

	fx_reference(&t);
	assert_int_equal(bl_plan_new(&t, &plan), 0);
	assert_non_null(plan);
	return plan;
}

static const struct bl_plan_iface *iface(const struct bl_plan *p, const char *node,
					 const char *name)
{
	size_t n = bl_plan_find_node(p, node);
	size_t i;

	assert_int_not_equal(n, BL_PLAN_NONE);
	i = bl_plan_find_iface(p, n, name);
	assert_int_not_equal(i, BL_PLAN_NONE);
	return &p->ifaces[i];
}

/* Kernel names fit IFNAMSIZ and never clash within a namespace; node
 * names (hence namespaces) are unique. */
static void names_short_and_unique(void **state)
{
	struct bl_plan *p = reference_plan();

	(void)state;
	for (size_t i = 0; i < p->n_ifaces; i++) {
		assert_true(strlen(p->ifaces[i].name) <= 15);
		assert_true(strlen(p->ifaces[i].name) > 0);
		for (size_t j = i + 1; j < p->n_ifaces; j++)
			assert_false(p->ifaces[i].node == p->ifaces[j].node &&
				     !strcmp(p->ifaces[i].name, p->ifaces[j].name));
	}
	for (size_t i = 0; i < p->n_nodes; i++) {
		char want[BL_NETNS_BUF];

		snprintf(want, sizeof(want), "ref-%s", p->nodes[i].name);
		assert_string_equal(p->nodes[i].netns, want);
		for (size_t j = i + 1; j < p->n_nodes; j++)
			assert_string_not_equal(p->nodes[i].name, p->nodes[j].name);
	}
	bl_plan_free(p);
}

struct node_case {
	const char *name;
	enum bl_node_kind kind;
};

static const struct node_case node_cases[] = {
	{ "vm1", BL_NODE_VM },		{ "spoke-vm", BL_NODE_VM },
	{ "vpngw-in0", BL_NODE_VPNGW },	{ "vpngw-in1", BL_NODE_VPNGW },
	{ "ergw-in0", BL_NODE_ERGW },	{ "routeserver", BL_NODE_ROUTESERVER },
	{ "rras-a", BL_NODE_RRAS },	{ "host-a", BL_NODE_HOST },
	{ "msee-b", BL_NODE_MSEE },	{ "ce-b", BL_NODE_CE },
	{ "host-b", BL_NODE_HOST },	{ "vnet", BL_NODE_BRIDGE },
	{ "internet", BL_NODE_BRIDGE },	{ "lan-a", BL_NODE_BRIDGE },
	{ "lan-b", BL_NODE_BRIDGE },
};

static void nodes_and_kinds(void **state)
{
	struct bl_plan *p = reference_plan();

	(void)state;
	assert_int_equal(p->n_nodes, sizeof(node_cases) / sizeof(node_cases[0]));
	for (size_t i = 0; i < sizeof(node_cases) / sizeof(node_cases[0]); i++) {
		size_t n = bl_plan_find_node(p, node_cases[i].name);

		assert_int_not_equal(n, BL_PLAN_NONE);
		assert_int_equal(p->nodes[n].kind, node_cases[i].kind);
	}
	bl_plan_free(p);
}

struct addr_case {
	const char *node, *iface;
	bl_addr addr;
	uint8_t len;
};

static const struct addr_case addr_cases[] = {
	/* VNet members get the VNet's prefix length: the VNet is on-link. */
	{ "vm1", "eth0", FX_IP(10, 0, 1, 4), 16 },
	{ "spoke-vm", "eth0", FX_IP(10, 1, 1, 4), 16 },
	{ "vpngw-in0", "eth0", FX_IP(10, 0, 255, 4), 16 },
	{ "vpngw-in1", "eth0", FX_IP(10, 0, 255, 5), 16 },
	{ "ergw-in0", "eth0", FX_IP(10, 0, 255, 6), 16 },
	{ "routeserver", "eth0", FX_IP(10, 0, 254, 4), 16 },
	/* Public addresses are /32 on the Internet segment. */
	{ "vpngw-in0", "inet", FX_IP(20, 0, 0, 10), 32 },
	{ "vpngw-in1", "inet", FX_IP(20, 0, 0, 11), 32 },
	{ "rras-a", "inet", FX_IP(203, 0, 113, 10), 32 },
	{ "rras-a", "lan", FX_IP(192, 168, 1, 1), 24 },
	{ "rras-a", "lo", FX_IP(192, 168, 1, 254), 32 },
	{ "host-a", "eth0", FX_IP(192, 168, 1, 10), 24 },
	/* Tunnels: .1 gateway side, .2 RRAS, one interface per tunnel. */
	{ "vpngw-in0", "tun-s0", FX_IP(100, 64, 0, 1), 30 },
	{ "vpngw-in1", "tun-s0", FX_IP(100, 64, 0, 5), 30 },
	{ "rras-a", "tun-in0", FX_IP(100, 64, 0, 2), 30 },
	{ "rras-a", "tun-in1", FX_IP(100, 64, 0, 6), 30 },
	/* ER: gateway <-> MSEE <-> CE point-to-point. */
	{ "ergw-in0", "er0", FX_IP(100, 64, 1, 1), 30 },
	{ "msee-b", "gw", FX_IP(100, 64, 1, 2), 30 },
	{ "msee-b", "ce1", FX_IP(192, 168, 100, 130), 30 },
	{ "ce-b", "msee1", FX_IP(192, 168, 100, 129), 30 },
	{ "msee-b", "ce2", FX_IP(192, 168, 100, 134), 30 },
	{ "ce-b", "msee2", FX_IP(192, 168, 100, 133), 30 },
	{ "ce-b", "lan", FX_IP(172, 16, 0, 1), 16 },
	{ "host-b", "eth0", FX_IP(172, 16, 0, 10), 16 },
};

static void addresses_as_planned(void **state)
{
	struct bl_plan *p = reference_plan();

	(void)state;
	for (size_t i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++) {
		const struct addr_case *c = &addr_cases[i];
		const struct bl_plan_iface *f = iface(p, c->node, c->iface);

		assert_true(f->n_addrs >= 1);
		assert_int_equal(f->addrs[0].addr, c->addr);
		assert_int_equal(f->addrs[0].len, c->len);
	}
	assert_int_equal(iface(p, "routeserver", "eth0")->n_addrs, 2);
	assert_int_equal(iface(p, "routeserver", "eth0")->addrs[1].addr, FX_IP(10, 0, 254, 5));
	bl_plan_free(p);
}

/* Veth ends are paired both ways; bridge ports hang off the segment's br0. */
static void links_pair_and_bridge(void **state)
{
	struct bl_plan *p = reference_plan();
	const struct bl_plan_iface *eth = iface(p, "vm1", "eth0");
	const struct bl_plan_iface *port, *ce1;

	(void)state;
	assert_int_not_equal(eth->peer, BL_PLAN_NONE);
	port = &p->ifaces[eth->peer];
	assert_string_equal(p->nodes[port->node].name, "vnet");
	assert_int_equal(port->name[0], 'p');
	assert_string_equal(p->ifaces[port->master].name, "br0");
	assert_int_equal(p->ifaces[port->master].node, port->node);
	assert_ptr_equal(&p->ifaces[port->peer], eth);
	ce1 = iface(p, "msee-b", "ce1");
	assert_string_equal(p->ifaces[ce1->peer].name, "msee1");
	assert_int_equal(ce1->master, BL_PLAN_NONE);
	bl_plan_free(p);
}

struct route_case {
	const char *node;
	bl_addr dst;
	uint8_t len;
	bl_addr via;     /* 0: on-link */
	const char *dev; /* on-link device */
};

static const struct route_case route_cases[] = {
	{ "host-a", 0, 0, FX_IP(192, 168, 1, 1), NULL },
	{ "host-b", 0, 0, FX_IP(172, 16, 0, 1), NULL },
	{ "rras-a", FX_IP(20, 0, 0, 10), 32, 0, "inet" },
	{ "rras-a", FX_IP(20, 0, 0, 11), 32, 0, "inet" },
	{ "vpngw-in0", FX_IP(203, 0, 113, 10), 32, 0, "inet" },
	{ "rras-a", FX_IP(10, 0, 255, 4), 32, 0, "tun-in0" },   /* R2 */
	{ "rras-a", FX_IP(10, 0, 255, 5), 32, 0, "tun-in1" },
	{ "vpngw-in1", FX_IP(192, 168, 1, 254), 32, 0, "tun-s0" }, /* R3 */
	{ "spoke-vm", FX_IP(10, 0, 0, 0), 16, 0, "eth0" },        /* peering */
	{ "vm1", FX_IP(10, 1, 0, 0), 16, 0, "eth0" },
};

static const struct bl_plan_route *route(const struct bl_plan *p, size_t node,
					 bl_addr dst, uint8_t len)
{
	for (size_t i = 0; i < p->n_routes; i++)
		if (p->routes[i].node == node && p->routes[i].dst.addr == dst &&
		    p->routes[i].dst.len == len)
			return &p->routes[i];
	return NULL;
}

static void static_routes(void **state)
{
	struct bl_plan *p = reference_plan();

	(void)state;
	for (size_t i = 0; i < sizeof(route_cases) / sizeof(route_cases[0]); i++) {
		const struct route_case *c = &route_cases[i];
		size_t node = bl_plan_find_node(p, c->node);
		const struct bl_plan_route *r = route(p, node, c->dst, c->len);

		assert_non_null(r);
		if (c->via) {
			assert_int_equal(r->n_via, 1);
			assert_int_equal(r->via[0], c->via);
		} else {
			assert_int_equal(r->n_via, 0);
			assert_string_equal(p->ifaces[r->dev].name, c->dev);
			assert_int_equal(p->ifaces[r->dev].node, node);
		}
	}
	/* A spoke does not reach another VNet's peers, and no default route
	 * is planned on gateways (the model decides). */
	assert_null(route(p, bl_plan_find_node(p, "vpngw-in0"), 0, 0));
	bl_plan_free(p);
}

static void tunnels_one_per_instance(void **state)
{
	struct bl_plan *p = reference_plan();

	(void)state;
	assert_int_equal(p->n_tunnels, 2);
	for (size_t i = 0; i < 2; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];

		assert_int_equal(t->instance, i);
		assert_int_equal(t->if_id, 10 + i);
		assert_int_equal(p->ifaces[t->gw_iface].kind, BL_IFACE_TUNNEL);
		assert_int_equal(p->ifaces[t->site_iface].tunnel, i);
		assert_int_equal(t->site_outer, FX_IP(203, 0, 113, 10));
		assert_int_equal(t->gw_outer, FX_IP(20, 0, 0, 10 + i));
		assert_true(t->spi_to_gw >= 256 && t->spi_to_site >= 256);
		assert_int_not_equal(t->spi_to_gw, t->spi_to_site);
	}
	assert_int_not_equal(p->tunnels[0].spi_to_gw, p->tunnels[1].spi_to_gw);
	bl_plan_free(p);
}

static size_t count_bgp(const struct bl_plan *p, enum bl_bgp_kind kind)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_bgp; i++)
		n += p->bgp[i].kind == kind;
	return n;
}

static void bgp_sessions(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = reference_plan();

	(void)state;
	assert_int_equal(count_bgp(p, BL_BGP_RRAS_VPNGW), 2);
	assert_int_equal(count_bgp(p, BL_BGP_VPNGW_IBGP), 1);
	assert_int_equal(count_bgp(p, BL_BGP_GW_RS), 6); /* 3 gateways x 2 RS */
	assert_int_equal(count_bgp(p, BL_BGP_VPNGW_ERGW), 0);
	assert_int_equal(count_bgp(p, BL_BGP_ERGW_MSEE), 1);
	assert_int_equal(count_bgp(p, BL_BGP_MSEE_CE), 2);
	bl_plan_free(p);

	/* Without Route Server the gateways peer directly (R10). */
	fx_reference(&t);
	t.route_server.present = false;
	assert_int_equal(bl_plan_new(&t, &p), 0);
	assert_int_equal(count_bgp(p, BL_BGP_GW_RS), 0);
	assert_int_equal(count_bgp(p, BL_BGP_VPNGW_ERGW), 2);
	assert_int_equal(bl_plan_find_node(p, "routeserver"), BL_PLAN_NONE);
	bl_plan_free(p);
}

/* The lookups (hash indexes since plans reach thousands of nodes) find
 * every node and interface at its own place, and nothing else; a bridge's
 * ports are numbered in order; no node gets two routes to one prefix. */
static void lookups_find_each_object(void **state)
{
	struct bl_plan *p = reference_plan();
	char port[16];

	(void)state;
	for (size_t i = 0; i < p->n_nodes; i++)
		assert_int_equal(bl_plan_find_node(p, p->nodes[i].name), i);
	for (size_t i = 0; i < p->n_ifaces; i++)
		assert_int_equal(bl_plan_find_iface(p, p->ifaces[i].node, p->ifaces[i].name), i);
	assert_int_equal(bl_plan_find_node(p, "vm"), BL_PLAN_NONE);
	assert_int_equal(bl_plan_find_node(p, "vm1x"), BL_PLAN_NONE);
	assert_int_equal(bl_plan_find_iface(p, bl_plan_find_node(p, "vm1"), "eth1"), BL_PLAN_NONE);
	assert_int_equal(bl_plan_find_iface(p, bl_plan_find_node(p, "vm1"), "br0"), BL_PLAN_NONE);
	for (size_t n = 0, ports = 0; n < p->n_nodes; n++, ports = 0) {
		for (size_t i = 0; i < p->n_ifaces; i++) {
			if (p->ifaces[i].node != n || p->ifaces[i].master == BL_PLAN_NONE)
				continue;
			snprintf(port, sizeof(port), "p%zu", ports++);
			assert_string_equal(p->ifaces[i].name, port);
		}
		assert_true(ports == 0 || p->nodes[n].kind == BL_NODE_BRIDGE);
	}
	for (size_t i = 0; i < p->n_routes; i++)
		for (size_t j = i + 1; j < p->n_routes; j++)
			assert_false(p->routes[i].node == p->routes[j].node &&
				     p->routes[i].dst.addr == p->routes[j].dst.addr &&
				     p->routes[i].dst.len == p->routes[j].dst.len);
	bl_plan_free(p);
}

static void refuses_clashing_names(void **state)
{
	struct bl_plan *p = (struct bl_plan *)0x1;
	struct bl_topology t;

	(void)state;
	fx_reference(&t);
	strcpy(fx_hub_vms[0].name, "rras-a");
	assert_int_equal(bl_plan_new(&t, &p), -EINVAL);
	assert_ptr_equal(p, (struct bl_plan *)0x1); /* untouched on failure */
	strcpy(fx_hub_vms[0].name, "vm1");

	fx_reference(&t);
	strcpy(t.name, "much-too-long-lab");
	assert_int_equal(bl_plan_new(&t, &p), -EINVAL);
	assert_ptr_equal(p, (struct bl_plan *)0x1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_short_and_unique),
		cmocka_unit_test(nodes_and_kinds),
		cmocka_unit_test(addresses_as_planned),
		cmocka_unit_test(links_pair_and_bridge),
		cmocka_unit_test(static_routes),
		cmocka_unit_test(tunnels_one_per_instance),
		cmocka_unit_test(bgp_sessions),
		cmocka_unit_test(lookups_find_each_object),
		cmocka_unit_test(refuses_clashing_names),
	};
	bl_plan_free(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
