// SPDX-License-Identifier: GPL-2.0-or-later
/* Expectations may only name nodes, sites and tunnels that exist. */
#include <string.h>

#include "common/suggest.h"
#include "topology/topology_internal.h"
#include "topology/topology_names.h"

/* What every check needs: the names are looked up in a set built once
 * (a walk of every node per expectation was quadratic). */
struct expect_ctx {
	const struct bl_topology *t;
	struct bl_topo_diag *d;
	struct bl_topo_names names;
};

static void offer_node(const char *name, const char *key, void *ctx)
{
	(void)key;
	bl_suggest_offer(ctx, name);
}

static void check_node(const struct expect_ctx *c, const char *key, const char *name)
{
	struct bl_suggest s;

	if (bl_topo_names_find(&c->names, name) >= 0)
		return;
	bl_suggest_init(&s, name);
	bl_topo_for_each_node(c->t, offer_node, &s);
	if (s.best)
		bl_topo_error(c->d, key, "expect", "no node is called '%s' (did you mean '%s'?)",
			      name, s.best);
	else
		bl_topo_error(c->d, key, "expect", "no node is called '%s'", name);
}

/* from/to send or answer packets: a bridge cannot. */
static void check_endpoint(const struct expect_ctx *c, const char *key, const char *name)
{
	if (bl_topology_is_segment(c->t, name))
		bl_topo_error(c->d, key, "expect",
			      "'%s' is a network segment (a bridge with no address): name a VM, "
			      "host or router", name);
	else
		check_node(c, key, name);
}

static void check_paths(const struct expect_ctx *c, const char *key,
			const struct bl_expectation *e)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t p = 0; p < e->n_paths; p++) {
		const struct bl_path *path = &e->paths[p];

		bl_topo_key(k, "%s.any_of[%zu]", key, p);
		if (path->n_hops < 2 || strcmp(path->hops[0], e->from) != 0 ||
		    strcmp(path->hops[path->n_hops - 1], e->to) != 0) {
			bl_topo_error(c->d, k, "expect",
				      "a path must start at '%s' and end at '%s'",
				      e->from, e->to);
			continue;
		}
		for (size_t h = 0; h < path->n_hops; h++)
			if (*path->hops[h])
				check_node(c, k, path->hops[h]);
	}
}

static void check_tunnel(const struct bl_topology *t, struct bl_topo_diag *d,
			 const char *key, const struct bl_expectation *e)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		if (strcmp(s->name, e->site) != 0)
			continue;
		for (size_t n = 0; n < s->n_tunnels; n++)
			if (s->tunnels[n].instance == e->instance)
				return;
		bl_topo_error(d, bl_topo_key(k, "%s.instance", key), "expect",
			      "site '%s' has no tunnel to instance %u", e->site,
			      e->instance);
		return;
	}
	bl_topo_error(d, bl_topo_key(k, "%s.site", key), "expect",
		      "no VPN site is called '%s'", e->site);
}

static void check_one(const struct expect_ctx *c, const char *base, size_t i,
		      const struct bl_expectation *e)
{
	static const char *const kinds[] = { "reach", "paths", "route", "tunnel" };
	char key[BL_TOPO_KEY_MAX], k[BL_TOPO_KEY_MAX];

	bl_topo_key(key, "%s[%zu].%s", base, i, kinds[e->kind]);
	if (e->kind == BL_EXPECT_ROUTE) {
		check_node(c, bl_topo_key(k, "%s.node", key), e->node);
		return;
	}
	check_endpoint(c, bl_topo_key(k, "%s.from", key), e->from);
	check_endpoint(c, bl_topo_key(k, "%s.to", key), e->to);
	if (e->kind == BL_EXPECT_PATHS)
		check_paths(c, key, e);
	else if (e->kind == BL_EXPECT_TUNNEL)
		check_tunnel(c->t, c->d, key, e);
}

/* Scenario names are what `verify --scenario` takes: unique. */
static void check_scenario_names(const struct bl_topology *t, struct bl_topo_diag *d)
{
	char k[BL_TOPO_KEY_MAX];

	for (size_t i = 0; i < t->n_scenarios; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t->scenarios[i].name, t->scenarios[j].name)) {
				bl_topo_error(d, bl_topo_key(k, "scenarios[%zu].name", i),
					      "scenario",
					      "scenario '%s' is already defined (line %u)",
					      t->scenarios[i].name, t->scenarios[j].line);
				break;
			}
}

void bl_topo_validate_expectations(const struct bl_topology *t,
				   struct bl_topo_diag *d)
{
	struct expect_ctx c = { .t = t, .d = d };
	char base[BL_TOPO_KEY_MAX];

	if (bl_topo_names_of(&c.names, t) < 0) {
		bl_topo_error(d, "expect", "memory", "out of memory: expectations were not checked");
		return;
	}
	for (size_t i = 0; i < t->n_expectations; i++)
		check_one(&c, "expect", i, &t->expectations[i]);
	for (size_t s = 0; s < t->n_scenarios; s++) {
		const struct bl_scenario *sc = &t->scenarios[s];

		bl_topo_key(base, "scenarios[%zu].expect", s);
		for (size_t i = 0; i < sc->n_expectations; i++)
			check_one(&c, base, i, &sc->expectations[i]);
	}
	bl_topo_names_free(&c.names);
	check_scenario_names(t, d);
}
