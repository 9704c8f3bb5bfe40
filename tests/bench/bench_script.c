// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-script FILE [--batch]: print the iproute2 shell script that builds
 * the very objects `branchlab up FILE` builds (namespaces, sysctls, veths
 * with both ends born in their namespaces, bridges, tunnel interfaces,
 * addresses, SAs and policies, the plan's and the route model's routes),
 * in the same order, as the baseline of the benchmarks.
 *
 * It walks branchlab's own plan and route model rather than being written
 * by hand, so the two can only differ in how the objects are made (one
 * `ip` process per object, or with --batch one `ip -batch` per namespace
 * and phase), never in which objects exist: run.sh checks the counts.
 * Keys are random here too (the values are not compared, the SAs are).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lab/lab_state.h"
#include "plan/plan.h"
#include "model/route_model.h"
#include "topology/topology.h"
#include "tests/bench/script_out.h"

static const char *const node_sysctls =
	"net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 "
	"net.ipv4.conf.default.rp_filter=0 net.ipv4.fib_multipath_hash_policy=1 "
	"net.ipv4.icmp_ratelimit=0 net.ipv4.conf.all.send_redirects=0 "
	"net.ipv4.conf.default.send_redirects=0 net.ipv4.conf.all.accept_redirects=0 "
	"net.ipv4.conf.default.accept_redirects=0";

static void emit_namespaces(struct script_out *o, const struct bl_plan *p)
{
	script_phase(o, "namespaces");
	for (size_t n = 0; n < p->n_nodes; n++)
		script_ip(o, NULL, "netns add %s", p->nodes[n].netns);
	script_phase(o, "sysctls");
	for (size_t n = 0; n < p->n_nodes; n++)
		script_sh(o, "ip netns exec %s sysctl -qw %s", p->nodes[n].netns,
			  node_sysctls);
}

static void emit_tunnel_link(struct script_out *o, const struct bl_plan *p, size_t i)
{
	const struct bl_plan_iface *f = &p->ifaces[i];
	const struct bl_plan_tunnel *t = &p->tunnels[f->tunnel];
	bool gw = t->gw_iface == i;
	char l[BL_ADDR_STRLEN], r[BL_ADDR_STRLEN];

	if (t->kind == BL_TUNNEL_VTI)
		script_ip(o, p->nodes[f->node].netns,
			  "link add %s type vti local %s remote %s ikey %u okey %u",
			  f->name, bl_addr_str(gw ? t->gw_outer : t->site_outer, l),
			  bl_addr_str(gw ? t->site_outer : t->gw_outer, r), t->if_id, t->if_id);
	else
		script_ip(o, p->nodes[f->node].netns, "link add %s type xfrm if_id %u",
			  f->name, t->if_id);
}

static void emit_links(struct script_out *o, const struct bl_plan *p)
{
	script_phase(o, "links");
	for (size_t n = 0; n < p->n_nodes; n++)
		for (size_t i = 0; i < p->n_ifaces; i++) {
			const struct bl_plan_iface *f = &p->ifaces[i];
			const char *ns = p->nodes[n].netns;

			if (f->node != n)
				continue;
			if (f->kind == BL_IFACE_VETH && f->peer > i)
				script_ip(o, ns, "link add %s type veth peer name %s netns %s",
					  f->name, p->ifaces[f->peer].name,
					  p->nodes[p->ifaces[f->peer].node].netns);
			else if (f->kind == BL_IFACE_BRIDGE)
				script_ip(o, ns, "link add %s type bridge", f->name);
			else if (f->kind == BL_IFACE_TUNNEL)
				emit_tunnel_link(o, p, i);
		}
}

static void emit_iface(struct script_out *o, const struct bl_plan *p, size_t i)
{
	const struct bl_plan_iface *f = &p->ifaces[i];
	const char *ns = p->nodes[f->node].netns;
	char a[BL_ADDR_STRLEN];

	if (f->kind != BL_IFACE_LOOPBACK && f->master != BL_PLAN_NONE)
		script_ip(o, ns, "link set %s master %s", f->name, p->ifaces[f->master].name);
	if (f->kind != BL_IFACE_LOOPBACK)
		script_ip(o, ns, "link set %s up", f->name);
	for (size_t k = 0; k < f->n_addrs; k++)
		script_ip(o, ns, "addr replace %s/%u dev %s",
			  bl_addr_str(f->addrs[k].addr, a), f->addrs[k].len, f->name);
}

/* Interfaces made before "default" was set keep their value: like `up`,
 * set each one, in one sysctl call per namespace. */
static void emit_rp_filter(struct script_out *o, const struct bl_plan *p, size_t n)
{
	char *line = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&line, &size);

	if (!f)
		return;
	for (size_t i = 0; i < p->n_ifaces; i++)
		if (p->ifaces[i].node == n && p->ifaces[i].kind != BL_IFACE_LOOPBACK)
			fprintf(f, " net.ipv4.conf.%s.rp_filter=0", p->ifaces[i].name);
	fclose(f);
	if (size)
		script_sh(o, "ip netns exec %s sysctl -qw%s", p->nodes[n].netns, line);
	free(line);
}

static void emit_addresses(struct script_out *o, const struct bl_plan *p)
{
	script_phase(o, "addresses");
	for (size_t n = 0; n < p->n_nodes; n++) {
		script_ip(o, p->nodes[n].netns, "link set lo up");
		for (size_t i = 0; i < p->n_ifaces; i++)
			if (p->ifaces[i].node == n)
				emit_iface(o, p, i);
	}
	for (size_t n = 0; n < p->n_nodes; n++)
		emit_rp_filter(o, p, n);
}

static int load(const char *path, struct bl_topology **topo, struct bl_plan **plan,
		struct bl_model **model)
{
	int r = bl_lab_open(path, topo, plan);

	if (r < 0)
		return r;
	r = bl_model_compute(*topo, model);
	if (r < 0)
		fprintf(stderr, "bench-script: computing the route model failed: %s\n",
			strerror(-r));
	return r;
}

int main(int argc, char **argv)
{
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	struct bl_model *model = NULL;
	struct script_out o = { .out = stdout };
	int r;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--batch"))) {
		fprintf(stderr, "usage: bench-script FILE [--batch]\n");
		return 2;
	}
	o.batch = argc == 3;
	r = load(argv[1], &topo, &plan, &model);
	if (r >= 0) {
		printf("#!/bin/sh -e\n# iproute2 equivalent of 'branchlab up %s' "
		       "(generated by tests/bench/bench-script)\n", argv[1]);
		emit_namespaces(&o, plan);
		emit_links(&o, plan);
		emit_addresses(&o, plan);
		script_phase(&o, "tunnels");
		r = script_tunnels(&o, plan);
	}
	if (r >= 0) {
		script_phase(&o, "routes");
		r = script_routes(&o, plan, model);
	}
	script_end(&o);
	bl_model_free(model);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r < 0 || ferror(stdout);
}
