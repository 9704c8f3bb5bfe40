// SPDX-License-Identifier: GPL-2.0-or-later
/* Defaults, deterministic allocation, the shipped topologies, and hostile
 * inputs (huge, deep, truncated, 10,000 sites). */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "topology/topology_internal.h"

static const char minimal[] =
	"name: coexist\n"
	"route_server: {branch_to_branch: true}\n"
	"vpn_sites: [{name: a}]\n"
	"er_circuits: [{name: b}]\n";

static bl_addr A(const char *text)
{
	bl_addr a = 0;

	assert_int_equal(bl_addr_parse(text, &a), 0);
	return a;
}

static struct bl_topology *load_ok(const char *yaml)
{
	struct bl_topology *t = NULL;

	assert_int_equal(bl_topology_parse("t.yaml", yaml, strlen(yaml), stderr, &t), 0);
	return t;
}

static int load_quiet(const char *buf, size_t len)
{
	struct bl_topology *t = NULL;
	int r = bl_topology_parse("t.yaml", buf, len, NULL, &t);

	bl_topology_free(t);
	return r;
}

struct addr_case {
	const char *what;
	bl_addr got;
	const char *want;
};

/* The reference plan of docs/routing-model.md, from four lines. */
static void reference_defaults(void **state)
{
	struct bl_topology *t = load_ok(minimal);
	const struct bl_vpn_site *a = &t->vpn_sites[0];
	const struct bl_er_circuit *b = &t->er_circuits[0];
	const struct addr_case cases[] = {
		{ "vm1", t->hub.subnets[0].vms[0].address, "10.0.1.4" },
		{ "vpngw-in0", t->vpn_gateway.instances[0].private_address, "10.0.255.4" },
		{ "vpngw-in1", t->vpn_gateway.instances[1].private_address, "10.0.255.5" },
		{ "vpngw-in0 public", t->vpn_gateway.instances[0].public_address, "20.0.0.10" },
		{ "vpngw-in1 public", t->vpn_gateway.instances[1].public_address, "20.0.0.11" },
		{ "ergw-in0", t->er_gateway.addresses[0], "10.0.255.6" },
		{ "routeserver 0", t->route_server.addresses[0], "10.0.254.4" },
		{ "routeserver 1", t->route_server.addresses[1], "10.0.254.5" },
		{ "rras public", a->public_address, "203.0.113.10" },
		{ "rras bgp", a->bgp_address, "192.168.1.254" },
		{ "rras lan", a->lan_gateway, "192.168.1.1" },
		{ "a1", a->hosts[0].address, "192.168.1.10" },
		{ "a1 gateway", a->hosts[0].gateway, "192.168.1.1" },
		{ "tunnel 0 gateway", a->tunnels[0].gateway_inner, "169.254.0.1" },
		{ "tunnel 0 rras", a->tunnels[0].site_inner, "169.254.0.2" },
		{ "tunnel 1 gateway", a->tunnels[1].gateway_inner, "169.254.0.5" },
		{ "er link gateway", b->gateway_link_gateway, "169.254.0.9" },
		{ "er link msee", b->gateway_link_msee, "169.254.0.10" },
		{ "ce primary", b->primary.ce_address, "192.168.100.129" },
		{ "msee primary", b->primary.msee_address, "192.168.100.130" },
		{ "ce secondary", b->secondary.ce_address, "192.168.100.133" },
		{ "b1", b->hosts[0].address, "172.16.0.10" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].got != A(cases[i].want))
			fail_msg("%s: want %s", cases[i].what, cases[i].want);
	}
	assert_string_equal(t->hub.subnets[0].vms[0].name, "vm1");
	assert_string_equal(a->router, "rras-a");
	assert_string_equal(a->hosts[0].name, "a1");
	assert_string_equal(b->msee, "msee-b");
	assert_string_equal(b->ce, "ce-b");
	assert_string_equal(t->er_gateway.names[0], "ergw-in0");
	assert_int_equal(a->asn, 65010);
	assert_int_equal(b->customer_asn, 65020);
	assert_int_equal(b->msee_asn, 12076);
	assert_int_equal(t->vpn_gateway.asn, 65515);
	assert_true(t->vpn_gateway.active_active);
	assert_int_equal(a->n_tunnels, 2);
	assert_int_equal(a->tunnels[0].if_id, 1);
	assert_int_equal(a->tunnels[1].if_id, 2);
	assert_int_equal(a->tunnels[1].instance, 1);
	assert_int_equal(a->n_advertise, 1);
	assert_int_equal(a->advertise[0].addr, A("192.168.1.0"));
	assert_int_equal(bl_topology_node_count(t), 14);
	bl_topology_free(t);
}

/* Allocation skips addresses given explicitly in the same subnet. */
static void allocation_skips_given(void **state)
{
	struct bl_topology *t = load_ok(
		"name: lab\n"
		"vpn_sites:\n"
		"  - name: a\n"
		"    hosts: [{name: x}, {name: y, address: 192.168.1.10}, {name: z}]\n"
		"  - name: c\n"
		"    tunnels: [{instance: 1}]\n");

	(void)state;
	assert_int_equal(t->vpn_sites[0].hosts[0].address, A("192.168.1.11"));
	assert_int_equal(t->vpn_sites[0].hosts[2].address, A("192.168.1.12"));
	assert_int_equal(t->vpn_sites[1].lan.addr, A("192.168.2.0"));
	assert_int_equal(t->vpn_sites[1].asn, 65011);
	assert_int_equal(t->vpn_sites[1].public_address, A("203.0.113.11"));
	/* Third tunnel of the lab: third /30, if_id 3. */
	assert_int_equal(t->vpn_sites[1].tunnels[0].gateway_inner, A("169.254.0.9"));
	assert_int_equal(t->vpn_sites[1].tunnels[0].if_id, 3);
	assert_false(t->er_gateway.present);
	assert_false(t->route_server.present);
	bl_topology_free(t);
}

static void shipped_topologies_validate(void **state)
{
	char dir[3000], path[3400];
	struct dirent *e;
	DIR *d;
	int n = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/topologies", BL_SOURCE_DIR);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		struct bl_topology *t = NULL;

		if (!strstr(e->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (bl_topology_load(path, &t))
			fail_msg("%s does not validate", path);
		assert_true(t->n_expectations > 0);
		bl_topology_free(t);
		n++;
	}
	closedir(d);
	assert_true(n >= 9);
}

static char *repeat(const char *head, const char *unit, size_t n,
		    const char *tail, size_t *len)
{
	size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
	char *buf = malloc(hl + ul * n + tl + 1);

	assert_non_null(buf);
	memcpy(buf, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(buf + hl + i * ul, unit, ul);
	memcpy(buf + hl + ul * n, tail, tl + 1);
	*len = hl + ul * n + tl;
	return buf;
}

/* 10,000 sites: refused with a limit message. A parser that blows up on
 * them is caught by the test's ctest timeout, not by a timed assertion
 * that fails on a busy machine. */
static void ten_thousand_sites(void **state)
{
	size_t len;
	char *buf = repeat("name: lab\nvpn_sites:\n", "  - {name: s}\n", 10000, "",
			   &len);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	struct bl_topology *t = NULL;

	(void)state;
	assert_int_equal(bl_topology_parse("big.yaml", buf, len, out, &t), -EINVAL);
	fclose(out);
	assert_string_equal(text,
		"big.yaml:103:5: vpn_sites[100]: more than 100 entries (limit)\n");
	free(text);
	free(buf);
}

struct hostile_case {
	const char *what;
	const char *head, *unit, *tail;
	size_t n;
};

static const struct hostile_case hostile_cases[] = {
	{ "over 4 MiB", "name: lab\n#", "x", "\n", 5u << 20 },
	{ "deeply nested lists", "name: lab\nhub: ", "[", "", 100000 },
	{ "deeply nested maps", "name: lab\nhub: ", "{a: ", "", 100000 },
	{ "long key", "name: lab\n", "k", ": 1\n", 1u << 20 },
	{ "many unknown keys", "name: lab\n", "x: 1\n", "", 100000 },
};

static void hostile_inputs(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hostile_cases) / sizeof(hostile_cases[0]); i++) {
		const struct hostile_case *c = &hostile_cases[i];
		size_t len;
		char *buf = repeat(c->head, c->unit, c->n, c->tail, &len);

		if (load_quiet(buf, len) != -EINVAL)
			fail_msg("%s: accepted", c->what);
		free(buf);
	}
}

/* Every prefix of the reference file loads or is refused, never crashes. */
static void truncations(void **state)
{
	char path[4096];
	FILE *f;
	char buf[8192];
	size_t len;

	(void)state;
	snprintf(path, sizeof(path), "%s/topologies/azure-coexist.yaml", BL_SOURCE_DIR);
	f = fopen(path, "rb");
	assert_non_null(f);
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(load_quiet(buf, len), 0);
	for (size_t cut = 0; cut < len; cut += 7) {
		int r = load_quiet(buf, cut);

		assert_true(r == 0 || r == -EINVAL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reference_defaults),
		cmocka_unit_test(allocation_skips_given),
		cmocka_unit_test(shipped_topologies_validate),
		cmocka_unit_test(ten_thousand_sites),
		cmocka_unit_test(hostile_inputs),
		cmocka_unit_test(truncations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
