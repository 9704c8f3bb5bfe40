// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading list-sa events into SA state, and explaining a failed
 * negotiation from charon's log lines (both without a daemon: the events
 * and lines are shaped as charon 5.9.8 sends them).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vici/vici_explain.h"
#include "vici/vici_sa.h"

static struct bl_vici_msg *list_sa_event(const char *ike, const char *state,
					 size_t n_children)
{
	struct bl_vici_msg *m = NULL;

	assert_int_equal(bl_vici_msg_new("list-sa", &m), 0);
	bl_vici_msg_begin_section(m, ike);
	bl_vici_msg_add(m, "uniqueid", "3");
	bl_vici_msg_add(m, "state", "%s", state);
	bl_vici_msg_add(m, "local-host", "203.0.113.10");
	bl_vici_msg_add(m, "remote-host", "20.0.0.10");
	bl_vici_msg_add(m, "encr-alg", "AES_CBC");
	bl_vici_msg_add(m, "encr-keysize", "256");
	bl_vici_msg_add(m, "integ-alg", "HMAC_SHA2_256_128");
	bl_vici_msg_add(m, "dh-group", "ECP_256");
	bl_vici_msg_add(m, "established", "12");
	bl_vici_msg_add(m, "rekey-time", "28000");
	bl_vici_msg_begin_section(m, "child-sas");
	for (size_t i = 0; i < n_children; i++) {
		char section[32];

		snprintf(section, sizeof(section), "%s-%zu", ike, i + 1);
		bl_vici_msg_begin_section(m, section);
		bl_vici_msg_add(m, "name", "%s", ike);
		bl_vici_msg_add(m, "state", "INSTALLED");
		bl_vici_msg_add(m, "spi-in", "c%07zx", i + 1);
		bl_vici_msg_add(m, "spi-out", "0badf00d");
		bl_vici_msg_add(m, "encr-alg", "AES_GCM_16");
		bl_vici_msg_add(m, "encr-keysize", "256");
		bl_vici_msg_add(m, "bytes-in", "840");
		bl_vici_msg_add(m, "packets-in", "10");
		bl_vici_msg_add(m, "bytes-out", "1680");
		bl_vici_msg_add(m, "packets-out", "20");
		bl_vici_msg_add(m, "rekey-time", "26000");
		bl_vici_msg_add(m, "install-time", "11");
		bl_vici_msg_add_item(m, "local-ts", "0.0.0.0/0");
		bl_vici_msg_end_section(m);
	}
	bl_vici_msg_end_section(m);
	bl_vici_msg_end_section(m);
	assert_int_equal(bl_vici_msg_error(m), 0);
	return m;
}

static void event_read_into_sa(void **state)
{
	struct bl_vici_msg *ev = list_sa_event("rras-a-in0", "ESTABLISHED", 1);
	struct bl_vici_sas sas = { 0 };
	const struct bl_vici_ike_sa *ike;
	const struct bl_vici_child_sa *c;

	(void)state;
	assert_int_equal(bl_vici_sas_add_event(&sas, ev), 0);
	assert_int_equal(sas.n_ike, 1);
	ike = bl_vici_sas_find(&sas, "rras-a-in0");
	assert_non_null(ike);
	assert_string_equal(ike->state, "ESTABLISHED");
	assert_string_equal(ike->remote_host, "20.0.0.10");
	assert_string_equal(ike->proposal, "AES_CBC-256/HMAC_SHA2_256_128/ECP_256");
	assert_int_equal(ike->established_s, 12);
	assert_int_equal(ike->rekey_in_s, 28000);
	assert_int_equal(ike->n_children, 1);
	c = &ike->children[0];
	assert_string_equal(c->name, "rras-a-in0");
	assert_int_equal(c->spi_in, 0xc0000001);
	assert_int_equal(c->spi_out, 0x0badf00d);
	assert_int_equal(c->bytes_in, 840);
	assert_int_equal(c->packets_out, 20);
	assert_int_equal(c->rekey_in_s, 26000);
	assert_string_equal(c->esp, "AES_GCM_16-256");
	assert_true(bl_vici_ike_child_installed(ike, "rras-a-in0"));
	assert_false(bl_vici_ike_child_installed(ike, "other"));
	assert_null(bl_vici_sas_find(&sas, "other"));
	bl_vici_msg_free(ev);
	bl_vici_sas_clear(&sas);
	bl_vici_sas_clear(&sas); /* twice: a no-op */
}

struct children_case {
	size_t sent, kept, dropped;
};

static const struct children_case children_cases[] = {
	{ 0, 0, 0 }, { 2, 2, 0 }, { BL_VICI_MAX_CHILDREN + 2, BL_VICI_MAX_CHILDREN, 2 },
};

static void children_counted_and_capped(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(children_cases) / sizeof(children_cases[0]); i++) {
		const struct children_case *c = &children_cases[i];
		struct bl_vici_msg *ev = list_sa_event("t", "CONNECTING", c->sent);
		struct bl_vici_sas sas = { 0 };

		assert_int_equal(bl_vici_sas_add_event(&sas, ev), 0);
		assert_int_equal(sas.ike[0].n_children, c->kept);
		assert_int_equal(sas.ike[0].n_children_dropped, c->dropped);
		assert_string_equal(sas.ike[0].state, "CONNECTING");
		bl_vici_msg_free(ev);
		bl_vici_sas_clear(&sas);
	}
}

static void events_accumulate(void **state)
{
	struct bl_vici_msg *a = list_sa_event("one", "ESTABLISHED", 1);
	struct bl_vici_msg *b = list_sa_event("two", "ESTABLISHED", 1);
	struct bl_vici_msg *empty = NULL;
	struct bl_vici_sas sas = { 0 };

	(void)state;
	assert_int_equal(bl_vici_sas_add_event(&sas, a), 0);
	assert_int_equal(bl_vici_sas_add_event(&sas, b), 0);
	assert_int_equal(sas.n_ike, 2);
	assert_non_null(bl_vici_sas_find(&sas, "two"));
	assert_int_equal(bl_vici_msg_new("list-sa", &empty), 0);
	assert_int_equal(bl_vici_sas_add_event(&sas, empty), -EINVAL);
	bl_vici_msg_free(a);
	bl_vici_msg_free(b);
	bl_vici_msg_free(empty);
	bl_vici_sas_clear(&sas);
}

struct explain_case {
	const char *lines[5];
	const char *cause_has; /* NULL: no known cause */
	int line;              /* expected quoted line, -1: none */
};

static const struct explain_case explain_cases[] = {
	{ { "initiating IKE_SA rras-a-in0[1] to 20.0.0.10",
	    "received AUTHENTICATION_FAILED notify error",
	    "establishing CHILD_SA rras-a-in0{1} failed" },
	  "authentication failed", 1 },
	{ { "tried 1 shared key for '20.0.0.10' - '203.0.113.10', but MAC mismatched",
	    "sending AUTHENTICATION_FAILED" },
	  "authentication failed", 1 },
	{ { "received NO_PROPOSAL_CHOSEN notify error" }, "no proposal", 0 },
	{ { "retransmit 5 of request with message ID 0",
	    "giving up after 5 retransmits" }, "did not answer", 1 },
	{ { "something odd", "establishing failed", "bye" }, NULL, 1 },
	{ { "all good" }, NULL, -1 },
};

static void explain_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(explain_cases) / sizeof(explain_cases[0]); i++) {
		const struct explain_case *c = &explain_cases[i];
		size_t n = 0;
		struct bl_vici_explanation x;

		while (n < 5 && c->lines[n])
			n++;
		x = bl_vici_explain(c->lines, n);
		if (c->cause_has)
			assert_non_null(strstr(x.cause ? x.cause : "", c->cause_has));
		else
			assert_null(x.cause);
		assert_int_equal(x.line, c->line < 0 ? n : (size_t)c->line);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event_read_into_sa),
		cmocka_unit_test(children_counted_and_capped),
		cmocka_unit_test(events_accumulate),
		cmocka_unit_test(explain_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
