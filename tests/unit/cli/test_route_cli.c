// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `branchlab routes` as a user runs it (no root): the table, JSON, the
 * explanation, and the errors, from the shipped topology files. ctest sets
 * BRANCHLAB to the binary; run by hand without it, the test fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

struct cli_case {
	const char *args;     /* after "routes", topologies/ prefixed by %s */
	int status;
	const char *want;     /* in stdout + stderr */
	const char *want_too; /* NULL: nothing more */
};

static const struct cli_case cases[] = {
	{ "%s/topologies/coexist-no-rs.yaml vm1", 0,
	  "192.168.1.0/24     VirtualNetworkGateway  10.0.255.4,10.0.255.5", "Effective routes of vm1" },
	{ "%s/topologies/azure-coexist.yaml rras-a", 0, "65515 12076 65020", "vpngw-in1" },
	{ "%s/topologies/coexist-no-rs.yaml vm1 --json", 0, "{\"node\":\"vm1\",\"routes\":[",
	  "\"kernel_routes\":[" },
	{ "%s/topologies/narrow-advertisement.yaml vm1 --explain 192.168.1.0/24", 0,
	  "-> ergw-in0: 192.168.1.254/32", "(R12)" },
	{ "%s/topologies/coexist-no-rs.yaml nosuch", 1, "routes: no node 'nosuch'", NULL },
	/* an address is explained by its longest match */
	{ "%s/topologies/coexist-no-rs.yaml vm1 --explain 192.168.1.1", 0,
	  "vm1 has no usable route to 192.168.1.1/32; it falls to 192.168.1.0/24", "(R10)" },
	{ "%s/topologies/coexist-no-rs.yaml vm1 --explain 192.168.1", 2,
	  "--explain wants an address like 192.168.1.10 or a prefix", NULL },
	/* options first, as --opt=value */
	{ "--explain=192.168.1.0/24 %s/topologies/narrow-advertisement.yaml vm1", 0,
	  "-> ergw-in0: 192.168.1.254/32", "(R12)" },
	{ "%s/topologies/coexist-no-rs.yaml vm1 --json --explain 192.168.1.0/24", 2,
	  "--json and --explain cannot be used together", NULL },
	{ "%s/topologies/coexist-no-rs.yaml vm1 --bogus", 2, "unknown option `--bogus'", NULL },
	{ "", 2, "missing operand: usage: branchlab routes [LAB|FILE] NODE", NULL },
	{ "%s/topologies/coexist-no-rs.yaml vm1 extra", 2, "unexpected argument `extra'", NULL },
	{ "x --help", 0, "Usage: branchlab routes [LAB|FILE] NODE [OPTIONS]", "--explain ADDRESS|PREFIX" },
	{ "no-such-lab vm1", 1, "lab 'no-such-lab' is not up", NULL },
	/* a file alone is not a node of the lab that is up */
	{ "%s/topologies/coexist-no-rs.yaml", 2, "name a node of ", "coexist-no-rs.yaml NODE" },
};

static int run(const char *bin, const char *args, char *out, size_t len)
{
	char cmd[8192], fmt[1024];
	size_t used = 0, got;
	FILE *p;
	int status;

	snprintf(fmt, sizeof(fmt), "'%%s' routes %s 2>&1", args);
	snprintf(cmd, sizeof(cmd), fmt, bin, BL_SOURCE_DIR);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (used + 1 < len && (got = fread(out + used, 1, len - used - 1, p)) > 0)
		used += got;
	out[used] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void routes_cli(void **state)
{
	const char *bin = getenv("BRANCHLAB");
	static char out[1 << 16];

	(void)state;
	if (!bin || !*bin)
		fail_msg("set BRANCHLAB to the branchlab binary (ctest does)");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct cli_case *c = &cases[i];
		int status = run(bin, c->args, out, sizeof(out));

		if (status != c->status || !strstr(out, c->want) ||
		    (c->want_too && !strstr(out, c->want_too)))
			fail_msg("routes %s: exit %d (want %d), output:\n%s", c->args, status,
				 c->status, out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(routes_cli),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
