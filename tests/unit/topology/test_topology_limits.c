// SPDX-License-Identifier: GPL-2.0-or-later
/* `limits: relaxed`: Azure's counts (100 VPN sites, 16 ER circuits) hold
 * unless the file lifts them, wherever the key stands; the hard caps
 * (2000 sites, 256 circuits) hold always and refuse a huge file quickly. */
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

/* head, then n copies of a site line with its index, then tail. */
static char *sites_file(const char *head, const char *line, unsigned n,
			const char *tail)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	fputs(head, out);
	for (unsigned i = 0; i < n; i++)
		fprintf(out, line, i, 16 + i / 256, i % 256, 10 + i / 256, i % 256);
	fputs(tail, out);
	fclose(out);
	return text;
}

#define VPN_LINE "  - {name: s%u, lan: 172.%u.%u.0/24, public: 198.18.%u.%u}\n"

/* Parse; return the diagnostics (owned) and the result in *r. */
static char *parse(const char *yaml, int *r)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	struct bl_topology *t = NULL;

	*r = bl_topology_parse("x.yaml", yaml, strlen(yaml), out, &t);
	fclose(out);
	bl_topology_free(t);
	return text;
}

static void azure_counts_by_default(void **state)
{
	char *yaml = sites_file("name: lab\nvpn_sites:\n", VPN_LINE, 101, "");
	char *diag;
	int r;

	(void)state;
	diag = parse(yaml, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(diag, "x.yaml:103:5: vpn_sites[100]: more than 100 entries (limit)\n");
	free(diag);
	free(yaml);
}

/* The key may come after the list it lifts. */
static void relaxed_after_the_sites(void **state)
{
	char *yaml = sites_file("name: lab\nvpn_sites:\n", VPN_LINE, 300,
				"limits: relaxed\n");
	char *diag;
	int r;

	(void)state;
	diag = parse(yaml, &r);
	assert_string_equal(diag, "");
	assert_int_equal(r, 0);
	free(diag);
	free(yaml);
}

static void azure_spelled_out(void **state)
{
	char *yaml = sites_file("name: lab\nlimits: azure\nvpn_sites:\n", VPN_LINE, 101, "");
	char *diag;
	int r;

	(void)state;
	diag = parse(yaml, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(diag, "x.yaml:104:5: vpn_sites[100]: more than 100 entries (limit)\n");
	free(diag);
	free(yaml);
}

static void unknown_value(void **state)
{
	char *diag;
	int r;

	(void)state;
	diag = parse("name: lab\nlimits: none\n", &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(diag, "x.yaml:2:9: limits: expected one of azure, relaxed, "
			    "found 'none' (schema)\n");
	free(diag);
}

static void seventeen_circuits(void **state)
{
	char *yaml = sites_file("name: lab\ner_circuits:\n", "  - {name: c%u}\n", 17, "");
	char *diag;
	int r;

	(void)state;
	diag = parse(yaml, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(diag, "x.yaml:19:5: er_circuits[16]: more than 16 entries (limit)\n");
	free(diag);
	free(yaml);
}

/* Relaxed is not unlimited: 10,000 sites still fail at the hard cap. */
static void ten_thousand_relaxed(void **state)
{
	char *yaml = sites_file("name: lab\nlimits: relaxed\nvpn_sites:\n",
				"  - {name: s%u}\n", 10000, "");
	char *diag;
	int r;

	(void)state;
	diag = parse(yaml, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(diag, "x.yaml:2004:5: vpn_sites[2000]: more than 2000 entries (limit)\n");
	free(diag);
	free(yaml);
}

/* Relaxed also lifts the expectations (every pair of 100 sites' hosts:
 * 9,900) up to their hard cap. */
static void expectations_past_1024(void **state)
{
	const char *line = "  - reach: {from: h%u, to: h%u}\n";
	char *strict = sites_file("name: lab\nexpect:\n", line, 1025, "");
	char *relaxed = sites_file("name: lab\nlimits: relaxed\nexpect:\n", line, 1025, "");
	char *huge = sites_file("name: lab\nlimits: relaxed\nexpect:\n", line, 20001, "");
	char *diag;
	int r;

	(void)state;
	diag = parse(strict, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(diag, "x.yaml:1027:5: expect[1024]: more than 1024 entries (limit)\n");
	free(diag);
	diag = parse(relaxed, &r);
	assert_null(strstr(diag, "(limit)"));
	free(diag);
	diag = parse(huge, &r);
	assert_int_equal(r, -EINVAL);
	assert_non_null(strstr(diag, "expect[20000]: more than 20000 entries (limit)"));
	free(diag);
	free(strict);
	free(relaxed);
	free(huge);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(azure_counts_by_default),
		cmocka_unit_test(relaxed_after_the_sites),
		cmocka_unit_test(azure_spelled_out),
		cmocka_unit_test(unknown_value),
		cmocka_unit_test(seventeen_circuits),
		cmocka_unit_test(ten_thousand_relaxed),
		cmocka_unit_test(expectations_past_1024),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
