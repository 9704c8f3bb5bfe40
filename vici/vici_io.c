// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The only file that turns messages into libvici calls and back.
 */
#include "vici/vici_io.h"
#include "vici/vici_io_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static pthread_once_t vici_once = PTHREAD_ONCE_INIT;
static bool vici_initialized;

static void vici_start(void)
{
	vici_init();
	vici_initialized = true;
}

void bl_vici_shutdown(void)
{
	if (vici_initialized)
		vici_deinit();
	vici_initialized = false;
}

long bl_vici_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void bl_vici_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Probe the socket with a plain connect() first: libvici prints a line on
 * stderr for every failed connect, which a retry loop would repeat.
 */
int bl_vici_socket_answers(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, r;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	r = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ? -errno : 0;
	close(fd);
	return r;
}

int bl_vici_open(const char *node, const char *socket_path, unsigned timeout_ms,
		 struct bl_vici **out, struct bl_vici_error *e)
{
	long deadline = bl_vici_now_ms() + timeout_ms;
	char what[160], uri[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];
	struct bl_vici *v;
	int r;

	snprintf(what, sizeof(what), "connecting to charon of '%s' at %s", node,
		 socket_path);
	while ((r = bl_vici_socket_answers(socket_path)) < 0 && r != -ENAMETOOLONG &&
	       bl_vici_now_ms() < deadline)
		bl_vici_sleep_ms(50);
	if (r < 0)
		return bl_vici_fail(e, r, what, "%s (after %u ms)", strerror(-r),
				    timeout_ms);
	v = calloc(1, sizeof(*v));
	if (!v)
		return bl_vici_fail(e, -ENOMEM, what, "%s", strerror(ENOMEM));
	snprintf(v->node, sizeof(v->node), "%s", node);
	snprintf(uri, sizeof(uri), "unix://%s", socket_path);
	pthread_once(&vici_once, vici_start);
	v->conn = vici_connect(uri);
	if (!v->conn) {
		r = -(errno ? errno : ECONNREFUSED);
		free(v);
		return bl_vici_fail(e, r, what, "%s", strerror(-r));
	}
	*out = v;
	return 0;
}

void bl_vici_close(struct bl_vici *v)
{
	if (!v)
		return;
	vici_disconnect(v->conn);
	free(v);
}

/* Copy one component of a dotted path into buf (which has room for a
 * whole path) and return it. */
static char *component(const char *path, size_t index, char *buf)
{
	const char *end;

	while (index--)
		path = strchr(path, '.') + 1;
	end = strchrnul(path, '.');
	memcpy(buf, path, end - path);
	buf[end - path] = '\0';
	return buf;
}

static size_t depth(const char *path)
{
	size_t n = *path ? 1 : 0;

	for (; *path; path++)
		n += *path == '.';
	return n;
}

/* How many leading components two paths share. */
static size_t shared_depth(const char *a, const char *b)
{
	size_t n = 0, da = depth(a), db = depth(b);
	char ca[BL_VICI_PATH_MAX], cb[BL_VICI_PATH_MAX];

	while (n < da && n < db &&
	       !strcmp(component(a, n, ca), component(b, n, cb)))
		n++;
	return n;
}

/* Move the request's open sections from path `from` to path `to`. */
static void move_to_section(vici_req_t *req, const char *from, const char *to)
{
	size_t keep = shared_depth(from, to), d = depth(to);
	char name[BL_VICI_PATH_MAX];

	for (size_t i = depth(from); i > keep; i--)
		vici_end_section(req);
	for (size_t i = keep; i < d; i++)
		vici_begin_section(req, component(to, i, name));
}

static vici_req_t *to_request(const struct bl_vici_msg *m)
{
	vici_req_t *req = vici_begin(m->command);
	const char *open = "", *list = NULL;

	for (size_t i = 0; i < m->n_entries; i++) {
		const struct bl_vici_entry *e = &m->entries[i];
		bool same_place = !strcmp(open, e->section);

		if (list && (e->kind != BL_VICI_LIST_ITEM || !same_place ||
			     strcmp(list, e->key) != 0)) {
			vici_end_list(req);
			list = NULL;
		}
		move_to_section(req, open, e->section);
		open = e->section;
		if (e->kind == BL_VICI_VALUE) {
			vici_add_key_value(req, e->key, e->value, strlen(e->value));
			continue;
		}
		if (!list) {
			vici_begin_list(req, e->key);
			list = e->key;
		}
		vici_add_list_item(req, e->value, strlen(e->value));
	}
	if (list)
		vici_end_list(req);
	move_to_section(req, open, "");
	return req;
}

static const char *parsed_name(vici_res_t *res)
{
	const char *name = vici_parse_name(res);

	return name ? name : "";
}

static void add_parsed_value(struct bl_vici_msg *m, vici_res_t *res,
			     const char *key, bool item)
{
	int len = 0;
	const char *value = vici_parse_value(res, &len);

	if (!value)
		len = 0;
	if (item)
		bl_vici_msg_add_item(m, key, "%.*s", len, value ? value : "");
	else
		bl_vici_msg_add(m, key, "%.*s", len, value ? value : "");
}

int bl_vici_res_to_msg(vici_res_t *res, const char *name, struct bl_vici_msg **out)
{
	char list[BL_VICI_PATH_MAX] = "";
	struct bl_vici_msg *m;
	int r = bl_vici_msg_new(name, &m);

	while (r == 0) {
		switch (vici_parse(res)) {
		case VICI_PARSE_BEGIN_SECTION:
			bl_vici_msg_begin_section(m, parsed_name(res));
			break;
		case VICI_PARSE_END_SECTION:
			bl_vici_msg_end_section(m);
			break;
		case VICI_PARSE_BEGIN_LIST:
			snprintf(list, sizeof(list), "%s", parsed_name(res));
			break;
		case VICI_PARSE_LIST_ITEM:
			add_parsed_value(m, res, list, true);
			break;
		case VICI_PARSE_KEY_VALUE:
			add_parsed_value(m, res, parsed_name(res), false);
			break;
		case VICI_PARSE_END_LIST:
			break;
		case VICI_PARSE_END:
			r = bl_vici_msg_error(m);
			if (r == 0) {
				*out = m;
				return 0;
			}
			break;
		default:
			r = -EBADMSG;
		}
		if (r == 0)
			r = bl_vici_msg_error(m);
	}
	bl_vici_msg_free(m);
	return r;
}

int bl_vici_call(struct bl_vici *v, const struct bl_vici_msg *req,
		 const char *what, struct bl_vici_msg **res_out,
		 struct bl_vici_error *e)
{
	struct bl_vici_msg *answer;
	const char *success;
	vici_res_t *res;
	int r;

	errno = 0;
	res = vici_submit(to_request(req), v->conn);
	if (!res) {
		r = -(errno ? errno : EPIPE);
		return bl_vici_fail(e, r, what, "no answer from charon of '%s': %s",
				    v->node, strerror(-r));
	}
	r = bl_vici_res_to_msg(res, "", &answer);
	vici_free_res(res);
	if (r != 0)
		return bl_vici_fail(e, r, what, "unreadable answer from charon of '%s'",
				    v->node);
	success = bl_vici_msg_get(answer, "success");
	if (success && strcmp(success, "yes") != 0) {
		const char *msg = bl_vici_msg_get(answer, "errmsg");

		bl_vici_fail(e, -EIO, what, "%s", msg ? msg : "charon said no");
		bl_vici_msg_free(answer);
		return -EIO;
	}
	if (res_out)
		*res_out = answer;
	else
		bl_vici_msg_free(answer);
	return 0;
}
