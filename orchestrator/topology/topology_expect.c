// SPDX-License-Identifier: GPL-2.0-or-later
/* Expectations as written -> struct bl_expectation. Whether the nodes they
 * name exist is checked in topology_validate.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

static int expect_one(struct bl_topo_diag *d, const struct raw_expect *raw,
		      unsigned i, struct bl_expectation *e)
{
	char key[BL_TOPO_KEY_MAX];
	unsigned line = 1, col = 1;
	int kinds = !!raw->reach + !!raw->paths + !!raw->route + !!raw->tunnel;

	bl_topo_key(key, "expect[%u]", i);
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

int bl_topo_resolve_expect(const struct raw_topology *raw,
			   struct bl_topo_diag *d, struct bl_topology *topo)
{
	if (!raw->expect_count)
		return 0;
	topo->expectations = calloc(raw->expect_count, sizeof(*topo->expectations));
	if (!topo->expectations)
		return -ENOMEM;
	for (unsigned i = 0; i < raw->expect_count; i++) {
		int err;

		topo->n_expectations++;
		err = expect_one(d, &raw->expect[i], i, &topo->expectations[i]);
		if (err)
			return err;
	}
	return 0;
}
