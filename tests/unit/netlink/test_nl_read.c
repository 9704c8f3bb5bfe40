// SPDX-License-Identifier: GPL-2.0-or-later
/* The libnl reads' error side: libnl's codes come back as errnos with
 * libnl's text, and freeing nothing is harmless. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <netlink/errno.h>

#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"

static void libnl_codes_become_errnos(void **state)
{
	(void)state;
	const struct {
		int nle, err;
	} cases[] = {
		{ NLE_NOMEM, -ENOMEM },
		{ NLE_PERM, -EPERM },
		{ NLE_NOACCESS, -EACCES },
		{ NLE_OBJ_NOTFOUND, -ENOENT },
		{ NLE_NODEV, -ENODEV },
		{ NLE_EXIST, -EEXIST },
		{ NLE_BAD_SOCK, -EBADF },
		{ NLE_AF_NOSUPPORT, -EAFNOSUPPORT },
		{ NLE_PROTO_MISMATCH, -EPROTONOSUPPORT },
		{ NLE_DUMP_INTR, -EINTR },
		{ NLE_MSG_TRUNC, -EMSGSIZE },
		{ NLE_PARSE_ERR, -EBADMSG },
		{ NLE_FAILURE, -EIO },
		{ NLE_MAX + 1, -EIO }, /* a code newer than this table */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bl_nl_error err = { 0 };

		/* libnl functions return the code negated; either sign maps. */
		if (bl_nl_libnl_error(-cases[i].nle, "reading routes", &err) != cases[i].err ||
		    bl_nl_libnl_error(cases[i].nle, "reading routes", NULL) != cases[i].err)
			fail_msg("NLE %d: not errno %d", cases[i].nle, -cases[i].err);
		assert_int_equal(err.err, cases[i].err);
		assert_string_equal(err.what, "reading routes");
		assert_true(err.text[0] != '\0');
	}
}

/* The reason a caller prints is libnl's own sentence, not strerror's. */
static void reason_is_libnl_text(void **state)
{
	(void)state;
	struct bl_nl_error err = { 0 };

	assert_int_equal(bl_nl_libnl_error(-NLE_DUMP_INTR, "reading links", &err), -EINTR);
	assert_string_equal(bl_nl_error_reason(&err), nl_geterror(NLE_DUMP_INTR));
	assert_int_equal(bl_nl_libnl_error(0, "nothing", &err), 0);
}

static void freeing_no_reader_is_harmless(void **state)
{
	(void)state;
	bl_nl_reader_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(libnl_codes_become_errnos),
		cmocka_unit_test(reason_is_libnl_text),
		cmocka_unit_test(freeing_no_reader_is_harmless),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
