// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The tunnel-level operations of vici_io.h, on top of bl_vici_call() and
 * libvici's event registration.
 */
#include "vici/vici_explain.h"
#include "vici/vici_io.h"
#include "vici/vici_io_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOG_KEEP 256 /* lines kept from one initiate; the oldest go first */

/* Filled by libvici's event thread while a request runs, read by the
 * caller after vici_submit() returned. */
struct event_sink {
	pthread_mutex_t lock;
	int err;
	struct bl_vici_sas *sas;   /* list-sa events */
	char *lines[LOG_KEEP];     /* control-log events */
	size_t n_lines;
};

static void sink_fail(struct event_sink *s, int err)
{
	if (!s->err)
		s->err = err;
}

static void on_control_log(void *user, char *name, vici_res_t *res)
{
	struct event_sink *s = user;
	char *line = strdup(vici_find_str(res, "", "msg"));

	(void)name;
	pthread_mutex_lock(&s->lock);
	if (!line) {
		sink_fail(s, -ENOMEM);
	} else {
		if (s->n_lines == LOG_KEEP) {
			free(s->lines[0]);
			memmove(s->lines, s->lines + 1, (LOG_KEEP - 1) * sizeof(char *));
			s->n_lines--;
		}
		s->lines[s->n_lines++] = line;
	}
	pthread_mutex_unlock(&s->lock);
}

static void on_list_sa(void *user, char *name, vici_res_t *res)
{
	struct event_sink *s = user;
	struct bl_vici_msg *ev = NULL;
	int r = bl_vici_res_to_msg(res, name, &ev);

	pthread_mutex_lock(&s->lock);
	if (r == 0)
		r = bl_vici_sas_add_event(s->sas, ev);
	if (r < 0)
		sink_fail(s, r);
	pthread_mutex_unlock(&s->lock);
	bl_vici_msg_free(ev);
}

static void sink_init(struct event_sink *s)
{
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
}

static void sink_clear(struct event_sink *s)
{
	for (size_t i = 0; i < s->n_lines; i++)
		free(s->lines[i]);
	pthread_mutex_destroy(&s->lock);
}

/* Send req while events called `event` go to cb; the owned message is
 * freed here. */
static int call_with_events(struct bl_vici *v, struct bl_vici_msg *req,
			    const char *what, char *event, vici_event_cb_t cb,
			    struct event_sink *sink, struct bl_vici_error *e)
{
	int r;

	if (vici_register(v->conn, event, cb, sink) != 0) {
		r = -(errno ? errno : EIO);
		bl_vici_msg_free(req);
		return bl_vici_fail(e, r, what, "registering for %s events: %s",
				    event, strerror(-r));
	}
	r = bl_vici_call(v, req, what, NULL, e);
	vici_register(v->conn, event, NULL, NULL);
	bl_vici_msg_free(req);
	return r;
}

static int built(int r, const char *what, struct bl_vici_error *e)
{
	return r < 0 ? bl_vici_fail(e, r, what, "building the request: %s",
				    strerror(-r)) : 0;
}

int bl_vici_load_tunnel(struct bl_vici *v, const struct bl_vici_tunnel *t,
			const char *psk, struct bl_vici_error *e)
{
	struct bl_vici_msg *m = NULL;
	char what[160];
	int r;

	snprintf(what, sizeof(what), "loading the pre-shared key of tunnel '%s' into '%s'",
		 t->name, v->node);
	r = built(bl_vici_build_load_psk(t->name, t->local, t->remote, psk, &m), what, e);
	if (r == 0)
		r = bl_vici_call(v, m, what, NULL, e);
	bl_vici_msg_free(m);
	m = NULL;
	if (r < 0)
		return r;
	snprintf(what, sizeof(what), "loading connection '%s' into '%s'", t->name, v->node);
	r = built(bl_vici_build_load_conn(t, &m), what, e);
	if (r == 0)
		r = bl_vici_call(v, m, what, NULL, e);
	bl_vici_msg_free(m);
	return r;
}

/* Turn "establishing CHILD_SA failed" into why it failed, quoting the
 * log line that says so. */
static void explain_failure(struct event_sink *s, struct bl_vici_error *e)
{
	struct bl_vici_explanation x =
		bl_vici_explain((const char *const *)s->lines, s->n_lines);
	char text[2048];
	size_t len;

	if (!e || x.line == s->n_lines)
		return;
	snprintf(text, sizeof(text), "%s%s%s (charon: \"%s\")",
		 x.cause ? x.cause : "", x.cause ? "; " : "", e->why,
		 s->lines[x.line]);
	len = strnlen(text, sizeof(e->why) - 1);
	memcpy(e->why, text, len);
	e->why[len] = '\0';
}

int bl_vici_initiate(struct bl_vici *v, const char *tunnel, unsigned timeout_ms,
		     struct bl_vici_error *e)
{
	struct bl_vici_msg *m = NULL;
	struct event_sink sink;
	char what[160];
	int r;

	snprintf(what, sizeof(what), "initiating tunnel '%s' on '%s'", tunnel, v->node);
	r = built(bl_vici_build_initiate(tunnel, tunnel, timeout_ms, 1, &m), what, e);
	if (r < 0)
		return r;
	sink_init(&sink);
	r = call_with_events(v, m, what, "control-log", on_control_log, &sink, e);
	if (r == -EIO)
		explain_failure(&sink, e);
	sink_clear(&sink);
	return r;
}

int bl_vici_list_sas(struct bl_vici *v, const char *ike, struct bl_vici_sas *sas,
		     struct bl_vici_error *e)
{
	struct bl_vici_msg *m = NULL;
	struct event_sink sink;
	char what[160];
	int r;

	snprintf(what, sizeof(what), "listing the SAs of '%s'", v->node);
	r = built(bl_vici_build_list_sas(ike, &m), what, e);
	if (r < 0)
		return r;
	bl_vici_sas_clear(sas);
	sink_init(&sink);
	sink.sas = sas;
	r = call_with_events(v, m, what, "list-sa", on_list_sa, &sink, e);
	if (r == 0 && sink.err < 0)
		r = bl_vici_fail(e, sink.err, what, "reading the SA list: %s",
				 strerror(-sink.err));
	sink_clear(&sink);
	if (r < 0)
		bl_vici_sas_clear(sas);
	return r;
}

int bl_vici_wait_installed(struct bl_vici *v, const char *tunnel,
			   unsigned timeout_ms, struct bl_vici_error *e)
{
	long deadline = bl_vici_now_ms() + timeout_ms;
	struct bl_vici_sas sas = { 0 };
	const struct bl_vici_ike_sa *ike;
	char what[160];
	int r;

	snprintf(what, sizeof(what), "waiting for tunnel '%s' on '%s'", tunnel, v->node);
	for (;;) {
		r = bl_vici_list_sas(v, tunnel, &sas, e);
		if (r < 0)
			return r;
		ike = bl_vici_sas_find(&sas, tunnel);
		if (ike && bl_vici_ike_child_installed(ike, tunnel))
			break;
		if (bl_vici_now_ms() >= deadline) {
			r = bl_vici_fail(e, -ETIMEDOUT, what,
					 "no installed CHILD_SA after %u ms (IKE_SA %s)",
					 timeout_ms, ike ? ike->state : "absent");
			break;
		}
		bl_vici_sleep_ms(100);
	}
	bl_vici_sas_clear(&sas);
	return r;
}

int bl_vici_terminate(struct bl_vici *v, const char *tunnel, unsigned timeout_ms,
		      struct bl_vici_error *e)
{
	struct bl_vici_error mine = { 0 };
	struct bl_vici_msg *m = NULL;
	char what[160];
	int r;

	snprintf(what, sizeof(what), "terminating tunnel '%s' on '%s'", tunnel, v->node);
	r = built(bl_vici_build_terminate(tunnel, timeout_ms, &m), what, e);
	if (r < 0)
		return r;
	r = bl_vici_call(v, m, what, NULL, &mine);
	bl_vici_msg_free(m);
	/* Nothing to terminate is what `down` wants anyway. */
	if (r == -EIO && strstr(mine.why, "no matching SAs"))
		return 0;
	if (r < 0 && e)
		*e = mine;
	return r;
}
