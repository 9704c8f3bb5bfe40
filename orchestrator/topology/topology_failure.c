// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Failed elements as written (`fail`, `restore`, a scenario's `fail:`):
 * their text form and their parsing against a topology, with the nearest
 * valid element offered for a typo. What a set of them implies is the
 * route model's (model/route_failure.c).
 */
#include "topology/topology_failure.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/report.h"
#include "common/suggest.h"

static const char *const kind_names[] = {
	[BL_FAIL_INSTANCE] = "instance",
	[BL_FAIL_TUNNEL] = "tunnel",
	[BL_FAIL_ER_LINK] = "er-link",
	[BL_FAIL_ER_MAINTENANCE] = "er-maintenance",
	[BL_FAIL_CIRCUIT] = "circuit",
	[BL_FAIL_NODE] = "node",
};

static const char *const link_names[] = { "primary", "secondary" };

const char *bl_failure_kinds(void)
{
	return "instance:NODE, tunnel:SITE/INDEX, er-link:CIRCUIT/primary|secondary, "
	       "er-maintenance:CIRCUIT/primary|secondary, circuit:CIRCUIT, node:NODE";
}

void bl_failure_str(const struct bl_failure *f, char *buf, size_t size)
{
	switch (f->kind) {
	case BL_FAIL_TUNNEL:
		snprintf(buf, size, "tunnel:%s/%u", f->target, f->index);
		break;
	case BL_FAIL_ER_LINK:
	case BL_FAIL_ER_MAINTENANCE:
		snprintf(buf, size, "%s:%s/%s", kind_names[f->kind], f->target,
			 link_names[f->index & 1]);
		break;
	default:
		snprintf(buf, size, "%s:%s", kind_names[f->kind], f->target);
	}
}

bool bl_failure_same(const struct bl_failure *a, const struct bl_failure *b)
{
	return a->kind == b->kind && a->index == b->index && !strcmp(a->target, b->target);
}

/* Every valid element of a topology, in a fixed order, through visit
 * (which returns true to stop). Nodes a failure may name: the routing
 * nodes, VMs and hosts; not the shared segments (bridges), nor ER gateway
 * instances past the first: the model is one speaker for all of them. */
typedef bool (*visit_fn)(const struct bl_failure *f, void *ctx);

static bool visit(visit_fn fn, void *ctx, enum bl_failure_kind kind,
		  const char *target, unsigned index)
{
	struct bl_failure f = { .kind = kind, .index = index };

	snprintf(f.target, sizeof(f.target), "%s", target);
	return fn(&f, ctx);
}

static bool visit_hosts(visit_fn fn, void *ctx, const struct bl_host *h, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (visit(fn, ctx, BL_FAIL_NODE, h[i].name, 0))
			return true;
	return false;
}

static bool visit_vms(visit_fn fn, void *ctx, const struct bl_vnet *v)
{
	for (size_t s = 0; s < v->n_subnets; s++)
		if (visit_hosts(fn, ctx, v->subnets[s].vms, v->subnets[s].n_vms))
			return true;
	return false;
}

static bool visit_azure(const struct bl_topology *t, visit_fn fn, void *ctx)
{
	for (size_t i = 0; t->vpn_gateway.present && i < t->vpn_gateway.n_instances; i++)
		if (visit(fn, ctx, BL_FAIL_INSTANCE, t->vpn_gateway.instances[i].name, 0) ||
		    visit(fn, ctx, BL_FAIL_NODE, t->vpn_gateway.instances[i].name, 0))
			return true;
	if (t->er_gateway.present && visit(fn, ctx, BL_FAIL_NODE, t->er_gateway.names[0], 0))
		return true;
	if (t->route_server.present && visit(fn, ctx, BL_FAIL_NODE, t->route_server.name, 0))
		return true;
	if (visit_vms(fn, ctx, &t->hub))
		return true;
	for (size_t i = 0; i < t->n_spokes; i++)
		if (visit_vms(fn, ctx, &t->spokes[i]))
			return true;
	return false;
}

static bool visit_sites(const struct bl_topology *t, visit_fn fn, void *ctx)
{
	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		for (unsigned k = 0; k < s->n_tunnels; k++)
			if (visit(fn, ctx, BL_FAIL_TUNNEL, s->name, k))
				return true;
		if (visit(fn, ctx, BL_FAIL_NODE, s->router, 0) ||
		    visit_hosts(fn, ctx, s->hosts, s->n_hosts))
			return true;
	}
	return false;
}

static bool visit_circuits(const struct bl_topology *t, visit_fn fn, void *ctx)
{
	for (size_t i = 0; i < t->n_er_circuits; i++) {
		const struct bl_er_circuit *c = &t->er_circuits[i];

		for (unsigned l = 0; l < 2; l++)
			if (visit(fn, ctx, BL_FAIL_ER_LINK, c->name, l) ||
			    visit(fn, ctx, BL_FAIL_ER_MAINTENANCE, c->name, l))
				return true;
		if (visit(fn, ctx, BL_FAIL_CIRCUIT, c->name, 0) ||
		    visit(fn, ctx, BL_FAIL_NODE, c->msee, 0) ||
		    visit(fn, ctx, BL_FAIL_NODE, c->ce, 0) ||
		    visit_hosts(fn, ctx, c->hosts, c->n_hosts))
			return true;
	}
	return false;
}

static void visit_all(const struct bl_topology *t, visit_fn fn, void *ctx)
{
	if (!visit_azure(t, fn, ctx) && !visit_sites(t, fn, ctx))
		visit_circuits(t, fn, ctx);
}

struct count_ctx {
	bool (*visit)(const struct bl_failure *f, void *ctx);
	void *ctx;
	size_t n;
};

static bool count_one(const struct bl_failure *f, void *arg)
{
	struct count_ctx *c = arg;

	c->n++;
	return c->visit(f, c->ctx);
}

size_t bl_failures_each(const struct bl_topology *t,
			bool (*fn)(const struct bl_failure *f, void *ctx), void *ctx)
{
	struct count_ctx c = { fn, ctx, 0 };

	visit_all(t, count_one, &c);
	return c.n;
}

struct parse_ctx {
	const char *text;
	struct bl_failure *found;
	struct bl_suggest near;
	char buf[BL_FAILURE_STRLEN];
	char near_buf[BL_FAILURE_STRLEN];
};

static bool match(const struct bl_failure *f, void *arg)
{
	struct parse_ctx *c = arg;

	bl_failure_str(f, c->buf, sizeof(c->buf));
	if (!strcmp(c->buf, c->text)) {
		*c->found = *f;
		return true;
	}
	bl_suggest_offer(&c->near, c->buf);
	/* The suggestion points into buf, which the next element overwrites. */
	if (c->near.best == c->buf) {
		snprintf(c->near_buf, sizeof(c->near_buf), "%s", c->buf);
		c->near.best = c->near_buf;
	}
	return false;
}

static bool known_kind(const char *text)
{
	size_t len = strcspn(text, ":");

	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i]) == len && !strncmp(kind_names[i], text, len))
			return true;
	return false;
}

bool bl_failure_find(const struct bl_topology *t, const char *text, struct bl_failure *out)
{
	struct parse_ctx c = { .text = text, .found = out };

	out->kind = (enum bl_failure_kind)-1;
	bl_suggest_init(&c.near, text);
	visit_all(t, match, &c);
	return out->kind != (enum bl_failure_kind)-1;
}

int bl_failure_parse(const struct bl_topology *t, const char *text,
		     struct bl_failure *out)
{
	struct parse_ctx c = { .text = text, .found = out };
	char hint[BL_FAILURE_STRLEN + 32] = "";

	out->kind = (enum bl_failure_kind)-1;
	bl_suggest_init(&c.near, text);
	visit_all(t, match, &c);
	if (out->kind != (enum bl_failure_kind)-1)
		return 0;
	if (c.near.best)
		snprintf(hint, sizeof(hint), " (did you mean '%s'?)", c.near.best);
	if (!known_kind(text))
		bl_err("unknown element '%s'%s: the kinds are %s", text, hint,
		       bl_failure_kinds());
	else
		bl_err("lab '%s' has no element '%s'%s", t->name, text, hint);
	return -EINVAL;
}

bool bl_failure_lookup(const struct bl_topology *t, const char *text, struct bl_failure *out,
		       char *near, size_t near_size, bool *kind_known)
{
	struct parse_ctx c = { .text = text, .found = out };

	out->kind = (enum bl_failure_kind)-1;
	bl_suggest_init(&c.near, text);
	visit_all(t, match, &c);
	*kind_known = known_kind(text);
	if (out->kind != (enum bl_failure_kind)-1)
		return true;
	snprintf(near, near_size, "%s", c.near.best ? c.near.best : "");
	return false;
}
