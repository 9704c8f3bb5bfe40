// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The BIRD configurations written from the model (control_plane: bird):
 *  - every BGP session of the plan (bl_plan_bgp) appears in the
 *    configurations of both its ends, over the plan's addresses and ASNs;
 *  - the filters carry the rules of the reference design (R6, R11, R12,
 *    R13, R15, R19, R21/R22 weights and prepending) where they apply, and
 *    not where they do not (branch-to-branch off vs on);
 *  - when BIRD is installed, `bird -p` accepts every configuration of
 *    every shipped topology (parse only: no daemon, no root).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "model/bird_conf.h"
#include "model/route_model.h"
#include "plan/plan.h"
#include "topology/topology_failure.h"

static const struct bl_bird_conf_opts opts = { "/tmp/x.log", 60, 180, "eth0", NULL };

/* Not inlined: inlined at -O2, gcc 12 takes the memstream's buffer for the
 * local it was returned through and warns of a dangling pointer. */
__attribute__((noinline)) static char *conf_with(const struct bl_model *m, const char *node,
						 const struct bl_bird_conf_opts *o)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(bl_model_bird_conf(m, node, o, out), 0);
	fclose(out);
	return text;
}

static char *conf_of(const struct bl_model *m, const char *node)
{
	return conf_with(m, node, &opts);
}

static size_t count(const char *text, const char *what)
{
	size_t n = 0;

	for (const char *p = strstr(text, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static void load(const char *file, struct bl_topology **t, struct bl_model **m,
		 struct bl_plan **p)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/topologies/%s", BL_SOURCE_DIR, file);
	assert_int_equal(bl_topology_load(path, t), 0);
	assert_int_equal(bl_model_compute(*t, m), 0);
	assert_int_equal(bl_plan_new(*t, p), 0);
}

/* "local A as X;" and "neighbor B as Y;" of one session, in one config. */
static bool has_session(const char *conf, bl_addr local, uint32_t las, bl_addr remote,
			uint32_t ras)
{
	char a[BL_ADDR_STRLEN], b[BL_ADDR_STRLEN], want[128];

	snprintf(want, sizeof(want), "\tlocal %s as %u;\n\tneighbor %s as %u;\n",
		 bl_addr_str(local, a), las, bl_addr_str(remote, b), ras);
	return strstr(conf, want) != NULL;
}

static void check_plan_sessions(const char *file)
{
	struct bl_topology *t;
	struct bl_model *m;
	struct bl_plan *p;

	load(file, &t, &m, &p);
	for (size_t i = 0; i < p->n_bgp; i++) {
		const struct bl_plan_bgp *s = &p->bgp[i];
		const char *a = p->nodes[s->node_a].name, *b = p->nodes[s->node_b].name;
		char *ca, *cb;

		/* The model's Route Server and ER gateway are one speaker each, on
		 * their first address ([I], docs/bgp.md): the plan's sessions to
		 * the second Route Server address and from ER instances past the
		 * first have no BIRD session. */
		if (!bl_model_bgp_speaker(m, a) || !bl_model_bgp_speaker(m, b) ||
		    (s->kind == BL_BGP_GW_RS && s->addr_b != t->route_server.addresses[0]))
			continue;
		ca = conf_of(m, a);
		cb = conf_of(m, b);

		if (!has_session(ca, s->addr_a, s->asn_a, s->addr_b, s->asn_b) ||
		    !has_session(cb, s->addr_b, s->asn_b, s->addr_a, s->asn_a))
			fail_msg("%s: session %s - %s (%s) missing from a BIRD configuration", file,
				 a, b, bl_bgp_kind_name(s->kind));
		free(ca);
		free(cb);
	}
	bl_plan_free(p);
	bl_model_free(m);
	bl_topology_free(t);
}

static void sessions_are_the_plans(void **state)
{
	(void)state;
	check_plan_sessions("azure-coexist.yaml");
	check_plan_sessions("coexist-no-rs.yaml");
	check_plan_sessions("single-tunnel.yaml");
	check_plan_sessions("multi-site-spoke.yaml");
}

struct filter_case {
	const char *file, *node, *text;
	bool present;
};

static const struct filter_case filter_cases[] = {
	/* R6: toward RRAS never the VNet nor a default route. */
	{ "azure-coexist.yaml", "vpngw-in0", "if net ~ 10.0.0.0/16 || 10.0.0.0/16 ~ net then reject;", true },
	{ "azure-coexist.yaml", "vpngw-in0", "if net.len = 0 then reject;", true },
	/* R7: refused from RRAS. */
	{ "azure-coexist.yaml", "vpngw-in0", "if net = 10.0.0.0/16 then reject;", true },
	/* R11 only without branch-to-branch. */
	{ "coexist-no-rs.yaml", "vpngw-in0", "if bl_from_er() then reject;", true },
	{ "coexist-no-rs.yaml", "ergw-in0", "if !bl_from_er() then reject;", true },
	{ "azure-coexist.yaml", "vpngw-in0", "if bl_from_er() then reject;", false },
	{ "azure-coexist.yaml", "ergw-in0", "if !bl_from_er() then reject;", false },
	/* R10: the ER gateway sends nothing to the VPN gateway. */
	{ "coexist-no-rs.yaml", "ergw-in0", "# R10 [B]: without Route Server the VPN -> ER session is one-way", true },
	/* R12 and R19 on an instance. */
	{ "azure-coexist.yaml", "vpngw-in0", "if proto = \"i_vpngw_in1\" then accept;\n\tif proto !~ \"e_*\" then reject;", true },
	/* R13/R19 at the Route Server: never between instances. */
	{ "azure-coexist.yaml", "routeserver", "# R13 [D]: between VPN and ER gateways only with branch-to-branch (on)\n\tif proto = \"i_vpngw_in0\" then reject;\n\taccept;", true },
	{ "azure-coexist.yaml", "routeserver", "add paths tx;", true },
	{ "azure-coexist.yaml", "routeserver", "protocol kernel", false },
	/* R15: ExpressRoute over VPN at Azure's speakers. */
	{ "azure-coexist.yaml", "ergw-in0", "if bl_from_er() then bgp_local_pref = 1; else bgp_local_pref = 0;", true },
	{ "azure-coexist.yaml", "ergw-in0", "return bgp_path ~ [= * 12076 * =];", true },
	/* R22: the RRAS weight (tunnel-weights: 200 and 100) as local preference. */
	{ "tunnel-weights.yaml", "rras-a", "bgp_local_pref = 800;", true },
	{ "tunnel-weights.yaml", "rras-a", "bgp_local_pref = 400;", true },
	/* Prepending on the tunnel to instance 1 (aspath-prepend: 2 more). */
	{ "aspath-prepend.yaml", "rras-a", "bgp_path.prepend(65010);\n\t\tbgp_path.prepend(65010);\n\t\taccept;", true },
	/* Across a tunnel the session is multihop, next hops resolved. */
	{ "azure-coexist.yaml", "rras-a", "multihop;", true },
	{ "azure-coexist.yaml", "rras-a", "gateway recursive;", true },
	/* Limits R7, R8, R9. */
	{ "azure-coexist.yaml", "vpngw-in0", "import limit 4000 action disable;", true },
	{ "azure-coexist.yaml", "msee-b", "import limit 4000 action disable;", true },
	{ "azure-coexist.yaml", "ergw-in0", "export limit 1000 action disable;", true },
	{ "azure-coexist.yaml", "routeserver", "import limit 1000 action disable;", true },
	/* Timers. */
	{ "azure-coexist.yaml", "ergw-in0", "hold time 180;\n\tkeepalive time 60;", true },
	/* MSEE BFD on both ends of an ExpressRoute link, nowhere else. */
	{ "azure-coexist.yaml", "msee-b", "min rx interval 300 ms;\n\t\tmin tx interval 300 ms;\n\t\tmultiplier 3;", true },
	{ "azure-coexist.yaml", "msee-b", "neighbor 192.168.100.129 as 65020;\n\tdirect;\n\thold time 180;\n\tkeepalive time 60;\n\tconnect delay time 1;\n\tconnect retry time 2;\n\terror wait time 1, 4;\n\t# [D] MSEE BFD\n\tbfd on;", true },
	{ "azure-coexist.yaml", "ce-b", "bfd on;", true },
	{ "azure-coexist.yaml", "ergw-in0", "bfd", false },
	{ "azure-coexist.yaml", "rras-a", "bfd", false },
	{ "azure-coexist.yaml", "vpngw-in0", "bfd", false },
};

static void filters_carry_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(filter_cases) / sizeof(filter_cases[0]); i++) {
		const struct filter_case *c = &filter_cases[i];
		struct bl_topology *t;
		struct bl_model *m;
		struct bl_plan *p;
		char *conf;

		load(c->file, &t, &m, &p);
		conf = conf_of(m, c->node);
		if ((strstr(conf, c->text) != NULL) != c->present) {
			fprintf(stderr, "%s\n", conf);
			fail_msg("%s %s: `%s' should %sbe in the configuration above", c->file,
				 c->node, c->text, c->present ? "" : "not ");
		}
		free(conf);
		bl_plan_free(p);
		bl_model_free(m);
		bl_topology_free(t);
	}
}

static void not_speakers(void **state)
{
	struct bl_topology *t;
	struct bl_model *m;
	struct bl_plan *p;

	(void)state;
	load("azure-coexist.yaml", &t, &m, &p);
	assert_false(bl_model_bgp_speaker(m, "vm1"));
	assert_false(bl_model_bgp_speaker(m, "nosuch"));
	assert_true(bl_model_bgp_speaker(m, "ce-b"));
	assert_int_equal(bl_model_bird_conf(m, "b1", &opts, stdout), -ENOENT);
	bl_plan_free(p);
	bl_model_free(m);
	bl_topology_free(t);
}

/* The VNet feed: vm1 listens to the three gateways that program the hub
 * (both VPN instances, the ER gateway; not the Route Server), each of them
 * holds the matching session with its rule-tagged export filter. Without
 * Route Server (R10) the VPN instances feed nothing. */
static void vm_feed_sessions(void **state)
{
	struct bl_topology *t;
	struct bl_model *m;
	struct bl_plan *p;
	char *vm, *vpn, *er, *rs;
	const char *vm_filter;

	(void)state;
	load("azure-coexist.yaml", &t, &m, &p);
	assert_true(bl_model_vm_fed(m, "vm1"));
	assert_true(bl_model_bird_node(m, "vm1"));
	vm = conf_of(m, "vm1");
	vpn = conf_of(m, "vpngw-in0");
	er = conf_of(m, "ergw-in0");
	rs = conf_of(m, "routeserver");
	assert_true(has_session(vm, 0x0a000104, 65515, 0x0a00ff04, 65515));
	assert_true(has_session(vm, 0x0a000104, 65515, 0x0a00ff05, 65515));
	assert_true(has_session(vm, 0x0a000104, 65515, 0x0a00ff06, 65515));
	assert_null(strstr(vm, "neighbor 10.0.254.4"));
	assert_non_null(strstr(vm, "passive on;"));
	assert_non_null(strstr(vm, "# R16 [D]"));
	assert_non_null(strstr(vm, "if net ~ [ 10.0.0.0/16+ ] then reject;"));
	assert_non_null(strstr(vm, "if bl_from_er() then bgp_local_pref = 101;"));
	assert_non_null(strstr(vm, "route 10.0.255.0/27 via \"eth0\";"));
	assert_true(has_session(vpn, 0x0a00ff04, 65515, 0x0a000104, 65515));
	assert_non_null(strstr(vpn, "filter out_v_vm1 {"));
	assert_non_null(strstr(vpn, "\t\tnext hop self on;\n\t};\n}\n\n"));
	vm_filter = strstr(vpn, "filter out_v_vm1");
	assert_non_null(vm_filter);
	assert_non_null(strstr(vm_filter, "if bl_from_er() then { reject; }"));
	assert_true(has_session(er, 0x0a00ff06, 65515, 0x0a000104, 65515));
	assert_non_null(strstr(er, "next hop self ebgp;"));
	assert_null(strstr(rs, "v_vm1"));
	free(vm);
	free(vpn);
	free(er);
	free(rs);
	bl_plan_free(p);
	bl_model_free(m);
	bl_topology_free(t);

	load("coexist-no-rs.yaml", &t, &m, &p);
	vpn = conf_of(m, "vpngw-in0");
	assert_null(strstr(vpn, "v_vm1")); /* R10 [B] */
	er = conf_of(m, "ergw-in0");
	assert_non_null(strstr(er, "protocol bgp v_vm1"));
	free(vpn);
	free(er);
	bl_plan_free(p);
	bl_model_free(m);
	bl_topology_free(t);
}

/* bird -p -c FILE: parse only. */
static int bird_parse(const char *conf_path)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		execl("/usr/sbin/bird", "bird", "-p", "-c", conf_path, (char *)NULL);
		_exit(127);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void bird_accepts_every_config(void **state)
{
	char dir_path[4096], conf_path[] = "/tmp/bl-bird-conf-XXXXXX";
	struct dirent *e;
	size_t checked = 0;
	DIR *d;

	(void)state;
	if (access("/usr/sbin/bird", X_OK) < 0)
		skip(); /* no bird2 here: the build machine's CI installs it */
	snprintf(dir_path, sizeof(dir_path), "%s/topologies", BL_SOURCE_DIR);
	assert_non_null(d = opendir(dir_path));
	while ((e = readdir(d))) {
		struct bl_topology *t;
		struct bl_model *m;
		struct bl_plan *p;
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml"))
			continue;
		load(e->d_name, &t, &m, &p);
		for (size_t n = 0; n < p->n_nodes; n++) {
			FILE *f;
			int fd;

			if (!bl_model_bird_node(m, p->nodes[n].name))
				continue;
			fd = mkstemp(conf_path);
			assert_true(fd >= 0);
			assert_non_null(f = fdopen(fd, "w"));
			assert_int_equal(bl_model_bird_conf(m, p->nodes[n].name, &opts, f), 0);
			fclose(f);
			if (bird_parse(conf_path) != 0)
				fail_msg("bird -p refused the configuration of %s in %s", p->nodes[n].name,
					 e->d_name);
			unlink(conf_path);
			strcpy(conf_path, "/tmp/bl-bird-conf-XXXXXX");
			checked++;
		}
		bl_plan_free(p);
		bl_model_free(m);
		bl_topology_free(t);
	}
	closedir(d);
	assert_true(checked >= 40);
}

/* A failure changes no session: with the model under ER maintenance as
 * `selected`, the MSEE's configuration (from the failure-free model) gets
 * the F4 prepends on the drained link only, both ways, and nothing else
 * moves but those lines; without it, none. */
static void maintenance_only_prepends(void **state)
{
	struct bl_bird_conf_opts o = opts;
	struct bl_topology *t;
	struct bl_model *m, *drained;
	struct bl_plan *p;
	struct bl_failure f;
	char *plain, *conf;
	const char *in1, *out1, *in2;

	(void)state;
	load("azure-coexist.yaml", &t, &m, &p);
	assert_int_equal(bl_failure_parse(t, "er-maintenance:b/primary", &f), 0);
	assert_int_equal(bl_model_compute_failed(t, &f, 1, false, &drained), 0);
	plain = conf_of(m, "msee-b");
	assert_null(strstr(plain, "12076);"));
	o.selected = drained;
	conf = conf_with(m, "msee-b", &o);
	in1 = strstr(conf, "filter in_e_ce_b_1 {");
	out1 = strstr(conf, "filter out_e_ce_b_1 {");
	in2 = strstr(conf, "filter in_e_ce_b_2 {");
	assert_non_null(in1);
	assert_non_null(out1);
	assert_non_null(in2);
	/* Drained link 1: 3 copies on import (before its export filter) and
	 * 3 on export; link 2 untouched. */
	assert_non_null(strstr(in1, "\tbgp_path.prepend(12076);\n\tbgp_path.prepend(12076);\n"
				    "\tbgp_path.prepend(12076);\n\taccept;"));
	assert_true(strstr(in1, "bgp_path.prepend(12076);") < out1);
	assert_non_null(strstr(out1, "F4 [D] maintenance: 3 extra copies of AS 12076"));
	assert_true(strstr(out1, "F4 [D] maintenance") < in2);
	assert_null(strstr(in2, "12076);"));
	/* Same sessions: the protocol blocks are equal in number. */
	assert_int_equal(count(conf, "protocol bgp "), count(plain, "protocol bgp "));
	free(conf);
	free(plain);
	bl_model_free(drained);
	bl_plan_free(p);
	bl_model_free(m);
	bl_topology_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sessions_are_the_plans),
		cmocka_unit_test(filters_carry_rules),
		cmocka_unit_test(not_speakers),
		cmocka_unit_test(vm_feed_sessions),
		cmocka_unit_test(bird_accepts_every_config),
		cmocka_unit_test(maintenance_only_prepends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
