// SPDX-License-Identifier: GPL-2.0-or-later
#include "netlink/xfrm.h"
#include "netlink/nl_msg.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <netinet/in.h>
#include <linux/ipsec.h>
#include <linux/xfrm.h>

#define GCM_ICV_BITS 128
#define SHA256_TRUNC_BITS 128
#define GCM_SALT_BYTES 4

static void no_limits(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = XFRM_INF;
	lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = XFRM_INF;
	lft->hard_packet_limit = XFRM_INF;
}

static void put_bind(struct bl_nl_msg *m, const struct bl_nl_xfrm_bind *bind)
{
	if (bind->if_id)
		bl_nl_put_u32(m, XFRMA_IF_ID, bind->if_id);
	if (bind->mark_mask) {
		struct xfrm_mark mark = { .v = bind->mark, .m = bind->mark_mask };

		bl_nl_put(m, XFRMA_MARK, sizeof(mark), &mark);
	}
}

static bool aes_key_len(size_t len)
{
	return len == 16 || len == 24 || len == 32;
}

static void put_gcm(struct bl_nl_msg *m, const struct bl_nl_xfrm_state *st)
{
	char raw[sizeof(struct xfrm_algo_aead) + sizeof(st->enc_key)] = { 0 };
	struct xfrm_algo_aead *aead = (struct xfrm_algo_aead *)raw;

	snprintf(aead->alg_name, sizeof(aead->alg_name), "rfc4106(gcm(aes))");
	/* The key length counts the salt: 160 bits for AES-128. */
	aead->alg_key_len = (unsigned)(st->enc_key_len * 8);
	aead->alg_icv_len = GCM_ICV_BITS;
	memcpy(aead->alg_key, st->enc_key, st->enc_key_len);
	bl_nl_put(m, XFRMA_ALG_AEAD, sizeof(*aead) + st->enc_key_len, aead);
}

static void put_cbc_sha256(struct bl_nl_msg *m, const struct bl_nl_xfrm_state *st)
{
	char raw_enc[sizeof(struct xfrm_algo) + sizeof(st->enc_key)] = { 0 };
	char raw_auth[sizeof(struct xfrm_algo_auth) + sizeof(st->auth_key)] = { 0 };
	struct xfrm_algo *enc = (struct xfrm_algo *)raw_enc;
	struct xfrm_algo_auth *auth = (struct xfrm_algo_auth *)raw_auth;

	snprintf(enc->alg_name, sizeof(enc->alg_name), "cbc(aes)");
	enc->alg_key_len = (unsigned)(st->enc_key_len * 8);
	memcpy(enc->alg_key, st->enc_key, st->enc_key_len);
	bl_nl_put(m, XFRMA_ALG_CRYPT, sizeof(*enc) + st->enc_key_len, enc);

	snprintf(auth->alg_name, sizeof(auth->alg_name), "hmac(sha256)");
	auth->alg_key_len = (unsigned)(st->auth_key_len * 8);
	auth->alg_trunc_len = SHA256_TRUNC_BITS;
	memcpy(auth->alg_key, st->auth_key, st->auth_key_len);
	bl_nl_put(m, XFRMA_ALG_AUTH_TRUNC, sizeof(*auth) + st->auth_key_len, auth);
}

static bool state_valid(const struct bl_nl_xfrm_state *st)
{
	if (!st->src || !st->dst || !st->spi)
		return false;
	if (st->alg == BL_NL_ESP_AES_GCM)
		return st->enc_key_len > GCM_SALT_BYTES &&
		       aes_key_len(st->enc_key_len - GCM_SALT_BYTES);
	if (st->alg == BL_NL_ESP_AES_CBC_SHA256)
		return aes_key_len(st->enc_key_len) && st->auth_key_len > 0 &&
		       st->auth_key_len <= sizeof(st->auth_key);
	return false;
}

int bl_nl_build_xfrm_state_add(void *buf, size_t size,
			       const struct bl_nl_xfrm_state *st)
{
	struct xfrm_usersa_info sa = {
		.sel.family = AF_INET, /* any -> any: the tunnel carries all */
		.id = { .daddr.a4 = htonl(st->dst), .spi = htonl(st->spi), .proto = IPPROTO_ESP },
		.saddr.a4 = htonl(st->src),
		.family = AF_INET,
		.mode = XFRM_MODE_TUNNEL,
		.reqid = st->reqid,
		.replay_window = 32,
	};
	struct bl_nl_msg m;
	void *hdr;

	if (!state_valid(st))
		return -EINVAL;
	no_limits(&sa.lft);
	m = bl_nl_msg_start(buf, size, XFRM_MSG_NEWSA, NLM_F_CREATE | NLM_F_EXCL,
			    sizeof(sa), &hdr);
	/* Copied, not written in place: it holds u64s, and a message in a
	 * batch is only 4-byte aligned. */
	if (hdr)
		memcpy(hdr, &sa, sizeof(sa));
	if (st->alg == BL_NL_ESP_AES_GCM)
		put_gcm(&m, st);
	else
		put_cbc_sha256(&m, st);
	put_bind(&m, &st->bind);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_xfrm_state_del(void *buf, size_t size,
			       const struct bl_nl_xfrm_state *st)
{
	struct xfrm_usersa_id *id;
	struct bl_nl_msg m;

	if (!st->dst || !st->spi)
		return -EINVAL;
	m = bl_nl_msg_start(buf, size, XFRM_MSG_DELSA, 0, sizeof(*id), (void **)&id);
	if (id) {
		id->daddr.a4 = htonl(st->dst);
		id->spi = htonl(st->spi);
		id->family = AF_INET;
		id->proto = IPPROTO_ESP;
	}
	put_bind(&m, &st->bind);
	return bl_nl_msg_end(&m);
}

static const uint8_t xfrm_dir[] = {
	[BL_NL_XFRM_IN] = XFRM_POLICY_IN,
	[BL_NL_XFRM_OUT] = XFRM_POLICY_OUT,
	[BL_NL_XFRM_FWD] = XFRM_POLICY_FWD,
};

static bool policy_valid(const struct bl_nl_xfrm_policy *pol)
{
	return (unsigned)pol->dir < sizeof(xfrm_dir) && pol->src_len <= 32 &&
	       pol->dst_len <= 32;
}

static void fill_selector(struct xfrm_selector *sel, const struct bl_nl_xfrm_policy *pol)
{
	sel->family = AF_INET;
	sel->saddr.a4 = htonl(pol->src);
	sel->prefixlen_s = pol->src_len;
	sel->daddr.a4 = htonl(pol->dst);
	sel->prefixlen_d = pol->dst_len;
}

static void put_template(struct bl_nl_msg *m, const struct bl_nl_xfrm_policy *pol)
{
	struct xfrm_user_tmpl tmpl = {
		.id = { .daddr.a4 = htonl(pol->tmpl_dst), .proto = IPPROTO_ESP },
		.family = AF_INET,
		.saddr.a4 = htonl(pol->tmpl_src),
		.reqid = pol->reqid,
		.mode = XFRM_MODE_TUNNEL,
		/* Any algorithm the SA has is acceptable. */
		.aalgos = ~0u,
		.ealgos = ~0u,
		.calgos = ~0u,
	};

	bl_nl_put(m, XFRMA_TMPL, sizeof(tmpl), &tmpl);
}

int bl_nl_build_xfrm_policy_add(void *buf, size_t size,
				const struct bl_nl_xfrm_policy *pol)
{
	struct xfrm_userpolicy_info info = { .action = XFRM_POLICY_ALLOW };
	struct bl_nl_msg m;
	void *hdr;

	if (!policy_valid(pol) || !pol->tmpl_src || !pol->tmpl_dst)
		return -EINVAL;
	fill_selector(&info.sel, pol);
	no_limits(&info.lft);
	info.priority = pol->priority;
	info.dir = xfrm_dir[pol->dir];
	m = bl_nl_msg_start(buf, size, XFRM_MSG_NEWPOLICY, NLM_F_CREATE | NLM_F_EXCL,
			    sizeof(info), &hdr);
	if (hdr) /* copied: u64s, 4-byte aligned message (see state_add) */
		memcpy(hdr, &info, sizeof(info));
	put_template(&m, pol);
	put_bind(&m, &pol->bind);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_xfrm_policy_del(void *buf, size_t size,
				const struct bl_nl_xfrm_policy *pol)
{
	struct xfrm_userpolicy_id *id;
	struct bl_nl_msg m;

	if (!policy_valid(pol))
		return -EINVAL;
	m = bl_nl_msg_start(buf, size, XFRM_MSG_DELPOLICY, 0, sizeof(*id), (void **)&id);
	if (id) {
		fill_selector(&id->sel, pol);
		id->dir = xfrm_dir[pol->dir];
	}
	put_bind(&m, &pol->bind);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_xfrm_flush_states(void *buf, size_t size)
{
	struct xfrm_usersa_flush *flush;
	struct bl_nl_msg m = bl_nl_msg_start(buf, size, XFRM_MSG_FLUSHSA, 0,
					     sizeof(*flush), (void **)&flush);

	if (flush)
		flush->proto = IPSEC_PROTO_ANY;
	return bl_nl_msg_end(&m);
}

int bl_nl_build_xfrm_flush_policies(void *buf, size_t size)
{
	void *none;
	struct bl_nl_msg m = bl_nl_msg_start(buf, size, XFRM_MSG_FLUSHPOLICY, 0, 0, &none);

	return bl_nl_msg_end(&m);
}

int bl_nl_build_xfrm_state_dump(void *buf, size_t size)
{
	void *none;
	struct bl_nl_msg m = bl_nl_msg_start(buf, size, XFRM_MSG_GETSA, NLM_F_DUMP, 0, &none);

	return bl_nl_msg_end(&m);
}
