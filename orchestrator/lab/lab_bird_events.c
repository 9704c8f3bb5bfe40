// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What made the daemons converge after `fail` or `restore` in bird mode:
 * the BGP sessions whose state changed since the change, each with BIRD's
 * reason (its Info column), and the trigger they add up to.
 */
#include "lab/lab_bird_events.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bird/bird_ctl.h"
#include "bird/bird_daemon.h"
#include "common/report.h"
#include "lab/lab_bird.h"
#include "lab/lab_diff.h"
#include "lab/lab_state.h"
#include "model/bird_conf.h"
#include "model/route_model.h"

#define CTL_MS 2000u

/* BIRD's reasons, most telling first: the trigger is the first found. */
static const struct {
	const char *info;
	const char *trigger;
} reasons[] = {
	{ "BFD session down", "BFD" },
	{ "Hold timer expired", "hold timer" },
	{ "Neighbor lost", "interface down" },
	{ "Link down", "interface down" },
	{ "Established", "session established" },
};

/* Established is the last of the reasons. */
#define ESTABLISHED (sizeof(reasons) / sizeof(reasons[0]) - 1)

/* The Info column past the BGP state it starts with. */
static const char *reason_text(const struct bl_bird_session *s)
{
	const char *t = s->info;
	size_t len = strlen(s->bgp_state);

	if (len && !strncmp(t, s->bgp_state, len))
		t += len;
	while (*t == ' ')
		t++;
	return t;
}

static size_t reason_of(const struct bl_bird_session *s)
{
	const char *text = !strcmp(s->bgp_state, "Established") ? s->bgp_state : reason_text(s);
	size_t i = 0;

	while (i < sizeof(reasons) / sizeof(reasons[0]) && !strstr(text, reasons[i].info))
		i++;
	return i;
}

/* One daemon's sessions changed since then; the best reason in *best. */
static void node_events(const char *dir, const char *node, long long since, FILE *out,
			size_t *n, size_t *best, bool *up)
{
	struct bl_bird_paths paths;
	struct bl_bird_reply reply = { 0 };
	struct bl_bird_session *s = NULL;
	struct bl_bird_ctl *c = NULL;
	size_t n_s = 0;
	char why[256];

	if (bl_bird_paths(dir, node, &paths) < 0 ||
	    bl_bird_ctl_open(paths.socket, CTL_MS, &c, why, sizeof(why)) < 0 ||
	    bl_bird_ctl_cmd(c, "show protocols all", &reply, why, sizeof(why)) < 0 ||
	    bl_bird_sessions_parse(&reply, &s, &n_s) < 0)
		n_s = 0;
	for (size_t i = 0; i < n_s; i++) {
		size_t k;

		if (s[i].since < since)
			continue;
		k = reason_of(&s[i]);
		if (k < *best)
			*best = k;
		if (k == ESTABLISHED)
			*up = true;
		(*n)++;
		fprintf(out, "  %s %s: %s%s%s\n", node, s[i].name, s[i].bgp_state,
			reason_text(&s[i])[0] ? ", " : "", reason_text(&s[i]));
	}
	free(s);
	bl_bird_reply_clear(&reply);
	bl_bird_ctl_close(c);
}

/* After a restore, a session coming up is what converges the routes: one
 * still down may be listed (its hold timer expiring in the second the
 * restore began) without being the trigger. */
static const char *events(const struct bl_model *m, const struct bl_plan *p, long long since,
			  bool restoring, FILE *out, size_t *n)
{
	size_t best = sizeof(reasons) / sizeof(reasons[0]);
	bool up = false;
	char dir[PATH_MAX];

	*n = 0;
	bl_lab_bird_dir(p->lab, dir, sizeof(dir));
	for (size_t i = 0; i < p->n_nodes; i++)
		if (bl_model_bird_node(m, p->nodes[i].name))
			node_events(dir, p->nodes[i].name, since, out, n, &best, &up);
	if (restoring && up)
		return reasons[ESTABLISHED].trigger;
	if (best < sizeof(reasons) / sizeof(reasons[0]))
		return reasons[best].trigger;
	return *n ? "session state" : "no session change (the kernel dropped the routes with "
				      "the links, or a reconfiguration)";
}

int bl_lab_bird_settle(const char *lab, const char *topology, double *seconds,
			 unsigned *hold)
{
	unsigned keepalive;

	bl_lab_bird_timers(lab, &keepalive, hold);
	return bl_lab_diff_converge(lab, topology, *hold + 30, seconds);
}

int bl_lab_bird_watch(const char *lab, const char *topology, long long since, bool restoring,
		      double *seconds)
{
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	struct bl_model *m = NULL;
	const char *trigger;
	unsigned hold;
	size_t n = 0;
	int r, equal;

	equal = bl_lab_bird_settle(lab, topology, seconds, &hold);
	if (equal < 0)
		return equal;
	r = bl_lab_open(topology, &topo, &plan);
	if (r >= 0 && bl_model_compute(topo, &m) < 0)
		r = bl_err_errno(-ENOMEM, "computing the route model failed");
	if (r >= 0) {
		if (equal)
			printf("bird: still differs from the model %.1f s after the data plane changed "
			       "(hold time %u s)\n", *seconds, hold);
		else
			printf("bird: converged by protocol %.1f s after the data plane changed (diff 0)\n",
			       *seconds);
		trigger = events(m, plan, since, restoring, stdout, &n);
		printf("bird: %zu session%s changed; trigger: %s\n", n, n == 1 ? "" : "s", trigger);
	}
	bl_model_free(m);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r < 0 ? r : equal;
}
