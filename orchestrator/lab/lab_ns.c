// SPDX-License-Identifier: GPL-2.0-or-later
/* A node's namespace: descriptor, sockets, counted and reported exchanges. */
#include "lab/lab_ns.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netlink/netns.h"
#include "netlink/nl_socket.h"
#include "common/report.h"

static unsigned round_trips, requests;

unsigned bl_lab_round_trips(void)
{
	return round_trips;
}

unsigned bl_lab_requests(void)
{
	return requests;
}

void bl_lab_count_trip(void)
{
	round_trips++;
	requests++;
}

int bl_lab_ns_open(struct bl_lab_ns *ns, const char *node, const char *netns)
{
	int r;

	memset(ns, 0, sizeof(*ns));
	ns->fd = -1;
	ns->node = node;
	r = bl_netns_open(netns, &ns->fd);
	if (r < 0)
		return bl_err_errno(r, "opening namespace '%s' of '%s' failed", netns, node);
	r = bl_nl_open(NETLINK_ROUTE, ns->fd, &ns->rt);
	if (r >= 0)
		r = bl_nl_open(NETLINK_XFRM, ns->fd, &ns->xfrm);
	if (r < 0)
		return bl_err_errno(r, "opening netlink sockets in '%s' failed", node);
	return 0;
}

void bl_lab_ns_close(struct bl_lab_ns *ns)
{
	bl_nl_close(ns->rt);
	bl_nl_close(ns->xfrm);
	if (ns->fd >= 0)
		close(ns->fd);
	free(ns->links);
	ns->rt = ns->xfrm = NULL;
	ns->links = NULL;
	ns->n_links = 0;
	ns->fd = -1;
}

/* The transport fills err for kernel refusals; a local failure (socket,
 * memory) leaves it empty, so fall back to r's own meaning. */
static const char *reason(struct bl_nl_error *err, int r)
{
	if (!err->err)
		err->err = r;
	return bl_nl_error_reason(err);
}

int bl_lab_ns_send(struct bl_lab_ns *ns, struct bl_nl_sock *sock,
		   struct bl_nl_batch *batch)
{
	struct bl_nl_error err = { 0 };
	int r;

	if (!bl_nl_batch_count(batch))
		return 0;
	round_trips++;
	requests += (unsigned)bl_nl_batch_count(batch);
	r = bl_nl_batch_send(sock, batch, &err);
	if (r < 0)
		bl_err("%s failed: %s", err.what[0] ? err.what : ns->node, reason(&err, r));
	return r;
}

static int link_attr(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, IFLA_MAX) >= 0)
		tb[type] = attr;
	return MNL_CB_OK;
}

static void link_stats(struct bl_lab_link *l, const struct nlattr *a)
{
	struct rtnl_link_stats64 st;

	if (!a || mnl_attr_get_payload_len(a) < sizeof(st))
		return;
	memcpy(&st, mnl_attr_get_payload(a), sizeof(st));
	l->rx_packets = st.rx_packets;
	l->rx_bytes = st.rx_bytes;
	l->tx_packets = st.tx_packets;
	l->tx_bytes = st.tx_bytes;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[IFLA_MAX + 1] = { 0 };
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct bl_lab_ns *ns = data;
	struct bl_lab_link *grown, *l;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr, tb);
	if (!tb[IFLA_IFNAME])
		return 0;
	grown = realloc(ns->links, (ns->n_links + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	ns->links = grown;
	l = memset(&ns->links[ns->n_links++], 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(tb[IFLA_IFNAME]));
	l->index = ifi->ifi_index;
	if (tb[IFLA_OPERSTATE])
		l->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
	link_stats(l, tb[IFLA_STATS64]);
	return 0;
}

int bl_lab_ns_dump_links(struct bl_lab_ns *ns)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	struct bl_nl_error err = { 0 };
	int r;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	free(ns->links);
	ns->links = NULL;
	ns->n_links = 0;
	bl_lab_count_trip();
	r = bl_nl_dump(ns->rt, nlh, link_cb, ns, &err);
	if (r < 0)
		bl_err("listing links in '%s' failed: %s", ns->node, reason(&err, r));
	return r;
}

const struct bl_lab_link *bl_lab_ns_link(const struct bl_lab_ns *ns, const char *name)
{
	for (size_t i = 0; i < ns->n_links; i++)
		if (!strcmp(ns->links[i].name, name))
			return &ns->links[i];
	return NULL;
}

int bl_lab_ns_index(const struct bl_lab_ns *ns, const char *name)
{
	const struct bl_lab_link *l = bl_lab_ns_link(ns, name);

	return l ? l->index : 0;
}
