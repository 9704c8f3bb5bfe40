/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Named network namespaces, visible to `ip netns` (a bind mount of the
 * namespace at /run/netns/<name>, exactly where iproute2 looks).
 *
 * Entering a namespace changes only the calling thread. Every function
 * that enters one returns with the thread back where it started.
 *
 * Ownership: bl_netns_open() hands the caller a file descriptor to
 * close(); bl_netns_list() returns an owned array freed with
 * bl_netns_list_free() (NULL is a no-op).
 */
#ifndef BL_NETNS_H
#define BL_NETNS_H

#include <stddef.h>

#define BL_NETNS_DIR "/run/netns"

/* Create an empty namespace called name; -EEXIST when it exists. */
int bl_netns_create(const char *name);
/* A namespace with no name: only the returned descriptor keeps it alive,
 * so it vanishes with the process however that ends (kill -9 included).
 * For throwaway probes. */
int bl_netns_new_anonymous(int *fd_out);
/* Remove it (unmount + unlink); -ENOENT when there is none. */
int bl_netns_delete(const char *name);
/* O_RDONLY|O_CLOEXEC descriptor of the namespace, for setns() and
 * IFLA_NET_NS_FD. */
int bl_netns_open(const char *name, int *fd_out);

/*
 * Move the calling thread into netns_fd; *saved_out receives a
 * descriptor of where it was, for bl_netns_leave(), which goes back and
 * closes it.
 */
int bl_netns_enter(int netns_fd, int *saved_out);
int bl_netns_leave(int saved_fd);

/* Names under /run/netns starting with prefix, sorted. */
int bl_netns_list(const char *prefix, char ***names_out, size_t *n_out);
void bl_netns_list_free(char **names, size_t n);

/*
 * Write each { key, value } of sysctls ("net.ipv4.ip_forward", "1") as seen
 * from inside netns_fd, entering it once for all of them. Stops at the
 * first failure: -errno, with its index in *failed_out.
 */
int bl_netns_sysctls(int netns_fd, const char *const (*sysctls)[2], size_t n,
		     size_t *failed_out);

#endif
