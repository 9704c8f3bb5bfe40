/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Error and progress reporting. Every error is reported once, where its
 * context is known, in one shape:
 *   up: adding route 192.168.1.0/24 in 'vpngw-in1' failed: <reason>
 * The verb prefix ("up", "doctor", ...) is set once by main.
 */
#ifndef BL_REPORT_H
#define BL_REPORT_H

#include <stdbool.h>

void bl_report_set_verb(const char *verb);
const char *bl_report_verb(void);

/* "<verb>: <message>\n" on stderr. */
void bl_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "<verb>: <message>: <strerror(-neg_errno)>\n" on stderr; returns neg_errno
 * so callers can `return bl_err_errno(r, "...")`. */
int bl_err_errno(int neg_errno, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Progress lines on stderr, shown only when verbose. */
void bl_set_verbose(bool on);
void bl_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "<verb>: warning: ..." on stderr, verbose or not: something the user
 * should know that does not stop the command. */
void bl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
