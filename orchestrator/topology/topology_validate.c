// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The rules a resolved topology must satisfy. Each problem is reported at
 * the key that causes it, tagged with the rule: R1/R2/R13 from
 * docs/routing-model.md, or name, overlap, subnet, unique, tunnel,
 * public, expect. Every check runs, so every problem is listed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "topology/topology_internal.h"
#include "topology/topology_names.h"

#define AZURE_ASN 65515

/* R1: ASNs Azure keeps for itself or that BGP reserves. */
static bool asn_reserved(uint32_t asn)
{
	return asn == 0 || asn == 8074 || asn == 8075 || asn == 12076 ||
	       asn == 23456 || asn == 65515 || (asn >= 65517 && asn <= 65520) ||
	       (asn >= 64496 && asn <= 64511) || (asn >= 65535 && asn <= 65551) ||
	       asn == UINT32_MAX;
}

static bool name_chars_ok(const char *name)
{
	if (!*name || name[0] == '-')
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static void check_lab_name(const struct bl_topology *t, struct bl_topo_diag *d)
{
	if (!name_chars_ok(t->name) || strlen(t->name) > BL_LAB_NAME_MAX)
		bl_topo_error(d, "name", "name",
			      "'%s' must be 1-%d characters of a-z, 0-9, '-' (it prefixes namespace names)",
			      t->name, BL_LAB_NAME_MAX);
}

/* Names seen so far (a hash set: a linear search per name made the check
 * quadratic, 10% of a 1000-site trace), and the key of each. */
struct seen_names {
	struct bl_topo_diag *d;
	struct bl_topo_names set;
	char **keys;
};

static void check_node_name(const char *name, const char *key, void *ctx)
{
	struct seen_names *s = ctx;
	size_t first;
	long at;

	if (!name_chars_ok(name) || strlen(name) > BL_NODE_NAME_MAX) {
		bl_topo_error(s->d, key, "name",
			      "node name '%s' must be 1-%d characters of a-z, 0-9, '-'",
			      name, BL_NODE_NAME_MAX);
		return;
	}
	/* Copies: generated names ("lan-<site>") live in a reused buffer. */
	at = bl_topo_names_add(&s->set, name, &first);
	if (at == -EEXIST)
		bl_topo_error(s->d, key, "unique", "node name '%s' is already used by %s",
			      name, s->keys[first] ? s->keys[first] : "an earlier node");
	else if (at >= 0)
		s->keys[at] = strdup(key);
}

static void check_node_names(const struct bl_topology *t,
			     struct bl_topo_diag *d)
{
	struct seen_names s = { .d = d };
	size_t cap = bl_topology_node_count(t);

	s.keys = calloc(cap + 1, sizeof(*s.keys));
	if (s.keys && bl_topo_names_init(&s.set, cap) == 0)
		bl_topo_for_each_node(t, check_node_name, &s);
	else
		bl_topo_error(d, "", "memory", "out of memory: node names were not checked");
	for (size_t i = 0; s.keys && i < s.set.n; i++)
		free(s.keys[i]);
	free(s.keys);
	bl_topo_names_free(&s.set);
}

static void check_asns(const struct bl_topology *t, struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		uint32_t asn = t->vpn_sites[i].asn;

		if (asn_reserved(asn))
			bl_topo_error(d, bl_topo_key(k, "vpn_sites[%zu].asn", i), "R1",
				      "ASN %u is reserved (by Azure or BGP)", asn);
		else if (t->vpn_gateway.present && asn == t->vpn_gateway.asn)
			bl_topo_error(d, bl_topo_key(k, "vpn_sites[%zu].asn", i), "R1",
				      "ASN %u is the VPN gateway's own", asn);
	}
	for (size_t j = 0; j < t->n_er_circuits; j++) {
		uint32_t asn = t->er_circuits[j].customer_asn;

		if (asn_reserved(asn))
			bl_topo_error(d, bl_topo_key(k, "er_circuits[%zu].customer_asn", j),
				      "R1", "ASN %u is reserved (by Azure or BGP)", asn);
	}
	if (t->vpn_gateway.present && t->vpn_gateway.asn != AZURE_ASN &&
	    asn_reserved(t->vpn_gateway.asn))
		bl_topo_error(d, "vpn_gateway.asn", "R1",
			      "ASN %u is reserved (by Azure or BGP)", t->vpn_gateway.asn);
	if (t->er_gateway.present && t->er_gateway.asn != AZURE_ASN)
		bl_topo_error(d, "er_gateway.asn", "R1",
			      "an ExpressRoute gateway always uses ASN 65515, not %u",
			      t->er_gateway.asn);
	if (t->route_server.present && t->route_server.asn != AZURE_ASN)
		bl_topo_error(d, "route_server.asn", "R1",
			      "Route Server always uses ASN 65515, not %u",
			      t->route_server.asn);
}

/* The ASN of on-prem edge number k: VPN sites first, then circuits. */
static uint32_t edge_asn(const struct bl_topology *t, size_t k, char *key)
{
	if (k < t->n_vpn_sites) {
		bl_topo_key(key, "vpn_sites[%zu].asn", k);
		return t->vpn_sites[k].asn;
	}
	k -= t->n_vpn_sites;
	bl_topo_key(key, "er_circuits[%zu].customer_asn", k);
	return t->er_circuits[k].customer_asn;
}

/* Two on-prem edges on one ASN is allowed (some networks do it), but
 * plain eBGP loop prevention then drops every route between them: say
 * so at the second, naming the first. Defaults never do this. */
static void check_shared_asns(const struct bl_topology *t, struct bl_topo_diag *d)
{
	size_t n = t->n_vpn_sites + t->n_er_circuits;
	char k[BL_TOPO_KEY_MAX], first[BL_TOPO_KEY_MAX];

	for (size_t b = 1; b < n; b++) {
		uint32_t asn = edge_asn(t, b, k);

		for (size_t a = 0; a < b; a++) {
			if (edge_asn(t, a, first) != asn)
				continue;
			bl_topo_warn(d, k, "loop",
				     "ASN %u is also %s's: each refuses the other's routes (its own AS is in their AS path), so these two sites cannot reach each other through Azure",
				     asn, first);
			break;
		}
	}
}

static bool in_vnets(const struct bl_topology *t, bl_addr a)
{
	for (size_t i = 0; i < t->hub.n_address_space; i++)
		if (bl_prefix_contains(t->hub.address_space[i], a))
			return true;
	for (size_t s = 0; s < t->n_spokes; s++)
		for (size_t i = 0; i < t->spokes[s].n_address_space; i++)
			if (bl_prefix_contains(t->spokes[s].address_space[i], a))
				return true;
	return false;
}

static void check_r2(const struct bl_topology *t, struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX], a[BL_ADDR_STRLEN];

	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		if (!s->bgp)
			continue;
		bl_topo_key(k, "vpn_sites[%zu].bgp_address", i);
		if (s->bgp_address == s->public_address)
			bl_topo_error(d, k, "R2",
				      "the BGP address %s must not be the device's public address",
				      bl_addr_str(s->bgp_address, a));
		else if (in_vnets(t, s->bgp_address))
			bl_topo_error(d, k, "R2",
				      "the BGP address %s must not be inside the VNet",
				      bl_addr_str(s->bgp_address, a));
	}
}

static void check_r13(const struct bl_topology *t, struct bl_topo_diag *d)
{
	const struct bl_vpn_gateway *g = &t->vpn_gateway;
	const char *why = NULL;

	if (!t->route_server.present || !t->route_server.branch_to_branch)
		return;
	if (!g->present)
		why = "there is no VPN gateway";
	else if (!g->active_active)
		why = "the VPN gateway is not active-active";
	else if (g->asn != AZURE_ASN)
		why = "the VPN gateway's ASN is not 65515";
	if (why)
		bl_topo_error(d, "route_server.branch_to_branch", "R13",
			      "branch-to-branch needs an active-active VPN gateway on ASN 65515, but %s",
			      why);
}

/* [I] At most BL_PREPEND_MAX extra copies of an ASN: one already loses a
 * tie, and the model holds AS paths of at most 24 ASNs, with room left
 * for the hops a path crosses and ExpressRoute maintenance's 12076s. */
static void check_prepend_and_weight(struct bl_topo_diag *d, const char *key,
				     unsigned prepend, uint32_t weight, uint32_t weight_max)
{
	char k[BL_TOPO_KEY_MAX];

	if (prepend > BL_PREPEND_MAX)
		bl_topo_error(d, bl_topo_key(k, "%s.prepend", key), "limit",
			      "prepend %u: at most %u", prepend, BL_PREPEND_MAX);
	if (weight > weight_max)
		bl_topo_error(d, bl_topo_key(k, "%s.weight", key), "limit",
			      "weight %u: at most %u", weight, weight_max);
}

static void check_circuits(const struct bl_topology *t, struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t j = 0; j < t->n_er_circuits; j++)
		check_prepend_and_weight(d, bl_topo_key(k, "er_circuits[%zu]", j),
					 t->er_circuits[j].prepend, t->er_circuits[j].weight,
					 BL_ER_WEIGHT_MAX);
}

static void check_tunnels(const struct bl_topology *t, struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		if (!s->n_tunnels)
			bl_topo_error(d, bl_topo_key(k, "vpn_sites[%zu].tunnels", i),
				      "tunnel", "a VPN site needs at least one tunnel");
		for (size_t n = 0; n < s->n_tunnels; n++) {
			unsigned inst = s->tunnels[n].instance;

			bl_topo_key(k, "vpn_sites[%zu].tunnels[%zu].instance", i, n);
			if (inst >= t->vpn_gateway.n_instances)
				bl_topo_error(d, k, "tunnel",
					      "instance %u does not exist: the VPN gateway has %zu (active_active: %s)",
					      inst, t->vpn_gateway.n_instances,
					      t->vpn_gateway.active_active ? "true" : "false");
			else if (n == 1 && s->tunnels[0].instance == inst)
				bl_topo_error(d, k, "unique",
					      "a second tunnel to instance %u", inst);
			check_prepend_and_weight(d, bl_topo_key(k, "vpn_sites[%zu].tunnels[%zu]", i, n),
						 s->tunnels[n].prepend, s->tunnels[n].weight,
						 BL_RRAS_WEIGHT_MAX);
		}
		if (!s->bgp && s->n_advertise)
			bl_topo_error(d, bl_topo_key(k, "vpn_sites[%zu].advertise", i),
				      "schema", "advertising needs bgp: true");
	}
}

void bl_topo_validate(const struct bl_topology *topo,
		      const struct raw_topology *raw, struct bl_topo_diag *diag)
{
	(void)raw;
	check_lab_name(topo, diag);
	check_node_names(topo, diag);
	check_asns(topo, diag);
	check_shared_asns(topo, diag);
	check_r2(topo, diag);
	check_r13(topo, diag);
	check_tunnels(topo, diag);
	check_circuits(topo, diag);
	bl_topo_validate_addresses(topo, diag);
	bl_topo_validate_expectations(topo, diag);
}
