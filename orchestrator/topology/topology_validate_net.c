// SPDX-License-Identifier: GPL-2.0-or-later
/* Prefixes and addresses: no overlap between address spaces, every subnet
 * inside its VNet, every address inside its subnet, no address twice. */
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "topology/topology_internal.h"

struct item {
	struct bl_prefix prefix; /* or an address as a /32 */
	char *key;
	size_t order;
};

struct items {
	struct item *v;
	size_t n, cap;
	bool oom;
};

static void add(struct items *l, struct bl_prefix p, const char *key)
{
	struct item *v = bl_grow(l->v, l->n, &l->cap, sizeof(*v), 64);

	if (!v) {
		l->oom = true;
		return;
	}
	l->v = v;
	l->v[l->n] = (struct item){ p, strdup(key), l->n };
	if (l->v[l->n].key)
		l->n++;
	else
		l->oom = true;
}

static void add_addr(struct items *l, bl_addr a, const char *key)
{
	add(l, (struct bl_prefix){ a, 32 }, key);
}

/* A check that ran out of memory must not pass for a clean one. */
static void items_done(struct items *l, struct bl_topo_diag *d)
{
	if (l->oom)
		bl_topo_error(d, "", "memory", "out of memory: address checks were not completed");
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].key);
	free(l->v);
}
static bool unset(struct bl_prefix p)
{
	return p.addr == 0 && p.len == 0;
}

static bl_addr last_of(struct bl_prefix p)
{
	return p.addr | (p.len ? ~(~(bl_addr)0 << (32 - p.len)) : ~(bl_addr)0);
}

static void overlaps(struct items *l, struct bl_topo_diag *d)
{
	char a[BL_PREFIX_STRLEN], b[BL_PREFIX_STRLEN];

	for (size_t i = 0; i < l->n; i++)
		for (size_t j = 0; j < i; j++)
			if (bl_prefix_overlaps(l->v[i].prefix, l->v[j].prefix)) {
				bl_topo_error(d, l->v[i].key, "overlap",
					      "%s overlaps %s of %s",
					      bl_prefix_str(l->v[i].prefix, a),
					      bl_prefix_str(l->v[j].prefix, b),
					      l->v[j].key);
				break;
			}
}

static void vnet_spaces(struct items *l, const struct bl_vnet *v,
			const char *vkey)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < v->n_address_space; i++)
		add(l, v->address_space[i],
		    bl_topo_key(k, "%s.address_space[%zu]", vkey, i));
}

/* Address spaces that must be disjoint: VNets, site LANs, peering links,
 * the transit pool. */
static void check_spaces(const struct bl_topology *t, struct bl_topo_diag *d)
{
	struct items l = { 0 };
	char k[BL_TOPO_KEY_MAX];

	add(&l, t->transit_pool, "transit_pool");
	vnet_spaces(&l, &t->hub, "hub");
	for (size_t s = 0; s < t->n_spokes; s++)
		vnet_spaces(&l, &t->spokes[s], bl_topo_key(k, "spokes[%zu]", s));
	for (size_t i = 0; i < t->n_vpn_sites; i++)
		add(&l, t->vpn_sites[i].lan, bl_topo_key(k, "vpn_sites[%zu].lan", i));
	for (size_t j = 0; j < t->n_er_circuits; j++) {
		const struct bl_er_circuit *c = &t->er_circuits[j];

		add(&l, c->lan, bl_topo_key(k, "er_circuits[%zu].lan", j));
		add(&l, c->primary.subnet,
		    bl_topo_key(k, "er_circuits[%zu].primary", j));
		add(&l, c->secondary.subnet,
		    bl_topo_key(k, "er_circuits[%zu].secondary", j));
	}
	overlaps(&l, d);
	items_done(&l, d);
}

static bool covered(const struct bl_vnet *v, struct bl_prefix p)
{
	for (size_t i = 0; i < v->n_address_space; i++)
		if (bl_prefix_covers(v->address_space[i], p))
			return true;
	return false;
}

static void check_vnet_subnets(const struct bl_vnet *v, const char *vkey,
			       const struct bl_topology *t,
			       struct bl_topo_diag *d)
{
	struct items l = { 0 };
	char k[BL_TOPO_KEY_MAX], a[BL_PREFIX_STRLEN];

	if (v == &t->hub) {
		if (!unset(t->gateway_subnet))
			add(&l, t->gateway_subnet, "hub.gateway_subnet");
		if (!unset(t->route_server_subnet))
			add(&l, t->route_server_subnet, "hub.route_server_subnet");
	}
	for (size_t s = 0; s < v->n_subnets; s++)
		add(&l, v->subnets[s].prefix,
		    bl_topo_key(k, "%s.subnets[%zu].prefix", vkey, s));
	for (size_t i = 0; i < l.n; i++)
		if (!covered(v, l.v[i].prefix))
			bl_topo_error(d, l.v[i].key, "subnet",
				      "%s is outside the VNet's address space",
				      bl_prefix_str(l.v[i].prefix, a));
	overlaps(&l, d);
	items_done(&l, d);
}

/* Azure keeps the first four addresses and the last of every subnet. */
static void in_azure_subnet(struct bl_topo_diag *d, const char *key, bl_addr a,
			    struct bl_prefix subnet, const char *what)
{
	char as[BL_ADDR_STRLEN], ps[BL_PREFIX_STRLEN];

	if (!bl_prefix_contains(subnet, a))
		bl_topo_error(d, key, "subnet", "%s is outside %s %s",
			      bl_addr_str(a, as), what, bl_prefix_str(subnet, ps));
	else if (a - subnet.addr < 4 || a == last_of(subnet))
		bl_topo_error(d, key, "subnet",
			      "%s is reserved by Azure (first four and last address of %s)",
			      bl_addr_str(a, as), bl_prefix_str(subnet, ps));
}

static void on_lan(struct bl_topo_diag *d, const char *key, bl_addr a,
		   struct bl_prefix lan)
{
	char as[BL_ADDR_STRLEN], ps[BL_PREFIX_STRLEN];

	if (!bl_prefix_contains(lan, a) || (lan.len < 31 &&
	    (a == lan.addr || a == last_of(lan))))
		bl_topo_error(d, key, "subnet", "%s is not a host address of %s",
			      bl_addr_str(a, as), bl_prefix_str(lan, ps));
}


static void vnet_addresses(struct items *l, const struct bl_vnet *v,
			   const char *vkey, struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t s = 0; s < v->n_subnets; s++)
		for (size_t i = 0; i < v->subnets[s].n_vms; i++) {
			bl_topo_key(k, "%s.subnets[%zu].vms[%zu].address", vkey, s, i);
			in_azure_subnet(d, k, v->subnets[s].vms[i].address,
					v->subnets[s].prefix, "its subnet");
			add_addr(l, v->subnets[s].vms[i].address, k);
		}
}

static void gateway_addresses(struct items *l, const struct bl_topology *t,
			      struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->vpn_gateway.n_instances; i++) {
		const struct bl_vpngw_instance *in = &t->vpn_gateway.instances[i];

		bl_topo_key(k, "vpn_gateway.instances[%zu].address", i);
		in_azure_subnet(d, k, in->private_address, t->gateway_subnet,
				"GatewaySubnet");
		add_addr(l, in->private_address, k);
		add_addr(l, in->public_address,
			 bl_topo_key(k, "vpn_gateway.instances[%zu].public", i));
	}
	for (size_t i = 0; t->er_gateway.present && i < t->er_gateway.n_instances; i++) {
		bl_topo_key(k, "er_gateway.addresses[%zu]", i);
		in_azure_subnet(d, k, t->er_gateway.addresses[i], t->gateway_subnet,
				"GatewaySubnet");
		add_addr(l, t->er_gateway.addresses[i], k);
	}
	for (size_t i = 0; t->route_server.present && i < 2; i++) {
		bl_topo_key(k, "route_server.addresses[%zu]", i);
		in_azure_subnet(d, k, t->route_server.addresses[i],
				t->route_server_subnet, "RouteServerSubnet");
		add_addr(l, t->route_server.addresses[i], k);
	}
}

static void lan_addresses(struct items *l, const char *key,
			  struct bl_prefix lan, bl_addr gateway,
			  const struct bl_host *hosts, size_t n,
			  struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	bl_topo_key(k, "%s.lan_gateway", key);
	on_lan(d, k, gateway, lan);
	add_addr(l, gateway, k);
	for (size_t i = 0; i < n; i++) {
		bl_topo_key(k, "%s.hosts[%zu].address", key, i);
		on_lan(d, k, hosts[i].address, lan);
		add_addr(l, hosts[i].address, k);
	}
}

static bool private_space(const struct bl_topology *t, bl_addr a)
{
	struct bl_prefix p = { a, 32 };

	if (bl_prefix_overlaps(t->transit_pool, p))
		return true;
	for (size_t i = 0; i < t->hub.n_address_space; i++)
		if (bl_prefix_contains(t->hub.address_space[i], a))
			return true;
	for (size_t s = 0; s < t->n_spokes; s++)
		if (covered(&t->spokes[s], p))
			return true;
	for (size_t i = 0; i < t->n_vpn_sites; i++)
		if (bl_prefix_contains(t->vpn_sites[i].lan, a))
			return true;
	for (size_t j = 0; j < t->n_er_circuits; j++)
		if (bl_prefix_contains(t->er_circuits[j].lan, a))
			return true;
	return false;
}

/* Space that is never a device's public (internet) address: an Azure
 * gateway's public IP and an RRAS box's outside interface are unicast
 * and globally routed. The documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24) stay allowed: the defaults use them. */
static const struct {
	struct bl_prefix space;
	const char *what;
} not_public[] = {
	{ { 0x00000000, 8 }, "\"this network\" (0.0.0.0/8)" },
	{ { 0x0a000000, 8 }, "private space (10.0.0.0/8)" },
	{ { 0x64400000, 10 }, "shared carrier-grade NAT space (100.64.0.0/10)" },
	{ { 0x7f000000, 8 }, "loopback space (127.0.0.0/8)" },
	{ { 0xa9fe0000, 16 }, "link-local space (169.254.0.0/16)" },
	{ { 0xac100000, 12 }, "private space (172.16.0.0/12)" },
	{ { 0xc0a80000, 16 }, "private space (192.168.0.0/16)" },
	{ { 0xe0000000, 4 }, "multicast space (224.0.0.0/4)" },
	{ { 0xffffffff, 32 }, "the broadcast address" },
	{ { 0xf0000000, 4 }, "reserved space (240.0.0.0/4)" },
};

static const char *not_public_space(bl_addr a)
{
	for (size_t i = 0; i < sizeof(not_public) / sizeof(not_public[0]); i++)
		if (bl_prefix_contains(not_public[i].space, a))
			return not_public[i].what;
	return NULL;
}

static void check_public(const struct bl_topology *t, struct bl_topo_diag *d,
			 const char *key, bl_addr a)
{
	char as[BL_ADDR_STRLEN], ps[BL_PREFIX_STRLEN];
	const char *space = not_public_space(a);

	if (space)
		bl_topo_error(d, key, "public",
			      "%s is in %s: a public address is unicast and globally routed",
			      bl_addr_str(a, as), space);
	else if (!bl_prefix_contains(t->internet, a))
		bl_topo_error(d, key, "public", "%s is outside internet %s",
			      bl_addr_str(a, as), bl_prefix_str(t->internet, ps));
	else if (private_space(t, a))
		bl_topo_error(d, key, "public",
			      "%s is inside a VNet, a site LAN or the transit pool",
			      bl_addr_str(a, as));
}

static void site_addresses(struct items *l, const struct bl_topology *t,
			   struct bl_topo_diag *d)
{
	char key[BL_TOPO_KEY_MAX], k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->vpn_gateway.n_instances; i++)
		check_public(t, d, bl_topo_key(k, "vpn_gateway.instances[%zu].public", i),
			     t->vpn_gateway.instances[i].public_address);
	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		bl_topo_key(key, "vpn_sites[%zu]", i);
		check_public(t, d, bl_topo_key(k, "%s.public", key), s->public_address);
		add_addr(l, s->public_address, k);
		/* RRAS holds it on its loopback: a host with it too would
		 * take the BGP host routes of R2/R3. */
		if (s->bgp_address != s->public_address) /* R2 says that one */
			add_addr(l, s->bgp_address, bl_topo_key(k, "%s.bgp_address", key));
		lan_addresses(l, key, s->lan, s->lan_gateway, s->hosts, s->n_hosts, d);
	}
	for (size_t j = 0; j < t->n_er_circuits; j++) {
		const struct bl_er_circuit *c = &t->er_circuits[j];

		bl_topo_key(key, "er_circuits[%zu]", j);
		if (c->primary.subnet.len != 30)
			bl_topo_error(d, bl_topo_key(k, "%s.primary", key), "prefix",
				      "a peering link is a /30");
		if (c->secondary.subnet.len != 30)
			bl_topo_error(d, bl_topo_key(k, "%s.secondary", key), "prefix",
				      "a peering link is a /30");
		lan_addresses(l, key, c->lan, c->lan_gateway, c->hosts, c->n_hosts, d);
	}
}

static int by_address(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->prefix.addr != y->prefix.addr)
		return x->prefix.addr < y->prefix.addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorting keeps this O(n log n) at the size limits; order breaks ties so
 * the first use in the file is the one the message points back to. */
static void duplicates(struct items *l, struct bl_topo_diag *d)
{
	char as[BL_ADDR_STRLEN];

	if (l->n < 2)
		return; /* and l->v may be NULL, which qsort must not see */
	qsort(l->v, l->n, sizeof(*l->v), by_address);
	for (size_t i = 1, first = 0; i < l->n; i++) {
		if (l->v[i].prefix.addr != l->v[first].prefix.addr) {
			first = i;
			continue;
		}
		bl_topo_error(d, l->v[i].key, "unique", "%s is already used by %s",
			      bl_addr_str(l->v[i].prefix.addr, as), l->v[first].key);
	}
}

void bl_topo_validate_addresses(const struct bl_topology *t,
				struct bl_topo_diag *d)
{
	struct items l = { 0 };
	char k[BL_TOPO_KEY_MAX];

	check_spaces(t, d);
	check_vnet_subnets(&t->hub, "hub", t, d);
	for (size_t s = 0; s < t->n_spokes; s++)
		check_vnet_subnets(&t->spokes[s], bl_topo_key(k, "spokes[%zu]", s), t, d);
	vnet_addresses(&l, &t->hub, "hub", d);
	for (size_t s = 0; s < t->n_spokes; s++)
		vnet_addresses(&l, &t->spokes[s], bl_topo_key(k, "spokes[%zu]", s), d);
	gateway_addresses(&l, t, d);
	site_addresses(&l, t, d);
	duplicates(&l, d);
	items_done(&l, d);
}
