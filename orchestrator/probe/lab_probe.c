// SPDX-License-Identifier: GPL-2.0-or-later
#include "probe/lab_probe.h"
#include "lab/lab_failures.h"
#include "lab/lab_model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "netlink/netns.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"
#include "netlink/xfrm.h"
#include "lab/lab_state.h"
#include "lab/lab_arg.h"
#include "model/path_predict.h"
#include "common/report.h"

#include <linux/netlink.h>

int bl_live_lab_open(const char *lab_or_file, struct bl_live_lab *lab)
{
	struct bl_lab_ref ref;
	int r;

	memset(lab, 0, sizeof(*lab));
	r = bl_lab_arg_resolve(lab_or_file, BL_LAB_ARG_LIVE, &ref, &lab->topo);
	if (r < 0)
		return r;
	r = bl_plan_new(lab->topo, &lab->plan);
	if (r < 0) {
		if (r == -ENOMEM)
			bl_err("planning lab '%s' failed: out of memory", ref.name);
		bl_topology_free(lab->topo);
		lab->topo = NULL;
		return r;
	}
	snprintf(lab->name, sizeof(lab->name), "%s", ref.name);
	r = bl_lab_failures_read(lab->name, lab->topo, &lab->failures, &lab->n_failures);
	if (r < 0) {
		bl_live_lab_close(lab);
		return r;
	}
	bl_lab_failures_announce(lab->name, lab->failures, lab->n_failures);
	return 0;
}

int bl_live_lab_compute_model(struct bl_live_lab *lab)
{
	/* The lab is up: its saved model, unless the topology or the
	 * failures changed since. */
	int r = lab->model ? 0
			   : bl_lab_model(lab->name, lab->topo, lab->failures, lab->n_failures,
					  &lab->model);

	if (r < 0)
		bl_live_lab_close(lab);
	return r;
}


void bl_live_lab_close(struct bl_live_lab *lab)
{
	bl_model_free(lab->model);
	free(lab->failures);
	bl_plan_free(lab->plan);
	bl_topology_free(lab->topo);
	memset(lab, 0, sizeof(*lab));
}

int bl_live_lab_node(const struct bl_live_lab *lab, const char *name, size_t *node)
{
	size_t i = bl_plan_find_node(lab->plan, name);

	if (i == BL_PLAN_NONE) {
		bl_err("lab '%s' has no node '%s'", lab->name, name);
		return -ENOENT;
	}
	*node = i;
	return 0;
}

/* "node/interface": the first address of that interface. */
static int iface_endpoint(const struct bl_live_lab *lab, const char *text, const char *slash,
			  struct bl_endpoint *out)
{
	char node[BL_NAME_BUF + 16];
	size_t n, i;

	snprintf(node, sizeof(node), "%.*s", (int)(slash - text), text);
	if (bl_live_lab_node(lab, node, &n) < 0)
		return -ENOENT;
	i = bl_plan_find_iface(lab->plan, n, slash + 1);
	if (i == BL_PLAN_NONE) {
		bl_err("node '%s' of lab '%s' has no interface '%s'", node, lab->name, slash + 1);
		return -ENOENT;
	}
	if (!lab->plan->ifaces[i].n_addrs) {
		bl_err("interface '%s' has no address", text);
		return -ENOENT;
	}
	out->node = n;
	out->addr = lab->plan->ifaces[i].addrs[0].addr;
	return 0;
}

int bl_live_lab_endpoint(const struct bl_live_lab *lab, const char *text,
			 struct bl_endpoint *out)
{
	const char *slash = strchr(text, '/');
	struct bl_endpoint e;

	if (slash)
		return iface_endpoint(lab, text, slash, out);
	if (bl_addr_parse(text, &e.addr) == 0) {
		e.node = bl_plan_node_of_addr(lab->plan, e.addr);
		*out = e;
		return 0;
	}
	if (bl_live_lab_node(lab, text, &e.node) < 0)
		return -ENOENT;
	if (bl_live_lab_node_address(lab, e.node, &e.addr) < 0) {
		bl_err("node '%s' has no address to aim at: name one of its interfaces", text);
		return -ENOENT;
	}
	*out = e;
	return 0;
}

int bl_live_lab_open_pair(const char *lab_arg, const char *src_text, const char *dst_text,
			  struct bl_live_lab *lab, struct bl_endpoint *src,
			  struct bl_endpoint *dst)
{
	int r = bl_live_lab_open(lab_arg, lab);

	if (r == 0)
		r = bl_live_lab_endpoint(lab, src_text, src);
	if (r == 0 && src->node == BL_PLAN_NONE) {
		bl_err("no node of lab '%s' has the address %s: the probes leave from a node",
		       lab->name, src_text);
		r = -ENOENT;
	}
	if (r == 0)
		r = bl_live_lab_endpoint(lab, dst_text, dst);
	if (r < 0 && lab->topo)
		bl_live_lab_close(lab);
	return r;
}

int bl_live_lab_node_address(const struct bl_live_lab *lab, size_t node, bl_addr *out)
{
	for (size_t i = 0; i < lab->plan->n_ifaces; i++) {
		const struct bl_plan_iface *ifc = &lab->plan->ifaces[i];

		if (ifc->node == node && ifc->kind == BL_IFACE_VETH && ifc->n_addrs) {
			*out = ifc->addrs[0].addr;
			return 0;
		}
	}
	return -ENOENT;
}

const char *bl_live_lab_addr_name(const struct bl_live_lab *lab, bl_addr addr, char *buf,
				  size_t size)
{
	char text[BL_ADDR_STRLEN];

	for (size_t i = 0; i < lab->plan->n_ifaces; i++) {
		const struct bl_plan_iface *ifc = &lab->plan->ifaces[i];

		for (size_t a = 0; a < ifc->n_addrs; a++) {
			if (ifc->addrs[a].addr != addr)
				continue;
			snprintf(buf, size, "%s/%s", lab->plan->nodes[ifc->node].name, ifc->name);
			return buf;
		}
	}
	snprintf(buf, size, "%s", bl_addr_str(addr, text));
	return buf;
}

const char *bl_live_lab_tunnel_name(const struct bl_live_lab *lab, size_t tunnel, char *buf,
				    size_t size)
{
	const struct bl_plan_tunnel *t = &lab->plan->tunnels[tunnel];

	snprintf(buf, size, "%s/%u", lab->topo->vpn_sites[t->site].name, t->instance);
	return buf;
}

int bl_live_lab_reader_open(const char *netns, struct bl_nl_reader **reader)
{
	int fd, r = bl_netns_open(netns, &fd);

	if (r < 0)
		return r;
	r = bl_nl_reader_open(fd, reader);
	close(fd);
	return r;
}

int bl_live_lab_nl_open(const char *netns, int protocol, struct bl_nl_sock **sock)
{
	int fd, r = bl_netns_open(netns, &fd);

	if (r < 0)
		return r;
	r = bl_nl_open(protocol, fd, sock);
	close(fd);
	return r;
}

static int dump_sas(const char *netns, struct bl_nl_xfrm_sa **sas, size_t *n)
{
	struct bl_nl_error err = { 0 };
	struct bl_nl_sock *sock = NULL;
	int r = bl_live_lab_nl_open(netns, NETLINK_XFRM, &sock);

	if (r < 0)
		return r;
	r = bl_nl_xfrm_state_dump(sock, sas, n, &err);
	bl_nl_close(sock);
	return r;
}

static int by_outer_addresses(const void *a, const void *b)
{
	const struct bl_nl_xfrm_sa *x = a, *y = b;

	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	return 0;
}

/* The first SA from src to dst in sas sorted by outer addresses, or n. */
static size_t first_sa(const struct bl_nl_xfrm_sa *sas, size_t n, bl_addr src, bl_addr dst)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sas[mid].src < src || (sas[mid].src == src && sas[mid].dst < dst))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The packets of the SAs from src to dst bound to the tunnel's interface. */
static uint64_t sa_packets(const struct bl_plan_tunnel *t, const struct bl_nl_xfrm_sa *sas,
			   size_t n, bl_addr src, bl_addr dst)
{
	uint64_t packets = 0;

	for (size_t i = first_sa(sas, n, src, dst);
	     i < n && sas[i].src == src && sas[i].dst == dst; i++)
		if (sas[i].bind.if_id == t->if_id || sas[i].bind.mark == t->if_id)
			packets += sas[i].packets;
	return packets;
}

/* Every tunnel ending in the gateway node gw, from one dump of its SAs
 * (sorted, so a thousand tunnels cost a thousand lookups, not a
 * thousand passes). The gateway end sees both directions. */
static void add_gateway_counts(const struct bl_plan *plan, size_t gw,
			       struct bl_nl_xfrm_sa *sas, size_t n,
			       struct bl_tunnel_count *counts)
{
	qsort(sas, n, sizeof(*sas), by_outer_addresses);
	for (size_t t = 0; t < plan->n_tunnels; t++) {
		const struct bl_plan_tunnel *tun = &plan->tunnels[t];

		if (plan->ifaces[tun->gw_iface].node != gw)
			continue;
		counts[t].to_gw = sa_packets(tun, sas, n, tun->site_outer, tun->gw_outer);
		counts[t].to_site = sa_packets(tun, sas, n, tun->gw_outer, tun->site_outer);
	}
}

/* One SA dump per gateway instance, however many tunnels end there: a
 * dump per tunnel read every SA of the instance once per tunnel, the
 * square of the sites (a minute and more of each trace at 1000 sites). */
int bl_live_lab_tunnel_counts(const struct bl_live_lab *lab, struct bl_tunnel_count *counts)
{
	const struct bl_plan *plan = lab->plan;
	bool *dumped = calloc(plan->n_nodes ? plan->n_nodes : 1, sizeof(*dumped));
	int r = 0;

	if (!dumped)
		return bl_err_errno(-ENOMEM, "reading SA counters of lab '%s' failed", lab->name);
	for (size_t t = 0; r == 0 && t < plan->n_tunnels; t++) {
		size_t gw = plan->ifaces[plan->tunnels[t].gw_iface].node;
		struct bl_nl_xfrm_sa *sas = NULL;
		size_t n = 0;

		if (dumped[gw])
			continue;
		dumped[gw] = true;
		r = dump_sas(plan->nodes[gw].netns, &sas, &n);
		if (r < 0)
			bl_err_errno(r, "reading SA counters in '%s' failed", plan->nodes[gw].name);
		else
			add_gateway_counts(plan, gw, sas, n, counts);
		free(sas);
	}
	free(dumped);
	return r;
}

static bool counters_went_back(const struct bl_tunnel_count *before,
			       const struct bl_tunnel_count *after, size_t n)
{
	for (size_t t = 0; t < n; t++)
		if (after[t].to_gw < before[t].to_gw || after[t].to_site < before[t].to_site)
			return true;
	return false;
}

static int measure_once(const struct bl_live_lab *lab, bl_traffic_fn send, void *data,
			struct bl_tunnel_count *before, struct bl_tunnel_count *after)
{
	struct timespec settle = { 0, 200L * 1000 * 1000 };
	int r = bl_live_lab_tunnel_counts(lab, before);

	if (r == 0)
		r = send(data);
	if (r < 0)
		return r;
	/* Let the answers come back before reading the counters again. */
	nanosleep(&settle, NULL);
	return bl_live_lab_tunnel_counts(lab, after);
}

int bl_live_lab_tunnel_delta(const struct bl_live_lab *lab, bl_traffic_fn send, void *data,
			     struct bl_tunnel_count *delta)
{
	size_t n = lab->plan->n_tunnels ? lab->plan->n_tunnels : 1;
	struct bl_tunnel_count *before = calloc(n, sizeof(*before));
	struct bl_tunnel_count *after = calloc(n, sizeof(*after));
	int r = before && after ? 0 : -ENOMEM;

	if (r < 0)
		bl_err("reading SA counters failed: out of memory");
	/* An SA replaced meanwhile (an IKEv2 rekey) restarts its counters:
	 * measure again rather than report a wrapped difference. */
	for (int attempt = 0; r == 0 && attempt < 2; attempt++) {
		r = measure_once(lab, send, data, before, after);
		if (r == 0 && !counters_went_back(before, after, lab->plan->n_tunnels))
			break;
		if (r == 0 && attempt == 1) {
			bl_err("SA counters of lab '%s' went backwards twice (SAs being "
			       "replaced?): no tunnel measurement", lab->name);
			r = -EAGAIN;
		}
	}
	for (size_t t = 0; r == 0 && t < lab->plan->n_tunnels; t++) {
		delta[t].to_gw = after[t].to_gw - before[t].to_gw;
		delta[t].to_site = after[t].to_site - before[t].to_site;
	}
	free(before);
	free(after);
	return r;
}
