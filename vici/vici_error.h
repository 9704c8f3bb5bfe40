/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why a vici or charon operation failed. Like the netlink library, this
 * module never prints: it does not know which command is running. It says
 * what it was doing and why it failed; the caller reports it once:
 *	bl_err("%s failed: %s", e.what, e.why);
 * giving "up: initiating tunnel 'rras-a-in0' on 'rras-a' failed: ...".
 */
#ifndef BL_VICI_ERROR_H
#define BL_VICI_ERROR_H

struct bl_vici_error {
	int err;        /* negative errno */
	char what[160]; /* "initiating tunnel 'rras-a-in0' on 'rras-a'" */
	char why[640];  /* daemon's message, quoted log lines, or strerror */
};

/* Fill e (when not NULL) and return err, so `return bl_vici_fail(...)`. */
int bl_vici_fail(struct bl_vici_error *e, int err, const char *what,
		 const char *why_fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
