// SPDX-License-Identifier: GPL-2.0-or-later
/* Expectations as written -> struct bl_expectation. Whether the nodes they
 * name exist is checked in topology_validate.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "topology/topology_failure.h"
#include "topology/topology_internal.h"

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* "vm1 > vpngw-in0 > rras-a > a1": libcyaml cannot hold a list of lists
 * of unknown length, and this is how `trace` prints a path too. */
static int parse_path(struct bl_topo_diag *d, const char *key,
		      const char *text, struct bl_path *path)
{
	size_t n = 1, len = strlen(text);
	const char *p = text;

	for (size_t i = 0; i < len; i++)
		n += text[i] == '>';
	path->hops = calloc(n, sizeof(*path->hops));
	if (!path->hops)
		return -ENOMEM;
	for (size_t h = 0; h < n; h++) {
		size_t span = strcspn(p, ">");
		const char *end = p + span;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		if (end == p || (size_t)(end - p) >= BL_NAME_BUF) {
			bl_topo_error(d, key, "expect",
				      "hop %zu of '%.60s' is empty or too long", h + 1,
				      text);
		} else {
			memcpy(path->hops[h], p, (size_t)(end - p));
		}
		p += strcspn(p, ">");
		if (*p)
			p++;
	}
	path->n_hops = n;
	return 0;
}

static int expect_paths(struct bl_topo_diag *d, const char *key,
			const struct raw_paths *raw, struct bl_expectation *e)
{
	char k[BL_TOPO_KEY_MAX];

	e->kind = BL_EXPECT_PATHS;
	e->positive = true;
	copy_text(e->from, sizeof(e->from), raw->from);
	copy_text(e->to, sizeof(e->to), raw->to);
	copy_text(e->why, sizeof(e->why), raw->why);
	e->paths = calloc(raw->any_of_count, sizeof(*e->paths));
	if (!e->paths)
		return -ENOMEM;
	for (unsigned i = 0; i < raw->any_of_count; i++) {
		int err = parse_path(d, bl_topo_key(k, "%s.paths.any_of[%u]", key, i),
				     raw->any_of[i], &e->paths[i]);

		if (err)
			return err;
		e->n_paths++;
	}
	return 0;
}

static int expect_route(struct bl_topo_diag *d, const char *key,
			const struct raw_route *raw, struct bl_expectation *e)
{
	char k[BL_TOPO_KEY_MAX];

	e->kind = BL_EXPECT_ROUTE;
	e->positive = !raw->present || *raw->present;
	copy_text(e->node, sizeof(e->node), raw->node);
	copy_text(e->why, sizeof(e->why), raw->why);
	bl_topo_parse_prefix(d, bl_topo_key(k, "%s.route.prefix", key), raw->prefix,
			     &e->prefix);
	if (!raw->next_hops_count)
		return 0;
	e->next_hops = calloc(raw->next_hops_count, sizeof(*e->next_hops));
	if (!e->next_hops)
		return -ENOMEM;
	e->n_next_hops = raw->next_hops_count;
	for (unsigned i = 0; i < raw->next_hops_count; i++)
		bl_topo_parse_addr(d, bl_topo_key(k, "%s.route.next_hops[%u]", key, i),
				   raw->next_hops[i], &e->next_hops[i]);
	return 0;
}

static void expect_reach(const struct raw_reach *raw, struct bl_expectation *e)
{
	e->kind = BL_EXPECT_REACH;
	e->positive = !raw->ok || *raw->ok;
	copy_text(e->from, sizeof(e->from), raw->from);
	copy_text(e->to, sizeof(e->to), raw->to);
	copy_text(e->why, sizeof(e->why), raw->why);
}

static void expect_tunnel(const struct raw_tunnel_expect *raw,
			  struct bl_expectation *e)
{
	e->kind = BL_EXPECT_TUNNEL;
	e->positive = !raw->carries || *raw->carries;
	copy_text(e->site, sizeof(e->site), raw->site);
	e->instance = *raw->instance;
	copy_text(e->from, sizeof(e->from), raw->from);
	copy_text(e->to, sizeof(e->to), raw->to);
	copy_text(e->why, sizeof(e->why), raw->why);
}

/* base: "expect" at the top, "scenarios[2].expect" in a scenario. */
static int expect_one(struct bl_topo_diag *d, const char *base,
		      const struct raw_expect *raw, unsigned i, struct bl_expectation *e)
{
	char key[BL_TOPO_KEY_MAX];
	unsigned line = 1, col = 1;
	int kinds = !!raw->reach + !!raw->paths + !!raw->route + !!raw->tunnel;

	bl_topo_key(key, "%s[%u]", base, i);
	bl_positions_find(d->pos, key, &line, &col);
	e->line = line;
	if (kinds != 1) {
		bl_topo_error(d, key, "schema",
			      "needs exactly one of reach, paths, route, tunnel");
		return 0;
	}
	if (raw->reach)
		expect_reach(raw->reach, e);
	else if (raw->tunnel)
		expect_tunnel(raw->tunnel, e);
	else if (raw->route)
		return expect_route(d, key, raw->route, e);
	else
		return expect_paths(d, key, raw->paths, e);
	return 0;
}

static int expect_list(struct bl_topo_diag *d, const char *base,
		       const struct raw_expect *raw, unsigned count,
		       struct bl_expectation **list, size_t *n)
{
	if (!count)
		return 0;
	*list = calloc(count, sizeof(**list));
	if (!*list)
		return -ENOMEM;
	for (unsigned i = 0; i < count; i++) {
		int err;

		(*n)++;
		err = expect_one(d, base, &raw[i], i, &(*list)[i]);
		if (err)
			return err;
	}
	return 0;
}

/* A scenario's elements, parsed against the resolved topology: an unknown
 * one is an error at its line, with the nearest element. */
static void scenario_failures(struct bl_topo_diag *d, const char *key,
			      const struct raw_scenario *raw, struct bl_topology *topo,
			      struct bl_scenario *s)
{
	char k[BL_TOPO_KEY_MAX], near[BL_FAILURE_STRLEN];

	for (unsigned f = 0; f < raw->fail_count; f++) {
		struct bl_failure *out = &s->failures[s->n_failures];
		bool kind_known;
		bool dup = false;

		bl_topo_key(k, "%s.fail[%u]", key, f);
		if (!bl_failure_lookup(topo, raw->fail[f], out, near, sizeof(near),
				       &kind_known)) {
			char hint[BL_FAILURE_STRLEN + 32] = "";

			if (near[0])
				snprintf(hint, sizeof(hint), " (did you mean '%s'?)", near);
			if (kind_known)
				bl_topo_error(d, k, "scenario", "no element '%s'%s", raw->fail[f],
					      hint);
			else
				bl_topo_error(d, k, "scenario",
					      "unknown element '%s'%s: the kinds are %s",
					      raw->fail[f], hint, bl_failure_kinds());
			continue;
		}
		for (size_t j = 0; j < s->n_failures; j++)
			dup |= bl_failure_same(&s->failures[j], out);
		if (dup)
			bl_topo_error(d, k, "scenario", "'%s' is listed twice", raw->fail[f]);
		else
			s->n_failures++;
	}
}

static int scenario_one(struct bl_topo_diag *d, const struct raw_scenario *raw,
			unsigned i, struct bl_topology *topo, struct bl_scenario *s)
{
	char key[BL_TOPO_KEY_MAX], base[BL_TOPO_KEY_MAX];
	unsigned line = 1, col = 1;

	bl_topo_key(key, "scenarios[%u]", i);
	bl_positions_find(d->pos, key, &line, &col);
	s->line = line;
	bl_topo_copy_name(d, bl_topo_key(base, "%s.name", key), s->name, raw->name);
	copy_text(s->why, sizeof(s->why), raw->why);
	s->failures = calloc(raw->fail_count + 1, sizeof(*s->failures));
	if (!s->failures)
		return -ENOMEM;
	scenario_failures(d, key, raw, topo, s);
	return expect_list(d, bl_topo_key(base, "%s.expect", key), raw->expect,
			   raw->expect_count, &s->expectations, &s->n_expectations);
}

int bl_topo_resolve_expect(const struct raw_topology *raw,
			   struct bl_topo_diag *d, struct bl_topology *topo)
{
	int err = expect_list(d, "expect", raw->expect, raw->expect_count,
			      &topo->expectations, &topo->n_expectations);

	if (err || !raw->scenarios_count)
		return err;
	topo->scenarios = calloc(raw->scenarios_count, sizeof(*topo->scenarios));
	if (!topo->scenarios)
		return -ENOMEM;
	for (unsigned i = 0; i < raw->scenarios_count; i++) {
		topo->n_scenarios++;
		err = scenario_one(d, &raw->scenarios[i], i, topo, &topo->scenarios[i]);
		if (err)
			return err;
	}
	return 0;
}
