// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `up FILE [--keying static|ikev2]`, `down [LAB|FILE] | --all` (status:
 * cmd_status.c, exec: cmd_exec.c). Each ends with one summary line on
 * stdout: what the lab has, counted from its plan, and the time taken.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/commands.h"
#include "lab/lab.h"
#include "lab/lab_bird.h"
#include "lab/lab_ike.h"
#include "lab/lab_arg.h"
#include "lab/lab_guard.h"
#include "lab/lab_state.h"
#include "common/report.h"
#include "model/route_model.h"

const struct bl_opt bl_up_opts[] = {
	{ "keying", 'k', "static|ikev2", 0, "every tunnel keyed this way, whatever the file says" },
	{ "control-plane", 'c', "static|bird", 0,
	  "routes pinned from the model, or one BIRD daemon per BGP speaker, whatever the file says" },
	{ NULL, 0, NULL, 0, NULL },
};

const struct bl_opt bl_down_opts[] = {
	{ "all", 'a', NULL, 0, "every lab that is up (no LAB then)" },
	{ NULL, 0, NULL, 0, NULL },
};

struct lab_counts {
	char name[BL_NAME_BUF]; /* the last lab counted */
	size_t labs, nodes, links, tunnels, routes;
};

/* The routes up installs: the route model's for each node, and the
 * plan's own (defaults of LAN hosts). */
static size_t count_routes(const struct bl_topology *topo, const struct bl_plan *plan)
{
	struct bl_model *m = NULL;
	size_t n = plan->n_routes;

	if (bl_model_compute(topo, &m) < 0)
		return n;
	for (size_t i = 0; i < plan->n_nodes; i++) {
		const struct bl_kernel_route *routes;
		size_t k = 0;

		if (bl_model_kernel_routes(m, plan->nodes[i].name, &routes, &k) == 0)
			n += k;
	}
	bl_model_free(m);
	return n;
}

/* What a lab is made of, from the plan of its topology file. */
static int count_lab(const char *topology, struct lab_counts *c)
{
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	size_t veths = 0;
	int r = bl_lab_open(topology, &topo, &plan);

	if (r < 0)
		return r;
	c->routes += count_routes(topo, plan);
	for (size_t i = 0; i < plan->n_ifaces; i++)
		veths += plan->ifaces[i].kind == BL_IFACE_VETH;
	snprintf(c->name, sizeof(c->name), "%s", plan->lab);
	c->labs++;
	c->nodes += plan->n_nodes;
	c->links += veths / 2; /* a veth pair is one link */
	c->tunnels += plan->n_tunnels;
	bl_plan_free(plan);
	bl_topology_free(topo);
	return 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* "lab NAME up: 14 nodes, 15 links, 2 tunnels, 23 routes in 1.20 s" */
static void print_summary(const char *what, const char *state, const struct lab_counts *c,
			  const struct timespec *t0)
{
	printf("%s %s: %zu nodes, %zu links, %zu tunnels, %zu routes in %.2f s\n", what, state,
	       c->nodes, c->links, c->tunnels, c->routes, seconds_since(t0));
}

/* --keying static|ikev2: every tunnel's keying, whatever the file says. */
static int parse_keying(const char *word)
{
	if (!word)
		return BL_KEYING_TOPOLOGY;
	if (!strcmp(word, "static"))
		return BL_KEYING_STATIC;
	if (!strcmp(word, "ikev2"))
		return BL_KEYING_IKEV2;
	bl_err("--keying takes static or ikev2, not `%s'", word);
	return -EINVAL;
}

/* --control-plane static|bird: the lab's control plane, whatever the
 * file says. */
static int parse_control_plane(const char *word)
{
	if (!word)
		return BL_CONTROL_TOPOLOGY;
	if (!strcmp(word, "static"))
		return BL_CONTROL_STATIC;
	if (!strcmp(word, "bird"))
		return BL_CONTROL_BIRD;
	bl_err("--control-plane takes static or bird, not `%s'", word);
	return -EINVAL;
}

int cmd_up(const struct bl_args *a)
{
	const char *file = a->operands[0];
	int keying = parse_keying(bl_args_value(a, "keying"));
	int control = parse_control_plane(bl_args_value(a, "control-plane"));
	struct lab_counts counts = { 0 };
	struct timespec t0;
	char what[BL_NAME_BUF + 8];
	int r;

	if (keying == -EINVAL || control == -EINVAL)
		return 2;
	if (!bl_lab_arg_is_file(file)) {
		bl_err("up takes a topology FILE (a path, or a name ending in .yaml), not `%s'", file);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = bl_lab_up(file, keying, control);
	/* Interrupted (and rolled back): the shell's status for that signal. */
	if (r == -EINTR)
		return 128 + bl_lab_interrupted();
	if (r < 0)
		return 1;
	if (count_lab(file, &counts) < 0)
		return 1;
	snprintf(what, sizeof(what), "lab %s", counts.name);
	print_summary(what, "up", &counts, &t0);
	return 0;
}

/* Every lab that has a manifest, counted, then everything with a state dir
 * taken down (bl_lab_down_all also clears labs left half made). */
static int down_all(void)
{
	char (*labs)[BL_NAME_BUF] = NULL;
	struct lab_counts counts = { 0 };
	struct timespec t0;
	char what[32];
	size_t n = 0;
	int r = bl_labs_list(&labs, &n);

	if (r < 0)
		return bl_err_errno(r, "listing labs failed");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < n; i++) {
		struct bl_lab_ref ref;

		if (bl_lab_arg_resolve(labs[i], BL_LAB_ARG_UP, &ref, NULL) == 0)
			count_lab(ref.topology, &counts);
	}
	free(labs);
	r = bl_lab_down_all();
	if (r < 0)
		return r;
	if (!counts.labs) {
		printf("no lab was up\n");
		return 0;
	}
	snprintf(what, sizeof(what), "%zu lab%s", counts.labs, counts.labs == 1 ? "" : "s");
	print_summary(what, "down", &counts, &t0);
	return 0;
}

int cmd_down(const struct bl_args *a)
{
	struct lab_counts counts = { 0 };
	struct bl_lab_ref ref;
	struct timespec t0;
	char what[BL_NAME_BUF + 8];

	if (bl_args_has(a, "all")) {
		if (a->n_operands) {
			bl_err("--all takes no LAB (see 'branchlab down --help')");
			return 2;
		}
		return down_all() < 0 ? 1 : 0;
	}
	if (bl_lab_arg_resolve(a->n_operands ? a->operands[0] : NULL, BL_LAB_ARG_ANY, &ref,
			       NULL) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Counted before: down removes the kept topology with the state. */
	if (ref.up && ref.topology[0])
		count_lab(ref.topology, &counts);
	if (bl_lab_down(ref.name) < 0)
		return 1;
	if (!ref.up) {
		printf("lab %s was not up: nothing to take down\n", ref.name);
		return 0;
	}
	snprintf(what, sizeof(what), "lab %s", ref.name);
	print_summary(what, "down", &counts, &t0);
	return 0;
}
