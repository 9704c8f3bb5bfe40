// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Properties that hold for any valid topology, checked over generated ones
 * (a fixed seed, so a failure repeats; BL_PROPERTY_SEED=N tries another):
 *   - the model converges;
 *   - every unicast kernel route's next hop is on-link at its node (on
 *     one of its subnets, or under one of its on-link routes): the kernel
 *     refuses it otherwise ("Nexthop has invalid gateway");
 *   - no default ASN is reserved, and no two on-prem edges share one unless
 *     the file gave it.
 * The generator mixes what a design varies: VPN sites with one or two
 * tunnels, with and without BGP, ExpressRoute circuits, a Route Server with
 * and without branch-to-branch, spokes with gateway transit, and now and
 * then an explicit ASN equal to another site's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/route_model.h"
#include "plan/plan.h"
#include "topology/topology_internal.h"

#define ROUNDS 60

/* xorshift32: small, and the same sequence everywhere. */
static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static unsigned pick(uint32_t *s, unsigned n)
{
	return next_random(s) % n;
}

struct generated {
	char *yaml;
	unsigned given_asn_site; /* site given an explicit ASN, or UINT32_MAX */
};

static void write_sites(FILE *out, uint32_t *s, unsigned n_sites, struct generated *g)
{
	fputs("vpn_sites:\n", out);
	for (unsigned i = 0; i < n_sites; i++) {
		fprintf(out, "  - {name: s%u", i);
		if (!pick(s, 3))
			fputs(", tunnels: [{instance: 0}]", out);
		else if (!pick(s, 4))
			fputs(", tunnels: [{instance: 1}]", out);
		if (!pick(s, 5))
			fputs(", bgp: false", out);
		if (i > 0 && g->given_asn_site == UINT32_MAX && !pick(s, 6)) {
			fputs(", asn: 65010", out); /* the first site's default */
			g->given_asn_site = i;
		}
		fputs("}\n", out);
	}
}

static struct generated generate(uint32_t *s)
{
	struct generated g = { NULL, UINT32_MAX };
	size_t size = 0;
	FILE *out = open_memstream(&g.yaml, &size);
	unsigned n_sites = 1 + pick(s, 12), n_circuits = pick(s, 4);
	bool rs = n_circuits && pick(s, 2);

	assert_non_null(out);
	fputs("name: prop\n", out);
	if (pick(s, 3) == 0)
		fputs("spokes:\n  - name: sp1\n    address_space: [10.1.0.0/16]\n"
		      "    gateway_transit: true\n"
		      "    subnets: [{name: app, prefix: 10.1.1.0/24, vms: [{name: svm1}]}]\n",
		      out);
	write_sites(out, s, n_sites, &g);
	if (n_circuits) {
		fputs("er_gateway: {}\ner_circuits:\n", out);
		for (unsigned j = 0; j < n_circuits; j++)
			fprintf(out, "  - {name: c%u}\n", j);
	}
	if (rs)
		fprintf(out, "route_server: {branch_to_branch: %s}\n",
			pick(s, 2) ? "true" : "false");
	fclose(out);
	return g;
}

/* Whether a is on-link at node: inside one of its interface subnets, or
 * under one of the plan's on-link routes (no gateway). */
static bool on_link(const struct bl_plan *plan, size_t node, bl_addr a)
{
	for (size_t i = 0; i < plan->n_ifaces; i++) {
		const struct bl_plan_iface *ifc = &plan->ifaces[i];

		if (ifc->node != node)
			continue;
		for (size_t k = 0; k < ifc->n_addrs; k++) {
			struct bl_prefix p = { ifc->addrs[k].addr, ifc->addrs[k].len };

			if (p.len < 32)
				p.addr &= ~(UINT32_MAX >> p.len);
			if (bl_prefix_contains(p, a))
				return true;
		}
	}
	/* VNet peering: the peered VNets' prefixes are on-link routes. */
	for (size_t r = 0; r < plan->n_routes; r++) {
		const struct bl_plan_route *pr = &plan->routes[r];

		if (pr->node == node && !pr->n_via && !pr->blackhole &&
		    bl_prefix_contains(pr->dst, a))
			return true;
	}
	return false;
}

static void next_hops_on_link(const char *yaml, const struct bl_plan *plan,
			      const struct bl_model *m)
{
	char ps[BL_PREFIX_STRLEN], as[BL_ADDR_STRLEN];

	for (size_t n = 0; n < plan->n_nodes; n++) {
		const struct bl_kernel_route *k;
		size_t nk;

		if (!bl_model_has_node(m, plan->nodes[n].name))
			continue;
		assert_int_equal(bl_model_kernel_routes(m, plan->nodes[n].name, &k, &nk), 0);
		for (size_t i = 0; i < nk; i++)
			for (size_t h = 0; k[i].type == BL_KROUTE_UNICAST && h < k[i].n_next_hops; h++)
				if (!on_link(plan, n, k[i].next_hops[h]))
					fail_msg("%s: %s routes %s via %s, which is on none of its subnets\n%s",
						 plan->lab, plan->nodes[n].name,
						 bl_prefix_str(k[i].prefix, ps),
						 bl_addr_str(k[i].next_hops[h], as), yaml);
	}
}

static bool reserved(uint32_t asn)
{
	return asn == 0 || asn == 8074 || asn == 8075 || asn == 12076 || asn == 23456 ||
	       (asn >= 64496 && asn <= 64511) || (asn >= 65515 && asn <= 65520) ||
	       (asn >= 65535 && asn <= 65551) || asn == UINT32_MAX;
}

static void asns_unique(const struct bl_topology *t, const struct generated *g)
{
	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		if (reserved(t->vpn_sites[i].asn))
			fail_msg("site %zu got reserved ASN %u\n%s", i, t->vpn_sites[i].asn, g->yaml);
		for (size_t k = 0; k < i; k++)
			if (t->vpn_sites[k].asn == t->vpn_sites[i].asn && i != g->given_asn_site)
				fail_msg("sites %zu and %zu share ASN %u by default\n%s", k, i,
					 t->vpn_sites[i].asn, g->yaml);
		for (size_t j = 0; j < t->n_er_circuits; j++)
			if (t->er_circuits[j].customer_asn == t->vpn_sites[i].asn)
				fail_msg("site %zu and circuit %zu share ASN %u\n%s", i, j,
					 t->vpn_sites[i].asn, g->yaml);
	}
}

static void any_valid_topology(void **state)
{
	const char *seed_text = getenv("BL_PROPERTY_SEED");
	uint32_t seed = seed_text ? (uint32_t)strtoul(seed_text, NULL, 10) : 20261201u;
	unsigned loaded = 0;

	(void)state;
	if (!seed)
		seed = 1;
	for (unsigned round = 0; round < ROUNDS; round++) {
		struct generated g = generate(&seed);
		struct bl_topology *t = NULL;
		struct bl_model *m = NULL;
		struct bl_plan *plan = NULL;
		FILE *quiet = fopen("/dev/null", "w");

		assert_non_null(quiet);
		/* A generated file the loader refuses (a rule such as R13) is
		 * not a valid topology: skip it, but most must load. */
		if (bl_topology_parse("gen.yaml", g.yaml, strlen(g.yaml), quiet, &t) == 0) {
			loaded++;
			asns_unique(t, &g);
			if (bl_model_compute(t, &m) != 0)
				fail_msg("the model did not converge:\n%s", g.yaml);
			assert_int_equal(bl_plan_new(t, &plan), 0);
			next_hops_on_link(g.yaml, plan, m);
		}
		fclose(quiet);
		bl_plan_free(plan);
		bl_model_free(m);
		bl_topology_free(t);
		free(g.yaml);
	}
	printf("# %u of %d generated topologies valid; every property held\n", loaded, ROUNDS);
	assert_true(loaded >= ROUNDS / 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(any_valid_topology),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
