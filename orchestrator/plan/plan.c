// SPDX-License-Identifier: GPL-2.0-or-later
/* The plan's storage, lookups and the "add one object" helpers. */
#include "plan/plan_builder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/hash.h"
#include "common/report.h"
#include "plan/plan_index.h"

struct bl_plan_lookup {
	struct bl_plan_index nodes;  /* by name */
	struct bl_plan_index ifaces; /* by node and name */
	struct bl_plan_index routes; /* by node and prefix: duplicates are ignored */
	size_t *ports;		     /* per node: a bridge's ports so far */
	size_t cap_ports;
};

struct iface_key {
	size_t node;
	const char *name;
};

static uint64_t node_hash(const char *name)
{
	return bl_hash64(BL_HASH_START, name, strlen(name));
}

static uint64_t iface_hash(size_t node, const char *name)
{
	return bl_hash64(bl_hash64(BL_HASH_START, &node, sizeof(node)), name, strlen(name));
}

static uint64_t route_hash(size_t node, struct bl_prefix dst)
{
	uint64_t h = bl_hash64(BL_HASH_START, &node, sizeof(node));

	h = bl_hash64(h, &dst.addr, sizeof(dst.addr));
	return bl_hash64(h, &dst.len, sizeof(dst.len));
}

static bool node_named(const void *arr, size_t i, const void *key)
{
	return !strcmp(((const struct bl_plan_node *)arr)[i].name, key);
}

static bool iface_named(const void *arr, size_t i, const void *key)
{
	const struct bl_plan_iface *f = &((const struct bl_plan_iface *)arr)[i];
	const struct iface_key *k = key;

	return f->node == k->node && !strcmp(f->name, k->name);
}

static bool route_to(const void *arr, size_t i, const void *key)
{
	const struct bl_plan_route *r = &((const struct bl_plan_route *)arr)[i];
	const struct bl_plan_route *k = key;

	return r->node == k->node && r->dst.addr == k->dst.addr && r->dst.len == k->dst.len;
}

/* Records the element just added under hash; the error sticks in b->err. */
static void index_add(struct bl_plan_builder *b, struct bl_plan_index *x, uint64_t hash,
		      size_t elem)
{
	if (!b->err && bl_plan_index_add(x, hash, elem) < 0)
		b->err = -ENOMEM;
}

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
	index_add(b, &p->lookup->nodes, node_hash(name), p->n_nodes - 1);
	return b->err ? BL_PLAN_NONE : p->n_nodes - 1;
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
	index_add(b, &p->lookup->ifaces, iface_hash(node, name), p->n_ifaces - 1);
	return b->err ? BL_PLAN_NONE : p->n_ifaces - 1;
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

/* The next port number of a bridge: "p<N>" names its ports in order. */
static size_t next_port(struct bl_plan_builder *b, size_t bridge)
{
	struct bl_plan_lookup *l = b->plan->lookup;

	if (bridge >= l->cap_ports) {
		size_t cap = b->plan->n_nodes * 2;
		size_t *grown = realloc(l->ports, cap * sizeof(*grown));

		if (!grown) {
			b->err = -ENOMEM;
			return 0;
		}
		memset(grown + l->cap_ports, 0, (cap - l->cap_ports) * sizeof(*grown));
		l->ports = grown;
		l->cap_ports = cap;
	}
	return l->ports[bridge]++;
}

size_t bl_pb_attach(struct bl_plan_builder *b, size_t node,
		    const char *ifname, size_t bridge)
{
	char port[IFNAMSIZ];
	size_t end;

	if (b->err)
		return BL_PLAN_NONE;
	snprintf(port, sizeof(port), "p%zu", next_port(b, bridge));
	end = bl_pb_p2p(b, node, ifname, bridge, port);
	if (end != BL_PLAN_NONE)
		b->plan->ifaces[b->plan->ifaces[end].peer].master =
			bl_plan_find_iface(b->plan, bridge, "br0");
	return end;
}

void bl_pb_route(struct bl_plan_builder *b, size_t node, struct bl_prefix dst,
		 bl_addr via, size_t dev)
{
	struct bl_plan *p = b->plan;
	struct bl_plan_route *r, key = { .node = node, .dst = dst };
	uint64_t hash = route_hash(node, dst);

	if (b->err || node == BL_PLAN_NONE ||
	    bl_plan_index_find(&p->lookup->routes, hash, p->routes, &key, route_to) != BL_PLAN_NONE)
		return;
	r = push(b, (void **)&p->routes, &p->n_routes, &b->cap_routes, sizeof(*r));
	if (!r)
		return;
	r->node = node;
	r->dst = dst;
	r->dev = dev;
	if (via)
		r->via[r->n_via++] = via;
	index_add(b, &p->lookup->routes, hash, p->n_routes - 1);
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
	if (b.plan)
		b.plan->lookup = calloc(1, sizeof(*b.plan->lookup));
	if (!b.plan || !b.plan->lookup) {
		bl_plan_free(b.plan);
		return -ENOMEM;
	}
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
	if (plan->lookup) {
		bl_plan_index_free(&plan->lookup->nodes);
		bl_plan_index_free(&plan->lookup->ifaces);
		bl_plan_index_free(&plan->lookup->routes);
		free(plan->lookup->ports);
		free(plan->lookup);
	}
	free(plan);
}

size_t bl_plan_find_node(const struct bl_plan *plan, const char *name)
{
	return bl_plan_index_find(&plan->lookup->nodes, node_hash(name), plan->nodes, name,
				  node_named);
}

size_t bl_plan_find_iface(const struct bl_plan *plan, size_t node, const char *ifname)
{
	struct iface_key key = { node, ifname };

	return bl_plan_index_find(&plan->lookup->ifaces, iface_hash(node, ifname), plan->ifaces,
				  &key, iface_named);
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
