// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Each rule of docs/routing-model.md in isolation: the smallest
 * tweak of the reference plan that makes the rule act, and a table of
 * what must (and must not) follow.
 */
#include <errno.h>
#include <unistd.h>

#include "model/route_internal.h"
#include "tests/unit/model_fixtures.h"

static bool has_note(const struct bl_model *m, const char *rule, const char *node,
		     const char *prefix)
{
	const struct bl_model_note *notes;
	struct bl_prefix p = mfx_prefix(prefix);
	size_t n;

	bl_model_notes(m, &notes, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(notes[i].rule, rule) && !strcmp(notes[i].node, node) &&
		    notes[i].prefix.addr == p.addr && notes[i].prefix.len == p.len)
			return true;
	return false;
}

/* R2 (on-prem host routes to each Azure BGP address through its tunnel)
 * and R3 (the gateway's static host route to the on-prem peer, and the
 * local network gateway prefixes, static; never advertised on-prem). */
static const struct route_expect r2_r3[] = {
	{ "rras-a", "10.0.255.4/32", "100.64.0.1", "" },
	{ "rras-a", "10.0.255.5/32", "100.64.0.5", "" },
	{ "vpngw-in0", "192.168.1.254/32", "100.64.0.2", "" },
	{ "vpngw-in1", "192.168.1.254/32", "100.64.0.6", "" },
	{ "vpngw-in0", "192.168.50.0/24", "100.64.0.2", "" },
	{ "vm1", "192.168.50.0/24", "10.0.255.4 10.0.255.5", "" },   /* R5 */
	{ "rras-a", "192.168.50.0/24", NULL, NULL },                 /* R6 */
};

static void rule_r2_r3_statics(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *row;
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	f->site_static[0][0] = mfx_prefix("192.168.50.0/24");
	f->sites[0].n_static_prefixes = 1;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, r2_r3);
	row = mfx_active_row(m, "vpngw-in0", "192.168.1.254/32");
	assert_int_equal(row->source, BL_SRC_STATIC);
	assert_true(row->peer_host_route);
	assert_true(has_note(m, "R6", "vpngw-in0", "192.168.50.0/24"));
	bl_model_free(m);
	mfx_free(f);
}

/* R12: with ER, the local-network-gateway static prefix does not reach
 * the ER gateway either, so the VNet does not get it. */
static const struct route_expect r12_static[] = {
	{ "vpngw-in0", "192.168.50.0/24", "100.64.0.2", "" },
	{ "ergw-in0", "192.168.50.0/24", NULL, NULL },
	{ "vm1", "192.168.50.0/24", NULL, NULL },
};

static void rule_r12_static_not_passed(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	f->site_static[0][0] = mfx_prefix("192.168.50.0/24");
	f->sites[0].n_static_prefixes = 1;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, r12_static);
	assert_true(has_note(m, "R12", "vpngw-in0", "192.168.50.0/24"));
	assert_true(has_note(m, "R12", "vpngw-in0", "192.168.1.254/32"));
	bl_model_free(m);
	mfx_free(f);
}

/* R5: one entry per prefix on the VM, type VirtualNetworkGateway. */
static void rule_r5_one_entry_per_prefix(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *rows;
	struct bl_model *m;
	size_t n, entries = 0;

	(void)state;
	mfx_vpn_only(f);
	m = mfx_compute(f);
	assert_int_equal(bl_model_table(m, "vm1", &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].prefix.addr != mfx_addr("192.168.1.0"))
			continue;
		assert_int_equal(rows[i].source, BL_SRC_GATEWAY);
		assert_int_equal(rows[i].nh_type, BL_NH_VNET_GATEWAY);
		entries++;
	}
	assert_int_equal(entries, 1);
	bl_model_free(m);
	mfx_free(f);
}

/* R6: to on-prem, the VNet and transit spokes and routes of other
 * sessions, never 0.0.0.0/0 nor a prefix overlapping the VNet. R16: the
 * VM's VNet route beats the more specific learned one; a learned 0/0
 * replaces the Internet route. */
static const struct route_expect r6[] = {
	{ "rras-a", "10.1.0.0/16", "100.64.0.1 100.64.0.5", "65515" },     /* spoke */
	{ "rras-a", "192.168.2.0/24", "100.64.0.1 100.64.0.5", "65515 65030" },
	{ "rras-a", "0.0.0.0/0", NULL, NULL },
	{ "rras-a", "10.0.1.0/24", NULL, NULL },
	{ "vpngw-in0", "10.0.1.0/24", "100.64.0.10", "65030" },
	{ "vm1", "10.0.1.0/24", NULL, NULL },                                 /* R16 */
	{ "vm1", "0.0.0.0/0", "10.0.255.4 10.0.255.5", "65030" },             /* R16 */
	{ "spoke-vm", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },  /* transit */
};

static void rule_r6_r16_advertise_to_onprem(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *rows;
	struct bl_model *m;
	size_t n;

	(void)state;
	mfx_vpn_only(f);
	mfx_spoke(f, true);
	mfx_site(f, 1, "c");
	mfx_advertise(f, 1, "192.168.2.0/24", "0.0.0.0/0", "10.0.1.0/24", NULL);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, r6);
	assert_true(has_note(m, "R6", "vpngw-in0", "0.0.0.0/0"));
	assert_true(has_note(m, "R6", "vpngw-in0", "10.0.1.0/24"));
	assert_int_equal(bl_model_table(m, "vm1", &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].prefix.len == 24 && rows[i].prefix.addr == mfx_addr("10.0.1.0"))
			assert_non_null(strstr(rows[i].why, "R16"));
		if (rows[i].nh_type == BL_NH_INTERNET)
			assert_false(rows[i].active);
	}
	bl_model_free(m);
	mfx_free(f);
}

/* R6: a spoke without gateway transit is neither advertised nor given
 * the gateways' routes. */
static const struct route_expect r6_no_transit[] = {
	{ "rras-a", "10.1.0.0/16", NULL, NULL },
	{ "spoke-vm", "192.168.1.0/24", NULL, NULL },
	{ "spoke-vm", "192.168.0.0/16", "blackhole", NULL },
};

static void rule_r6_spoke_without_transit(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_spoke(f, false);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, r6_no_transit);
	bl_model_free(m);
	mfx_free(f);
}

/* R7: a learned prefix equal to a VNet prefix is refused. */
static void rule_r7_equal_to_vnet(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *row;
	struct bl_model *m;

	(void)state;
	mfx_advertise(f, 0, "192.168.1.0/24", "10.0.0.0/16", NULL);
	m = mfx_compute(f);
	row = mfx_active_row(m, "vpngw-in0", "10.0.0.0/16");
	assert_int_equal(row->source, BL_SRC_CONNECTED);
	assert_true(has_note(m, "R7", "vpngw-in0", "10.0.0.0/16"));
	assert_true(has_note(m, "R7", "vpngw-in1", "10.0.0.0/16"));
	bl_model_free(m);
	mfx_free(f);
}

/* Two sites on one ASN (allowed, with a `loop` warning at load): the
 * gateways do not send one site's LAN to the other, the model notes why,
 * and neither site has a route to the other's LAN. */
static void shared_asn_loop_prevention(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_site(f, 1, "c");
	f->sites[1].asn = f->sites[0].asn;
	m = mfx_compute(f);
	assert_true(has_note(m, "loop", "vpngw-in0", "192.168.1.0/24"));
	assert_true(has_note(m, "loop", "vpngw-in1", "192.168.2.0/24"));
	assert_null(mfx_kroute(m, "rras-c", "192.168.1.0/24"));
	assert_null(mfx_kroute(m, "rras-a", "192.168.2.0/24"));
	assert_non_null(mfx_kroute(m, "rras-a", "10.0.0.0/16"));
	bl_model_free(m);
	mfx_free(f);
}

/* R10: without Route Server the VNet's VPN-site routes come from the ER
 * gateway, and the VPN gateway notes that it does not program them. */
static void rule_r10_ergw_programs(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *row;
	struct bl_model *m;

	(void)state;
	m = mfx_compute(f);
	row = mfx_active_row(m, "vm1", "192.168.1.0/24");
	assert_string_equal(row->learned_from, "ergw-in0");
	assert_true(has_note(m, "R10", "vpngw-in0", "192.168.1.0/24"));
	bl_model_free(m);
	mfx_free(f);
}

/* R14: the Route Server reflects without changing the next hop. */
static void rule_r14_next_hop_kept(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *rows;
	struct bl_model *m;
	size_t n, from_rs = 0;

	(void)state;
	mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
	m = mfx_compute(f);
	assert_int_equal(bl_model_table(m, "ergw-in0", &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].learned_from, "routeserver") ||
		    rows[i].prefix.addr != mfx_addr("192.168.1.0"))
			continue;
		assert_int_equal(rows[i].source, BL_SRC_IBGP);
		assert_true(rows[i].hops->hop[0].next == mfx_addr("10.0.255.4") ||
			    rows[i].hops->hop[0].next == mfx_addr("10.0.255.5"));
		from_rs++;
	}
	assert_int_equal(from_rs, 2);
	bl_model_free(m);
	mfx_free(f);
}

/* R15: site A also advertises site B's exact prefix. */
struct r15_case {
	bool route_server;
	enum bl_rs_preference pref;
	unsigned prepend;     /* on both of site A's tunnels */
	const char *vm_via;
	const char *ergw_via;
};

static const struct r15_case r15[] = {
	{ false, BL_PREFER_EXPRESSROUTE, 0, "10.0.255.6", "100.64.1.2" },
	{ true, BL_PREFER_EXPRESSROUTE, 0, "10.0.255.6", "100.64.1.2" },
	{ true, BL_PREFER_VPN, 0, "10.0.255.4 10.0.255.5", "10.0.255.4 10.0.255.5" },
	{ true, BL_PREFER_ASPATH, 0, "10.0.255.4 10.0.255.5", "10.0.255.4 10.0.255.5" },
	/* equal AS-path length: ECMP over both gateways in the VNet; the ER
	 * gateway itself then prefers its eBGP path (R20) */
	{ true, BL_PREFER_ASPATH, 1, "10.0.255.4 10.0.255.5 10.0.255.6", "100.64.1.2" },
	{ true, BL_PREFER_ASPATH, 2, "10.0.255.6", "100.64.1.2" },
};

static void rule_r15_er_vs_vpn(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(r15) / sizeof(r15[0]); i++) {
		const struct r15_case *c = &r15[i];
		struct mfx *f = mfx_new();
		struct route_expect e[] = {
			{ "vm1", "172.16.0.0/16", c->vm_via, NULL },
			{ "ergw-in0", "172.16.0.0/16", c->ergw_via, NULL },
		};
		struct bl_model *m;

		if (c->route_server)
			mfx_route_server(f, true, c->pref);
		f->sites[0].tunnels[0].prepend = c->prepend;
		f->sites[0].tunnels[1].prepend = c->prepend;
		mfx_advertise(f, 0, "192.168.1.0/24", "172.16.0.0/16", NULL);
		m = mfx_compute(f);
		EXPECT_ROUTES(m, e);
		bl_model_free(m);
		mfx_free(f);
	}
}

/* R16: a learned route covering a None range replaces it; one inside a
 * VNet range is overridden by the VNet. */
static const struct route_expect r16[] = {
	{ "vm1", "10.0.0.0/8", "10.0.255.4 10.0.255.5", "65010" },
	{ "vm1", "172.16.0.0/12", "blackhole", NULL },
	{ "vm1", "100.64.0.0/10", "blackhole", NULL },
};

static void rule_r16_none_ranges(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	mfx_advertise(f, 0, "192.168.1.0/24", "10.0.0.0/8", NULL);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, r16);
	bl_model_free(m);
	mfx_free(f);
}

/* R16: a VNet whose address space is a whole None range gets that range
 * as VnetLocal (the VM's connected route); no blackhole replaces it. */
static const struct route_expect r16_vnet_none[] = {
	{ "vm1", "10.0.0.0/8", NULL, NULL },
	{ "vm1", "172.16.0.0/12", "blackhole", NULL },
};

static void rule_r16_vnet_covers_none(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	f->hub_space[0] = mfx_prefix("10.0.0.0/8");
	m = mfx_compute(f);
	EXPECT_ROUTES(m, r16_vnet_none);
	bl_model_free(m);
	mfx_free(f);
}

/* R20: inside an instance, the sibling's iBGP copy loses to eBGP. */
static void rule_r20_ebgp_over_ibgp(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *rows;
	struct bl_model *m;
	size_t n, ibgp = 0;

	(void)state;
	mfx_vpn_only(f);
	m = mfx_compute(f);
	assert_int_equal(bl_model_table(m, "vpngw-in0", &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].source != BL_SRC_IBGP)
			continue;
		assert_false(rows[i].active);
		assert_non_null(strstr(rows[i].why, "R20"));
		ibgp++;
	}
	assert_int_equal(ibgp, 1);
	bl_model_free(m);
	mfx_free(f);
}

/* R21: two circuits to the same prefix: weight, then AS path, then ECMP. */
struct r21_case {
	uint32_t weight0, weight1;
	unsigned prepend1;
	const char *ergw_via;
};

static const struct r21_case r21[] = {
	{ 0, 0, 0, "100.64.1.2 100.64.1.6" },
	{ 0, 100, 0, "100.64.1.6" },
	{ 100, 0, 0, "100.64.1.2" },
	{ 0, 0, 1, "100.64.1.2" },
	{ 0, 100, 3, "100.64.1.6" },  /* weight before AS path */
};

static void rule_r21_er_weights(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(r21) / sizeof(r21[0]); i++) {
		const struct r21_case *c = &r21[i];
		struct mfx *f = mfx_new();
		struct route_expect e[] = {
			{ "ergw-in0", "172.16.0.0/16", c->ergw_via, NULL },
			{ "vm1", "172.16.0.0/16", "10.0.255.6", NULL },
		};
		struct bl_model *m;

		mfx_circuit(f, 1, "b2");
		f->circuits[0].weight = c->weight0;
		f->circuits[1].weight = c->weight1;
		f->circuits[1].prepend = c->prepend1;
		m = mfx_compute(f);
		EXPECT_ROUTES(m, e);
		bl_model_free(m);
		mfx_free(f);
	}
}

/* Two ER gateway instances: the VM spreads ER prefixes over both (R18);
 * instance 1 hands what goes to the MSEE to instance 0, which holds the
 * link. */
static const struct route_expect two_er_instances[] = {
	{ "vm1", "172.16.0.0/16", "10.0.255.6 10.0.255.7", "12076 65020" },
	{ "ergw-in0", "172.16.0.0/16", "100.64.1.2", "12076 65020" },
	{ "ergw-in1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
	{ "ergw-in1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },
};

static void model_two_er_instances(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	f->t.er_gateway.n_instances = 2;
	snprintf(f->t.er_gateway.names[1], sizeof(f->t.er_gateway.names[1]), "ergw-in1");
	f->t.er_gateway.addresses[1] = mfx_addr("10.0.255.7");
	m = mfx_compute(f);
	EXPECT_ROUTES(m, two_er_instances);
	bl_model_free(m);
	mfx_free(f);
}

/* Edge plans: ER only; a site without BGP (static routing both ways);
 * no gateway at all (system routes only). */
static const struct route_expect er_only[] = {
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
	{ "ce-b", "10.0.0.0/16", "192.168.100.130 192.168.100.134", "12076 65515" },
};

static const struct route_expect static_site[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "" },
	{ "vpngw-in0", "192.168.1.0/24", "100.64.0.2", "" },
	{ "rras-a", "10.0.0.0/16", "100.64.0.1 100.64.0.5", "" },
	{ "rras-a", "10.0.255.4/32", NULL, NULL },   /* no BGP peer to reach */
};

static const struct route_expect no_gateway[] = {
	{ "vm1", "192.168.0.0/16", "blackhole", NULL },
	{ "vm1", "10.0.0.0/16", NULL, NULL },        /* connected, not a route */
};

static void model_edge_plans(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	f->t.vpn_gateway.present = false;
	f->t.n_vpn_sites = 0;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, er_only);
	assert_false(bl_model_has_node(m, "rras-a"));
	bl_model_free(m);
	mfx_free(f);

	f = mfx_new();
	mfx_vpn_only(f);
	f->sites[0].bgp = false;
	f->site_static[0][0] = f->sites[0].lan;
	f->sites[0].n_static_prefixes = 1;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, static_site);
	bl_model_free(m);
	mfx_free(f);

	f = mfx_new();
	mfx_vpn_only(f);
	f->t.vpn_gateway.present = false;
	f->t.n_vpn_sites = 0;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, no_gateway);
	bl_model_free(m);
	mfx_free(f);
}

/* The tables of every node of the Route Server fixture, whole, as JSON
 * lines (prefix and length, source, state, next hops, kernel hops, AS
 * path, weights, reasons, kernel routes). */
static int print_all_tables(void)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;
	int r = 0;

	mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
	m = mfx_compute(f);
	for (size_t i = 0; r == 0 && i < m->n_nodes; i++)
		r = bl_model_print_table(m, m->nodes[i].name, true, stdout);
	printf("nodes %zu\n", m->n_nodes);
	bl_model_free(m);
	mfx_free(f);
	return r == 0 ? 0 : 1;
}

/* Run this test binary again to print every table; the output, whole. */
static char *tables_of_another_process(const char *malloc_perturb)
{
	char cmd[64], *out = NULL;
	size_t size = 0;
	FILE *p, *mem = open_memstream(&out, &size);
	int c;

	assert_non_null(mem);
	snprintf(cmd, sizeof(cmd), "MALLOC_PERTURB_=%s /proc/%d/exe --print-tables",
		 malloc_perturb, (int)getpid());
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((c = fgetc(p)) != EOF)
		fputc(c, mem);
	assert_int_equal(pclose(p), 0);
	fclose(mem);
	return out;
}

/* Determinism: two processes (each with its own address layout; one
 * filling fresh heap memory with a pattern, so a read of memory never
 * written shows) compute the same tables, byte for byte. */
static void model_is_deterministic(void **state)
{
	char *a = tables_of_another_process("0");
	char *b = tables_of_another_process("165");

	(void)state;
	/* Every node printed, with AS paths and kernel routes in it. */
	assert_non_null(strstr(a, "\"node\":\"rras-a\""));
	assert_non_null(strstr(a, "\"as_path\":[65515,12076,65020]"));
	assert_non_null(strstr(a, "\"kernel_routes\":[{"));
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* The model `up` and `verify` compute keeps no prefix notes (a million a
 * round at 1000 sites) but the same tables as the noting one. */
static void model_without_notes_same_tables(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *noting, *lean = NULL;
	const struct bl_model_note *notes;
	const char *nodes[] = { "vm1", "vpngw-in0", "ergw-in0", "ce-b", "rras-a" };
	size_t n_notes;

	(void)state;
	f->site_static[0][0] = mfx_prefix("192.168.50.0/24");
	f->sites[0].n_static_prefixes = 1;
	noting = mfx_compute(f);
	assert_int_equal(bl_model_compute(&f->t, &lean), 0);
	bl_model_notes(noting, &notes, &n_notes);
	assert_true(n_notes > 0);
	bl_model_notes(lean, &notes, &n_notes);
	assert_int_equal(n_notes, 0);
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		const struct bl_route *ra, *rb;
		size_t na, nb;

		assert_int_equal(bl_model_table(noting, nodes[i], &ra, &na), 0);
		assert_int_equal(bl_model_table(lean, nodes[i], &rb, &nb), 0);
		assert_int_equal(na, nb);
		for (size_t k = 0; k < na; k++) {
			assert_int_equal(ra[k].prefix.addr, rb[k].prefix.addr);
			assert_int_equal(ra[k].prefix.len, rb[k].prefix.len);
			assert_int_equal(ra[k].active, rb[k].active);
			assert_int_equal(ra[k].hops->n, rb[k].hops->n);
			assert_memory_equal(ra[k].hops->hop, rb[k].hops->hop,
					    ra[k].hops->n * sizeof(ra[k].hops->hop[0]));
		}
	}
	assert_int_equal(bl_model_explain(lean, "vm1", mfx_prefix("192.168.50.0/24"), stderr),
			 -EINVAL);
	bl_model_free(noting);
	bl_model_free(lean);
	mfx_free(f);
}

/* Nothing depends on the reference plan: renumber everything. */
static const struct route_expect renumbered[] = {
	{ "vm1", "10.20.0.0/16", "172.20.255.4 172.20.255.5", "64600" },
	{ "rras-a", "172.20.0.0/16", "100.64.0.1 100.64.0.5", "65515" },
	{ "ce-b", "172.20.0.0/16", "192.168.100.130 192.168.100.134", "12076 65515" },
};

static void model_renumbered(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	f->hub_space[0] = mfx_prefix("172.20.0.0/16");
	f->hub_vms[0].address = mfx_addr("172.20.1.4");
	f->hub_subnets[0].prefix = mfx_prefix("172.20.1.0/24");
	f->t.vpn_gateway.instances[0].private_address = mfx_addr("172.20.255.4");
	f->t.vpn_gateway.instances[1].private_address = mfx_addr("172.20.255.5");
	f->t.er_gateway.addresses[0] = mfx_addr("172.20.255.6");
	f->sites[0].asn = 64600;
	f->sites[0].lan = mfx_prefix("10.20.0.0/16");
	f->sites[0].bgp_address = mfx_addr("10.20.0.254");
	mfx_advertise(f, 0, "10.20.0.0/16", NULL);
	f->circuits[0].lan = mfx_prefix("172.31.0.0/16");
	f->circuit_adv[0][0] = f->circuits[0].lan;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, renumbered);
	bl_model_free(m);
	mfx_free(f);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--print-tables"))
		return print_all_tables();

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_r2_r3_statics),
		cmocka_unit_test(rule_r12_static_not_passed),
		cmocka_unit_test(rule_r5_one_entry_per_prefix),
		cmocka_unit_test(rule_r6_r16_advertise_to_onprem),
		cmocka_unit_test(rule_r6_spoke_without_transit),
		cmocka_unit_test(rule_r7_equal_to_vnet),
		cmocka_unit_test(shared_asn_loop_prevention),
		cmocka_unit_test(rule_r10_ergw_programs),
		cmocka_unit_test(rule_r14_next_hop_kept),
		cmocka_unit_test(rule_r15_er_vs_vpn),
		cmocka_unit_test(rule_r16_none_ranges),
		cmocka_unit_test(rule_r16_vnet_covers_none),
		cmocka_unit_test(rule_r20_ebgp_over_ibgp),
		cmocka_unit_test(rule_r21_er_weights),
		cmocka_unit_test(model_two_er_instances),
		cmocka_unit_test(model_edge_plans),
		cmocka_unit_test(model_is_deterministic),
		cmocka_unit_test(model_without_notes_same_tables),
		cmocka_unit_test(model_renumbered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
