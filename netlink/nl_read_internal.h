/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to netlink/: what the libnl reads (link_read.c, route_read.c)
 * share with the reader (nl_read.c).
 */
#ifndef BL_NL_READ_INTERNAL_H
#define BL_NL_READ_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

struct bl_nl_error;
struct bl_nl_reader;
struct nl_addr;
struct nl_cache;
struct nl_object;
struct nl_sock;

/* The reader's libnl socket; borrowed. */
struct nl_sock *bl_nl_reader_sock(struct bl_nl_reader *r);

/*
 * Copy one cache object into *out (elem_size bytes, zeroed): 0 when
 * copied, -ENOTSUP to leave the object out, another -errno to fail.
 */
typedef int (*bl_nl_copy_fn)(struct nl_object *obj, void *out, void *arg);

/*
 * Turn a filled cache into an owned array (what says what was read, for
 * err). Frees the cache either way; *array_out and *n_out are written
 * only on success.
 */
int bl_nl_cache_to_array(struct nl_cache *cache, size_t elem_size, bl_nl_copy_fn copy,
			 void *arg, void **array_out, size_t *n_out, const char *what,
			 struct bl_nl_error *err);

/* An IPv4 nl_addr in host byte order; 0 for NULL, another family or an
 * empty address (the default route's destination). */
uint32_t bl_nl_ipv4_of(const struct nl_addr *a);

#endif
