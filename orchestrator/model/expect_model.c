// SPDX-License-Identifier: GPL-2.0-or-later
#include "model/expect_model.h"

#include <errno.h>
#include <string.h>

#include "model/path_predict.h"

static const char *const kind_names[] = { "reach", "paths", "route", "tunnel" };

/* The list being checked: the top-level one, or a scenario's. */
struct expect_list {
	const struct bl_expectation *e;
	size_t n;
	const char *base; /* "expect", "scenarios[2].expect" */
};

static void warn_head(FILE *out, const struct bl_topology *t, const struct expect_list *l,
		      size_t i, const struct bl_expectation *e)
{
	fprintf(out, "%s:%u:1: warning: %s[%zu].%s: ", t->source_path, e->line, l->base, i,
		kind_names[e->kind]);
}

/* The kernel route a packet to the prefix's first address takes (longest
 * match), as `verify` would see it. */
static const struct bl_kernel_route *lookup(const struct bl_model *m, const char *node,
					    struct bl_prefix p)
{
	const struct bl_kernel_route *k, *best = NULL;
	size_t n;

	if (bl_model_kernel_routes(m, node, &k, &n) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (bl_prefix_covers(k[i].prefix, p) &&
		    (!best || k[i].prefix.len > best->prefix.len))
			best = &k[i];
	return best;
}

static bool has_hop(const bl_addr *hops, size_t n, bl_addr a)
{
	for (size_t i = 0; i < n; i++)
		if (hops[i] == a)
			return true;
	return false;
}

static bool same_hops(const struct bl_kernel_route *k, const struct bl_expectation *e)
{
	if (k->n_next_hops != e->n_next_hops)
		return false;
	for (size_t i = 0; i < e->n_next_hops; i++)
		if (!has_hop(k->next_hops, k->n_next_hops, e->next_hops[i]))
			return false;
	return true;
}

static void print_hops(FILE *out, const bl_addr *hops, size_t n)
{
	char a[BL_ADDR_STRLEN];

	fputc('[', out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? ", " : "", bl_addr_str(hops[i], a));
	fputc(']', out);
}

static int check_route(const struct bl_topology *t, const struct expect_list *l,
		       const struct bl_model *m, size_t i, FILE *out)
{
	const struct bl_expectation *e = &l->e[i];
	const struct bl_kernel_route *k = lookup(m, e->node, e->prefix);
	bool usable = k && k->type == BL_KROUTE_UNICAST;
	char ps[BL_PREFIX_STRLEN], ks[BL_PREFIX_STRLEN];

	bl_prefix_str(e->prefix, ps);
	if (e->positive == usable && (!usable || !e->n_next_hops || same_hops(k, e)))
		return 0;
	warn_head(out, t, l, i, e);
	if (!usable)
		fprintf(out, "the model gives %s no usable route to %s", e->node, ps);
	else if (!e->positive)
		fprintf(out, "the model gives %s a route to %s (%s)", e->node, ps,
			bl_prefix_str(k->prefix, ks));
	else {
		fprintf(out, "the model gives %s %s via ", e->node, bl_prefix_str(k->prefix, ks));
		print_hops(out, k->next_hops, k->n_next_hops);
		fprintf(out, ", not ");
		print_hops(out, e->next_hops, e->n_next_hops);
	}
	fputs(" (model)\n", out);
	return 1;
}

/* The first address of the destination node, on its veth. */
static int node_address(const struct bl_plan *plan, size_t node, bl_addr *out)
{
	for (size_t i = 0; i < plan->n_ifaces; i++) {
		const struct bl_plan_iface *ifc = &plan->ifaces[i];

		if (ifc->node == node && ifc->kind == BL_IFACE_VETH && ifc->n_addrs) {
			*out = ifc->addrs[0].addr;
			return 0;
		}
	}
	return -ENOENT;
}

static bool path_is(const struct bl_plan *plan, const struct bl_node_path *p,
		    const struct bl_path *want)
{
	if (p->n_nodes != want->n_hops || p->end != BL_PATH_REACHED)
		return false;
	for (size_t i = 0; i < p->n_nodes; i++)
		if (strcmp(plan->nodes[p->nodes[i]].name, want->hops[i]) != 0)
			return false;
	return true;
}

static bool path_expected(const struct bl_plan *plan, const struct bl_node_path *p,
			  const struct bl_expectation *e)
{
	for (size_t k = 0; k < e->n_paths; k++)
		if (path_is(plan, p, &e->paths[k]))
			return true;
	return false;
}

static void print_paths(FILE *out, const struct bl_plan *plan,
			const struct bl_node_path *paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		fputs(i ? "; " : "", out);
		for (size_t h = 0; h < paths[i].n_nodes; h++)
			fprintf(out, "%s%s", h ? " " : "", plan->nodes[paths[i].nodes[h]].name);
		if (paths[i].end != BL_PATH_REACHED)
			fprintf(out, " (%s)", bl_path_end_name(paths[i].end));
	}
}

/* paths: the predicted set is the expected set (each expected path
 * predicted, each predicted path expected); reach: all arrive, or none. */
static bool paths_hold(const struct bl_plan *plan, const struct bl_expectation *e,
		       const struct bl_node_path *paths, size_t n)
{
	size_t reached = 0;

	for (size_t i = 0; i < n; i++)
		reached += paths[i].end == BL_PATH_REACHED;
	if (e->kind == BL_EXPECT_REACH)
		return e->positive ? n && reached == n : reached == 0;
	for (size_t i = 0; i < n; i++)
		if (!path_expected(plan, &paths[i], e))
			return false;
	for (size_t k = 0; k < e->n_paths; k++) {
		bool found = false;

		for (size_t i = 0; i < n && !found; i++)
			found = path_is(plan, &paths[i], &e->paths[k]);
		if (!found)
			return false;
	}
	return true;
}

static int check_paths(const struct bl_topology *t, const struct expect_list *l,
		       const struct bl_plan *plan, const struct bl_model *m, size_t i, FILE *out)
{
	const struct bl_expectation *e = &l->e[i];
	struct bl_node_path paths[BL_PATH_MAX_PATHS];
	size_t n = 0, src = bl_plan_find_node(plan, e->from), dst = bl_plan_find_node(plan, e->to);
	bl_addr to;
	int err;

	if (src == BL_PLAN_NONE || dst == BL_PLAN_NONE || node_address(plan, dst, &to) < 0)
		return 0; /* the loader has already refused such a name */
	err = bl_predict_paths(plan, m, src, to, paths, &n);
	if (err < 0) {
		warn_head(out, t, l, i, e);
		fprintf(out, "the model's paths from %s to %s could not be predicted: %s (model)\n",
			e->from, e->to, strerror(-err));
		return 1;
	}
	if (paths_hold(plan, e, paths, n))
		return 0;
	warn_head(out, t, l, i, e);
	fprintf(out, "the model's paths from %s to %s are ", e->from, e->to);
	print_paths(out, plan, paths, n);
	if (!n)
		fputs("none", out);
	fputs(" (model)\n", out);
	return 1;
}

static int check_list(const struct bl_topology *topo, const struct expect_list *l,
		      const struct bl_plan *plan, const struct bl_model *model, FILE *out)
{
	int count = 0;

	for (size_t i = 0; i < l->n; i++) {
		const struct bl_expectation *e = &l->e[i];

		if (e->kind == BL_EXPECT_ROUTE)
			count += check_route(topo, l, model, i, out);
		else if (e->kind == BL_EXPECT_PATHS || e->kind == BL_EXPECT_REACH)
			count += check_paths(topo, l, plan, model, i, out);
	}
	return count;
}

int bl_expect_against_model(const struct bl_topology *topo, const struct bl_plan *plan,
			    const struct bl_model *model, FILE *out)
{
	struct expect_list l = { topo->expectations, topo->n_expectations, "expect" };

	return check_list(topo, &l, plan, model, out);
}

int bl_expect_list_against_model(const struct bl_topology *topo, const struct bl_plan *plan,
				 const struct bl_model *model,
				 const struct bl_expectation *list, size_t n,
				 const char *base, FILE *out)
{
	struct expect_list l = { list, n, base };

	return check_list(topo, &l, plan, model, out);
}

bool bl_expect_list_needs_model(const struct bl_expectation *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].kind != BL_EXPECT_TUNNEL)
			return true;
	return false;
}

int bl_scenario_against_model(const struct bl_topology *topo, const struct bl_plan *plan,
			      size_t scenario, FILE *out)
{
	const struct bl_scenario *s = &topo->scenarios[scenario];
	struct bl_model *model = NULL;
	char base[64];
	int err;

	if (!bl_expect_list_needs_model(s->expectations, s->n_expectations))
		return 0;
	err = bl_model_compute_failed(topo, s->failures, s->n_failures, false, &model);
	if (err < 0) {
		fprintf(out, "%s:%u:1: warning: scenarios[%zu]: the route model under scenario "
			"'%s' could not be computed: %s (model)\n", topo->source_path, s->line,
			scenario, s->name, strerror(-err));
		return 1;
	}
	snprintf(base, sizeof(base), "scenarios[%zu].expect", scenario);
	err = bl_expect_list_against_model(topo, plan, model, s->expectations,
					   s->n_expectations, base, out);
	bl_model_free(model);
	return err;
}
