// SPDX-License-Identifier: GPL-2.0-or-later
/* Batches: every sealed request asks for an ack, a builder's error passes
 * straight through, and the buffer grows without losing messages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/netlink.h>

#include "netlink/link.h"
#include "netlink/nl_socket.h"

static void sealed_requests_ask_for_acks(void **state)
{
	(void)state;
	struct bl_nl_batch *b = NULL;
	size_t room;

	assert_int_equal(bl_nl_batch_new(&b), 0);
	for (int i = 0; i < 200; i++) {
		char name[16];
		void *m = bl_nl_batch_room(b, &room);

		assert_non_null(m);
		assert_true(room >= BL_NL_MSG_ROOM);
		snprintf(name, sizeof(name), "veth%d", i);
		assert_int_equal(bl_nl_batch_seal(b, bl_nl_build_link_up(m, room, name),
						  "setting %s up", name), 0);
		const struct nlmsghdr *nlh = m;

		assert_true(nlh->nlmsg_flags & NLM_F_ACK);
		assert_true(nlh->nlmsg_flags & NLM_F_REQUEST);
	}
	assert_int_equal(bl_nl_batch_count(b), 200);
	bl_nl_batch_reset(b);
	assert_int_equal(bl_nl_batch_count(b), 0);
	bl_nl_batch_free(b);
	bl_nl_batch_free(NULL);
}

static void builder_error_passes_through_and_keeps_nothing(void **state)
{
	(void)state;
	struct bl_nl_batch *b = NULL;
	size_t room;

	assert_int_equal(bl_nl_batch_new(&b), 0);
	void *m = bl_nl_batch_room(b, &room);

	assert_int_equal(bl_nl_batch_seal(b, bl_nl_build_link_up(m, room, ""), "nothing"),
			 -EINVAL);
	assert_int_equal(bl_nl_batch_count(b), 0);
	bl_nl_batch_free(b);
}

static void reason_prefers_kernel_text(void **state)
{
	(void)state;
	struct bl_nl_error e = { .err = -ENOENT, .text = "Unknown device type" };

	assert_string_equal(bl_nl_error_reason(&e), "Unknown device type");
	e.text[0] = '\0';
	assert_string_equal(bl_nl_error_reason(&e), strerror(ENOENT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sealed_requests_ask_for_acks),
		cmocka_unit_test(builder_error_passes_through_and_keeps_nothing),
		cmocka_unit_test(reason_prefers_kernel_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
