/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XFRM requests (NETLINK_XFRM): ESP tunnel-mode SAs and policies, bound
 * to an xfrm interface (XFRMA_IF_ID) or to a VTI (XFRMA_MARK equal to the
 * VTI's keys). Built with libmnl because libnl-xfrm 3.7 cannot set
 * XFRMA_IF_ID. Builders are pure, like link.h's.
 *
 * Addresses and SPIs are in host byte order.
 *
 * SAs are read back with libmnl too (xfrm_dump.c), not libnl-xfrm: 3.7
 * has addresses, SPI, marks and counters but not XFRMA_IF_ID, and the
 * if_id is how a reader tells which tunnel an SA belongs to.
 *
 * Ownership: bl_nl_xfrm_state_dump() returns an owned array to free().
 */
#ifndef BL_NL_XFRM_H
#define BL_NL_XFRM_H

#include <stddef.h>
#include <stdint.h>

struct bl_nl_sock;
struct bl_nl_error;
struct nlmsghdr;

enum bl_nl_esp {
	BL_NL_ESP_AES_GCM,        /* rfc4106(gcm(aes)), 128-bit ICV */
	BL_NL_ESP_AES_CBC_SHA256, /* cbc(aes) + hmac(sha256), 128-bit trunc */
};

/* Where SAs and policies attach: if_id for xfrm interfaces, mark for VTI
 * (mark_mask 0: no mark). */
struct bl_nl_xfrm_bind {
	uint32_t if_id;
	uint32_t mark;
	uint32_t mark_mask;
};

struct bl_nl_xfrm_state {
	uint32_t src;     /* outer addresses, host byte order */
	uint32_t dst;
	uint32_t spi;     /* host byte order */
	uint32_t reqid;
	enum bl_nl_esp alg;
	/* GCM: 16/24/32-byte AES key followed by the 4-byte salt (20 for
	 * AES-128). CBC: the 16/24/32-byte AES key. */
	uint8_t enc_key[36];
	size_t enc_key_len;
	uint8_t auth_key[32];   /* CBC only: HMAC-SHA256 key */
	size_t auth_key_len;
	struct bl_nl_xfrm_bind bind;
};

enum bl_nl_xfrm_dir { BL_NL_XFRM_IN, BL_NL_XFRM_OUT, BL_NL_XFRM_FWD };

struct bl_nl_xfrm_policy {
	enum bl_nl_xfrm_dir dir;
	uint32_t src;         /* selector, host byte order; 0/0 = any */
	uint8_t src_len;
	uint32_t dst;
	uint8_t dst_len;
	uint32_t tmpl_src;    /* tunnel endpoints of the ESP template */
	uint32_t tmpl_dst;
	uint32_t reqid;
	uint32_t priority;
	struct bl_nl_xfrm_bind bind;
};

int bl_nl_build_xfrm_state_add(void *buf, size_t size,
			       const struct bl_nl_xfrm_state *st);
/* By (dst, spi, ESP) and the binding's mark/if_id. */
int bl_nl_build_xfrm_state_del(void *buf, size_t size,
			       const struct bl_nl_xfrm_state *st);
int bl_nl_build_xfrm_policy_add(void *buf, size_t size,
				const struct bl_nl_xfrm_policy *pol);
/* By selector, direction and binding. */
int bl_nl_build_xfrm_policy_del(void *buf, size_t size,
				const struct bl_nl_xfrm_policy *pol);
/* Every SA / every policy of the socket's namespace. */
int bl_nl_build_xfrm_flush_states(void *buf, size_t size);
int bl_nl_build_xfrm_flush_policies(void *buf, size_t size);
int bl_nl_build_xfrm_state_dump(void *buf, size_t size);

/* One SA as dumped, with its lifetime counters. */
struct bl_nl_xfrm_sa {
	uint32_t src, dst, spi, reqid; /* host byte order */
	struct bl_nl_xfrm_bind bind;
	char alg[64];                  /* kernel algorithm name */
	uint64_t bytes;
	uint64_t packets;
};

int bl_nl_xfrm_sa_parse(const struct nlmsghdr *nlh, struct bl_nl_xfrm_sa *out);
/* Every SA of the socket's namespace; *sas_out owned (free()). */
int bl_nl_xfrm_state_dump(struct bl_nl_sock *s, struct bl_nl_xfrm_sa **sas_out,
			  size_t *n_out, struct bl_nl_error *err);

#endif
