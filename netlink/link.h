/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Link requests (rtnetlink). Builders are pure: each fills one request in
 * the caller's buffer (buf, size) and returns its length, or -EMSGSIZE
 * when it does not fit, or -EINVAL for a bad argument. No I/O: add them
 * to a batch (nl_socket.h), or inspect them in a test.
 *
 * Links are named by IFLA_IFNAME, so a batch can create a link and set it
 * up without knowing its index; only IFLA_MASTER, RTA_OIF and addresses
 * need an index (bl_nl_link_index()).
 *
 * Addresses are IPv4 in host byte order, like bl_addr.
 */
#ifndef BL_NL_LINK_H
#define BL_NL_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bl_nl_sock;

/*
 * A veth pair whose ends are born in their namespaces: name inside
 * netns_fd, peer inside peer_netns_fd (-1: the namespace of the socket the
 * request is sent on). Neither end ever exists in another namespace.
 */
int bl_nl_build_veth_add(void *buf, size_t size, const char *name, int netns_fd,
			 const char *peer, int peer_netns_fd);
int bl_nl_build_bridge_add(void *buf, size_t size, const char *name);

/* VTI: outer endpoints, and the keys that must equal the marks of the
 * xfrm policies and states it uses (ikey inbound, okey outbound). */
struct bl_nl_vti {
	const char *name;
	uint32_t local;   /* host byte order */
	uint32_t remote;  /* host byte order */
	uint32_t ikey;
	uint32_t okey;
	int link_ifindex; /* underlying device, 0: none */
};
int bl_nl_build_vti_add(void *buf, size_t size, const struct bl_nl_vti *vti);

/* xfrm interface: carries the SAs and policies whose XFRMA_IF_ID is
 * if_id (non-zero). */
int bl_nl_build_xfrmi_add(void *buf, size_t size, const char *name,
			  uint32_t if_id, int link_ifindex);

int bl_nl_build_link_up(void *buf, size_t size, const char *name);
/* Administratively up or down (`fail`, `restore`). */
int bl_nl_build_link_state(void *buf, size_t size, const char *name, bool up);
/* Reverse-path filter of one link: 0 off, 1 strict, 2 loose. */
int bl_nl_build_link_rp_filter(void *buf, size_t size, const char *name, uint32_t mode);
/* master_ifindex 0 releases the link from its master. */
int bl_nl_build_link_set_master(void *buf, size_t size, const char *name,
				int master_ifindex);
int bl_nl_build_link_del(void *buf, size_t size, const char *name);

/* Index of the link called name in the socket's namespace. */
int bl_nl_link_index(struct bl_nl_sock *s, const char *name, int *ifindex_out);

#endif
