// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/graph.h"
#include "cli/show.h"
#include "tests/unit/plan_fixtures.h"

/* Runs writer on the reference plan and returns what it printed (owned). */
static char *render(int (*writer)(const struct bl_plan *, int, FILE *), int arg)
{
	struct bl_topology t;
	struct bl_plan *p = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	fx_reference(&t);
	assert_int_equal(bl_plan_new(&t, &p), 0);
	assert_int_equal(writer(p, arg, out), 0);
	fclose(out);
	bl_plan_free(p);
	return text;
}

static int graph_writer(const struct bl_plan *p, int format, FILE *out)
{
	return bl_graph_write(p, (enum bl_graph_format)format, NULL, out);
}

static int show_writer(const struct bl_plan *p, int json, FILE *out)
{
	return json ? bl_show_json(p, out) : bl_show_text(p, out);
}

struct contains_case {
	int format;
	const char *needle;
};

/* Node ids follow the plan's order: n0 vnet, n1 vm1, ..., see names. */
static const struct contains_case graph_cases[] = {
	{ BL_GRAPH_DOT, "graph \"ref\" {" },
	{ BL_GRAPH_DOT, "label=\"tunnel tun-in0 - tun-s0 (xfrmi if_id 10)\", style=dashed" },
	{ BL_GRAPH_DOT, "label=\"tunnel tun-in1 - tun-s0 (xfrmi if_id 11)\", style=dashed" },
	{ BL_GRAPH_DOT, "label=\"ER er0 - gw\", color=blue" },
	{ BL_GRAPH_DOT, "label=\"ER ce1 - msee1\", color=blue" },
	{ BL_GRAPH_DOT, "label=\"ER ce2 - msee2\", color=blue" },
	/* kind, ASN and every address of the node */
	{ BL_GRAPH_DOT, "label=\"rras-a\\nrras, AS 65010\\n" },
	{ BL_GRAPH_DOT, "\\nlo 192.168.1.254/32\\n" },
	{ BL_GRAPH_DOT, "label=\"vpngw-in0\\nvpngw, AS 65515\\neth0 10.0.255.4/16\\n" },
	{ BL_GRAPH_DOT, "label=\"internet\\nbridge\"" },
	/* Azure, the Microsoft edge and each site drawn as clusters */
	{ BL_GRAPH_DOT, "subgraph cluster_1 {\n\t\tlabel=\"Azure (hub and spoke VNets)\"" },
	{ BL_GRAPH_DOT, "label=\"Microsoft edge (ExpressRoute)\"" },
	{ BL_GRAPH_DOT, "label=\"on-premises a\"" },
	{ BL_GRAPH_MERMAID, "graph LR" },
	{ BL_GRAPH_MERMAID, "-.-|\"tunnel tun-in0 - tun-s0 (xfrmi if_id 10)\"|" },
	{ BL_GRAPH_MERMAID, "-.-|\"tunnel tun-in1 - tun-s0 (xfrmi if_id 11)\"|" },
	{ BL_GRAPH_MERMAID, "===|\"ER ce1 - msee1\"|" },
	{ BL_GRAPH_MERMAID, "[\"vpngw-in1<br/>vpngw, AS 65515<br/>eth0 10.0.255.5/16" },
	{ BL_GRAPH_MERMAID, "subgraph g1 [\"Azure (hub and spoke VNets)\"]" },
};

static void graph_contains_edges(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(graph_cases) / sizeof(graph_cases[0]); i++) {
		char *text = render(graph_writer, graph_cases[i].format);

		if (!strstr(text, graph_cases[i].needle))
			fail_msg("missing `%s' in:\n%s", graph_cases[i].needle, text);
		free(text);
	}
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* One edge per veth pair, one per tunnel: nothing drawn twice. */
static void graph_edge_counts(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = NULL;
	size_t veths = 0;
	char *text = render(graph_writer, BL_GRAPH_DOT);

	(void)state;
	fx_reference(&t);
	assert_int_equal(bl_plan_new(&t, &p), 0);
	for (size_t i = 0; i < p->n_ifaces; i++)
		veths += p->ifaces[i].kind == BL_IFACE_VETH;
	assert_int_equal(count(text, " -- "), veths / 2 + p->n_tunnels);
	assert_int_equal(count(text, "style=dashed"), 2);
	bl_plan_free(p);
	free(text);
}

static void graph_format_names(void **state)
{
	enum bl_graph_format f = BL_GRAPH_MERMAID;

	(void)state;
	assert_int_equal(bl_graph_format_parse("dot", &f), 0);
	assert_int_equal(f, BL_GRAPH_DOT);
	assert_int_equal(bl_graph_format_parse("svg", &f), 0);
	assert_int_equal(f, BL_GRAPH_SVG);
	assert_int_equal(bl_graph_format_parse("png", &f), -EINVAL);
	assert_int_equal(f, BL_GRAPH_SVG);
}

static const struct contains_case show_cases[] = {
	{ 0, "rras-a (rras, netns ref-rras-a)" },
	{ 0, "tun-in0  xfrmi    100.64.0.2/30" },
	{ 0, "keys: static: random per lab, in /run/branchlab/ref/keys" },
	{ 0, "rras-a 192.168.1.254 AS65010 <-> vpngw-in0 10.0.255.4 AS65515" },
	{ 0, "ebgp msee-ce" },
	{ 0, "route default via 192.168.1.1" },
	{ 1, "{\"lab\":\"ref\",\"nodes\":[" },
	{ 1, "\"keys\":\"static: random per lab, in /run/branchlab/ref/keys\"" },
	{ 1, "\"site\":{\"node\":\"rras-a\",\"interface\":\"tun-in1\",\"inner\":\"100.64.0.6/30\",\"outer\":\"203.0.113.10\"}" },
	{ 1, "\"kind\":\"ibgp vpngw-vpngw\"" },
};

static void show_contains(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(show_cases) / sizeof(show_cases[0]); i++) {
		char *text = render(show_writer, show_cases[i].format);

		if (!strstr(text, show_cases[i].needle))
			fail_msg("missing `%s' in:\n%s", show_cases[i].needle, text);
		free(text);
	}
}

/* IKEv2 tunnels name strongSwan as their key source. */
static void show_ikev2_source(void **state)
{
	struct bl_topology t;
	struct bl_plan *p = NULL;
	char buf[96];

	(void)state;
	fx_reference(&t);
	fx_sites[0].tunnels[1].keying = BL_KEYING_IKEV2;
	assert_int_equal(bl_plan_new(&t, &p), 0);
	assert_string_equal(bl_show_key_source(p, &p->tunnels[1], buf, sizeof(buf)),
			    "IKEv2 PSK, strongSwan");
	bl_plan_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(graph_contains_edges),
		cmocka_unit_test(graph_edge_counts),
		cmocka_unit_test(graph_format_names),
		cmocka_unit_test(show_contains),
		cmocka_unit_test(show_ikev2_source),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
