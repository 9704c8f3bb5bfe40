/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Why did an IKE negotiation fail? charon says it in its log, not in the
 * initiate answer (which only says "establishing CHILD_SA 'x' failed").
 * This picks the log line that explains a failure and names the cause in
 * words, so the error can quote it. Pure: tested on captured lines.
 */
#ifndef BL_VICI_EXPLAIN_H
#define BL_VICI_EXPLAIN_H

#include <stddef.h>

struct bl_vici_explanation {
	const char *cause;  /* "authentication failed", ...; NULL: unknown */
	size_t line;        /* index of the line to quote; n when none */
};

/* The most telling line among lines[0..n): a known cause first, else the
 * last line saying "failed" or "error". */
struct bl_vici_explanation bl_vici_explain(const char *const *lines, size_t n);

#endif
