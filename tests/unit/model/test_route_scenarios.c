// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The scenarios of docs/routing-model.md ("Scenarios every build
 * must get right" and the variants), one table each: the kernel route
 * every node gets (next hops, ECMP sets, blackholes), the AS path of the
 * route it uses, and the routes it must not have.
 */
#include "tests/unit/model_fixtures.h"

/* 1. VPN only, active-active, two tunnels. */
static const struct route_expect vpn_only[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },        /* R5, R18 */
	{ "vm1", "192.168.1.254/32", "10.0.255.4 10.0.255.5", "" },            /* R3 static, R5 */
	{ "vm1", "192.168.0.0/16", "blackhole", "" },                         /* R16 */
	{ "vm1", "10.0.0.0/8", "blackhole", "" },
	{ "vpngw-in0", "192.168.1.0/24", "100.64.0.2", "65010" },
	{ "vpngw-in1", "192.168.1.0/24", "100.64.0.6", "65010" },
	{ "vpngw-in0", "192.168.1.254/32", "100.64.0.2", "" },                /* R3 */
	{ "rras-a", "10.0.0.0/16", "100.64.0.1 100.64.0.5", "65515" },        /* R23, R22 */
	{ "rras-a", "10.0.255.4/32", "100.64.0.1", NULL },                    /* R2 */
	{ "rras-a", "10.0.255.5/32", "100.64.0.5", NULL },
	{ "rras-a", "192.168.1.254/32", NULL, NULL },                         /* R3/R6 */
};

static void scenario_vpn_only(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, vpn_only);
	assert_false(bl_model_has_node(m, "ergw-in0"));
	bl_model_free(m);
	mfx_free(f);
}

/* 2. ER + VPN, no Route Server. */
static const struct route_expect coexist[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },        /* R10, R18 */
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },              /* R18 */
	{ "vm1", "192.168.1.254/32", NULL, NULL },                            /* R12 */
	{ "ergw-in0", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },   /* R10, R23 */
	{ "ergw-in0", "172.16.0.0/16", "100.64.1.2", "12076 65020" },
	{ "ergw-in0", "192.168.1.254/32", NULL, NULL },                       /* R12 */
	{ "vpngw-in0", "172.16.0.0/16", NULL, NULL },                         /* R10 one-way */
	{ "vpngw-in1", "172.16.0.0/16", NULL, NULL },
	{ "msee-b", "172.16.0.0/16", "192.168.100.129 192.168.100.133", "65020" }, /* R8 */
	{ "msee-b", "10.0.0.0/16", "100.64.1.1", "65515" },
	{ "msee-b", "192.168.1.0/24", NULL, NULL },                           /* R11 */
	{ "ce-b", "10.0.0.0/16", "192.168.100.130 192.168.100.134", "12076 65515" },
	{ "ce-b", "192.168.1.0/24", NULL, NULL },                             /* R11 */
	{ "rras-a", "10.0.0.0/16", "100.64.0.1 100.64.0.5", "65515" },
	{ "rras-a", "172.16.0.0/16", NULL, NULL },                            /* R11 */
};

static void scenario_coexist(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m = mfx_compute(f);
	char *why;

	(void)state;
	EXPECT_ROUTES(m, coexist);
	/* A -> B fails and the model says why. */
	why = mfx_explain(m, "rras-a", "172.16.0.0/16");
	assert_non_null(strstr(why, "ergw-in0 -> vpngw-in0: 172.16.0.0/16"));
	assert_non_null(strstr(why, "(R10)"));
	free(why);
	why = mfx_explain(m, "ce-b", "192.168.1.0/24");
	assert_non_null(strstr(why, "ergw-in0 -> msee-b"));
	assert_non_null(strstr(why, "(R11)"));
	free(why);
	bl_model_free(m);
	mfx_free(f);
}

/* 3. ER + VPN + Route Server, branch-to-branch on. */
static const struct route_expect with_rs[] = {
	{ "rras-a", "172.16.0.0/16", "100.64.0.1 100.64.0.5", "65515 12076 65020" }, /* R23 */
	{ "vpngw-in0", "172.16.0.0/16", "10.0.255.6", "12076 65020" },         /* R13, R14 */
	{ "vpngw-in1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
	{ "ergw-in0", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },    /* R14 ECMP */
	{ "msee-b", "192.168.1.0/24", "100.64.1.1", "65515 65010" },
	{ "ce-b", "192.168.1.0/24", "192.168.100.130 192.168.100.134", "12076 65515 65010" },
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
	{ "routeserver", "192.168.1.0/24", NULL, NULL },  /* control plane only */
};

static void scenario_route_server(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, with_rs);
	assert_non_null(mfx_active_row(m, "routeserver", "192.168.1.0/24"));
	bl_model_free(m);
	mfx_free(f);
}

/* 3b. Route Server with branch-to-branch off: no exchange (R13). */
static const struct route_expect rs_no_b2b[] = {
	{ "rras-a", "172.16.0.0/16", NULL, NULL },
	{ "ce-b", "192.168.1.0/24", NULL, NULL },
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
};

static void scenario_route_server_no_b2b(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;
	char *why;

	(void)state;
	mfx_route_server(f, false, BL_PREFER_EXPRESSROUTE);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, rs_no_b2b);
	why = mfx_explain(m, "ergw-in0", "192.168.1.0/24");
	assert_non_null(strstr(why, "(R13)"));
	free(why);
	bl_model_free(m);
	mfx_free(f);
}

/* 4. Single tunnel (to instance 0) with Route Server: instance 1 forwards
 * to instance 0 (R19); the VM and B still hash over both instances. */
static const struct route_expect single_tunnel[] = {
	{ "vpngw-in0", "192.168.1.0/24", "100.64.0.2", "65010" },
	{ "vpngw-in1", "192.168.1.0/24", "10.0.255.4", "65010" },             /* R19 */
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },        /* R17 */
	{ "ergw-in0", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },
	{ "rras-a", "10.0.0.0/16", "100.64.0.1", "65515" },
	{ "rras-a", "10.0.255.5/32", NULL, NULL },
	{ "rras-a", "172.16.0.0/16", "100.64.0.1", "65515 12076 65020" },
};

static void scenario_single_tunnel(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
	mfx_single_tunnel(f);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, single_tunnel);
	bl_model_free(m);
	mfx_free(f);
}

/* Narrow advertisement: site A sends only its BGP address over eBGP. With
 * ER and no Route Server the VNet and site B lose site A (R12). */
static const struct route_expect narrow_coexist[] = {
	{ "vpngw-in0", "192.168.1.254/32", "100.64.0.2", "" },  /* the static wins */
	{ "ergw-in0", "192.168.1.254/32", NULL, NULL },        /* R12 */
	{ "ergw-in0", "192.168.1.0/24", NULL, NULL },
	{ "vm1", "192.168.1.0/24", NULL, NULL },
	{ "vm1", "192.168.1.254/32", NULL, NULL },             /* R10, R12 */
	{ "vm1", "192.168.0.0/16", "blackhole", NULL },         /* so it is dropped */
};

static void variant_narrow_advertisement(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;
	char *why;

	(void)state;
	mfx_advertise(f, 0, "192.168.1.254/32", NULL);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, narrow_coexist);
	why = mfx_explain(m, "vm1", "192.168.1.0/24");
	assert_non_null(strstr(why, "192.168.0.0/16"));
	assert_non_null(strstr(why, "advertises over eBGP: 192.168.1.254/32"));
	assert_non_null(strstr(why, "vpngw-in0 -> ergw-in0: 192.168.1.254/32"));
	assert_non_null(strstr(why, "(R12)"));
	free(why);
	bl_model_free(m);
	mfx_free(f);
}

/* The same mistake without ER: the VPN gateway programs its routes (R5),
 * so the VM has the host route but still not the LAN. */
static const struct route_expect narrow_vpn_only[] = {
	{ "vm1", "192.168.1.254/32", "10.0.255.4 10.0.255.5", "" },
	{ "vm1", "192.168.1.0/24", NULL, NULL },
};

static void variant_narrow_vpn_only(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	mfx_advertise(f, 0, "192.168.1.254/32", NULL);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, narrow_vpn_only);
	bl_model_free(m);
	mfx_free(f);
}

/* RRAS tunnel weights: on-prem -> Azure follows the heavier tunnel only;
 * Azure -> on-prem stays ECMP (R22, R17). */
static const struct route_expect weights[] = {
	{ "rras-a", "10.0.0.0/16", "100.64.0.1", "65515" },
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },
	{ "vpngw-in1", "192.168.1.0/24", "100.64.0.6", "65010" },
};

static void variant_weights(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	f->sites[0].tunnels[0].weight = 200;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, weights);
	bl_model_free(m);
	mfx_free(f);
}

/* AS-path prepending on tunnel 1: instance 1 prefers its sibling's
 * shorter path (R20), and offers its own longer one, which loses at the
 * ER gateway and in the VNet (R15, R22): Azure -> on-prem leaves by
 * instance 0 and tunnel 0 only. On-prem -> Azure stays ECMP. */
static const struct route_expect prepend[] = {
	{ "vpngw-in1", "192.168.1.0/24", "10.0.255.4", "65010" },
	{ "vpngw-in0", "192.168.1.0/24", "100.64.0.2", "65010" },
	{ "ergw-in0", "192.168.1.0/24", "10.0.255.4", "65010" },
	{ "vm1", "192.168.1.0/24", "10.0.255.4", "65010" },
	{ "rras-a", "10.0.0.0/16", "100.64.0.1 100.64.0.5", "65515" },
};

/* The same without ER: both instances program (R5), the shorter wins. */
static const struct route_expect prepend_vpn_only[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4", "65010" },
	{ "vpngw-in1", "192.168.1.0/24", "10.0.255.4", "65010" },
};

static void variant_prepend_vpn_only(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	f->sites[0].tunnels[1].prepend = 2;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, prepend_vpn_only);
	bl_model_free(m);
	mfx_free(f);
}

static void variant_prepend(void **state)
{
	struct mfx *f = mfx_new();
	const struct bl_route *rows;
	struct bl_model *m;
	size_t n, longer = 0;

	(void)state;
	f->sites[0].tunnels[1].prepend = 2;
	m = mfx_compute(f);
	EXPECT_ROUTES(m, prepend);
	/* The prepended eBGP path is still there, inactive, for the reason. */
	assert_int_equal(bl_model_table(m, "vpngw-in1", &rows, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (rows[i].source == BL_SRC_EBGP && rows[i].as_path->len == 3) {
			assert_false(rows[i].active);
			assert_non_null(strstr(rows[i].why, "longer AS path"));
			longer++;
		}
	assert_int_equal(longer, 1);
	bl_model_free(m);
	mfx_free(f);
}

/* Site A advertises a summary (172.16.0.0/12) overlapping site B's
 * 172.16.0.0/16: longest prefix decides (R15), the /12 None range is
 * replaced (R16), and without Route Server B never hears the /12 (R11). */
static const struct route_expect summary_overlap[] = {
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
	{ "vm1", "172.16.0.0/12", "10.0.255.4 10.0.255.5", "65010" },
	{ "ergw-in0", "172.16.0.0/12", "10.0.255.4 10.0.255.5", "65010" },
	{ "ergw-in0", "172.16.0.0/16", "100.64.1.2", "12076 65020" },
	{ "msee-b", "172.16.0.0/12", NULL, NULL },
	{ "rras-a", "172.16.0.0/16", NULL, NULL },
};

static void variant_summary_overlap(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_advertise(f, 0, "192.168.1.0/24", "172.16.0.0/12", NULL);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, summary_overlap);
	bl_model_free(m);
	mfx_free(f);
}

/* A summary over another VPN site: 192.168.0.0/16 from A, 192.168.2.0/24
 * from C. Each site hears the other's prefix through the hub (R6). */
static const struct route_expect summary_sites[] = {
	{ "vm1", "192.168.0.0/16", "10.0.255.4 10.0.255.5", "65010" },
	{ "vm1", "192.168.2.0/24", "10.0.255.4 10.0.255.5", "65030" },
	{ "rras-a", "192.168.2.0/24", "100.64.0.1 100.64.0.5", "65515 65030" },
	{ "rras-c", "192.168.0.0/16", "100.64.0.9 100.64.0.13", "65515 65010" },
	{ "vpngw-in0", "192.168.2.0/24", "100.64.0.10", "65030" },
};

static void variant_summary_two_sites(void **state)
{
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	mfx_vpn_only(f);
	mfx_site(f, 1, "c");
	mfx_advertise(f, 0, "192.168.0.0/16", NULL);
	m = mfx_compute(f);
	EXPECT_ROUTES(m, summary_sites);
	bl_model_free(m);
	mfx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scenario_vpn_only),
		cmocka_unit_test(scenario_coexist),
		cmocka_unit_test(scenario_route_server),
		cmocka_unit_test(scenario_route_server_no_b2b),
		cmocka_unit_test(scenario_single_tunnel),
		cmocka_unit_test(variant_narrow_advertisement),
		cmocka_unit_test(variant_narrow_vpn_only),
		cmocka_unit_test(variant_weights),
		cmocka_unit_test(variant_prepend),
		cmocka_unit_test(variant_prepend_vpn_only),
		cmocka_unit_test(variant_summary_overlap),
		cmocka_unit_test(variant_summary_two_sites),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
