// SPDX-License-Identifier: GPL-2.0-or-later
/* XFRM builders: algorithms with the key and ICV lengths the kernel
 * expects, bindings (if_id / mark), policy templates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/xfrm.h>

#include "netlink/xfrm.h"
#include "tests/unit/nl_attrs.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static _Alignas(8) char buf[4096];

static struct bl_nl_xfrm_state gcm_state(void)
{
	struct bl_nl_xfrm_state st = {
		.src = A(203, 0, 113, 1), .dst = A(198, 51, 100, 2), .spi = 0x1000, .reqid = 7,
		.alg = BL_NL_ESP_AES_GCM, .enc_key_len = 20, .bind = { .if_id = 42 },
	};

	for (size_t i = 0; i < st.enc_key_len; i++)
		st.enc_key[i] = (uint8_t)(i + 1);
	return st;
}

static void gcm_state_has_aead_key_salt_and_icv(void **state)
{
	(void)state;
	struct bl_nl_xfrm_state st = gcm_state();
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct xfrm_usersa_info *sa = mnl_nlmsg_get_payload(nlh);

	assert_true(bl_nl_build_xfrm_state_add(buf, sizeof(buf), &st) > 0);
	assert_int_equal(nlh->nlmsg_type, XFRM_MSG_NEWSA);
	assert_int_equal(sa->id.proto, IPPROTO_ESP);
	assert_int_equal(sa->id.spi, htonl(0x1000));
	assert_int_equal(sa->id.daddr.a4, htonl(A(198, 51, 100, 2)));
	assert_int_equal(sa->saddr.a4, htonl(A(203, 0, 113, 1)));
	assert_int_equal(sa->mode, XFRM_MODE_TUNNEL);
	assert_int_equal(sa->reqid, 7);
	struct nl_attrs a = nl_attrs_of_msg(nlh, sizeof(*sa));

	assert_non_null(a.tb[XFRMA_ALG_AEAD]);
	assert_null(a.tb[XFRMA_ALG_CRYPT]);
	assert_null(a.tb[XFRMA_MARK]);
	const struct xfrm_algo_aead *aead = mnl_attr_get_payload(a.tb[XFRMA_ALG_AEAD]);

	assert_string_equal(aead->alg_name, "rfc4106(gcm(aes))");
	assert_int_equal(aead->alg_key_len, 160);
	assert_int_equal(aead->alg_icv_len, 128);
	assert_int_equal(mnl_attr_get_payload_len(a.tb[XFRMA_ALG_AEAD]), sizeof(*aead) + 20);
	assert_memory_equal(aead->alg_key, st.enc_key, 20);
	assert_int_equal(mnl_attr_get_u32(a.tb[XFRMA_IF_ID]), 42);
}

static void cbc_state_has_cipher_and_truncated_hmac(void **state)
{
	(void)state;
	struct bl_nl_xfrm_state st = gcm_state();

	st.alg = BL_NL_ESP_AES_CBC_SHA256;
	st.enc_key_len = 16;
	st.auth_key_len = 32;
	st.bind = (struct bl_nl_xfrm_bind){ .mark = 100, .mark_mask = 0xffffffff };
	assert_true(bl_nl_build_xfrm_state_add(buf, sizeof(buf), &st) > 0);
	struct nl_attrs a = nl_attrs_of_msg((struct nlmsghdr *)buf, sizeof(struct xfrm_usersa_info));
	const struct xfrm_algo *enc = mnl_attr_get_payload(a.tb[XFRMA_ALG_CRYPT]);
	const struct xfrm_algo_auth *auth = mnl_attr_get_payload(a.tb[XFRMA_ALG_AUTH_TRUNC]);
	const struct xfrm_mark *mark = mnl_attr_get_payload(a.tb[XFRMA_MARK]);

	assert_null(a.tb[XFRMA_ALG_AEAD]);
	assert_string_equal(enc->alg_name, "cbc(aes)");
	assert_int_equal(enc->alg_key_len, 128);
	assert_string_equal(auth->alg_name, "hmac(sha256)");
	assert_int_equal(auth->alg_key_len, 256);
	assert_int_equal(auth->alg_trunc_len, 128);
	/* VTI binding: the mark, no if_id. */
	assert_null(a.tb[XFRMA_IF_ID]);
	assert_int_equal(mark->v, 100);
	assert_int_equal(mark->m, 0xffffffff);
}

static void bad_keys_are_refused(void **state)
{
	(void)state;
	const struct {
		const char *why;
		enum bl_nl_esp alg;
		size_t enc, auth;
	} cases[] = {
		{ "GCM key without salt", BL_NL_ESP_AES_GCM, 16, 0 },
		{ "GCM odd length", BL_NL_ESP_AES_GCM, 21, 0 },
		{ "CBC key of 20", BL_NL_ESP_AES_CBC_SHA256, 20, 32 },
		{ "CBC without auth key", BL_NL_ESP_AES_CBC_SHA256, 16, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bl_nl_xfrm_state st = gcm_state();

		st.alg = cases[i].alg;
		st.enc_key_len = cases[i].enc;
		st.auth_key_len = cases[i].auth;
		if (bl_nl_build_xfrm_state_add(buf, sizeof(buf), &st) != -EINVAL)
			fail_msg("%s: accepted", cases[i].why);
	}
}

static void policy_has_selector_template_and_if_id(void **state)
{
	(void)state;
	struct bl_nl_xfrm_policy pol = {
		.dir = BL_NL_XFRM_FWD, .dst = A(10, 1, 0, 0), .dst_len = 16,
		.tmpl_src = A(198, 51, 100, 2), .tmpl_dst = A(203, 0, 113, 1),
		.reqid = 7, .bind = { .if_id = 42 },
	};
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	const struct xfrm_userpolicy_info *info = mnl_nlmsg_get_payload(nlh);

	assert_true(bl_nl_build_xfrm_policy_add(buf, sizeof(buf), &pol) > 0);
	assert_int_equal(nlh->nlmsg_type, XFRM_MSG_NEWPOLICY);
	assert_int_equal(info->dir, XFRM_POLICY_FWD);
	assert_int_equal(info->action, XFRM_POLICY_ALLOW);
	assert_int_equal(info->sel.prefixlen_d, 16);
	assert_int_equal(info->sel.daddr.a4, htonl(A(10, 1, 0, 0)));
	assert_int_equal(info->sel.prefixlen_s, 0);
	struct nl_attrs a = nl_attrs_of_msg(nlh, sizeof(*info));
	const struct xfrm_user_tmpl *t = mnl_attr_get_payload(a.tb[XFRMA_TMPL]);

	assert_int_equal(mnl_attr_get_payload_len(a.tb[XFRMA_TMPL]), sizeof(*t));
	assert_int_equal(t->reqid, 7);
	assert_int_equal(t->mode, XFRM_MODE_TUNNEL);
	assert_int_equal(t->id.proto, IPPROTO_ESP);
	assert_int_equal(t->saddr.a4, htonl(A(198, 51, 100, 2)));
	assert_int_equal(t->id.daddr.a4, htonl(A(203, 0, 113, 1)));
	assert_int_equal(mnl_attr_get_u32(a.tb[XFRMA_IF_ID]), 42);
}

static void state_parses_back_with_binding(void **state)
{
	(void)state;
	struct bl_nl_xfrm_state st = gcm_state();
	struct bl_nl_xfrm_sa sa;

	assert_true(bl_nl_build_xfrm_state_add(buf, sizeof(buf), &st) > 0);
	assert_int_equal(bl_nl_xfrm_sa_parse((struct nlmsghdr *)buf, &sa), 0);
	assert_int_equal(sa.src, st.src);
	assert_int_equal(sa.dst, st.dst);
	assert_int_equal(sa.spi, st.spi);
	assert_int_equal(sa.reqid, st.reqid);
	assert_int_equal(sa.bind.if_id, 42);
	assert_string_equal(sa.alg, "rfc4106(gcm(aes))");
	assert_int_equal(sa.bytes, 0);
}

static void delete_and_flush_messages(void **state)
{
	(void)state;
	struct bl_nl_xfrm_state st = gcm_state();
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;

	assert_true(bl_nl_build_xfrm_state_del(buf, sizeof(buf), &st) > 0);
	assert_int_equal(nlh->nlmsg_type, XFRM_MSG_DELSA);
	const struct xfrm_usersa_id *id = mnl_nlmsg_get_payload(nlh);

	assert_int_equal(id->spi, htonl(0x1000));
	assert_true(bl_nl_build_xfrm_flush_states(buf, sizeof(buf)) > 0);
	assert_int_equal(nlh->nlmsg_type, XFRM_MSG_FLUSHSA);
	assert_true(bl_nl_build_xfrm_flush_policies(buf, sizeof(buf)) > 0);
	assert_int_equal(nlh->nlmsg_type, XFRM_MSG_FLUSHPOLICY);
	assert_int_equal(bl_nl_build_xfrm_state_add(buf, 100, &st), -EMSGSIZE);
}

/* In a batch a message starts on any 4-byte boundary, while the SA and
 * policy headers hold u64s: the builders must not write them in place
 * (the sanitizer build traps on a misaligned store). */
static void builds_at_a_4_byte_offset(void **state)
{
	(void)state;
	struct bl_nl_xfrm_state st = gcm_state();
	struct bl_nl_xfrm_policy pol = { .tmpl_src = 1, .tmpl_dst = 2, .reqid = 3 };
	struct bl_nl_xfrm_sa sa;

	assert_true(bl_nl_build_xfrm_policy_add(buf + 4, sizeof(buf) - 4, &pol) > 0);
	assert_true(bl_nl_build_xfrm_state_add(buf + 4, sizeof(buf) - 4, &st) > 0);
	assert_int_equal(bl_nl_xfrm_sa_parse((struct nlmsghdr *)(buf + 4), &sa), 0);
	assert_int_equal(sa.spi, st.spi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gcm_state_has_aead_key_salt_and_icv),
		cmocka_unit_test(cbc_state_has_cipher_and_truncated_hmac),
		cmocka_unit_test(bad_keys_are_refused),
		cmocka_unit_test(policy_has_selector_template_and_if_id),
		cmocka_unit_test(state_parses_back_with_binding),
		cmocka_unit_test(delete_and_flush_messages),
		cmocka_unit_test(builds_at_a_4_byte_offset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
