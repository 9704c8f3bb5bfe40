// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `status`: first a table of the nodes (kind, namespace, state, addresses)
 * and one of the tunnels (kind, keying, SAs found, packets, state), like
 * `containerlab inspect`; with --detail, per node its links with oper
 * state and counters; per tunnel,
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
#include "lab/lab_failures.h"
#include "lab/lab_bird.h"
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

/* A tunnel or loopback has no carrier: the kernel says "unknown" for its
 * oper state, and IFF_UP is what tells whether it is up. */
static const char *link_state(const struct bl_nl_link *l)
{
	if (!l)
		return "missing";
	if (!(l->flags & IFF_UP))
		return "down";
	if (l->operstate == 0 || l->operstate == 6) /* IF_OPER_UNKNOWN, IF_OPER_UP */
		return "up";
	return oper_name(l->operstate);
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
		printf("%s{\"name\":\"%s\",\"kind\":\"%s\",\"state\":\"%s\",\"oper\":\"%s\","
		       "\"rx_packets\":%llu,\"rx_bytes\":%llu,\"tx_packets\":%llu,\"tx_bytes\":%llu}",
		       first ? "" : ",", name, l ? l->kind : "", link_state(l),
		       l ? oper_name(l->operstate) : "missing",
		       l ? (unsigned long long)l->rx_packets : 0ULL,
		       l ? (unsigned long long)l->rx_bytes : 0ULL,
		       l ? (unsigned long long)l->tx_packets : 0ULL,
		       l ? (unsigned long long)l->tx_bytes : 0ULL);
	else if (l)
		printf("    %-8s %-7s %-5s rx %llu pkts %llu B  tx %llu pkts %llu B\n", name,
		       l->kind[0] ? l->kind : "-", link_state(l), (unsigned long long)l->rx_packets,
		       (unsigned long long)l->rx_bytes, (unsigned long long)l->tx_packets,
		       (unsigned long long)l->tx_bytes);
	else
		printf("    %-8s missing\n", name);
}

/* "up", "missing", or "degraded: tun-in0 down". */
static void node_state(const struct bl_plan *p, size_t n, const struct node_view *v,
		       char *buf, size_t size)
{
	size_t len = 0;

	if (!v->present) {
		snprintf(buf, size, "missing");
		return;
	}
	snprintf(buf, size, "up");
	for (size_t i = 0; i < p->n_ifaces && len < size; i++) {
		const char *state;

		if (p->ifaces[i].node != n)
			continue;
		state = link_state(bl_lab_ns_link(&v->ns, p->ifaces[i].name));
		if (!strcmp(state, "up"))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s %s %s", len ? "," : "degraded:",
					p->ifaces[i].name, state);
	}
}

/* The plan's addresses of a node, "10.0.1.4/24 ...", or "-". */
static void node_addrs(const struct bl_plan *p, size_t n, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n_ifaces && len < size; i++) {
		char a[BL_ADDR_STRLEN];

		for (size_t k = 0; p->ifaces[i].node == n && k < p->ifaces[i].n_addrs && len < size; k++)
			len += (size_t)snprintf(buf + len, size - len, "%s%s/%u", len ? " " : "",
						bl_addr_str(p->ifaces[i].addrs[k].addr, a),
						p->ifaces[i].addrs[k].len);
	}
	if (!len)
		snprintf(buf, size, "-");
}

static int name_width(const struct bl_plan *p, bool netns)
{
	size_t w = netns ? 9 : 4;

	for (size_t n = 0; n < p->n_nodes; n++) {
		size_t l = strlen(netns ? p->nodes[n].netns : p->nodes[n].name);

		w = l > w ? l : w;
	}
	return (int)w;
}

static void print_node_table(const struct bl_plan *p, const struct node_view *views)
{
	int wn = name_width(p, false), ws = name_width(p, true);
	char state[256], addrs[512];

	printf("%-*s  %-11s  %-*s  %-8s  %s\n", wn, "NODE", "KIND", ws, "NAMESPACE", "STATE",
	       "ADDRESSES");
	for (size_t n = 0; n < p->n_nodes; n++) {
		node_state(p, n, &views[n], state, sizeof(state));
		node_addrs(p, n, addrs, sizeof(addrs));
		printf("%-*s  %-11s  %-*s  %-8s  %s\n", wn, p->nodes[n].name,
		       bl_node_kind_name(p->nodes[n].kind), ws, p->nodes[n].netns, state, addrs);
	}
}

static void print_node(const struct bl_plan *p, size_t n, const struct node_view *v,
		       bool json)
{
	bool first = true;
	char state[256], addrs[512];

	if (json) {
		node_state(p, n, v, state, sizeof(state));
		node_addrs(p, n, addrs, sizeof(addrs));
		printf("%s{\"name\":\"%s\",\"kind\":\"%s\",\"netns\":\"%s\",\"present\":%s,"
		       "\"state\":\"%s\",\"addresses\":\"%s\",\"interfaces\":[",
		       n ? "," : "", p->nodes[n].name, bl_node_kind_name(p->nodes[n].kind),
		       p->nodes[n].netns, v->present ? "true" : "false", state,
		       strcmp(addrs, "-") ? addrs : "");
	} else {
		printf("  %s (%s)%s\n", p->nodes[n].name, p->nodes[n].netns,
		       v->present ? "" : " missing");
	}
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

/* SAs of a tunnel on both ends, and the packets they counted. */
static void tunnel_sas(const struct bl_plan *p, const struct node_view *views,
		       const struct bl_plan_tunnel *t, size_t *n, unsigned long long *packets)
{
	size_t ends[2] = { p->ifaces[t->site_iface].node, p->ifaces[t->gw_iface].node };

	*n = 0;
	*packets = 0;
	for (size_t e = 0; e < 2; e++)
		for (size_t k = 0; k < views[ends[e]].n_sas; k++)
			if (sa_of(&views[ends[e]].sas[k], t)) {
				(*n)++;
				*packets += views[ends[e]].sas[k].packets;
			}
}

/* A tunnel is up when both ends have an SA in each direction and both
 * tunnel interfaces are up. */
static const char *tunnel_state(const struct bl_plan *p, const struct node_view *views,
				const struct bl_plan_tunnel *t, size_t n_sas)
{
	const struct bl_plan_iface *si = &p->ifaces[t->site_iface], *gi = &p->ifaces[t->gw_iface];

	if (!views[si->node].present || !views[gi->node].present)
		return "missing";
	if (strcmp(link_state(bl_lab_ns_link(&views[si->node].ns, si->name)), "up") != 0 ||
	    strcmp(link_state(bl_lab_ns_link(&views[gi->node].ns, gi->name)), "up") != 0)
		return "interface down";
	if (n_sas == 0)
		return t->keying == BL_KEYING_IKEV2 ? "no SA (IKE not established)" : "no SA";
	return n_sas >= 4 ? "up" : "partial SAs";
}

static void print_tunnel_row(const struct bl_plan *p, size_t i, const struct node_view *views,
			     const struct bl_lab_ike_view *ike, bool detail)
{
	const struct bl_plan_tunnel *t = &p->tunnels[i];
	const struct bl_plan_iface *si = &p->ifaces[t->site_iface], *gi = &p->ifaces[t->gw_iface];
	char ends[2 * (BL_NAME_BUF + IFNAMSIZ) + 8];
	unsigned long long packets;
	size_t n_sas;

	tunnel_sas(p, views, t, &n_sas, &packets);
	snprintf(ends, sizeof(ends), "%s/%s <-> %s/%s", p->nodes[si->node].name, si->name,
		 p->nodes[gi->node].name, gi->name);
	printf("%-6zu  %-36s  %-5s  %-6s  %3zu  %9llu  %s\n", i, ends,
	       t->kind == BL_TUNNEL_VTI ? "vti" : "xfrmi",
	       t->keying == BL_KEYING_IKEV2 ? "ikev2" : "static", n_sas, packets,
	       tunnel_state(p, views, t, n_sas));
	if (detail) {
		bool first = true;

		print_sas(p, si->node, &views[si->node], t, false, &first);
		print_sas(p, gi->node, &views[gi->node], t, false, &first);
	}
	bl_lab_ike_print_tunnel(p, ike, i, false);
}

static void print_tunnel_json(const struct bl_plan *p, size_t i, const struct node_view *views,
			      const struct bl_lab_ike_view *ike)
{
	const struct bl_plan_tunnel *t = &p->tunnels[i];
	const struct bl_plan_iface *si = &p->ifaces[t->site_iface], *gi = &p->ifaces[t->gw_iface];
	unsigned long long packets;
	size_t n_sas;
	bool first = true;

	tunnel_sas(p, views, t, &n_sas, &packets);
	printf("%s{\"site\":\"%s\",\"site_interface\":\"%s\",\"gateway\":\"%s\","
	       "\"gateway_interface\":\"%s\",\"instance\":%u,\"if_id\":%u,\"kind\":\"%s\","
	       "\"keying\":\"%s\",\"state\":\"%s\",\"sas\":[",
	       i ? "," : "", p->nodes[si->node].name, si->name, p->nodes[gi->node].name, gi->name,
	       t->instance, t->if_id, t->kind == BL_TUNNEL_VTI ? "vti" : "xfrmi",
	       t->keying == BL_KEYING_IKEV2 ? "ikev2" : "static",
	       tunnel_state(p, views, t, n_sas));
	print_sas(p, si->node, &views[si->node], t, true, &first);
	print_sas(p, gi->node, &views[gi->node], t, true, &first);
	printf("]");
	bl_lab_ike_print_tunnel(p, ike, i, true);
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

static bool uses_ikev2(const struct bl_plan *p)
{
	for (size_t i = 0; i < p->n_tunnels; i++)
		if (p->tunnels[i].keying == BL_KEYING_IKEV2)
			return true;
	return false;
}

static size_t count_links(const struct bl_plan *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_ifaces; i++)
		n += p->ifaces[i].kind == BL_IFACE_VETH && p->ifaces[i].peer > i;
	return n;
}

static size_t count_up(const struct bl_plan *p, const struct node_view *views)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_nodes; i++) {
		char state[256];

		node_state(p, i, &views[i], state, sizeof(state));
		n += !strcmp(state, "up");
	}
	return n;
}

static int print_json(const struct bl_topology *topo, const struct bl_plan *p,
		      const struct node_view *views, const struct bl_lab_ike_view *ike)
{
	int r;

	printf("{\"lab\":\"%s\",\"nodes\":[", p->lab);
	for (size_t n = 0; n < p->n_nodes; n++)
		print_node(p, n, &views[n], true);
	printf("],\"tunnels\":[");
	for (size_t i = 0; i < p->n_tunnels; i++)
		print_tunnel_json(p, i, views, ike);
	printf("]");
	r = bl_lab_ike_print_daemons(p, ike, true);
	if (bl_lab_bird_print(topo, p, true) < 0 && r >= 0)
		r = -ESRCH;
	printf("}\n");
	return r;
}

/* -ESRCH (reported) when a charon the lab needs is dead. */
static int print_all(const struct bl_topology *topo, const struct bl_plan *p,
		     const struct node_view *views, const struct bl_lab_ike_view *ike,
		     unsigned flags)
{
	bool detail = flags & BL_STATUS_DETAIL;
	int r;

	if (flags & BL_STATUS_JSON)
		return print_json(topo, p, views, ike);
	printf("lab %s: %zu nodes (%zu up), %zu links, %zu tunnels\n\n", p->lab, p->n_nodes,
	       count_up(p, views), count_links(p), p->n_tunnels);
	print_node_table(p, views);
	if (p->n_tunnels)
		printf("\n%-6s  %-36s  %-5s  %-6s  %3s  %9s  %s\n", "#", "ENDS", "KIND",
		       "KEYING", "SAS", "PACKETS", "STATE");
	for (size_t i = 0; i < p->n_tunnels; i++)
		print_tunnel_row(p, i, views, ike, detail);
	if (detail) {
		printf("\ninterfaces:\n");
		for (size_t n = 0; n < p->n_nodes; n++)
			print_node(p, n, &views[n], false);
	}
	printf("\n");
	if (!uses_ikev2(p))
		printf("charons: none (no tunnel keyed with ikev2)\n");
	r = bl_lab_ike_print_daemons(p, ike, false);
	if (bl_lab_bird_print(topo, p, false) < 0 && r >= 0)
		r = -ESRCH;
	return r;
}

static int status_of(const struct bl_topology *topo, const struct bl_plan *p, unsigned flags)
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
		r = print_all(topo, p, views, &ike, flags);
	bl_lab_ike_view_free(&ike);
	for (size_t n = 0; views && n < p->n_nodes; n++) {
		bl_lab_ns_close(&views[n].ns);
		free(views[n].sas);
	}
	free(views);
	return r;
}

/* After the table: the failures in force, which hold links down. */
static void announce_failures(const struct bl_topology *topo, const struct bl_plan *plan)
{
	struct bl_failure *f = NULL;
	size_t n = 0;

	if (bl_lab_failures_read(plan->lab, topo, &f, &n) >= 0)
		bl_lab_failures_announce(plan->lab, f, n);
	free(f);
}

int bl_lab_status(const char *lab, unsigned flags)
{
	struct bl_manifest *m = NULL;
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	int r = bl_manifest_read_up(lab, &m);

	if (r < 0)
		return r;
	char topology[PATH_MAX];

	bl_state_topology_of(m, topology, sizeof(topology));
	r = bl_lab_open(topology, &topo, &plan);
	bl_manifest_free(m);
	if (r >= 0) {
		bl_lab_keying_apply(plan->lab, BL_KEYING_TOPOLOGY, topo, plan);
		bl_lab_control_apply(plan->lab, BL_CONTROL_TOPOLOGY, topo);
	}
	if (r >= 0)
		r = status_of(topo, plan, flags);
	if (r >= 0)
		announce_failures(topo, plan);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r;
}
