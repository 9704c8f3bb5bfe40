/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BIRD's control-socket replies, parsed without a socket (unit-tested).
 * A reply is lines "NNNN-text" (more follows), " text" (more of the
 * previous code), ending with "NNNN text". Codes 0xxx end a reply that
 * succeeded (0000 OK, 0001 the greeting), 1xxx/2xxx are data and
 * headings, 8xxx run-time errors, 9xxx parse errors.
 *
 * Like the rest of bird/, nothing here prints.
 */
#ifndef BL_BIRD_REPLY_H
#define BL_BIRD_REPLY_H

#include <stdbool.h>
#include <stddef.h>

struct bl_bird_line {
	int code;   /* of this line, or of the line it continues */
	char *text; /* owned, without code, separator or newline */
};

struct bl_bird_reply {
	struct bl_bird_line *lines;
	size_t n, cap;
	int code;  /* the final line's code, once done */
	bool done;
};

/*
 * Add one line (without its newline). Returns 1 when it ended the reply,
 * 0 when more is to come, -EPROTO for a line that is neither form (or one
 * after the end), -ENOMEM.
 */
int bl_bird_reply_line(struct bl_bird_reply *r, const char *line);
/* Whether a finished reply is an error (8xxx, 9xxx). */
bool bl_bird_reply_failed(const struct bl_bird_reply *r);
/* The text of the last line with code (or the final line when code < 0),
 * NULL when none. */
const char *bl_bird_reply_text(const struct bl_bird_reply *r, int code);
void bl_bird_reply_clear(struct bl_bird_reply *r);

#endif
