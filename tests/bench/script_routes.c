// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-script's routes: per node the plan's routes, then the route
 * model's, a later one for the same prefix replacing the earlier (as
 * orchestrator/lab_routes.c computes what it wants), all `proto static`
 * like branchlab's, multipath for ECMP, blackhole for None.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/script_out.h"

/* One route as its iproute2 text after the prefix. */
struct line {
	struct bl_prefix dst;
	char how[BL_PLAN_MAX_NEXTHOPS * 32 + 32];
};

struct line_set {
	struct line *lines;
	size_t n, cap;
};

static void put(struct line_set *s, struct bl_prefix dst, const char *how)
{
	size_t i = 0;

	while (i < s->n && (s->lines[i].dst.addr != dst.addr || s->lines[i].dst.len != dst.len))
		i++;
	if (i == s->n && s->n == s->cap)
		return;
	if (i == s->n)
		s->n++;
	s->lines[i].dst = dst;
	snprintf(s->lines[i].how, sizeof(s->lines[i].how), "%s", how);
}

/* "via A" for one next hop, "nexthop via A nexthop via B" for several. */
static void next_hops(char *buf, size_t size, const bl_addr *via, size_t n)
{
	char a[BL_ADDR_STRLEN];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < n && len < size; k++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s %s", k ? " " : "",
					n > 1 ? "nexthop via" : "via",
					bl_addr_str(via[k], a));
}

static void planned(struct line_set *s, const struct bl_plan *p,
		    const struct bl_plan_route *pr)
{
	char how[sizeof(s->lines[0].how)];

	if (pr->blackhole)
		snprintf(how, sizeof(how), "blackhole");
	else if (!pr->n_via)
		snprintf(how, sizeof(how), "dev %s", p->ifaces[pr->dev].name);
	else
		next_hops(how, sizeof(how), pr->via,
			  pr->n_via < BL_PLAN_MAX_NEXTHOPS ? pr->n_via : BL_PLAN_MAX_NEXTHOPS);
	put(s, pr->dst, how);
}

static void modelled(struct line_set *s, const struct bl_kernel_route *kr)
{
	char how[sizeof(s->lines[0].how)];
	size_t n = kr->n_next_hops < BL_PLAN_MAX_NEXTHOPS ? kr->n_next_hops
							 : BL_PLAN_MAX_NEXTHOPS;

	if (kr->type == BL_KROUTE_BLACKHOLE)
		snprintf(how, sizeof(how), "blackhole");
	else if (!n)
		return; /* on-link through the plan already (lab_routes.c) */
	else
		next_hops(how, sizeof(how), kr->next_hops, n);
	put(s, kr->prefix, how);
}

static void emit(struct script_out *o, const char *netns, const struct line *l)
{
	char d[BL_PREFIX_STRLEN];
	bool blackhole = !strcmp(l->how, "blackhole");

	bl_prefix_str(l->dst, d);
	if (blackhole)
		script_ip(o, netns, "route replace blackhole %s proto static", d);
	else
		script_ip(o, netns, "route replace %s proto static %s", d, l->how);
}

static int node_routes(struct script_out *o, const struct bl_plan *p,
		       const struct bl_model *model, size_t n)
{
	const struct bl_kernel_route *kr = NULL;
	size_t n_kr = 0;
	struct line_set s = { 0 };

	if (bl_model_kernel_routes(model, p->nodes[n].name, &kr, &n_kr) < 0)
		n_kr = 0; /* not a model node */
	s.cap = p->n_routes + n_kr;
	s.lines = calloc(s.cap ? s.cap : 1, sizeof(*s.lines));
	if (!s.lines)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_routes; i++)
		if (p->routes[i].node == n)
			planned(&s, p, &p->routes[i]);
	for (size_t i = 0; i < n_kr; i++)
		modelled(&s, &kr[i]);
	for (size_t i = 0; i < s.n; i++)
		emit(o, p->nodes[n].netns, &s.lines[i]);
	free(s.lines);
	return 0;
}

int script_routes(struct script_out *o, const struct bl_plan *p,
		  const struct bl_model *model)
{
	int r = 0;

	for (size_t n = 0; r >= 0 && n < p->n_nodes; n++)
		r = node_routes(o, p, model, n);
	if (r < 0)
		fprintf(stderr, "bench-script: out of memory\n");
	return r;
}
