// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Failed elements: what a set of them implies for each tunnel, ER link and
 * node (their text form and parsing: topology/topology_failure.c). The route model reads these
 * queries while it builds its graph (route_graph.c); the lab reads them
 * to know which interfaces go down.
 */
#include "model/route_failure.h"

#include <string.h>

static bool is(const struct bl_failure *f, enum bl_failure_kind kind, const char *target)
{
	return f->kind == kind && !strcmp(f->target, target);
}

bool bl_failures_node_down(const struct bl_topology *t, const struct bl_failure *f,
			   size_t n, const char *node)
{
	(void)t;
	for (size_t i = 0; i < n; i++)
		if (is(&f[i], BL_FAIL_NODE, node) || is(&f[i], BL_FAIL_INSTANCE, node))
			return true;
	return false;
}

/* [D] F1, F2: a tunnel goes down with either end (dead-peer detection
 * takes the other end's side down too). */
bool bl_failures_tunnel_down(const struct bl_topology *t, const struct bl_failure *f,
			     size_t n, size_t site, size_t tunnel)
{
	const struct bl_vpn_site *s = &t->vpn_sites[site];
	const char *instance = t->vpn_gateway.instances[s->tunnels[tunnel].instance].name;

	for (size_t i = 0; i < n; i++)
		if (is(&f[i], BL_FAIL_TUNNEL, s->name) && f[i].index == tunnel)
			return true;
	return bl_failures_node_down(t, f, n, instance) ||
	       bl_failures_node_down(t, f, n, s->router);
}

/* [D] F3: a link goes down alone, with its circuit, or with either end. */
bool bl_failures_er_link_down(const struct bl_topology *t, const struct bl_failure *f,
			      size_t n, size_t circuit, unsigned link)
{
	const struct bl_er_circuit *c = &t->er_circuits[circuit];

	for (size_t i = 0; i < n; i++)
		if ((is(&f[i], BL_FAIL_ER_LINK, c->name) && f[i].index == link) ||
		    is(&f[i], BL_FAIL_CIRCUIT, c->name))
			return true;
	return bl_failures_node_down(t, f, n, c->msee) ||
	       bl_failures_node_down(t, f, n, c->ce);
}

bool bl_failures_er_drained(const struct bl_topology *t, const struct bl_failure *f,
			    size_t n, size_t circuit, unsigned link)
{
	const struct bl_er_circuit *c = &t->er_circuits[circuit];

	for (size_t i = 0; i < n; i++)
		if (is(&f[i], BL_FAIL_ER_MAINTENANCE, c->name) && f[i].index == link)
			return true;
	return false;
}
