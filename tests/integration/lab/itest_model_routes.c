// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every node's kernel routes equal the route model's, for every shipped
 * topology and two tunnel-less ones written here: `branchlab up`, then for
 * each node of the plan a netlink dump of its namespace's main table is
 * compared with the plan's routes overlaid by bl_model_kernel_routes()
 * (prefix, type, next-hop set); each difference is printed as
 *   node: prefix: kernel <...> model <...>
 * and fails the test; then `branchlab down`.
 *
 * The expectation is built here from the plan and the model directly, not
 * by lab_routes.c's code, so a push that drops, merges or misreads a
 * route shows up. A topology whose features (doctor) this kernel lacks is
 * skipped by name; on the host kernel (no ESP) only the tunnel-less ones
 * run, and the test exits 77 if none could.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netlink/addr_route.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"
#include "lab/doctor.h"
#include "lab/lab_ns.h"
#include "lab/lab_state.h"
#include "lab/route_diff.h"
#include "model/route_model.h"

#ifndef BL_SOURCE_DIR
#define BL_SOURCE_DIR "."
#endif
#define MAX_WANTED 256

/* Tunnel-less labs run on any kernel with namespaces and multipath: ER
 * only with defaults, and the reference hub (active-active VPN gateway,
 * Route Server with branch-to-branch) without its VPN site. */
static const char *const tunnel_less[] = {
	"name: itmr%d-er\ner_circuits: [{name: b}]\n",
	"name: itmr%d-rs\nvpn_gateway: {active_active: true}\n"
	"route_server: {branch_to_branch: true}\ner_circuits: [{name: b}]\n",
};

static char workdir[] = "/tmp/itest_model_routes.XXXXXX";
static const char *branchlab;
static char up_lab[BL_NAME_BUF];

/* Run branchlab with argv (no shell), its output into WORKDIR/log. */
static int run_branchlab(const char *const args[])
{
	char log[sizeof(workdir) + 8];
	const char *argv[8] = { branchlab };
	int status;
	pid_t pid;

	for (size_t i = 0; i < 6 && args[i]; i++)
		argv[i + 1] = args[i];
	snprintf(log, sizeof(log), "%s/log", workdir);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(branchlab, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void print_log(void)
{
	char path[sizeof(workdir) + 8], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/log", workdir);
	if (!(f = fopen(path, "r")))
		return;
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "  | %s", line);
	fclose(f);
}

static void lab_down(void)
{
	if (up_lab[0])
		run_branchlab((const char *const[]){ "down", up_lab, NULL });
	up_lab[0] = 0;
}

/* Later routes for the same prefix replace earlier ones. */
static void put(struct bl_nl_route *set, size_t *n, const struct bl_nl_route *rt)
{
	for (size_t i = 0; i < *n; i++) {
		if (set[i].dst == rt->dst && set[i].dst_len == rt->dst_len) {
			set[i] = *rt;
			return;
		}
	}
	if (*n < MAX_WANTED)
		set[(*n)++] = *rt;
}

static void plan_routes(const struct bl_plan *plan, const struct bl_lab_ns *ns, size_t node,
			struct bl_nl_route *set, size_t *n)
{
	for (size_t i = 0; i < plan->n_routes; i++) {
		const struct bl_plan_route *pr = &plan->routes[i];
		struct bl_nl_route rt = { .dst = pr->dst.addr, .dst_len = pr->dst.len };

		if (pr->node != node)
			continue;
		rt.type = pr->blackhole ? BL_NL_ROUTE_BLACKHOLE : BL_NL_ROUTE_UNICAST;
		for (size_t k = 0; k < pr->n_via; k++)
			rt.nexthops[rt.n_nexthops++].gateway = pr->via[k];
		if (!pr->n_via && !pr->blackhole) {
			rt.nexthops[0].ifindex = bl_lab_ns_index(ns, plan->ifaces[pr->dev].name);
			rt.n_nexthops = 1;
		}
		put(set, n, &rt);
	}
}

/* The model's routes the kernel must hold; a unicast route without next
 * hops (VnetLocal, peering, Internet) is carried by addresses and the
 * plan, not by a route of its own. */
static void model_routes(const struct bl_model *model, const char *node,
			 struct bl_nl_route *set, size_t *n)
{
	const struct bl_kernel_route *kr;
	size_t count;

	if (bl_model_kernel_routes(model, node, &kr, &count) < 0)
		return;
	for (size_t i = 0; i < count; i++) {
		struct bl_nl_route rt = { .dst = kr[i].prefix.addr, .dst_len = kr[i].prefix.len };

		if (kr[i].type == BL_KROUTE_BLACKHOLE)
			rt.type = BL_NL_ROUTE_BLACKHOLE;
		else if (!kr[i].n_next_hops)
			continue;
		for (size_t k = 0; rt.type == BL_NL_ROUTE_UNICAST && k < kr[i].n_next_hops; k++)
			rt.nexthops[rt.n_nexthops++].gateway = kr[i].next_hops[k];
		put(set, n, &rt);
	}
}

static size_t print_differences(const char *node, const struct bl_route_change *c, size_t n)
{
	char p[BL_PREFIX_STRLEN], k[BL_ROUTE_DESC_LEN], m[BL_ROUTE_DESC_LEN];

	for (size_t i = 0; i < n; i++) {
		const struct bl_nl_route *r = c[i].wanted ? c[i].wanted : c[i].present;

		bl_prefix_str((struct bl_prefix){ r->dst, r->dst_len }, p);
		fprintf(stderr, "%s: %s: kernel %s model %s\n", node, p,
			bl_route_describe(c[i].present, k, sizeof(k)),
			bl_route_describe(c[i].wanted, m, sizeof(m)));
	}
	return n;
}

/* Differences at one node (printed), or -1 when it could not be read. */
static int compare_node(const struct bl_plan *plan, const struct bl_model *model, size_t node,
			size_t *n_routes)
{
	static struct bl_nl_route wanted[MAX_WANTED];
	static struct bl_route_change changes[2 * MAX_WANTED];
	const struct bl_plan_node *pn = &plan->nodes[node];
	struct bl_lab_ns ns = { .fd = -1 };
	struct bl_nl_route *present = NULL;
	size_t n_wanted = 0, n_present = 0;
	int diffs = -1;

	if (bl_lab_ns_open(&ns, pn->name, pn->netns) < 0 || bl_lab_ns_dump_links(&ns) < 0 ||
	    bl_nl_routes_read(ns.reader, 0, &present, &n_present, NULL) < 0)
		goto out;
	plan_routes(plan, &ns, node, wanted, &n_wanted);
	model_routes(model, pn->name, wanted, &n_wanted);
	if (n_present > MAX_WANTED)
		n_present = MAX_WANTED;
	bl_route_diff_sort(wanted, n_wanted);
	bl_route_diff_sort(present, n_present);
	diffs = (int)print_differences(pn->name, changes,
				       bl_route_diff(wanted, n_wanted, present, n_present,
						     BL_NL_RTPROT, changes));
	*n_routes += n_wanted;
out:
	free(present);
	bl_lab_ns_close(&ns);
	return diffs;
}

static int compare_lab(const struct bl_plan *plan, const struct bl_model *model,
		       size_t *n_routes)
{
	int diffs = 0;

	for (size_t n = 0; n < plan->n_nodes; n++) {
		int d = compare_node(plan, model, n, n_routes);

		if (d < 0) {
			fprintf(stderr, "%s: reading its namespace %s failed\n",
				plan->nodes[n].name, plan->nodes[n].netns);
			return -1;
		}
		diffs += d;
	}
	return diffs;
}

/* A topology skipped while others ran: a line in $BRANCHLAB_SKIP_LOG,
 * which ci/test.sh counts as skipped, and as failed in the test VM. */
static void skip_part_logged(const char *name, const char *feature, const char *detail)
{
	const char *path = getenv("BRANCHLAB_SKIP_LOG");
	FILE *f = path && *path ? fopen(path, "a") : NULL;

	if (!f)
		return;
	fprintf(f, "itest_model_routes: %s: %s: %s\n", name, feature, detail);
	fclose(f);
}

/* Whether this kernel has what the topology needs; prints why not. */
static bool runnable(const char *name, const struct bl_topology *topo)
{
	struct bl_check checks[BL_FEAT_COUNT];
	unsigned missing = bl_doctor_check(bl_doctor_needs(topo), checks);

	for (unsigned f = 0; f < BL_FEAT_COUNT; f++) {
		if (missing & BL_FEAT_BIT(f)) {
			printf("skip %s: %s: %s\n", name, checks[f].name, checks[f].detail);
			skip_part_logged(name, checks[f].name, checks[f].detail);
			return false;
		}
	}
	return true;
}

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Up, compare, down. 1 passed, 0 skipped, -1 failed. */
static int check_lab(const char *path, const char *name, const struct bl_topology *topo,
		     const struct bl_plan *plan, const struct bl_model *model)
{
	size_t n_routes = 0;
	struct timespec t0;
	int diffs;

	if (!runnable(name, topo))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(up_lab, sizeof(up_lab), "%s", plan->lab);
	if (run_branchlab((const char *const[]){ "up", path, NULL }) != 0) {
		print_log();
		lab_down();
		fprintf(stderr, "FAIL %s: up failed\n", name);
		return -1;
	}
	diffs = compare_lab(plan, model, &n_routes);
	lab_down();
	if (diffs)
		fprintf(stderr, "FAIL %s: %d route(s) differ from the model\n", name, diffs);
	else
		printf("ok   %s: %zu nodes, %zu routes equal the model (up + down %.1f s)\n", name,
		       plan->n_nodes, n_routes, since(&t0));
	return diffs ? -1 : 1;
}

static int check_topology(const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	struct bl_model *model = NULL;
	int r = bl_lab_open(path, &topo, &plan);

	if (r >= 0)
		r = bl_model_compute(topo, &model);
	if (r < 0)
		fprintf(stderr, "FAIL %s: loading or modelling it failed\n", name);
	else
		r = check_lab(path, name, topo, plan, model);
	bl_model_free(model);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r;
}

static int write_tunnel_less(size_t i, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/tunnel-less-%zu.yaml", workdir, i);
	if (!(f = fopen(path, "w")))
		return -errno;
	fprintf(f, tunnel_less[i], (int)(getpid() % 1000));
	return fclose(f) ? -errno : 0;
}

struct tally {
	int passed, skipped, failed;
};

static void count(struct tally *t, int r)
{
	if (r > 0)
		t->passed++;
	else if (r == 0)
		t->skipped++;
	else
		t->failed++;
}

static void run_all(struct tally *t)
{
	char path[sizeof(workdir) + 32];
	glob_t g = { 0 };

	if (glob(BL_SOURCE_DIR "/topologies/*.yaml", 0, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc; i++)
			count(t, check_topology(g.gl_pathv[i]));
	globfree(&g);
	for (size_t i = 0; i < sizeof(tunnel_less) / sizeof(tunnel_less[0]); i++)
		count(t, write_tunnel_less(i, path, sizeof(path)) < 0 ? -1
								    : check_topology(path));
}

int main(void)
{
	struct tally t = { 0 };
	char log[sizeof(workdir) + 8];

	if (geteuid() != 0) {
		printf("SKIP: needs root (network namespaces)\n");
		return 77;
	}
	branchlab = getenv("BRANCHLAB");
	if (!branchlab || !mkdtemp(workdir)) {
		fprintf(stderr, "FAIL: set BRANCHLAB to the branchlab binary\n");
		return 1;
	}
	run_all(&t);
	lab_down();
	snprintf(log, sizeof(log), "%s/log", workdir);
	unlink(log);
	for (size_t i = 0; i < sizeof(tunnel_less) / sizeof(tunnel_less[0]); i++) {
		char path[sizeof(workdir) + 32];

		snprintf(path, sizeof(path), "%s/tunnel-less-%zu.yaml", workdir, i);
		unlink(path);
	}
	rmdir(workdir);
	printf("%d labs equal the model, %d skipped, %d failed\n", t.passed, t.skipped, t.failed);
	if (t.failed)
		return 1;
	return t.passed ? 0 : 77;
}
