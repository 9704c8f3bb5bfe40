// SPDX-License-Identifier: GPL-2.0-or-later
/* The control-socket client and the `show protocols all` parser. */
#include "bird/bird_ctl.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct bl_bird_ctl {
	int fd;
	unsigned timeout_ms;
	char buf[8192];
	size_t len; /* bytes in buf not yet parsed */
};

static int fail(char *why, size_t size, int err, const char *text)
{
	if (why && size)
		snprintf(why, size, "%s", text ? text : strerror(-err));
	return err;
}

/* Read until one whole reply is in r. */
static int read_reply(struct bl_bird_ctl *c, struct bl_bird_reply *r, char *why,
		      size_t size)
{
	for (;;) {
		char *nl;

		while ((nl = memchr(c->buf, '\n', c->len))) {
			size_t used = (size_t)(nl - c->buf) + 1;
			int k;

			*nl = '\0';
			k = bl_bird_reply_line(r, c->buf);
			memmove(c->buf, c->buf + used, c->len - used);
			c->len -= used;
			if (k < 0)
				return fail(why, size, k, k == -EPROTO ?
					    "a reply line that is not BIRD's protocol" : NULL);
			if (k == 1)
				return 0;
		}
		if (c->len == sizeof(c->buf))
			return fail(why, size, -EPROTO, "a reply line longer than 8 KiB");
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		int k = poll(&p, 1, (int)c->timeout_ms);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return fail(why, size, -errno, NULL);
		if (k == 0)
			return fail(why, size, -ETIMEDOUT, "no answer from BIRD in time");
		ssize_t got = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return fail(why, size, -errno, NULL);
		if (got == 0)
			return fail(why, size, -ECONNRESET, "BIRD closed the control socket");
		c->len += (size_t)got;
	}
}

int bl_bird_ctl_open(const char *socket_path, unsigned timeout_ms,
		     struct bl_bird_ctl **out, char *why, size_t why_size)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct bl_bird_reply greeting = { 0 };
	struct bl_bird_ctl *c;
	int r;

	if (strlen(socket_path) >= sizeof(sa.sun_path))
		return fail(why, why_size, -ENAMETOOLONG, "socket path too long");
	memcpy(sa.sun_path, socket_path, strlen(socket_path) + 1);
	if (!(c = calloc(1, sizeof(*c))))
		return fail(why, why_size, -ENOMEM, NULL);
	c->timeout_ms = timeout_ms;
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = fail(why, why_size, -errno, NULL);
		bl_bird_ctl_close(c);
		return r;
	}
	r = read_reply(c, &greeting, why, why_size);
	if (r >= 0 && greeting.code != 1)
		r = fail(why, why_size, -EPROTO, "BIRD did not greet");
	bl_bird_reply_clear(&greeting);
	if (r < 0) {
		bl_bird_ctl_close(c);
		return r;
	}
	*out = c;
	return 0;
}

int bl_bird_ctl_cmd(struct bl_bird_ctl *c, const char *command,
		    struct bl_bird_reply *reply, char *why, size_t why_size)
{
	char line[1024];
	int len = snprintf(line, sizeof(line), "%s\n", command);
	size_t off = 0;

	bl_bird_reply_clear(reply);
	if (strchr(command, '\n') || len < 0 || (size_t)len >= sizeof(line))
		return fail(why, why_size, -EINVAL, "a command is one line of less than 1 KiB");
	while (off < (size_t)len) {
		ssize_t k = send(c->fd, line + off, (size_t)len - off, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return fail(why, why_size, -errno, NULL);
		off += (size_t)k;
	}
	return read_reply(c, reply, why, why_size);
}

void bl_bird_ctl_close(struct bl_bird_ctl *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

/* "Routes:         1 imported, 0 filtered, 2 exported, 1 preferred" */
static void parse_routes(const char *text, struct bl_bird_session *s)
{
	const char *p = strstr(text, "Routes:");
	long v;
	char word[16];
	int used;

	if (!p)
		return;
	p += strlen("Routes:");
	while (sscanf(p, " %ld %15[a-z]%n", &v, word, &used) == 2) {
		if (!strcmp(word, "imported"))
			s->imported = v;
		else if (!strcmp(word, "exported"))
			s->exported = v;
		p += used;
		while (*p == ',' || *p == ' ')
			p++;
	}
}

/* "  Description:    eBGP msee-b" */
static void parse_description(const char *text, struct bl_bird_session *s)
{
	const char *p = strstr(text, "Description:");
	size_t n;

	if (!p)
		return;
	p += strlen("Description:");
	while (*p == ' ' || *p == '\t')
		p++;
	snprintf(s->description, sizeof(s->description), "%s", p);
	n = strlen(s->description);
	while (n && (s->description[n - 1] == ' ' || s->description[n - 1] == '\t'))
		s->description[--n] = '\0';
}

/* "e_ce_b_1   BGP        ---        up     1796171296    Established" */
static int parse_head(const char *text, struct bl_bird_session *s)
{
	char proto[16], table[64], since[32];
	int used = 0;

	*s = (struct bl_bird_session){ .since = -1, .imported = -1, .exported = -1 };
	if (sscanf(text, "%63s %15s %63s %15s %31s%n", s->name, proto, table, s->state, since,
		   &used) != 5 || strcmp(proto, "BGP") != 0)
		return 0;
	char *end;
	long long t = strtoll(since, &end, 10);

	s->since = *end ? -1 : t;
	while (text[used] == ' ')
		used++;
	snprintf(s->info, sizeof(s->info), "%s", text + used);
	for (size_t n = strlen(s->info); n && s->info[n - 1] == ' '; n--)
		s->info[n - 1] = '\0';
	/* The BGP state is the Info column's first word. */
	sscanf(s->info, "%23s", s->bgp_state);
	return 1;
}

int bl_bird_sessions_parse(const struct bl_bird_reply *r, struct bl_bird_session **out,
			   size_t *n)
{
	struct bl_bird_session *v = calloc(r->n + 1, sizeof(*v));
	bool in_bgp = false;
	size_t k = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const struct bl_bird_line *l = &r->lines[i];

		if (l->code == 1002) {
			in_bgp = parse_head(l->text, &v[k]);
			k += in_bgp;
		} else if (l->code == 1006 && in_bgp) {
			const char *st = strstr(l->text, "BGP state:");

			if (st)
				sscanf(st + strlen("BGP state:"), " %23s", v[k - 1].bgp_state);
			parse_description(l->text, &v[k - 1]);
			parse_routes(l->text, &v[k - 1]);
		}
	}
	*out = v;
	*n = k;
	return 0;
}
