// SPDX-License-Identifier: GPL-2.0-or-later
/* A node's namespace: descriptor, sockets, counted and reported exchanges. */
#include "lab/lab_ns.h"

#include <errno.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "netlink/netns.h"
#include "netlink/nl_read.h"
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
	if (r >= 0)
		r = bl_nl_reader_open(ns->fd, &ns->reader);
	if (r < 0)
		return bl_err_errno(r, "opening netlink sockets in '%s' failed", node);
	return 0;
}

void bl_lab_ns_close(struct bl_lab_ns *ns)
{
	bl_nl_close(ns->rt);
	bl_nl_close(ns->xfrm);
	bl_nl_reader_free(ns->reader);
	if (ns->fd >= 0)
		close(ns->fd);
	free(ns->links);
	ns->rt = ns->xfrm = NULL;
	ns->reader = NULL;
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

int bl_lab_ns_dump_links(struct bl_lab_ns *ns)
{
	struct bl_nl_error err = { 0 };
	int r;

	free(ns->links);
	ns->links = NULL;
	ns->n_links = 0;
	bl_lab_count_trip();
	r = bl_nl_links_read(ns->reader, &ns->links, &ns->n_links, &err);
	if (r < 0)
		bl_err("listing links in '%s' failed: %s", ns->node, bl_nl_error_reason(&err));
	return r;
}

const struct bl_nl_link *bl_lab_ns_link(const struct bl_lab_ns *ns, const char *name)
{
	for (size_t i = 0; i < ns->n_links; i++)
		if (!strcmp(ns->links[i].name, name))
			return &ns->links[i];
	return NULL;
}

int bl_lab_ns_index(const struct bl_lab_ns *ns, const char *name)
{
	const struct bl_nl_link *l = bl_lab_ns_link(ns, name);

	return l ? l->index : 0;
}
