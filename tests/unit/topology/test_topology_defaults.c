// SPDX-License-Identifier: GPL-2.0-or-later
/* Defaults never collide: a file of plain `{name: sN}` sites and circuits
 * loads at every count up to the relaxed limits, with unique ASNs outside
 * every reserved range, and LANs and peering links that overlap nothing
 * (the validator refuses any overlap, so loading proves it). An ASN the
 * file gives is skipped by the defaults; two given equal get a warning. */
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

/* Parse yaml; the diagnostics (owned) come back, the topology in *t. */
static char *parse(const char *yaml, int *r, struct bl_topology **t)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	*t = NULL;
	*r = bl_topology_parse("x.yaml", yaml, strlen(yaml), out, t);
	fclose(out);
	return text;
}

static char *plain_file(unsigned sites, unsigned circuits, bool relaxed)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	fprintf(out, "name: lab\n%s", relaxed ? "limits: relaxed\n" : "");
	if (circuits)
		fputs("er_gateway: {}\n", out);
	if (sites)
		fputs("vpn_sites:\n", out);
	for (unsigned i = 0; i < sites; i++)
		fprintf(out, "  - {name: s%u}\n", i);
	if (circuits)
		fputs("er_circuits:\n", out);
	for (unsigned j = 0; j < circuits; j++)
		fprintf(out, "  - {name: c%u}\n", j);
	fclose(out);
	return text;
}

/* R1's reserved ASNs, as docs/routing-model.md lists them. */
static bool reserved(uint32_t asn)
{
	return asn == 0 || asn == 8074 || asn == 8075 || asn == 12076 || asn == 23456 ||
	       (asn >= 64496 && asn <= 64511) || (asn >= 65515 && asn <= 65520) ||
	       (asn >= 65535 && asn <= 65551) || asn == UINT32_MAX;
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Every on-prem ASN once, none reserved. */
static void asns_unique_and_allowed(const struct bl_topology *t)
{
	size_t n = t->n_vpn_sites + t->n_er_circuits;
	uint32_t *asns = calloc(n ? n : 1, sizeof(*asns));

	assert_non_null(asns);
	for (size_t i = 0; i < t->n_vpn_sites; i++)
		asns[i] = t->vpn_sites[i].asn;
	for (size_t j = 0; j < t->n_er_circuits; j++)
		asns[t->n_vpn_sites + j] = t->er_circuits[j].customer_asn;
	qsort(asns, n, sizeof(*asns), by_value);
	for (size_t i = 0; i < n; i++) {
		if (reserved(asns[i]))
			fail_msg("default ASN %u is reserved", asns[i]);
		if (i && asns[i] == asns[i - 1])
			fail_msg("default ASN %u given twice", asns[i]);
	}
	free(asns);
}

static void loads_plain(unsigned sites, unsigned circuits, bool relaxed)
{
	char *yaml = plain_file(sites, circuits, relaxed);
	struct bl_topology *t;
	int r;
	char *diag = parse(yaml, &r, &t);

	if (r != 0 || *diag)
		fail_msg("%u sites, %u circuits%s: %s", sites, circuits,
			 relaxed ? " (relaxed)" : "", diag);
	assert_int_equal(t->n_vpn_sites, sites);
	assert_int_equal(t->n_er_circuits, circuits);
	asns_unique_and_allowed(t);
	bl_topology_free(t);
	free(diag);
	free(yaml);
}

/* The counts the issue found colliding: site 99's LAN on the peering
 * links, site 210 and circuit 10 on one ASN, site 915 on 65515, site
 * 255's LAN in public space; and the limits themselves. */
static void plain_files_load_at_every_count(void **state)
{
	static const struct {
		unsigned sites, circuits;
		bool relaxed;
	} counts[] = {
		{ 1, 0, false },   { 100, 0, false },   { 100, 16, false },
		{ 0, 16, false },  { 211, 11, true },   { 256, 17, true },
		{ 916, 0, true },  { 2000, 256, true }, { 0, 256, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		loads_plain(counts[i].sites, counts[i].circuits, counts[i].relaxed);
}

/* The reference plan's first ones are unchanged. */
static void first_defaults_are_the_reference_plan(void **state)
{
	char *yaml = plain_file(2, 2, false);
	struct bl_topology *t;
	char buf[BL_PREFIX_STRLEN];
	int r;
	char *diag = parse(yaml, &r, &t);

	(void)state;
	assert_int_equal(r, 0);
	assert_int_equal(t->vpn_sites[0].asn, 65010);
	assert_int_equal(t->vpn_sites[1].asn, 65011);
	assert_int_equal(t->er_circuits[0].customer_asn, 65020);
	assert_string_equal(bl_prefix_str(t->vpn_sites[1].lan, buf), "192.168.2.0/24");
	assert_string_equal(bl_prefix_str(t->er_circuits[1].lan, buf), "172.17.0.0/16");
	assert_string_equal(bl_prefix_str(t->er_circuits[1].primary.subnet, buf),
			    "192.168.100.136/30");
	bl_topology_free(t);
	free(diag);
	free(yaml);
}

/* Site b gives 65010 explicitly: site a's default moves past it. */
static void defaults_skip_given_asns(void **state)
{
	static const char yaml[] = "name: lab\n"
				   "vpn_sites:\n"
				   "  - {name: a}\n"
				   "  - {name: b, asn: 65010}\n";
	struct bl_topology *t;
	int r;
	char *diag = parse(yaml, &r, &t);

	(void)state;
	assert_int_equal(r, 0);
	assert_string_equal(diag, "");
	assert_int_equal(t->vpn_sites[0].asn, 65011);
	assert_int_equal(t->vpn_sites[1].asn, 65010);
	bl_topology_free(t);
	free(diag);
}

/* Two sites given one ASN: accepted, with a warning naming both and the
 * consequence. */
static void shared_asn_warns(void **state)
{
	static const char yaml[] = "name: lab\n"
				   "vpn_sites:\n"
				   "  - {name: a, asn: 65100}\n"
				   "er_gateway: {}\n"
				   "er_circuits:\n"
				   "  - {name: c, customer_asn: 65100}\n";
	struct bl_topology *t;
	int r;
	char *diag = parse(yaml, &r, &t);

	(void)state;
	assert_int_equal(r, 0);
	assert_string_equal(diag,
		"x.yaml:6:29: warning: er_circuits[0].customer_asn: ASN 65100 is also "
		"vpn_sites[0].asn's: each refuses the other's routes (its own AS is in "
		"their AS path), so these two sites cannot reach each other through "
		"Azure (loop)\n");
	bl_topology_free(t);
	free(diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_files_load_at_every_count),
		cmocka_unit_test(first_defaults_are_the_reference_plan),
		cmocka_unit_test(defaults_skip_given_asns),
		cmocka_unit_test(shared_asn_warns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
