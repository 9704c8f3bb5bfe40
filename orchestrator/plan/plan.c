// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan's storage, lookups and the "add one object" helpers. */
#include "plan/plan_builder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/report.h"

/* Grows one of the plan's arrays by one zeroed element; NULL on failure
 * (recorded in b->err). */
static void *push(struct bl_plan_builder *b, void **arr, size_t *n, size_t *cap,
		  size_t elem)
{
	char *slot;
	void *grown;

	if (b->err)
		return NULL;
	grown = bl_grow(*arr, *n, cap, elem, 8);
	if (!grown) {
		b->err = -ENOMEM;
		return NULL;
	}
	*arr = grown;
	slot = (char *)grown + *n * elem;
	memset(slot, 0, elem);
	(*n)++;
	return slot;
}

static bool copy_name(struct bl_plan_builder *b, char *dst, size_t size,
		      const char *what, const char *src)
{
	if (strlen(src) >= size) {
		bl_err("%s name '%s' is longer than %zu bytes", what, src, size - 1);
		b->err = -EINVAL;
		return false;
	}
	strcpy(dst, src);
	return true;
}

size_t bl_pb_node(struct bl_plan_builder *b, const char *name,
		  enum bl_node_kind kind)
{
	struct bl_plan *p = b->plan;
	struct bl_plan_node *n;

	if (!b->err && bl_plan_find_node(p, name) != BL_PLAN_NONE) {
		bl_err("two nodes are named '%s'", name);
		b->err = -EINVAL;
	}
	n = push(b, (void **)&p->nodes, &p->n_nodes, &b->cap_nodes, sizeof(*n));
	if (!n || !copy_name(b, n->name, sizeof(n->name), "node", name))
		return BL_PLAN_NONE;
	if (snprintf(n->netns, sizeof(n->netns), "%s-%s", p->lab, name) >=
	    (int)sizeof(n->netns)) {
		bl_err("namespace name '%s-%s' is too long", p->lab, name);
		b->err = -EINVAL;
		return BL_PLAN_NONE;
	}
	n->kind = kind;
	return p->n_nodes - 1;
}

size_t bl_pb_bridge(struct bl_plan_builder *b, const char *name)
{
	size_t node = bl_plan_find_node(b->plan, name);

	if (node != BL_PLAN_NONE)
		return node;
	node = bl_pb_node(b, name, BL_NODE_BRIDGE);
	bl_pb_iface(b, node, "br0", BL_IFACE_BRIDGE);
	return node;
}

size_t bl_pb_iface(struct bl_plan_builder *b, size_t node, const char *name,
		   enum bl_iface_kind kind)
{
	struct bl_plan *p = b->plan;
	struct bl_plan_iface *i;

	if (node == BL_PLAN_NONE)
		return BL_PLAN_NONE;
	if (!b->err && bl_plan_find_iface(p, node, name) != BL_PLAN_NONE) {
		bl_err("node '%s' has two interfaces named '%s'",
		       p->nodes[node].name, name);
		b->err = -EINVAL;
	}
	i = push(b, (void **)&p->ifaces, &p->n_ifaces, &b->cap_ifaces, sizeof(*i));
	if (!i || !copy_name(b, i->name, sizeof(i->name), "interface", name))
		return BL_PLAN_NONE;
	i->node = node;
	i->kind = kind;
	i->peer = i->master = i->tunnel = BL_PLAN_NONE;
	return p->n_ifaces - 1;
}

void bl_pb_addr(struct bl_plan_builder *b, size_t iface, bl_addr addr,
		uint8_t len)
{
	struct bl_plan_iface *i;

	if (b->err || iface == BL_PLAN_NONE)
		return;
	i = &b->plan->ifaces[iface];
	if (i->n_addrs == sizeof(i->addrs) / sizeof(i->addrs[0])) {
		b->err = -ENOSPC;
		bl_err("interface '%s' has too many addresses", i->name);
		return;
	}
	i->addrs[i->n_addrs++] = (struct bl_plan_addr){ addr, len };
}

size_t bl_pb_p2p(struct bl_plan_builder *b, size_t node_a, const char *name_a,
		 size_t node_b, const char *name_b)
{
	size_t a = bl_pb_iface(b, node_a, name_a, BL_IFACE_VETH);
	size_t z = bl_pb_iface(b, node_b, name_b, BL_IFACE_VETH);

	if (b->err)
		return BL_PLAN_NONE;
	b->plan->ifaces[a].peer = z;
	b->plan->ifaces[z].peer = a;
	return a;
}

static size_t count_ports(const struct bl_plan *p, size_t bridge)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_ifaces; i++)
		n += p->ifaces[i].node == bridge && p->ifaces[i].kind == BL_IFACE_VETH;
	return n;
}

size_t bl_pb_attach(struct bl_plan_builder *b, size_t node,
		    const char *ifname, size_t bridge)
{
	char port[IFNAMSIZ];
	size_t end;

	if (b->err)
		return BL_PLAN_NONE;
	snprintf(port, sizeof(port), "p%zu", count_ports(b->plan, bridge));
	end = bl_pb_p2p(b, node, ifname, bridge, port);
	if (end != BL_PLAN_NONE)
		b->plan->ifaces[b->plan->ifaces[end].peer].master =
			bl_plan_find_iface(b->plan, bridge, "br0");
	return end;
}

static bool has_route(const struct bl_plan *p, size_t node, struct bl_prefix dst)
{
	for (size_t i = 0; i < p->n_routes; i++)
		if (p->routes[i].node == node && p->routes[i].dst.addr == dst.addr &&
		    p->routes[i].dst.len == dst.len)
			return true;
	return false;
}

void bl_pb_route(struct bl_plan_builder *b, size_t node, struct bl_prefix dst,
		 bl_addr via, size_t dev)
{
	struct bl_plan *p = b->plan;
	struct bl_plan_route *r;

	if (b->err || node == BL_PLAN_NONE || has_route(p, node, dst))
		return;
	r = push(b, (void **)&p->routes, &p->n_routes, &b->cap_routes, sizeof(*r));
	if (!r)
		return;
	r->node = node;
	r->dst = dst;
	r->dev = dev;
	if (via)
		r->via[r->n_via++] = via;
}

void bl_pb_bgp(struct bl_plan_builder *b, const struct bl_plan_bgp *s)
{
	struct bl_plan *p = b->plan;
	struct bl_plan_bgp *slot;

	if (s->node_a == BL_PLAN_NONE || s->node_b == BL_PLAN_NONE)
		return;
	slot = push(b, (void **)&p->bgp, &p->n_bgp, &b->cap_bgp, sizeof(*slot));
	if (slot)
		*slot = *s;
}

struct bl_plan_tunnel *bl_pb_tunnel(struct bl_plan_builder *b)
{
	struct bl_plan *p = b->plan;

	return push(b, (void **)&p->tunnels, &p->n_tunnels, &b->cap_tunnels,
		    sizeof(struct bl_plan_tunnel));
}

int bl_plan_new(const struct bl_topology *topo, struct bl_plan **out)
{
	struct bl_plan_builder b = { .topo = topo };

	b.plan = calloc(1, sizeof(*b.plan));
	if (!b.plan)
		return -ENOMEM;
	if (copy_name(&b, b.plan->lab, BL_LAB_NAME_MAX + 1, "lab", topo->name)) {
		bl_plan_build_vnet(&b);
		bl_plan_build_sites(&b);
		bl_plan_build_er(&b);
		bl_plan_build_tunnels(&b);
		bl_plan_build_bgp(&b);
	}
	if (b.err) {
		bl_plan_free(b.plan);
		return b.err;
	}
	*out = b.plan;
	return 0;
}

void bl_plan_free(struct bl_plan *plan)
{
	if (!plan)
		return;
	free(plan->nodes);
	free(plan->ifaces);
	free(plan->tunnels);
	free(plan->routes);
	free(plan->bgp);
	free(plan);
}

size_t bl_plan_find_node(const struct bl_plan *plan, const char *name)
{
	for (size_t i = 0; i < plan->n_nodes; i++)
		if (!strcmp(plan->nodes[i].name, name))
			return i;
	return BL_PLAN_NONE;
}

size_t bl_plan_find_iface(const struct bl_plan *plan, size_t node,
			  const char *ifname)
{
	for (size_t i = 0; i < plan->n_ifaces; i++)
		if (plan->ifaces[i].node == node && !strcmp(plan->ifaces[i].name, ifname))
			return i;
	return BL_PLAN_NONE;
}

const char *bl_node_kind_name(enum bl_node_kind kind)
{
	static const char *const names[] = {
		[BL_NODE_VM] = "vm",		[BL_NODE_HOST] = "host",
		[BL_NODE_VPNGW] = "vpngw",	[BL_NODE_ERGW] = "ergw",
		[BL_NODE_ROUTESERVER] = "routeserver",
		[BL_NODE_MSEE] = "msee",	[BL_NODE_CE] = "ce",
		[BL_NODE_RRAS] = "rras",	[BL_NODE_BRIDGE] = "bridge",
	};

	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const char *bl_bgp_kind_name(enum bl_bgp_kind kind)
{
	static const char *const names[] = {
		[BL_BGP_RRAS_VPNGW] = "ebgp rras-vpngw",
		[BL_BGP_VPNGW_IBGP] = "ibgp vpngw-vpngw",
		[BL_BGP_GW_RS] = "ibgp gateway-routeserver",
		[BL_BGP_VPNGW_ERGW] = "ibgp vpngw-ergw",
		[BL_BGP_ERGW_MSEE] = "ebgp ergw-msee",
		[BL_BGP_MSEE_CE] = "ebgp msee-ce",
	};

	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}
