// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `routes --live` without a daemon: `show route all` and `show protocols
 * all` replies as BIRD 2.0.12 writes them (recorded from ce-b and vm1 of
 * the ER-only lab, plus made-up rows for the cases that lab lacks) parsed
 * and printed in the model's table shape.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bird/bird_routes.h"
#include "lab/lab_bird_routes.h"

/* ce-b: its own blackhole, two equal eBGP paths to the hub; then, made
 * up, a third path with a lower preference (not merged), a route whose
 * BGP next hop is not its gateway, and one from an undescribed session. */
static const char *const ce_b_routes[] = {
	"1007-Table master4:",
	" 172.16.0.0/16        blackhole [st_announce 09:41:43.015] * (200)",
	"1008-\tType: static univ",
	"1007-10.0.0.0/16          unicast [e_msee_b_1 09:41:43.824] * (100) [AS65515i]",
	" \tvia 192.168.100.130 on msee1",
	"1008-\tType: BGP univ",
	"1012-\tBGP.origin: IGP",
	" \tBGP.as_path: 12076 65515",
	" \tBGP.next_hop: 192.168.100.130",
	" \tBGP.local_pref: 0",
	"1007-                     unicast [e_msee_b_2 09:41:43.783] (100) [AS65515i]",
	" \tvia 192.168.100.134 on msee2",
	"1008-\tType: BGP univ",
	"1012-\tBGP.origin: IGP",
	" \tBGP.as_path: 12076 65515",
	" \tBGP.next_hop: 192.168.100.134",
	" \tBGP.local_pref: 0",
	"1007-                     unicast [e_msee_c 09:41:43.783] (100) [AS65515i]",
	" \tvia 192.168.100.138 on msee3",
	"1008-\tType: BGP univ",
	"1012-\tBGP.origin: IGP",
	" \tBGP.as_path: 12076 65515",
	" \tBGP.next_hop: 192.168.100.138",
	" \tBGP.local_pref: 4",
	"1007-10.1.0.0/16          unicast [i_hub 09:41:43.900 from 10.0.254.4] * (100) [AS65515i]",
	" \tvia 169.254.0.1 on vti0",
	"1008-\tType: BGP univ",
	"1012-\tBGP.origin: IGP",
	" \tBGP.as_path: 65515",
	" \tBGP.next_hop: 10.0.255.4",
	" \tBGP.local_pref: 100",
	"0000 ",
};

static const char *const ce_b_protocols[] = {
	"2002-Name       Proto      Table      State  Since         Info",
	"1002-e_msee_b_1 BGP        ---        up     1796204503    Established   ",
	"1006-  Description:    eBGP msee-b",
	"   BGP state:          Established",
	"1002-e_msee_b_2 BGP        ---        up     1796204503    Established   ",
	"1006-  Description:    eBGP msee-b",
	"1002-e_msee_c   BGP        ---        up     1796204503    Established   ",
	"1006-  Description:    eBGP msee-c",
	"1002-i_hub      BGP        ---        up     1796204503    Established   ",
	"1006-  BGP state:          Established",
	"0000 ",
};

static void feed(struct bl_bird_reply *r, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(bl_bird_reply_line(r, lines[i]), i + 1 == n);
}

static void parse_keeps_prefix_type_gateways_and_attributes(void **state)
{
	struct bl_bird_reply reply = { 0 };
	struct bl_bird_route *rt = NULL;
	size_t n = 0;

	(void)state;
	feed(&reply, ce_b_routes, sizeof(ce_b_routes) / sizeof(ce_b_routes[0]));
	assert_int_equal(bl_bird_routes_parse(&reply, &rt, &n), 0);
	assert_int_equal(n, 5);
	assert_string_equal(rt[0].prefix, "172.16.0.0/16");
	assert_string_equal(rt[0].type, "blackhole");
	assert_string_equal(rt[0].proto, "st_announce");
	assert_true(rt[0].primary);
	assert_false(rt[0].bgp);
	assert_int_equal(rt[0].n_vias, 0);
	/* The blank prefix of a second route is the previous one's. */
	assert_string_equal(rt[2].prefix, "10.0.0.0/16");
	assert_string_equal(rt[2].proto, "e_msee_b_2");
	assert_false(rt[2].primary);
	assert_true(rt[2].bgp);
	assert_int_equal(rt[2].n_vias, 1);
	assert_string_equal(rt[2].vias[0], "192.168.100.134");
	assert_string_equal(rt[2].as_path, "12076 65515");
	assert_string_equal(rt[2].origin, "IGP");
	assert_int_equal(rt[2].local_pref, 0);
	assert_string_equal(rt[4].next_hop, "10.0.255.4");
	assert_string_equal(rt[4].vias[0], "169.254.0.1");
	free(rt);
	bl_bird_reply_clear(&reply);
}

static void parse_refuses_a_route_line_without_protocol(void **state)
{
	static const char *const bad[] = { "1007-Table master4:", " 10.0.0.0/16 unicast", "0000 " };
	struct bl_bird_reply reply = { 0 };
	struct bl_bird_route *rt = NULL;
	size_t n = 0;

	(void)state;
	feed(&reply, bad, 3);
	assert_int_equal(bl_bird_routes_parse(&reply, &rt, &n), -EPROTO);
	bl_bird_reply_clear(&reply);
}

/* Parse both replies of ce-b and print them, as text or JSON. */
static char *print_ce_b(bool json)
{
	struct bl_bird_reply routes = { 0 }, protos = { 0 };
	struct bl_bird_route *rt = NULL;
	struct bl_bird_session *s = NULL;
	size_t n_rt = 0, n_s = 0, len = 0;
	char *text = NULL;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	feed(&routes, ce_b_routes, sizeof(ce_b_routes) / sizeof(ce_b_routes[0]));
	feed(&protos, ce_b_protocols, sizeof(ce_b_protocols) / sizeof(ce_b_protocols[0]));
	assert_int_equal(bl_bird_routes_parse(&routes, &rt, &n_rt), 0);
	assert_int_equal(bl_bird_sessions_parse(&protos, &s, &n_s), 0);
	assert_int_equal(n_s, 4);
	assert_string_equal(s[2].description, "eBGP msee-c");
	assert_string_equal(s[3].description, "");
	assert_int_equal(bl_bird_routes_print("ce-b", rt, n_rt, s, n_s, json, out), 0);
	fclose(out);
	free(rt);
	free(s);
	bl_bird_reply_clear(&routes);
	bl_bird_reply_clear(&protos);
	return text;
}

/* The model's columns (route_print.c), one row per BIRD route. */
static void text_is_the_model_table_shape(void **state)
{
	static const char *const want =
		"Live BGP routes (BIRD) of ce-b\n"
		"Source                 State    Address prefix     Next hop type          "
		"Next hop IP                      AS path            Learned from\n"
		/* Both equal paths are Active: BIRD merges them into one multipath
		 * kernel route. The lower preference one is not. */
		"eBGP                   Active   10.0.0.0/16        IP                     "
		"192.168.100.130                  12076 65515        msee-b\n"
		"eBGP                   Active   10.0.0.0/16        IP                     "
		"192.168.100.134                  12076 65515        msee-b\n"
		"eBGP                   Invalid  10.0.0.0/16        IP                     "
		"192.168.100.138                  12076 65515        msee-c\n"
		/* No description: the source is BGP, learned from the protocol;
		 * a BGP next hop behind another gateway as next>gateway. */
		"BGP                    Active   10.1.0.0/16        IP                     "
		"10.0.255.4>169.254.0.1           65515              i_hub\n"
		"note: BIRD also holds 172.16.0.0/16 blackhole (st_announce), not BGP-learned\n";
	char *text;

	(void)state;
	text = print_ce_b(false);
	assert_string_equal(text, want);
	free(text);
}

static void json_has_the_model_keys(void **state)
{
	char *text = print_ce_b(true);

	(void)state;
	assert_non_null(strstr(text, "{\"node\":\"ce-b\",\"live\":true,\"routes\":[{\"source\":"
				     "\"eBGP\",\"state\":\"Active\",\"prefix\":\"10.0.0.0/16\","
				     "\"next_hop_type\":\"IP\",\"next_hops\":[\"192.168.100.130\"],"
				     "\"kernel_hops\":[\"192.168.100.130\"],\"as_path\":[12076,65515],"
				     "\"learned_from\":\"msee-b\",\"protocol\":\"e_msee_b_1\"}"));
	assert_non_null(strstr(text, "\"next_hops\":[\"10.0.255.4\"],\"kernel_hops\":"
				     "[\"169.254.0.1\"]"));
	assert_non_null(strstr(text, "\"other\":[{\"prefix\":\"172.16.0.0/16\",\"type\":"
				     "\"blackhole\",\"protocol\":\"st_announce\"}]}\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_keeps_prefix_type_gateways_and_attributes),
		cmocka_unit_test(parse_refuses_a_route_line_without_protocol),
		cmocka_unit_test(text_is_the_model_table_shape),
		cmocka_unit_test(json_has_the_model_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
