/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One node's namespace as `up` and `status` work with it: its descriptor,
 * a route and an xfrm netlink socket born inside it (libmnl: writes, and
 * the SA dump), a libnl reader born inside it too (links, routes), and
 * the links found there by the last read (name, index, oper state,
 * counters).
 *
 * Every batch goes through bl_lab_ns_send(), and the link read through
 * bl_lab_ns_dump_links(); both count round trips (printed by `up -v`)
 * and report a failure once with the request's own description and the
 * kernel's (or libnl's) reason.
 *
 * Ownership: bl_lab_ns_open() fills a caller-owned struct; release it with
 * bl_lab_ns_close() (safe on a half-opened one, and on one whose fd is -1).
 */
#ifndef BL_LAB_NS_H
#define BL_LAB_NS_H

#include <stddef.h>
#include <stdint.h>

#include "netlink/nl_read.h"

struct bl_nl_sock;
struct bl_nl_batch;

struct bl_lab_ns {
	const char *node;  /* for messages; borrowed */
	int fd;
	struct bl_nl_sock *rt;
	struct bl_nl_sock *xfrm;
	struct bl_nl_reader *reader;
	struct bl_nl_link *links;
	size_t n_links;
};

/* Open netns by name; fd is -1 and sockets NULL on failure. Reported. */
int bl_lab_ns_open(struct bl_lab_ns *ns, const char *node, const char *netns);
void bl_lab_ns_close(struct bl_lab_ns *ns);

/* Send the batch on sock (ns->rt or ns->xfrm); an empty batch is no trip. */
int bl_lab_ns_send(struct bl_lab_ns *ns, struct bl_nl_sock *sock,
		   struct bl_nl_batch *batch);
/* Refresh ns->links from a link read. */
int bl_lab_ns_dump_links(struct bl_lab_ns *ns);
/* Index of the link called name from the last read; 0 when absent. */
int bl_lab_ns_index(const struct bl_lab_ns *ns, const char *name);
const struct bl_nl_link *bl_lab_ns_link(const struct bl_lab_ns *ns,
					const char *name);

/* Netlink round trips made by this process so far (a batch, or a dump or
 * read), and the requests they carried (a batch's messages; one per dump). */
unsigned bl_lab_round_trips(void);
unsigned bl_lab_requests(void);
/* One dump or read: a round trip of one request. */
void bl_lab_count_trip(void);

#endif
