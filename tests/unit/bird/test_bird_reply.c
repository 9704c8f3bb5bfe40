// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BIRD's control-socket replies without a daemon: line forms, where a
 * reply ends, error codes, refused lines, and the BGP sessions of a
 * `show protocols all` reply (text as BIRD 2.0.12 writes it).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bird/bird_ctl.h"
#include "bird/bird_reply.h"

/* Feed lines until one returns non-zero; that result. */
static int feed(struct bl_bird_reply *r, const char *const *lines, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n && k == 0; i++)
		k = bl_bird_reply_line(r, lines[i]);
	return k;
}

struct reply_case {
	const char *lines[4];
	size_t n;
	int result;    /* of the last line fed */
	int code;      /* final code when done */
	bool failed;
	size_t n_lines;
};

static const struct reply_case cases[] = {
	/* The greeting: one final line. */
	{ { "0001 BIRD 2.0.12 ready." }, 1, 1, 1, false, 1 },
	/* Continued lines, a space continuation, then the end. */
	{ { "1002-a BGP", " more of 1002", "1006-  BGP state: Established", "0000 " }, 4, 1, 0,
	  false, 4 },
	/* Errors end a reply too. */
	{ { "9001 syntax error, unexpected CF_SYM_UNDEFINED" }, 1, 1, 9001, true, 1 },
	{ { "8003 No protocols match" }, 1, 1, 8003, true, 1 },
	/* Not finished: more is to come. */
	{ { "1002-a BGP" }, 1, 0, 0, false, 1 },
	/* Refused: a continuation with nothing to continue, no code, a bad
	 * separator, a short code. */
	{ { " orphan" }, 1, -EPROTO, 0, false, 0 },
	{ { "hello" }, 1, -EPROTO, 0, false, 0 },
	{ { "0000:x" }, 1, -EPROTO, 0, false, 0 },
	{ { "00 x" }, 1, -EPROTO, 0, false, 0 },
};

static void reply_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct reply_case *c = &cases[i];
		struct bl_bird_reply r = { 0 };

		assert_int_equal(feed(&r, c->lines, c->n), c->result);
		assert_int_equal(r.n, c->n_lines);
		if (c->result == 1) {
			assert_true(r.done);
			assert_int_equal(r.code, c->code);
			assert_int_equal(bl_bird_reply_failed(&r), c->failed);
		}
		bl_bird_reply_clear(&r);
	}
}

static void continuation_keeps_code(void **state)
{
	struct bl_bird_reply r = { 0 };
	const char *lines[] = { "1006-  Channel ipv4", "     Routes:  1 imported", "0000 " };

	(void)state;
	assert_int_equal(feed(&r, lines, 3), 1);
	assert_int_equal(r.lines[1].code, 1006);
	assert_string_equal(r.lines[1].text, "    Routes:  1 imported");
	assert_string_equal(bl_bird_reply_text(&r, 1006), "    Routes:  1 imported");
	assert_null(bl_bird_reply_text(&r, 1002));
	/* Nothing after the end. */
	assert_int_equal(bl_bird_reply_line(&r, "0000 "), -EPROTO);
	bl_bird_reply_clear(&r);
}

/* `show protocols all`, cut from BIRD 2.0.12 with timeformat "%s". */
static const char *const show_protocols[] = {
	"2002-Name       Proto      Table      State  Since         Info",
	"1002-device1    Device     ---        up     1796171296    ",
	"1006-",
	"1002-st_announce Static     master4    up     1796171296    ",
	"1006-  Channel ipv4",
	"     Routes:         1 imported, 0 exported, 1 preferred",
	"1002-e_ce_b_1   BGP        ---        up     1796171300    Established   ",
	"1006-  BGP state:          Established",
	"     Neighbor address: 192.168.100.129",
	"   Channel ipv4",
	"     Routes:         1 imported, 0 filtered, 2 exported, 1 preferred",
	" ",
	"1002-i_rs       BGP        ---        start  1796171296    Active        Socket: Network is unreachable",
	"1006-  BGP state:          Active",
	"   Channel ipv4",
	"     State:          DOWN",
	"0000 ",
};

static void sessions_from_show_protocols(void **state)
{
	struct bl_bird_reply r = { 0 };
	struct bl_bird_session *s = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(feed(&r, show_protocols, sizeof(show_protocols) / sizeof(show_protocols[0])), 1);
	assert_int_equal(bl_bird_sessions_parse(&r, &s, &n), 0);
	/* Only the BGP protocols. */
	assert_int_equal(n, 2);
	assert_string_equal(s[0].name, "e_ce_b_1");
	assert_string_equal(s[0].state, "up");
	assert_string_equal(s[0].bgp_state, "Established");
	assert_int_equal(s[0].since, 1796171300LL);
	assert_int_equal(s[0].imported, 1);
	assert_int_equal(s[0].exported, 2);
	assert_string_equal(s[1].name, "i_rs");
	assert_string_equal(s[1].state, "start");
	assert_string_equal(s[1].bgp_state, "Active");
	assert_string_equal(s[1].info, "Active        Socket: Network is unreachable");
	/* A channel that is down has no route counts. */
	assert_int_equal(s[1].imported, -1);
	assert_int_equal(s[1].exported, -1);
	free(s);
	bl_bird_reply_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reply_table),
		cmocka_unit_test(continuation_keeps_code),
		cmocka_unit_test(sessions_from_show_protocols),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
