// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The prefix limits of R7, R8 and R9 on generated topologies: at the limit
 * the session stays up; one prefix more and it drops, both ways, with a
 * diagnostic naming the rule.
 */
#include "tests/unit/model_fixtures.h"

static size_t session_notes(const struct bl_model *m, const char *rule)
{
	const struct bl_model_note *notes;
	size_t n, count = 0;

	bl_model_session_notes(m, &notes, &n);
	for (size_t i = 0; i < n; i++)
		count += !strcmp(notes[i].rule, rule);
	return count;
}

/* Max-prefix limits: at the limit the session stays up; one more and it
 * drops (both ways), with a diagnostic naming the rule. */
struct limit_case {
	const char *rule;
	size_t count;
	bool circuit;        /* generated prefixes from the CE, else site A */
	bool route_server;
	size_t downs;        /* sessions dropped */
	const char *node;    /* where the first generated prefix is checked */
	bool present;
};

static const struct limit_case limits[] = {
	{ "R7", 4000, false, false, 0, "vpngw-in0", true },
	{ "R7", 4001, false, false, 2, "vpngw-in0", false },  /* two tunnels */
	{ "R8", 4000, true, false, 0, "msee-b", true },
	{ "R8", 4001, true, false, 2, "msee-b", false },      /* primary, secondary */
	{ "R9", 1000, false, true, 0, "routeserver", true },
	{ "R9", 1001, false, true, 2, "routeserver", false }, /* each instance */
};

/* `routes` shows a dropped session under every table. */
static void table_says_dropped(const struct bl_model *m, const char *node,
			       const char *rule)
{
	char *text = NULL, tag[16];
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(bl_model_print_table(m, node, false, out), 0);
	fclose(out);
	snprintf(tag, sizeof(tag), "(%s)", rule);
	assert_non_null(strstr(text, "note: session "));
	assert_non_null(strstr(text, "dropped"));
	assert_non_null(strstr(text, tag));
	free(text);
}

static void rule_max_prefix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		const struct limit_case *c = &limits[i];
		struct mfx *f = mfx_new();
		struct bl_model *m;

		if (c->route_server)
			mfx_route_server(f, true, BL_PREFER_EXPRESSROUTE);
		if (c->circuit) {
			mfx_advertise_many(f, 0, c->count);
			f->circuits[0].advertise = f->big_adv;
			f->circuits[0].n_advertise = c->count;
			f->sites[0].advertise = f->site_adv[0];
			f->sites[0].n_advertise = 1;
		} else {
			mfx_advertise_many(f, 0, c->count);
		}
		m = mfx_compute(f);
		assert_int_equal(session_notes(m, c->rule), c->downs);
		if (c->downs)
			table_says_dropped(m, c->node, c->rule);
		assert_int_equal(mfx_active_row(m, c->node, "198.18.0.0/32") != NULL,
				 c->present);
		bl_model_free(m);
		mfx_free(f);
	}
}

/* R8: the ER gateway advertises at most 1000 prefixes to the MSEE. */
static void rule_r8_outbound(void **state)
{
	struct prefix_block { struct bl_prefix p[1001]; } *space = calloc(1, sizeof(*space));
	struct mfx *f = mfx_new();
	struct bl_model *m;

	(void)state;
	assert_non_null(space);
	for (size_t k = 0; k < 1001; k++)
		space->p[k] = (struct bl_prefix){ MFX_IP(10, 0, 0, 0) + ((bl_addr)k << 8), 24 };
	f->t.hub.address_space = space->p;
	f->t.hub.n_address_space = 1001;
	m = mfx_compute(f);
	assert_int_equal(session_notes(m, "R8"), 1);
	assert_null(mfx_active_row(m, "msee-b", "10.0.1.0/24"));
	bl_model_free(m);
	f->t.hub.n_address_space = 1000;
	m = mfx_compute(f);
	assert_int_equal(session_notes(m, "R8"), 0);
	assert_non_null(mfx_active_row(m, "msee-b", "10.0.1.0/24"));
	bl_model_free(m);
	mfx_free(f);
	free(space);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rule_max_prefix),
		cmocka_unit_test(rule_r8_outbound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
