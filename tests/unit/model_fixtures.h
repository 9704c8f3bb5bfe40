/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Route-model test topologies built in C, so the rule tests do not depend
 * on the YAML loader. struct mfx holds the topology and every array it
 * points into; it points into itself, so never copy one: allocate it with
 * mfx_new() and release it with mfx_free(). Variants are small functions
 * that tweak the reference plan of docs/routing-model.md.
 *
 * Also the table-driven checks every route test uses: expect_routes()
 * walks a table of {node, prefix, next hops, AS path} rows.
 */
#ifndef BL_MODEL_FIXTURES_H
#define BL_MODEL_FIXTURES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/route_model.h"
#include "topology/topology.h"

#define MFX_IP(a, b, c, d) (((bl_addr)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define MFX_MAX_SITES 3
#define MFX_MAX_CIRCUITS 2
#define MFX_MAX_ADV 8

struct mfx {
	struct bl_topology t;
	struct bl_prefix hub_space[2];
	struct bl_host hub_vms[1];
	struct bl_subnet hub_subnets[1];
	struct bl_prefix spoke_space[1];
	struct bl_host spoke_vms[1];
	struct bl_subnet spoke_subnets[1];
	struct bl_vnet spokes[1];
	struct bl_vpn_site sites[MFX_MAX_SITES];
	struct bl_prefix site_adv[MFX_MAX_SITES][MFX_MAX_ADV];
	struct bl_prefix site_static[MFX_MAX_SITES][2];
	struct bl_er_circuit circuits[MFX_MAX_CIRCUITS];
	struct bl_prefix circuit_adv[MFX_MAX_CIRCUITS][MFX_MAX_ADV];
	struct bl_prefix *big_adv; /* generated advertisements (max-prefix) */
};

static inline struct bl_prefix mfx_prefix(const char *text)
{
	struct bl_prefix p = { 0, 0 };

	assert_int_equal(bl_prefix_parse(text, &p), 0);
	return p;
}

static inline bl_addr mfx_addr(const char *text)
{
	bl_addr a = 0;

	assert_int_equal(bl_addr_parse(text, &a), 0);
	return a;
}

/* Tunnel k of the lab: inner /30 number k of 100.64.0.0/24. */
static inline struct bl_tunnel mfx_tunnel(unsigned instance, unsigned k)
{
	bl_addr base = MFX_IP(100, 64, 0, 4 * k);

	return (struct bl_tunnel){
		.instance = instance, .weight = 100, .inner = { base, 30 },
		.gateway_inner = base + 1, .site_inner = base + 2,
		.if_id = 10 + k,
	};
}

/* VPN site number i: LAN 192.168.(i+1).0/24, ASN 65010 + 20 * i, RRAS
 * BGP address .254 of its LAN, a tunnel to each instance. */
static inline void mfx_site(struct mfx *f, size_t i, const char *name)
{
	struct bl_vpn_site *s = &f->sites[i];

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->router, sizeof(s->router), "rras-%s", name);
	s->asn = 65010 + 20 * (uint32_t)i;
	s->bgp = true;
	s->public_address = MFX_IP(203, 0, 113, 10 + i);
	s->lan = (struct bl_prefix){ MFX_IP(192, 168, 1 + i, 0), 24 };
	s->lan_gateway = MFX_IP(192, 168, 1 + i, 1);
	s->bgp_address = MFX_IP(192, 168, 1 + i, 254);
	f->site_adv[i][0] = s->lan;
	s->advertise = f->site_adv[i];
	s->n_advertise = 1;
	s->static_prefixes = f->site_static[i];
	s->n_tunnels = f->t.vpn_gateway.n_instances;
	for (unsigned k = 0; k < s->n_tunnels; k++)
		s->tunnels[k] = mfx_tunnel(k, 2 * (unsigned)i + k);
	if (f->t.n_vpn_sites <= i)
		f->t.n_vpn_sites = i + 1;
}

/* ER circuit number i to site B: LAN 172.16.0.0/16 (both circuits, for
 * R21), customer ASN 65020 + i, peering links from 192.168.100.128/26. */
static inline void mfx_circuit(struct mfx *f, size_t i, const char *name)
{
	struct bl_er_circuit *c = &f->circuits[i];
	bl_addr link = MFX_IP(192, 168, 100, 128 + 8 * i);
	bl_addr gw = MFX_IP(100, 64, 1, 4 * i);

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->msee, sizeof(c->msee), "msee-%s", name);
	snprintf(c->ce, sizeof(c->ce), "ce-%s", name);
	c->customer_asn = 65020 + (uint32_t)i;
	c->msee_asn = 12076;
	c->primary = (struct bl_er_link){ { link, 30 }, link + 1, link + 2 };
	c->secondary = (struct bl_er_link){ { link + 4, 30 }, link + 5, link + 6 };
	c->gateway_link = (struct bl_prefix){ gw, 30 };
	c->gateway_link_gateway = gw + 1;
	c->gateway_link_msee = gw + 2;
	c->lan = (struct bl_prefix){ MFX_IP(172, 16, 0, 0), 16 };
	c->lan_gateway = MFX_IP(172, 16, 0, 1);
	f->circuit_adv[i][0] = c->lan;
	c->advertise = f->circuit_adv[i];
	c->n_advertise = 1;
	if (f->t.n_er_circuits <= i)
		f->t.n_er_circuits = i + 1;
}

/* The reference plan: hub 10.0.0.0/16 with vm1, active-active VPN
 * gateway, ER gateway, no Route Server, site A over two tunnels, circuit
 * B. (Scenario 2 of the routing doc.) */
static inline struct mfx *mfx_new(void)
{
	struct mfx *f = calloc(1, sizeof(*f));
	struct bl_topology *t;

	assert_non_null(f);
	t = &f->t;
	snprintf(t->name, sizeof(t->name), "ref");
	t->transit_pool = (struct bl_prefix){ MFX_IP(100, 64, 0, 0), 16 };
	t->gateway_subnet = (struct bl_prefix){ MFX_IP(10, 0, 255, 0), 27 };
	t->route_server_subnet = (struct bl_prefix){ MFX_IP(10, 0, 254, 0), 27 };
	f->hub_space[0] = (struct bl_prefix){ MFX_IP(10, 0, 0, 0), 16 };
	f->hub_vms[0] = (struct bl_host){ "vm1", MFX_IP(10, 0, 1, 4), 0 };
	f->hub_subnets[0] = (struct bl_subnet){ "workload", { MFX_IP(10, 0, 1, 0), 24 },
						f->hub_vms, 1 };
	t->hub = (struct bl_vnet){ "hub", f->hub_space, 1, f->hub_subnets, 1, false };
	t->spokes = f->spokes;
	t->vpn_gateway = (struct bl_vpn_gateway){
		.present = true, .active_active = true, .asn = 65515, .n_instances = 2,
		.instances = { { "vpngw-in0", MFX_IP(10, 0, 255, 4), MFX_IP(20, 0, 0, 10) },
			       { "vpngw-in1", MFX_IP(10, 0, 255, 5), MFX_IP(20, 0, 0, 11) } },
	};
	t->er_gateway = (struct bl_er_gateway){
		.present = true, .asn = 65515, .names = { "ergw-in0" },
		.addresses = { MFX_IP(10, 0, 255, 6) }, .n_instances = 1,
	};
	t->route_server = (struct bl_route_server){
		.asn = 65515, .name = "routeserver",
		.addresses = { MFX_IP(10, 0, 254, 4), MFX_IP(10, 0, 254, 5) },
	};
	t->vpn_sites = f->sites;
	t->er_circuits = f->circuits;
	mfx_site(f, 0, "a");
	mfx_circuit(f, 0, "b");
	return f;
}

static inline void mfx_free(struct mfx *f)
{
	if (f)
		free(f->big_adv);
	free(f);
}

/* Scenario 1: no ER gateway, no circuit. */
static inline void mfx_vpn_only(struct mfx *f)
{
	f->t.er_gateway.present = false;
	f->t.n_er_circuits = 0;
}

/* Scenario 3 (b2b on) and its variants. */
static inline void mfx_route_server(struct mfx *f, bool b2b,
				    enum bl_rs_preference pref)
{
	f->t.route_server.present = true;
	f->t.route_server.branch_to_branch = b2b;
	f->t.route_server.preference = pref;
}

/* Scenario 4: RRAS has one tunnel, to instance 0. */
static inline void mfx_single_tunnel(struct mfx *f)
{
	f->sites[0].n_tunnels = 1;
}

/* Site i advertises exactly these prefixes (NULL-terminated). */
static inline void mfx_advertise(struct mfx *f, size_t i, const char *first, ...)
{
	va_list ap;
	size_t n = 0;

	va_start(ap, first);
	for (const char *p = first; p && n < MFX_MAX_ADV; p = va_arg(ap, const char *))
		f->site_adv[i][n++] = mfx_prefix(p);
	va_end(ap);
	f->sites[i].n_advertise = n;
}

/* Site i advertises `count` generated /32s from 198.18.0.0/15. */
static inline void mfx_advertise_many(struct mfx *f, size_t i, size_t count)
{
	f->big_adv = realloc(f->big_adv, count * sizeof(*f->big_adv));
	assert_non_null(f->big_adv);
	for (size_t k = 0; k < count; k++)
		f->big_adv[k] = (struct bl_prefix){ MFX_IP(198, 18, 0, 0) + (bl_addr)k, 32 };
	f->sites[i].advertise = f->big_adv;
	f->sites[i].n_advertise = count;
}

static inline void mfx_spoke(struct mfx *f, bool transit)
{
	f->spoke_space[0] = (struct bl_prefix){ MFX_IP(10, 1, 0, 0), 16 };
	f->spoke_vms[0] = (struct bl_host){ "spoke-vm", MFX_IP(10, 1, 1, 4), 0 };
	f->spoke_subnets[0] = (struct bl_subnet){ "default", { MFX_IP(10, 1, 1, 0), 24 },
						  f->spoke_vms, 1 };
	f->spokes[0] = (struct bl_vnet){ "spoke1", f->spoke_space, 1, f->spoke_subnets,
					 1, transit };
	f->t.n_spokes = 1;
}

/* ---- checks ---- */

struct route_expect {
	const char *node;
	const char *prefix;
	/* Kernel route: NULL = must be absent, "blackhole", or next hops
	 * separated by spaces, sorted. */
	const char *via;
	/* AS path of the active table row ("" = empty), NULL = not checked. */
	const char *as_path;
};

static inline struct bl_model *mfx_compute(struct mfx *f)
{
	struct bl_model *m = NULL;

	assert_int_equal(bl_model_compute_noting(&f->t, &m), 0);
	assert_non_null(m);
	return m;
}

static inline void mfx_kroute_text(const struct bl_kernel_route *k, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (k->type == BL_KROUTE_BLACKHOLE) {
		snprintf(buf, len, "blackhole");
		return;
	}
	for (size_t i = 0; i < k->n_next_hops && used < len; i++) {
		char a[BL_ADDR_STRLEN];

		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "",
					 bl_addr_str(k->next_hops[i], a));
	}
}

static inline const struct bl_kernel_route *mfx_kroute(const struct bl_model *m,
							const char *node, const char *prefix)
{
	const struct bl_kernel_route *k;
	struct bl_prefix p = mfx_prefix(prefix);
	size_t n;

	assert_int_equal(bl_model_kernel_routes(m, node, &k, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (k[i].prefix.addr == p.addr && k[i].prefix.len == p.len)
			return &k[i];
	return NULL;
}

static inline const struct bl_route *mfx_active_row(const struct bl_model *m,
						    const char *node, const char *prefix)
{
	const struct bl_route *rows;
	struct bl_prefix p = mfx_prefix(prefix);
	size_t n;

	assert_int_equal(bl_model_table(m, node, &rows, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (rows[i].active && rows[i].prefix.addr == p.addr &&
		    rows[i].prefix.len == p.len)
			return &rows[i];
	return NULL;
}

static inline void mfx_path_text(const struct bl_route *r, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->as_path->len && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%u", i ? " " : "",
					 r->as_path->asn[i]);
}

static inline void expect_route(const struct bl_model *m, const struct route_expect *e)
{
	const struct bl_kernel_route *k = mfx_kroute(m, e->node, e->prefix);
	char got[256];

	if (!e->via) {
		if (k) {
			mfx_kroute_text(k, got, sizeof(got));
			fail_msg("%s must have no route to %s, has %s", e->node, e->prefix, got);
		}
	} else {
		if (!k)
			fail_msg("%s has no route to %s (want %s)", e->node, e->prefix, e->via);
		mfx_kroute_text(k, got, sizeof(got));
		if (strcmp(got, e->via))
			fail_msg("%s %s: via '%s', want '%s'", e->node, e->prefix, got, e->via);
	}
	if (e->as_path) {
		const struct bl_route *r = mfx_active_row(m, e->node, e->prefix);

		if (!r)
			fail_msg("%s has no active row for %s", e->node, e->prefix);
		mfx_path_text(r, got, sizeof(got));
		if (strcmp(got, e->as_path))
			fail_msg("%s %s: AS path '%s', want '%s'", e->node, e->prefix, got,
				 e->as_path);
	}
}

#define EXPECT_ROUTES(m, table) \
	do { \
		for (size_t i_ = 0; i_ < sizeof(table) / sizeof((table)[0]); i_++) \
			expect_route((m), &(table)[i_]); \
	} while (0)

/* The text `routes --explain` prints, owned by the caller. */
static inline char *mfx_explain(const struct bl_model *m, const char *node,
				const char *prefix)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(bl_model_explain(m, node, mfx_prefix(prefix), out), 0);
	fclose(out);
	return text;
}

#endif
