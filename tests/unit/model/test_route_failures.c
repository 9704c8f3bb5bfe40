// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The route model under failed elements (docs/failures.md), on the shipped
 * topologies: each kind of element, what the network looks like without
 * it, and that every valid element of every shipped topology computes. The
 * element text is parsed as `fail` and scenarios parse it.
 */
#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include "tests/unit/model_fixtures.h"
#include "model/path_predict.h"
#include "model/route_failure.h"

#define TOPOLOGY(name) BL_SOURCE_DIR "/topologies/" name

static struct bl_topology *load(const char *path)
{
	struct bl_topology *t = NULL;

	assert_int_equal(bl_topology_load(path, &t), 0);
	return t;
}

/* The model of t with the elements of the NULL-terminated list failed. */
static struct bl_model *under(const struct bl_topology *t, const char *const *elements)
{
	struct bl_failure f[8];
	struct bl_model *m = NULL;
	size_t n = 0;

	for (; elements[n]; n++)
		assert_int_equal(bl_failure_parse(t, elements[n], &f[n]), 0);
	assert_int_equal(bl_model_compute_failed(t, f, n, true, &m), 0);
	return m;
}

/* Whether every path predicted from src to the host dst arrives. */
static bool reaches(const struct bl_topology *t, const struct bl_model *m,
		    const char *src, const char *dst)
{
	struct bl_node_path paths[BL_PATH_MAX_PATHS];
	struct bl_plan *plan = NULL;
	bl_addr addr = 0;
	size_t n = 0;
	bool ok;

	assert_int_equal(bl_plan_new(t, &plan), 0);
	for (size_t i = 0; i < plan->n_ifaces; i++)
		if (!strcmp(plan->nodes[plan->ifaces[i].node].name, dst) &&
		    plan->ifaces[i].n_addrs)
			addr = plan->ifaces[i].addrs[0].addr;
	assert_int_not_equal(addr, 0);
	assert_int_equal(bl_predict_paths(plan, m, bl_plan_find_node(plan, src), addr,
					  paths, &n), 0);
	ok = n > 0;
	for (size_t i = 0; i < n; i++)
		ok = ok && paths[i].end == BL_PATH_REACHED;
	bl_plan_free(plan);
	return ok;
}

/* [D] F1: a site whose only tunnel ends on the instance in maintenance is
 * cut off; the VM falls to the 192.168.0.0/16 None range (R16). */
static const struct route_expect single_in0[] = {
	{ "vm1", "192.168.1.0/24", NULL, NULL },
	{ "vm1", "192.168.0.0/16", "blackhole", "" },
	{ "vpngw-in1", "192.168.1.0/24", NULL, NULL },
	{ "vpngw-in0", "192.168.1.0/24", NULL, NULL },
	{ "vpngw-in0", "192.168.1.254/32", NULL, NULL },      /* R3 static gone */
	{ "rras-a", "10.0.0.0/16", NULL, NULL },
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" }, /* ER unaffected */
};

static void single_tunnel_instance_cuts_the_site_off(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("single-tunnel.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "instance:vpngw-in0", NULL });

	(void)state;
	EXPECT_ROUTES(m, single_in0);
	assert_false(reaches(t, m, "vm1", "a1"));
	assert_false(reaches(t, m, "b1", "a1"));
	assert_true(reaches(t, m, "vm1", "b1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* The other instance of the same lab carries nothing for site a (no
 * tunnel): losing it changes only the VM's ECMP set. */
static const struct route_expect single_in1[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4", "65010" },
	{ "rras-a", "10.0.0.0/16", "169.254.0.1", "65515" },
};

static void single_tunnel_other_instance_keeps_reach(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("single-tunnel.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "instance:vpngw-in1", NULL });

	(void)state;
	EXPECT_ROUTES(m, single_in1);
	assert_true(reaches(t, m, "vm1", "a1"));
	assert_true(reaches(t, m, "b1", "a1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* [D] F1 with two tunnels: either instance in maintenance, the other one
 * carries everything and the site stays reachable. */
static const struct route_expect two_in0[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.5", "65010" },
	{ "rras-a", "10.0.0.0/16", "169.254.0.5", "65515" },
	{ "rras-a", "10.0.255.4/32", NULL, NULL },               /* R2 static gone */
	{ "vpngw-in1", "192.168.1.0/24", "169.254.0.6", "65010" },
};

static const struct route_expect two_in1[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4", "65010" },
	{ "rras-a", "10.0.0.0/16", "169.254.0.1", "65515" },
	{ "rras-a", "10.0.255.5/32", NULL, NULL },
	{ "vpngw-in0", "192.168.1.0/24", "169.254.0.2", "65010" },
};

static void two_tunnels_either_instance_other_carries(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("vpn-only.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "instance:vpngw-in0", NULL });

	(void)state;
	EXPECT_ROUTES(m, two_in0);
	assert_true(reaches(t, m, "vm1", "a1"));
	assert_true(reaches(t, m, "a1", "vm1"));
	bl_model_free(m);
	m = under(t, (const char *[]){ "instance:vpngw-in1", NULL });
	EXPECT_ROUTES(m, two_in1);
	assert_true(reaches(t, m, "vm1", "a1"));
	assert_true(reaches(t, m, "a1", "vm1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* [D] F2: one tunnel down is that tunnel's session and statics only: the
 * instance stays up, learns the site from its sibling (R19) and keeps
 * programming the VNet; RRAS uses the other tunnel. */
static const struct route_expect tunnel_a0[] = {
	{ "vm1", "192.168.1.0/24", "10.0.255.4 10.0.255.5", "65010" },
	{ "vpngw-in0", "192.168.1.0/24", "10.0.255.5", "65010" },
	{ "rras-a", "10.0.0.0/16", "169.254.0.5", "65515" },
};

static void one_tunnel_down_sibling_carries(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("vpn-only.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "tunnel:a/0", NULL });

	(void)state;
	EXPECT_ROUTES(m, tunnel_a0);
	assert_true(reaches(t, m, "vm1", "a1"));
	bl_model_free(m);
	m = under(t, (const char *[]){ "tunnel:a/0", "tunnel:a/1", NULL });
	assert_null(mfx_kroute(m, "vm1", "192.168.1.0/24"));
	assert_false(reaches(t, m, "vm1", "a1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* [D] F3: the primary link down, the secondary carries both ways. */
static const struct route_expect er_primary_down[] = {
	{ "ce-b", "10.0.0.0/16", "192.168.100.134", "12076 65515" },
	{ "msee-b", "172.16.0.0/16", "192.168.100.133", "65020" },
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
};

static void er_primary_link_down_secondary_carries(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("azure-coexist.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "er-link:b/primary", NULL });

	(void)state;
	EXPECT_ROUTES(m, er_primary_down);
	assert_true(reaches(t, m, "vm1", "b1"));
	assert_true(reaches(t, m, "a1", "b1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* [D] F4: maintenance drains the primary link by prepending 12076 while
 * its sessions stay up: the prepended path is still in the CE's table,
 * the kernel uses only the secondary link. */
static const struct route_expect er_drained[] = {
	{ "ce-b", "10.0.0.0/16", "192.168.100.134", "12076 65515" },
	{ "msee-b", "172.16.0.0/16", "192.168.100.133", "65020" },
	{ "vm1", "172.16.0.0/16", "10.0.255.6", "12076 65020" },
};

static void er_maintenance_drains_by_prepending(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("azure-coexist.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "er-maintenance:b/primary", NULL });
	const struct bl_route *rows;
	size_t n, prepended = 0;

	(void)state;
	EXPECT_ROUTES(m, er_drained);
	assert_int_equal(bl_model_table(m, "ce-b", &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].prefix.addr != MFX_IP(10, 0, 0, 0) || rows[i].active)
			continue;
		assert_int_equal(rows[i].as_path->len, 1 + BL_DRAIN_PREPEND + 1);
		assert_int_equal(rows[i].as_path->asn[BL_DRAIN_PREPEND], 12076);
		prepended++;
	}
	assert_int_equal(prepended, 1);
	assert_true(reaches(t, m, "vm1", "b1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* Both links (the circuit, or its CE) down: site b is unreachable from
 * Azure and from site a (branch-to-branch), site a is not affected. */
static void circuit_down_cuts_er_site_and_branch_to_branch(void **state)
{
	static const char *const kinds[][2] = { { "circuit:b", NULL }, { "node:ce-b", NULL } };
	struct bl_topology *t = load(TOPOLOGY("azure-coexist.yaml"));

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct bl_model *m = under(t, kinds[k]);

		assert_null(mfx_kroute(m, "vm1", "172.16.0.0/16"));
		assert_null(mfx_kroute(m, "rras-a", "172.16.0.0/16"));
		assert_false(reaches(t, m, "vm1", "b1"));
		assert_false(reaches(t, m, "a1", "b1"));
		assert_true(reaches(t, m, "vm1", "a1"));
		bl_model_free(m);
	}
	bl_topology_free(t);
}

/* A failed RRAS box takes its tunnels with it; a failed ER gateway takes
 * every ExpressRoute route out of the VNet. */
static void failed_nodes_take_their_routes(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("azure-coexist.yaml"));
	struct bl_model *m = under(t, (const char *[]){ "node:rras-a", NULL });
	const struct bl_route *rows;
	size_t n;

	(void)state;
	assert_null(mfx_kroute(m, "vm1", "192.168.1.0/24"));
	assert_null(mfx_kroute(m, "vpngw-in0", "192.168.1.254/32"));
	assert_int_equal(bl_model_table(m, "rras-a", &rows, &n), 0);
	assert_int_equal(n, 0);
	assert_true(reaches(t, m, "vm1", "b1"));
	bl_model_free(m);
	m = under(t, (const char *[]){ "node:ergw-in0", NULL });
	assert_null(mfx_kroute(m, "vm1", "172.16.0.0/16"));
	assert_null(mfx_kroute(m, "ce-b", "10.0.0.0/16"));
	assert_true(reaches(t, m, "vm1", "a1"));
	bl_model_free(m);
	bl_topology_free(t);
}

/* What bl_failure_parse reports on stderr for text (owned). */
static char *parse_error(const struct bl_topology *t, const char *text)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	struct bl_failure f;
	char *err = calloc(1, 2048);

	assert_non_null(tmp);
	assert_non_null(err);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	assert_int_equal(bl_failure_parse(t, text, &f), -EINVAL);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	assert_true(fread(err, 1, 2047, tmp) > 0);
	fclose(tmp);
	return err;
}

/* An unknown element names the kinds, and the nearest valid element. */
static void unknown_elements_name_kinds_and_nearest(void **state)
{
	struct bl_topology *t = load(TOPOLOGY("azure-coexist.yaml"));
	char *err = parse_error(t, "tunel:a/0");
	struct bl_failure f;
	char text[BL_FAILURE_STRLEN];

	(void)state;
	assert_non_null(strstr(err, "unknown element 'tunel:a/0'"));
	assert_non_null(strstr(err, "did you mean 'tunnel:a/0'"));
	assert_non_null(strstr(err, "instance:NODE, tunnel:SITE/INDEX"));
	free(err);
	err = parse_error(t, "instance:vpngw-in2");
	assert_non_null(strstr(err, "no element 'instance:vpngw-in2'"));
	assert_non_null(strstr(err, "did you mean 'instance:vpngw-in"));
	free(err);
	err = parse_error(t, "tunnel:a/2");
	assert_non_null(strstr(err, "no element 'tunnel:a/2'"));
	free(err);
	err = parse_error(t, "node:vnet");  /* a bridge is not an element */
	free(err);
	assert_int_equal(bl_failure_parse(t, "er-maintenance:b/secondary", &f), 0);
	assert_int_equal(f.kind, BL_FAIL_ER_MAINTENANCE);
	assert_int_equal(f.index, 1);
	bl_failure_str(&f, text, sizeof(text));
	assert_string_equal(text, "er-maintenance:b/secondary");
	bl_topology_free(t);
}

/* Every element of every shipped topology, failed alone, gives a model
 * that converges; and no failure gives the model without failures. */
static bool compute_each(const struct bl_failure *f, void *ctx);

static void every_element_of_every_topology_computes(void **state)
{
	DIR *d = opendir(BL_SOURCE_DIR "/topologies");
	struct dirent *e;
	size_t files = 0, elements = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[512];
		struct bl_topology *t;

		if (!strstr(e->d_name, ".yaml"))
			continue;
		snprintf(path, sizeof(path), "%s/topologies/%s", BL_SOURCE_DIR, e->d_name);
		t = load(path);
		elements += bl_failures_each(t, compute_each, t);
		bl_topology_free(t);
		files++;
	}
	closedir(d);
	assert_true(files >= 9);
	printf("# %zu elements in %zu topologies, each computed\n", elements, files);
}

static bool compute_each(const struct bl_failure *f, void *ctx)
{
	const struct bl_topology *t = ctx;
	struct bl_model *m = NULL;
	char text[BL_FAILURE_STRLEN];
	struct bl_failure back;

	bl_failure_str(f, text, sizeof(text));
	assert_int_equal(bl_failure_parse(t, text, &back), 0);
	assert_true(bl_failure_same(f, &back));
	if (bl_model_compute_failed(t, f, 1, false, &m) != 0)
		fail_msg("%s: %s does not compute", t->name, text);
	bl_model_free(m);
	return false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(single_tunnel_instance_cuts_the_site_off),
		cmocka_unit_test(single_tunnel_other_instance_keeps_reach),
		cmocka_unit_test(two_tunnels_either_instance_other_carries),
		cmocka_unit_test(one_tunnel_down_sibling_carries),
		cmocka_unit_test(er_primary_link_down_secondary_carries),
		cmocka_unit_test(er_maintenance_drains_by_prepending),
		cmocka_unit_test(circuit_down_cuts_er_site_and_branch_to_branch),
		cmocka_unit_test(failed_nodes_take_their_routes),
		cmocka_unit_test(unknown_elements_name_kinds_and_nearest),
		cmocka_unit_test(every_element_of_every_topology_computes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
