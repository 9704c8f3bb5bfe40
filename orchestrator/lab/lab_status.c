// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `status`: per node, its links with oper state and counters; per tunnel,
 * the SAs on both ends with their packet and byte counters (from an XFRM
 * state dump of each namespace), which is how a test tells exactly which
 * tunnel carried its traffic; for ikev2 tunnels, the IKE and CHILD_SAs and
 * the charons as lab_ike_status.c reads them.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netlink/netns.h"
#include "netlink/nl_socket.h"
#include "netlink/xfrm.h"
#include "lab/lab.h"
#include "lab/lab_ike.h"
#include "lab/lab_ns.h"
#include "lab/lab_state.h"
#include "common/report.h"

struct node_view {
	struct bl_lab_ns ns;
	struct bl_nl_xfrm_sa *sas;
	size_t n_sas;
	bool present;
};

static const char *oper_name(uint8_t state)
{
	/* IF_OPER_* (RFC 2863 order); <linux/if.h> clashes with <net/if.h>. */
	static const char *const names[] = {
		"unknown", "notpresent", "down", "lowerlayerdown", "testing",
		"dormant", "up",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

static int read_node(const struct bl_plan_node *n, struct node_view *v, bool has_tunnel)
{
	struct bl_nl_error err = { 0 };
	char path[BL_NETNS_BUF + sizeof(BL_NETNS_DIR) + 1];
	int r;

	/* A namespace removed behind the lab's back shows as missing. */
	snprintf(path, sizeof(path), "%s/%s", BL_NETNS_DIR, n->netns);
	if (access(path, F_OK) < 0)
		return 0;
	r = bl_lab_ns_open(&v->ns, n->name, n->netns);
	if (r < 0)
		return r;
	v->present = true;
	r = bl_lab_ns_dump_links(&v->ns);
	if (r < 0 || !has_tunnel)
		return r;
	bl_lab_count_trip();
	r = bl_nl_xfrm_state_dump(v->ns.xfrm, &v->sas, &v->n_sas, &err);
	if (r < 0)
		bl_err("listing SAs in '%s' failed: %s", n->name, bl_nl_error_reason(&err));
	return r;
}

static bool sa_of(const struct bl_nl_xfrm_sa *sa, const struct bl_plan_tunnel *t)
{
	return sa->bind.if_id == t->if_id ||
	       (t->kind == BL_TUNNEL_VTI && sa->bind.mark == t->if_id);
}

static void print_iface(const struct bl_nl_link *l, const char *name, bool json,
			bool first)
{
	if (json)
		printf("%s{\"name\":\"%s\",\"oper\":\"%s\",\"rx_packets\":%llu,"
		       "\"rx_bytes\":%llu,\"tx_packets\":%llu,\"tx_bytes\":%llu}",
		       first ? "" : ",", name, l ? oper_name(l->operstate) : "missing",
		       l ? (unsigned long long)l->rx_packets : 0ULL,
		       l ? (unsigned long long)l->rx_bytes : 0ULL,
		       l ? (unsigned long long)l->tx_packets : 0ULL,
		       l ? (unsigned long long)l->tx_bytes : 0ULL);
	else if (l)
		printf("    %-8s %-8s rx %llu pkts %llu B  tx %llu pkts %llu B\n", name,
		       oper_name(l->operstate), (unsigned long long)l->rx_packets,
		       (unsigned long long)l->rx_bytes, (unsigned long long)l->tx_packets,
		       (unsigned long long)l->tx_bytes);
	else
		printf("    %-8s missing\n", name);
}

static void print_node(const struct bl_plan *p, size_t n, const struct node_view *v,
		       bool json)
{
	bool first = true;

	if (json)
		printf("%s{\"name\":\"%s\",\"netns\":\"%s\",\"present\":%s,\"interfaces\":[",
		       n ? "," : "", p->nodes[n].name, p->nodes[n].netns,
		       v->present ? "true" : "false");
	else
		printf("  %s (%s)%s\n", p->nodes[n].name, p->nodes[n].netns,
		       v->present ? "" : " missing");
	for (size_t i = 0; v->present && i < p->n_ifaces; i++) {
		if (p->ifaces[i].node != n)
			continue;
		print_iface(bl_lab_ns_link(&v->ns, p->ifaces[i].name), p->ifaces[i].name,
			    json, first);
		first = false;
	}
	if (json)
		printf("]}");
}

static void print_sas(const struct bl_plan *p, size_t node, const struct node_view *v,
		      const struct bl_plan_tunnel *t, bool json, bool *first)
{
	char s[BL_ADDR_STRLEN], d[BL_ADDR_STRLEN];

	for (size_t k = 0; k < v->n_sas; k++) {
		const struct bl_nl_xfrm_sa *sa = &v->sas[k];

		if (!sa_of(sa, t))
			continue;
		if (json)
			printf("%s{\"node\":\"%s\",\"src\":\"%s\",\"dst\":\"%s\",\"spi\":%u,"
			       "\"packets\":%llu,\"bytes\":%llu}", *first ? "" : ",",
			       p->nodes[node].name, bl_addr_str(sa->src, s),
			       bl_addr_str(sa->dst, d), sa->spi,
			       (unsigned long long)sa->packets, (unsigned long long)sa->bytes);
		else
			printf("    %-10s SA %s -> %s spi 0x%08x: %llu pkts %llu B\n",
			       p->nodes[node].name, bl_addr_str(sa->src, s),
			       bl_addr_str(sa->dst, d), sa->spi,
			       (unsigned long long)sa->packets, (unsigned long long)sa->bytes);
		*first = false;
	}
}

static void print_tunnel(const struct bl_plan *p, size_t i, const struct node_view *views,
			 const struct bl_lab_ike_view *ike, bool json)
{
	const struct bl_plan_tunnel *t = &p->tunnels[i];
	const struct bl_plan_iface *si = &p->ifaces[t->site_iface], *gi = &p->ifaces[t->gw_iface];
	bool first = true;

	if (json)
		printf("%s{\"site\":\"%s\",\"site_interface\":\"%s\",\"gateway\":\"%s\","
		       "\"gateway_interface\":\"%s\",\"instance\":%u,\"if_id\":%u,\"sas\":[",
		       i ? "," : "", p->nodes[si->node].name, si->name,
		       p->nodes[gi->node].name, gi->name, t->instance, t->if_id);
	else
		printf("  %s:%s <-> %s:%s (if_id %u)\n", p->nodes[si->node].name, si->name,
		       p->nodes[gi->node].name, gi->name, t->if_id);
	print_sas(p, si->node, &views[si->node], t, json, &first);
	print_sas(p, gi->node, &views[gi->node], t, json, &first);
	if (json)
		printf("]");
	bl_lab_ike_print_tunnel(p, ike, i, json);
	if (json)
		printf("}");
}

static bool node_has_tunnel(const struct bl_plan *p, size_t n)
{
	for (size_t i = 0; i < p->n_tunnels; i++)
		if (p->ifaces[p->tunnels[i].gw_iface].node == n ||
		    p->ifaces[p->tunnels[i].site_iface].node == n)
			return true;
	return false;
}

/* -ESRCH (reported) when a charon the lab needs is dead. */
static int print_all(const struct bl_plan *p, const struct node_view *views,
		     const struct bl_lab_ike_view *ike, bool json)
{
	int r;

	if (json)
		printf("{\"lab\":\"%s\",\"nodes\":[", p->lab);
	else
		printf("lab %s\nnodes:\n", p->lab);
	for (size_t n = 0; n < p->n_nodes; n++)
		print_node(p, n, &views[n], json);
	printf(json ? "],\"tunnels\":[" : "tunnels:\n");
	for (size_t i = 0; i < p->n_tunnels; i++)
		print_tunnel(p, i, views, ike, json);
	printf(json ? "]" : "");
	r = bl_lab_ike_print_daemons(p, ike, json);
	printf(json ? "}\n" : "");
	return r;
}

static int status_of(const struct bl_plan *p, bool json)
{
	struct node_view *views = calloc(p->n_nodes, sizeof(*views));
	struct bl_lab_ike_view ike = { 0 };
	int r = views ? 0 : -ENOMEM;

	for (size_t n = 0; views && n < p->n_nodes; n++)
		views[n].ns.fd = -1;
	for (size_t n = 0; r >= 0 && n < p->n_nodes; n++)
		r = read_node(&p->nodes[n], &views[n], node_has_tunnel(p, n));
	if (r >= 0)
		r = bl_lab_ike_view_read(p, &ike);
	if (r >= 0)
		r = print_all(p, views, &ike, json);
	bl_lab_ike_view_free(&ike);
	for (size_t n = 0; views && n < p->n_nodes; n++) {
		bl_lab_ns_close(&views[n].ns);
		free(views[n].sas);
	}
	free(views);
	return r;
}

int bl_lab_status(const char *lab, bool json)
{
	struct bl_manifest *m = NULL;
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	int r = bl_manifest_read(lab, &m);

	if (r < 0) {
		bl_err("lab '%s' is not up", lab);
		return r;
	}
	char topology[PATH_MAX];

	bl_state_topology_of(m, topology, sizeof(topology));
	r = bl_lab_open(topology, &topo, &plan);
	bl_manifest_free(m);
	if (r >= 0)
		bl_lab_keying_apply(plan->lab, BL_KEYING_TOPOLOGY, topo, plan);
	if (r >= 0)
		r = status_of(plan, json);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r;
}
