/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A netlink socket bound to one network namespace, and batches of
 * requests sent over it.
 *
 * Every request in a batch carries NLM_F_ACK and its own sequence number,
 * and every ack is read back: a failure is never silent. The socket asks
 * for extended acks, so a failure comes back with the kernel's own words
 * ("Unknown device type", "Nexthop has invalid gateway", ...) next to the
 * caller's description of the request that failed.
 *
 * The library never prints: it has no idea which node or topology object
 * a request belongs to. The caller describes each request when adding it
 * to a batch and reports the returned struct bl_nl_error once.
 *
 * Use:
 *	size_t room;
 *	void *m = bl_nl_batch_room(batch, &room);
 *	r = bl_nl_batch_seal(batch, bl_nl_build_route_add(m, room, &rt),
 *			     "adding route %s in '%s'", prefix, node);
 *	...
 *	r = bl_nl_batch_send(sock, batch, &err);
 *	if (r < 0)
 *		bl_err("%s failed: %s", err.what, bl_nl_error_reason(&err));
 *
 * Ownership: bl_nl_open() and bl_nl_batch_new() return owned objects;
 * bl_nl_close(NULL) and bl_nl_batch_free(NULL) are no-ops.
 */
#ifndef BL_NL_SOCKET_H
#define BL_NL_SOCKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;
struct bl_nl_sock;
struct bl_nl_batch;

/* Why a request failed: which one (as the caller described it), the
 * errno, and the kernel's extack message when it gave one. */
struct bl_nl_error {
	int err;          /* negative errno */
	char what[160];   /* the description given to bl_nl_batch_seal() */
	char text[256];   /* kernel extack message, "" when none */
	unsigned failed;  /* how many requests of the batch failed */
};

/* The kernel's text when it gave one, else strerror(). */
const char *bl_nl_error_reason(const struct bl_nl_error *e);

/*
 * Open a netlink socket of protocol NETLINK_ROUTE or NETLINK_XFRM inside
 * the namespace netns_fd (-1: the caller's). The socket stays in that
 * namespace for its whole life; the calling thread is back in its own
 * namespace when this returns.
 */
int bl_nl_open(int protocol, int netns_fd, struct bl_nl_sock **out);
void bl_nl_close(struct bl_nl_sock *s);

int bl_nl_batch_new(struct bl_nl_batch **out);
void bl_nl_batch_free(struct bl_nl_batch *b);
/* Forget every sealed request, keep the buffer. */
void bl_nl_batch_reset(struct bl_nl_batch *b);
size_t bl_nl_batch_count(const struct bl_nl_batch *b);

/*
 * Free space at the end of the batch for one message (at least
 * BL_NL_MSG_ROOM bytes; grows as needed). NULL only when out of memory.
 * The pointer is valid until the next call on the batch.
 */
#define BL_NL_MSG_ROOM 4096
void *bl_nl_batch_room(struct bl_nl_batch *b, size_t *size);

/*
 * Keep the message a builder just wrote at bl_nl_batch_room(): give it a
 * sequence number and NLM_F_ACK and remember its description. `built` is
 * the builder's return value: when negative, nothing is kept and it is
 * returned as is, so a builder call can be passed straight in.
 */
int bl_nl_batch_seal(struct bl_nl_batch *b, int built, const char *what_fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Send every request of the batch and read every ack. The kernel runs
 * all requests even after one fails; the first failure is written to
 * *err (when not NULL) and returned. The batch is reset either way.
 */
int bl_nl_batch_send(struct bl_nl_sock *s, struct bl_nl_batch *b,
		     struct bl_nl_error *err);

/*
 * Send one dump request (built with NLM_F_DUMP) and call cb for each
 * answer message until NLMSG_DONE. cb returns 0 to go on or -errno to stop
 * (that value is returned). For what libnl does not read (the SA dump,
 * xfrm_dump.c) or need not (bench-count's counting); links, addresses and
 * routes are read with nl_read.h.
 */
typedef int (*bl_nl_dump_cb)(const struct nlmsghdr *nlh, void *data);
int bl_nl_dump(struct bl_nl_sock *s, struct nlmsghdr *request,
	       bl_nl_dump_cb cb, void *data, struct bl_nl_error *err);
/* The same for one plain request (a GET by name): cb sees the answer,
 * then the ack ends it. */
int bl_nl_query(struct bl_nl_sock *s, struct nlmsghdr *request,
		bl_nl_dump_cb cb, void *data, struct bl_nl_error *err);

#endif
