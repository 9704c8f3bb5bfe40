// SPDX-License-Identifier: GPL-2.0-or-later
/* One failing file per validation rule in tests/fixtures/bad/, each with
 * the exact messages it must produce. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "topology/topology_internal.h"

struct bad_case {
	const char *file;
	const char *messages;
};

static const struct bad_case bad_cases[] = {
	{ "alias.yaml",
	  "alias.yaml:4:5: vpn_sites[1]: aliases (*name) are not supported (schema)\n"
	},
	{ "azure-reserved.yaml",
	  "azure-reserved.yaml:6:34: hub.subnets[0].vms[0].address: 10.0.1.2 is reserved by Azure (first four and last address of 10.0.1.0/24) (subnet)\n"
	},
	{ "b2b-custom-asn.yaml",
	  "b2b-custom-asn.yaml:3:34: route_server.branch_to_branch: branch-to-branch needs an active-active VPN gateway on ASN 65515, but the VPN gateway's ASN is not 65515 (R13)\n"
	},
	{ "b2b-not-active-active.yaml",
	  "b2b-not-active-active.yaml:3:34: route_server.branch_to_branch: branch-to-branch needs an active-active VPN gateway on ASN 65515, but the VPN gateway is not active-active (R13)\n"
	},
	{ "bad-address.yaml",
	  "bad-address.yaml:4:13: vpn_sites[0].public: '203.0.113.300' is not an IPv4 address (address)\n"
	},
	{ "bad-lab-name.yaml",
	  "bad-lab-name.yaml:1:7: name: 'Branch_Lab' must be 1-12 characters of a-z, 0-9, '-' (it prefixes namespace names) (name)\n"
	},
	{ "bgp-in-vnet.yaml",
	  "bgp-in-vnet.yaml:4:18: vpn_sites[0].bgp_address: the BGP address 10.0.9.9 must not be inside the VNet (R2)\n"
	},
	{ "bgp-is-public.yaml",
	  "bgp-is-public.yaml:5:18: vpn_sites[0].bgp_address: the BGP address 203.0.113.10 must not be the device's public address (R2)\n"
	},
	{ "binary.yaml",
	  "binary.yaml:2:1: (document): binary data (a NUL byte) is not YAML text (schema)\n"
	},
	{ "duplicate-address.yaml",
	  "duplicate-address.yaml:6:29: vpn_sites[0].hosts[1].address: 192.168.1.10 is already used by vpn_sites[0].hosts[0].address (unique)\n"
	},
	{ "duplicate-node.yaml",
	  "duplicate-node.yaml:4:20: vpn_sites[0].hosts[0].name: node name 'vm1' is already used by hub.subnets[0].vms[0].name (unique)\n"
	},
	{ "bgp-is-host.yaml",
	  "bgp-is-host.yaml:4:33: vpn_sites[0].hosts[0].address: 192.168.1.254 is already used by "
	  "vpn_sites[0].bgp_address (unique)\n" },
	{ "expect-segment.yaml",
	  "expect-segment.yaml:4:28: expect[0].reach.to: 'lan-a' is a network segment (a bridge "
	  "with no address): name a VM, host or router (expect)\n" },
	{ "expect-unknown-node.yaml",
	  "expect-unknown-node.yaml:4:28: expect[0].reach.to: no node is called 'a9' (did you mean 'a1'?) (expect)\n"
	},
	{ "scenario-duplicate.yaml",
	  "scenario-duplicate.yaml:5:12: scenarios[1].name: scenario 'maintenance' is already defined (line 4) (scenario)\n"
	},
	{ "scenario-unknown-element.yaml",
	  "scenario-unknown-element.yaml:5:12: scenarios[0].fail[0]: no element 'instance:vpngw-in3' (did you mean 'instance:vpngw-in0'?) (scenario)\n"
	  "scenario-unknown-element.yaml:5:32: scenarios[0].fail[1]: unknown element 'tunel:a/0' (did you mean 'tunnel:a/0'?): the kinds are instance:NODE, tunnel:SITE/INDEX, er-link:CIRCUIT/primary|secondary, er-maintenance:CIRCUIT/primary|secondary, circuit:CIRCUIT, node:NODE (scenario)\n"
	  "scenario-unknown-element.yaml:5:52: scenarios[0].fail[3]: 'node:a1' is listed twice (scenario)\n"
	},
	{ "scenario-unknown-node.yaml",
	  "scenario-unknown-node.yaml:7:32: scenarios[0].expect[0].reach.to: no node is called 'a9' (did you mean 'a1'?) (expect)\n"
	},
	{ "long-node-name.yaml",
	  "long-node-name.yaml:3:5: vpn_sites[0].router: node name 'rras-headquarters-east1' must be 1-20 characters of a-z, 0-9, '-' (name)\n"
	  "long-node-name.yaml:3:11: vpn_sites[0].name: node name 'lan-headquarters-east1' must be 1-20 characters of a-z, 0-9, '-' (name)\n"
	},
	{ "malformed-prefix.yaml",
	  "malformed-prefix.yaml:3:19: hub.address_space[0]: '10.0.1.0/16' is not a prefix like 10.0.0.0/16 (host bits zero) (prefix)\n"
	},
	{ "missing-name.yaml",
	  "missing-name.yaml:1:1: name: required key missing (schema)\n"
	},
	{ "not-utf8.yaml",
	  "not-utf8.yaml:2:14: (document): invalid leading UTF-8 octet (yaml)\n"
	},
	{ "outside-subnet.yaml",
	  "outside-subnet.yaml:6:34: hub.subnets[0].vms[0].address: 10.0.2.4 is outside its subnet 10.0.1.0/24 (subnet)\n"
	},
	{ "overlap.yaml",
	  "overlap.yaml:4:10: vpn_sites[0].lan: 10.0.5.0/24 overlaps 10.0.0.0/16 of hub.address_space[0] (overlap)\n"
	},
	{ "public-in-lan.yaml",
	  "public-in-lan.yaml:5:13: vpn_sites[0].public: 198.18.1.20 is inside a VNet, a site LAN or the transit pool (public)\n"
	},
	{ "reserved-asn.yaml",
	  "reserved-asn.yaml:4:10: vpn_sites[0].asn: ASN 65515 is reserved (by Azure or BGP) (R1)\n"
	},
	{ "transit-full.yaml",
	  "transit-full.yaml:3:13: vpn_sites[0].tunnels[1]: transit_pool has room for 1 /30 links only (limit)\n"
	},
	{ "truncated.yaml",
	  "truncated.yaml:5:1: vpn_sites[0].tunnels[0]: did not find expected ',' or '}' while parsing a flow mapping (yaml)\n"
	},
	{ "tunnel-instance.yaml",
	  "tunnel-instance.yaml:5:26: vpn_sites[0].tunnels[0].instance: instance 1 does not exist: the VPN gateway has 1 (active_active: false) (tunnel)\n"
	},
	{ "unknown-key.yaml",
	  "unknown-key.yaml:4:5: vpn_sites[0].pubilc: unknown key 'pubilc' (did you mean 'public'?) (schema)\n"
	},
	{ "wrong-type.yaml",
	  "wrong-type.yaml:4:10: vpn_sites[0].asn: expected a whole number from 0 to 4294967295, found 'sixty-five-thousand' (schema)\n"
	},
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Load buf; return everything the loader printed (caller frees). */
char *load_messages(const char *name, const char *buf, size_t len, int *result);
char *load_messages(const char *name, const char *buf, size_t len, int *result)
{
	struct bl_topology *topo = (struct bl_topology *)0x1;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	*result = bl_topology_parse(name, buf, len, out, &topo);
	fclose(out);
	if (*result == 0)
		bl_topology_free(topo);
	else
		assert_ptr_equal(topo, (struct bl_topology *)0x1); /* untouched */
	return text;
}

static void each_bad_file(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		char path[4096];
		size_t len;
		char *buf, *text;
		int r;

		snprintf(path, sizeof(path), "%s/tests/fixtures/bad/%s",
			 BL_SOURCE_DIR, c->file);
		buf = slurp(path, &len);
		text = load_messages(c->file, buf, len, &r);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(text, c->messages);
		free(text);
		free(buf);
	}
}

/* Several problems in one file: all are listed, not just the first. */
static void every_error_listed(void **state)
{
	static const char yaml[] =
		"name: lab\n"
		"vpn_sites:\n"
		"  - {name: a, asn: 65515}\n"
		"  - {name: c, asn: 12076, bgp_address: 203.0.113.11}\n";
	int r;
	char *text;

	(void)state;
	text = load_messages("x.yaml", yaml, sizeof(yaml) - 1, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(text,
		"x.yaml:3:20: vpn_sites[0].asn: ASN 65515 is reserved (by Azure or BGP) (R1)\n"
		"x.yaml:4:20: vpn_sites[1].asn: ASN 12076 is reserved (by Azure or BGP) (R1)\n"
		"x.yaml:4:40: vpn_sites[1].bgp_address: the BGP address 203.0.113.11 must not be the device's public address (R2)\n");
	free(text);
}

/* A public address outside unicast, globally routed space is refused,
 * naming the space; the documentation ranges the defaults use are not. */
static void public_address_is_public(void **state)
{
	static const char *const refused[] = {
		"0.0.0.0", "10.9.9.9", "100.64.1.1", "127.0.0.1", "169.254.1.1",
		"172.16.0.1", "192.168.5.5", "224.0.0.5", "240.0.0.1", "255.255.255.255",
	};
	static const char *const allowed[] = { "192.0.2.7", "198.51.100.7", "203.0.113.7",
					       "8.8.8.8" };
	char yaml[160], want[96];
	char *text;
	int r;

	(void)state;
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(yaml, sizeof(yaml), "name: lab\nvpn_sites:\n  - {name: a, public: %s}\n",
			 refused[i]);
		text = load_messages("x.yaml", yaml, strlen(yaml), &r);
		snprintf(want, sizeof(want), "vpn_sites[0].public: %s is in ", refused[i]);
		assert_int_equal(r, -EINVAL);
		assert_non_null(strstr(text, want));
		assert_non_null(strstr(text, "globally routed (public)"));
		free(text);
	}
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		snprintf(yaml, sizeof(yaml), "name: lab\nvpn_sites:\n  - {name: a, public: %s}\n",
			 allowed[i]);
		text = load_messages("x.yaml", yaml, strlen(yaml), &r);
		assert_int_equal(r, 0);
		free(text);
	}
}

/* Every integer key a design sets has a bound; the largest uint32 (where
 * `1 + prepend` once wrapped to an empty AS path) is refused, the bound
 * itself is not. */
static void integer_keys_bounded(void **state)
{
	static const char refused[] =
		"name: lab\n"
		"vpn_sites: [{name: a, tunnels: [{prepend: 4294967295}, {weight: 65536}]}]\n"
		"er_gateway: {}\n"
		"er_circuits: [{name: c, weight: 32001, prepend: 11}]\n";
	static const char allowed[] =
		"name: lab\n"
		"vpn_sites: [{name: a, tunnels: [{prepend: 10, weight: 65535}, {}]}]\n"
		"er_gateway: {}\n"
		"er_circuits: [{name: c, weight: 32000, prepend: 10}]\n";
	char *text;
	int r;

	(void)state;
	text = load_messages("x.yaml", refused, sizeof(refused) - 1, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(text,
		"x.yaml:2:43: vpn_sites[0].tunnels[0].prepend: prepend 4294967295: at most 10 (limit)\n"
		"x.yaml:2:65: vpn_sites[0].tunnels[1].weight: weight 65536: at most 65535 (limit)\n"
		"x.yaml:4:49: er_circuits[0].prepend: prepend 11: at most 10 (limit)\n"
		"x.yaml:4:33: er_circuits[0].weight: weight 32001: at most 32000 (limit)\n");
	free(text);
	text = load_messages("x.yaml", allowed, sizeof(allowed) - 1, &r);
	assert_string_equal(text, "");
	assert_int_equal(r, 0);
	free(text);
}

/* A misspelled key no longer hides the problems of the later stages, and
 * both get a "did you mean". */
static void every_stage_in_one_run(void **state)
{
	static const char yaml[] =
		"name: lab\n"
		"vpn_sites:\n"
		"  - {name: a, tunnles: [], public: 10.1.1.1}\n"
		"expect:\n"
		"  - reach: {from: mv1, to: a1}\n";
	char *text;
	int r;

	(void)state;
	text = load_messages("x.yaml", yaml, sizeof(yaml) - 1, &r);
	assert_int_equal(r, -EINVAL);
	assert_string_equal(text,
		"x.yaml:3:15: vpn_sites[0].tunnles: unknown key 'tunnles' (did you mean 'tunnels'?) (schema)\n"
		"x.yaml:3:36: vpn_sites[0].public: 10.1.1.1 is in private space (10.0.0.0/8): a public address is unicast and globally routed (public)\n"
		"x.yaml:5:19: expect[0].reach.from: no node is called 'mv1' (did you mean 'vm1'?) (expect)\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_bad_file),
		cmocka_unit_test(every_error_listed),
		cmocka_unit_test(public_address_is_public),
		cmocka_unit_test(integer_keys_bounded),
		cmocka_unit_test(every_stage_in_one_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
