// SPDX-License-Identifier: GPL-2.0-or-later
/* Parsing BIRD's control-socket replies: see bird_reply.h. */
#include "bird/bird_reply.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int push(struct bl_bird_reply *r, int code, const char *text)
{
	char *copy;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		struct bl_bird_line *l = reallocarray(r->lines, cap, sizeof(*l));

		if (!l)
			return -ENOMEM;
		r->lines = l;
		r->cap = cap;
	}
	if (!(copy = strdup(text)))
		return -ENOMEM;
	r->lines[r->n++] = (struct bl_bird_line){ .code = code, .text = copy };
	return 0;
}

int bl_bird_reply_line(struct bl_bird_reply *r, const char *line)
{
	int code = 0, err;

	if (r->done)
		return -EPROTO;
	if (line[0] == ' ') {
		/* More of the previous code: there must be one. */
		if (!r->n)
			return -EPROTO;
		return push(r, r->lines[r->n - 1].code, line + 1);
	}
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)line[i]))
			return -EPROTO;
		code = code * 10 + (line[i] - '0');
	}
	if (line[4] != '-' && line[4] != ' ')
		return -EPROTO;
	err = push(r, code, line + 5);
	if (err < 0)
		return err;
	if (line[4] == '-')
		return 0;
	r->code = code;
	r->done = true;
	return 1;
}

bool bl_bird_reply_failed(const struct bl_bird_reply *r)
{
	return r->done && r->code >= 8000;
}

const char *bl_bird_reply_text(const struct bl_bird_reply *r, int code)
{
	for (size_t i = r->n; i > 0; i--)
		if (code < 0 || r->lines[i - 1].code == code)
			return r->lines[i - 1].text;
	return NULL;
}

void bl_bird_reply_clear(struct bl_bird_reply *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lines[i].text);
	free(r->lines);
	*r = (struct bl_bird_reply){ 0 };
}
