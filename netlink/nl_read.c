// SPDX-License-Identifier: GPL-2.0-or-later
/* The libnl read socket of one namespace, and libnl's errors as errnos. */
#include "netlink/nl_read.h"
#include "netlink/nl_read_internal.h"
#include "netlink/netns.h"
#include "netlink/nl_socket.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

struct bl_nl_reader {
	struct nl_sock *sk;
};

/* libnl folds errnos into its own codes (nl_syserr2nlerr()); this is
 * the way back. Codes with no errno of their own (a parse error, a
 * sequence mismatch) get the nearest one; the text keeps libnl's words. */
static const int errno_of_nle[NLE_MAX + 1] = {
	[NLE_SUCCESS] = 0,
	[NLE_FAILURE] = EIO,
	[NLE_INTR] = EINTR,
	[NLE_BAD_SOCK] = EBADF,
	[NLE_AGAIN] = EAGAIN,
	[NLE_NOMEM] = ENOMEM,
	[NLE_EXIST] = EEXIST,
	[NLE_INVAL] = EINVAL,
	[NLE_RANGE] = ERANGE,
	[NLE_MSGSIZE] = EMSGSIZE,
	[NLE_OPNOTSUPP] = EOPNOTSUPP,
	[NLE_AF_NOSUPPORT] = EAFNOSUPPORT,
	[NLE_OBJ_NOTFOUND] = ENOENT,
	[NLE_NOATTR] = ENODATA,
	[NLE_MISSING_ATTR] = EINVAL,
	[NLE_AF_MISMATCH] = EAFNOSUPPORT,
	[NLE_SEQ_MISMATCH] = EPROTO,
	[NLE_MSG_OVERFLOW] = EOVERFLOW,
	[NLE_MSG_TRUNC] = EMSGSIZE,
	[NLE_NOADDR] = EADDRNOTAVAIL,
	[NLE_SRCRT_NOSUPPORT] = EOPNOTSUPP,
	[NLE_MSG_TOOSHORT] = EBADMSG,
	[NLE_MSGTYPE_NOSUPPORT] = EOPNOTSUPP,
	[NLE_OBJ_MISMATCH] = EINVAL,
	[NLE_NOCACHE] = ENOENT,
	[NLE_BUSY] = EBUSY,
	[NLE_PROTO_MISMATCH] = EPROTONOSUPPORT,
	[NLE_NOACCESS] = EACCES,
	[NLE_PERM] = EPERM,
	[NLE_PKTLOC_FILE] = ENOENT,
	[NLE_PARSE_ERR] = EBADMSG,
	[NLE_NODEV] = ENODEV,
	[NLE_IMMUTABLE] = EPERM,
	[NLE_DUMP_INTR] = EINTR,
	[NLE_ATTRSIZE] = EBADMSG,
};

int bl_nl_libnl_error(int nle, const char *what, struct bl_nl_error *err)
{
	int code = nle < 0 ? -nle : nle;
	int e = code <= NLE_MAX ? errno_of_nle[code] : EIO;

	if (code == NLE_SUCCESS)
		return 0;
	if (err) {
		*err = (struct bl_nl_error){ .err = -e, .failed = 1 };
		snprintf(err->what, sizeof(err->what), "%s", what);
		snprintf(err->text, sizeof(err->text), "%s", nl_geterror(code));
	}
	return -e;
}

int bl_nl_cache_to_array(struct nl_cache *cache, size_t elem_size, bl_nl_copy_fn copy,
			 void *arg, void **array_out, size_t *n_out, const char *what,
			 struct bl_nl_error *err)
{
	/* One spare element: calloc(0) may return NULL. */
	char *array = calloc((size_t)nl_cache_nitems(cache) + 1, elem_size);
	size_t n = 0;
	int r = array ? 0 : -ENOMEM;

	for (struct nl_object *o = nl_cache_get_first(cache); o && r == 0;
	     o = nl_cache_get_next(o)) {
		r = copy(o, array + n * elem_size, arg);
		if (r == 0) {
			n++;
		} else if (r == -ENOTSUP) {
			memset(array + n * elem_size, 0, elem_size);
			r = 0;
		}
	}
	nl_cache_free(cache);
	if (r < 0) {
		free(array);
		if (err) {
			*err = (struct bl_nl_error){ .err = r, .failed = 1 };
			snprintf(err->what, sizeof(err->what), "%s", what);
		}
		return r;
	}
	*array_out = array;
	*n_out = n;
	return 0;
}

uint32_t bl_nl_ipv4_of(const struct nl_addr *a)
{
	uint32_t be;

	if (!a || nl_addr_get_family(a) != AF_INET || nl_addr_get_len(a) != sizeof(be))
		return 0;
	memcpy(&be, nl_addr_get_binary_addr(a), sizeof(be));
	return ntohl(be);
}

struct nl_sock *bl_nl_reader_sock(struct bl_nl_reader *r)
{
	return r->sk;
}

/* nl_connect() creates the socket in the calling thread's namespace:
 * enter, connect, come back. */
static int connect_in(struct nl_sock *sk, int netns_fd)
{
	int saved = -1, r, back;

	if (netns_fd >= 0) {
		r = bl_netns_enter(netns_fd, &saved);
		if (r < 0)
			return r;
	}
	r = nl_connect(sk, NETLINK_ROUTE);
	r = r < 0 ? bl_nl_libnl_error(r, "opening a libnl socket", NULL) : 0;
	if (saved < 0)
		return r;
	back = bl_netns_leave(saved);
	return r < 0 ? r : back;
}

int bl_nl_reader_open(int netns_fd, struct bl_nl_reader **out)
{
	struct bl_nl_reader *r = calloc(1, sizeof(*r));
	int e;

	if (!r)
		return -ENOMEM;
	r->sk = nl_socket_alloc();
	if (!r->sk) {
		free(r);
		return -ENOMEM;
	}
	e = connect_in(r->sk, netns_fd);
	if (e < 0) {
		bl_nl_reader_free(r);
		return e;
	}
	*out = r;
	return 0;
}

void bl_nl_reader_free(struct bl_nl_reader *r)
{
	if (!r)
		return;
	nl_socket_free(r->sk); /* closes the socket when connected */
	free(r);
}
