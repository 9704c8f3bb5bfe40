// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every vici request branchlab sends, built without a daemon and checked
 * entry by entry.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vici/vici_cmd.h"

#define RRAS 0xcb00710a  /* 203.0.113.10 */
#define GW0 0x1400000a   /* 20.0.0.10 */

static const struct bl_vici_tunnel xfrmi_gcm = {
	.name = "rras-a-in0", .local = RRAS, .remote = GW0,
	.kind = BL_VICI_XFRMI, .if_id = 42, .esp = BL_VICI_GCM_FIRST,
};

static const struct bl_vici_tunnel vti_cbc = {
	.name = "vpngw-in1-a", .local = GW0, .remote = RRAS,
	.kind = BL_VICI_VTI, .if_id = 7, .esp = BL_VICI_CBC_FIRST,
};

static const struct bl_vici_tunnel rras_own_ike = {
	.name = "rras-a-in0", .local = RRAS, .remote = GW0,
	.kind = BL_VICI_XFRMI, .if_id = 42, .esp = BL_VICI_GCM_FIRST,
	.ike = "aes128-sha1-modp1024",
};

static int build_conn_own_ike(struct bl_vici_msg **m)
{
	return bl_vici_build_load_conn(&rras_own_ike, m);
}

static int build_conn_xfrmi(struct bl_vici_msg **m)
{
	return bl_vici_build_load_conn(&xfrmi_gcm, m);
}

static int build_conn_vti(struct bl_vici_msg **m)
{
	return bl_vici_build_load_conn(&vti_cbc, m);
}

static int build_psk(struct bl_vici_msg **m)
{
	return bl_vici_build_load_psk("rras-a-in0", RRAS, GW0, "k3y", m);
}

static int build_initiate(struct bl_vici_msg **m)
{
	return bl_vici_build_initiate("rras-a-in0", "rras-a-in0", 15000, 1, m);
}

static int build_terminate(struct bl_vici_msg **m)
{
	return bl_vici_build_terminate("rras-a-in0", 5000, m);
}

static int build_list_one(struct bl_vici_msg **m)
{
	return bl_vici_build_list_sas("rras-a-in0", m);
}

static int build_list_all(struct bl_vici_msg **m)
{
	return bl_vici_build_list_sas(NULL, m);
}

static int build_unload(struct bl_vici_msg **m)
{
	return bl_vici_build_unload_conn("rras-a-in0", m);
}

/* value NULL: the key must be absent. index >= 0: item of a list. */
struct expect {
	const char *path;
	int index;
	const char *value;
};

#define MAX_EXPECT 24
#define C "rras-a-in0.children.rras-a-in0."
#define V "vpngw-in1-a.children.vpngw-in1-a."

struct request_case {
	const char *name;
	int (*build)(struct bl_vici_msg **m);
	const char *command;
	size_t n_entries;
	struct expect expect[MAX_EXPECT];
};

static const struct request_case request_cases[] = {
	{ "load-conn, xfrm interface, GCM", build_conn_xfrmi, "load-conn", 22, {
		{ "rras-a-in0.version", -1, "2" },
		{ "rras-a-in0.local_addrs", 0, "203.0.113.10" },
		{ "rras-a-in0.remote_addrs", 0, "20.0.0.10" },
		{ "rras-a-in0.proposals", 0, "aes256-sha256-ecp256" },
		{ "rras-a-in0.proposals", 1, "aes256-sha256-modp2048-modp1024" },
		{ "rras-a-in0.rekey_time", -1, "28800s" },
		{ "rras-a-in0.dpd_delay", -1, "10s" },
		{ "rras-a-in0.local.auth", -1, "psk" },
		{ "rras-a-in0.local.id", -1, "203.0.113.10" },
		{ "rras-a-in0.remote.auth", -1, "psk" },
		{ "rras-a-in0.remote.id", -1, "20.0.0.10" },
		{ C "local_ts", 0, "0.0.0.0/0" },
		{ C "remote_ts", 0, "0.0.0.0/0" },
		{ C "esp_proposals", 0, "aes256gcm16" },
		{ C "esp_proposals", 1, "aes256-sha256" },
		{ C "mode", -1, "tunnel" },
		{ C "if_id_in", -1, "42" },
		{ C "if_id_out", -1, "42" },
		{ C "mark_in", -1, NULL },
		{ C "mark_in_sa", -1, NULL },
		{ C "start_action", -1, "none" },
		{ C "rekey_time", -1, "27000s" },
	} },
	{ "load-conn, VTI, CBC", build_conn_vti, "load-conn", 23, {
		{ "vpngw-in1-a.local.id", -1, "20.0.0.10" },
		{ "vpngw-in1-a.remote.id", -1, "203.0.113.10" },
		{ V "esp_proposals", 0, "aes256-sha256" },
		{ V "esp_proposals", 1, "aes256gcm16" },
		{ V "mark_in", -1, "7" },
		{ V "mark_out", -1, "7" },
		{ V "mark_in_sa", -1, "yes" },
		{ V "if_id_in", -1, NULL },
	} },
	{ "load-conn, RRAS's own IKE proposal", build_conn_own_ike, "load-conn", 21, {
		{ "rras-a-in0.proposals", 0, "aes128-sha1-modp1024" },
		{ "rras-a-in0.proposals", 1, NULL },
	} },
	{ "load-shared", build_psk, "load-shared", 5, {
		{ "id", -1, "psk-rras-a-in0" },
		{ "type", -1, "IKE" },
		{ "data", -1, "k3y" },
		{ "owners", 0, "203.0.113.10" },
		{ "owners", 1, "20.0.0.10" },
	} },
	{ "initiate", build_initiate, "initiate", 5, {
		{ "child", -1, "rras-a-in0" },
		{ "ike", -1, "rras-a-in0" },
		{ "timeout", -1, "15000" },
		{ "loglevel", -1, "1" },
	} },
	{ "terminate", build_terminate, "terminate", 3, {
		{ "ike", -1, "rras-a-in0" },
		{ "timeout", -1, "5000" },
		{ "force", -1, "yes" },
	} },
	{ "list-sas, one", build_list_one, "list-sas", 2, {
		{ "noblock", -1, "yes" },
		{ "ike", -1, "rras-a-in0" },
	} },
	{ "list-sas, all", build_list_all, "list-sas", 1, {
		{ "ike", -1, NULL },
	} },
	{ "unload-conn", build_unload, "unload-conn", 1, {
		{ "name", -1, "rras-a-in0" },
	} },
};

static const char *lookup(const struct bl_vici_msg *m, const struct expect *x)
{
	if (x->index < 0)
		return bl_vici_msg_get(m, x->path);
	return bl_vici_msg_item(m, x->path, (size_t)x->index);
}

static void requests_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(request_cases) / sizeof(request_cases[0]); i++) {
		const struct request_case *c = &request_cases[i];
		struct bl_vici_msg *m = NULL;

		print_message("%s\n", c->name);
		assert_int_equal(c->build(&m), 0);
		assert_string_equal(m->command, c->command);
		assert_int_equal(m->n_entries, c->n_entries);
		for (size_t k = 0; k < MAX_EXPECT && c->expect[k].path; k++) {
			const char *got = lookup(m, &c->expect[k]);

			if (c->expect[k].value)
				assert_string_equal(got ? got : "(absent)", c->expect[k].value);
			else
				assert_null(got);
		}
		bl_vici_msg_free(m);
	}
}

static void psk_is_marked_secret(void **state)
{
	struct bl_vici_msg *m = NULL;
	bool found = false;

	(void)state;
	assert_int_equal(build_psk(&m), 0);
	for (size_t i = 0; i < m->n_entries; i++) {
		bool is_data = !strcmp(m->entries[i].key, "data");

		assert_int_equal(m->entries[i].secret, is_data);
		found |= is_data;
	}
	assert_true(found);
	bl_vici_msg_free(m);
}

struct bad_tunnel_case {
	const char *why;
	struct bl_vici_tunnel t;
};

static const struct bad_tunnel_case bad_tunnels[] = {
	{ "dot in name", { "a.b", RRAS, GW0, BL_VICI_XFRMI, 1, BL_VICI_GCM_FIRST, NULL } },
	{ "empty name", { "", RRAS, GW0, BL_VICI_XFRMI, 1, BL_VICI_GCM_FIRST, NULL } },
	{ "no if_id", { "t", RRAS, GW0, BL_VICI_XFRMI, 0, BL_VICI_GCM_FIRST, NULL } },
	{ "no local", { "t", 0, GW0, BL_VICI_XFRMI, 1, BL_VICI_GCM_FIRST, NULL } },
	{ "no remote", { "t", RRAS, 0, BL_VICI_VTI, 1, BL_VICI_GCM_FIRST, NULL } },
};

static void bad_input_refused_and_out_untouched(void **state)
{
	struct bl_vici_msg *sentinel = (struct bl_vici_msg *)&sentinel;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_tunnels) / sizeof(bad_tunnels[0]); i++) {
		struct bl_vici_msg *m = sentinel;

		print_message("%s\n", bad_tunnels[i].why);
		assert_int_equal(bl_vici_build_load_conn(&bad_tunnels[i].t, &m), -EINVAL);
		assert_ptr_equal(m, sentinel);
	}
	assert_int_equal(bl_vici_build_load_psk("t", RRAS, GW0, "", &sentinel), -EINVAL);
	assert_int_equal(bl_vici_build_initiate("t", "a.b", 1, 1, &sentinel), -EINVAL);
	assert_int_equal(bl_vici_build_terminate("", 1, &sentinel), -EINVAL);
	assert_ptr_equal(sentinel, (struct bl_vici_msg *)&sentinel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(requests_table),
		cmocka_unit_test(psk_is_marked_secret),
		cmocka_unit_test(bad_input_refused_and_out_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
