// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `fail` and `restore`: the failure set in the state dir changes under the
 * lab's lock, then the dataplane follows it (links down or up, routes of
 * the model under the set, pushed as a diff as `up` does). In bird mode
 * only the data plane changes (links, SAs) and the routes branchlab owns
 * there (statics, VM system routes): the daemons converge by protocol.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/report.h"
#include "lab/lab.h"
#include "lab/lab_bird.h"
#include "lab/lab_failures.h"
#include "lab/lab_guard.h"
#include "lab/lab_ike.h"
#include "lab/lab_run.h"

static size_t find(const struct bl_failure *v, size_t n, const struct bl_failure *f)
{
	for (size_t i = 0; i < n; i++)
		if (bl_failure_same(&v[i], f))
			return i;
	return n;
}

/* Parse every element first: a typo changes nothing. */
static int parse_all(const struct bl_topology *t, const char *const *elements, size_t n,
		     struct bl_failure *out)
{
	int r = 0;

	for (size_t i = 0; i < n; i++)
		if (bl_failure_parse(t, elements[i], &out[i]) < 0)
			r = -EINVAL;
	return r;
}

static int add(struct bl_failure **set, size_t *n, const struct bl_failure *f,
	       size_t *changed)
{
	struct bl_failure *v;

	if (find(*set, *n, f) < *n)
		return 0;
	v = realloc(*set, (*n + 1) * sizeof(*v));
	if (!v)
		return bl_err_errno(-ENOMEM, "recording a failure failed");
	v[(*n)++] = *f;
	*set = v;
	(*changed)++;
	return 0;
}

static int remove_one(const char *lab, struct bl_failure *set, size_t *n,
		      const struct bl_failure *f, size_t *changed)
{
	size_t i = find(set, *n, f);
	char text[BL_FAILURE_STRLEN];

	if (i == *n) {
		bl_failure_str(f, text, sizeof(text));
		bl_err("'%s' is not failed in lab '%s'", text, lab);
		return -ENOENT;
	}
	memmove(&set[i], &set[i + 1], (*n - i - 1) * sizeof(*set));
	(*n)--;
	(*changed)++;
	return 0;
}

static int change_set(struct bl_lab_run *run, enum bl_failure_op op,
		      const struct bl_failure *given, size_t n, size_t *changed)
{
	int r = 0;

	if (op == BL_FAILURES_REMOVE && !n) {
		*changed = run->n_failures;
		run->n_failures = 0;
		return 0;
	}
	for (size_t i = 0; i < n && r >= 0; i++)
		r = op == BL_FAILURES_ADD
			    ? add(&run->failures, &run->n_failures, &given[i], changed)
			    : remove_one(run->plan->lab, run->failures, &run->n_failures,
					 &given[i], changed);
	return r;
}

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int locked_change(struct bl_lab_run *run, enum bl_failure_op op,
			 const struct bl_failure *given, size_t n,
			 struct bl_failure_change *out)
{
	struct timespec t0;
	int r = bl_lab_failures_read(run->plan->lab, run->topo, &run->failures,
				     &run->n_failures);

	if (r >= 0)
		r = change_set(run, op, given, n, &out->changed);
	if (r >= 0)
		r = bl_lab_failures_write(run->plan->lab, run->failures, run->n_failures);
	if (r < 0) {
		free(run->failures);
		run->failures = NULL;
		return r;
	}
	out->in_force = run->n_failures;
	out->bird = run->topo->control_plane == BL_CONTROL_BIRD;
	bl_lab_failures_text(run->failures, run->n_failures, out->text, sizeof(out->text));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = bl_lab_reconverge(run);
	out->seconds = since(&t0);
	out->links_changed = run->links_changed;
	memcpy(out->routes, run->routes_changed, sizeof(out->routes));
	return r;
}

int bl_lab_failures_change(const char *lab, const char *topology_path,
			   enum bl_failure_op op, const char *const *elements, size_t n,
			   struct bl_failure_change *out)
{
	struct bl_lab_run run = { 0 };
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	struct bl_failure *given = calloc(n + 1, sizeof(*given));
	struct bl_lab_lock lock;
	int r;

	memset(out, 0, sizeof(*out));
	if (!given)
		return bl_err_errno(-ENOMEM, "reading the elements failed");
	r = bl_lab_open(topology_path, &topo, &plan);
	if (r >= 0 && strcmp(plan->lab, lab) != 0) {
		bl_err("the topology kept for lab '%s' names lab '%s'", lab, plan->lab);
		r = -EINVAL;
	}
	/* The keying the lab runs with (up --keying), for its SAs, and its
	 * control plane (up --control-plane): in bird mode the BGP routes are
	 * BIRD's to change, not branchlab's to push (docs/bgp.md). */
	if (r >= 0) {
		bl_lab_keying_apply(lab, BL_KEYING_TOPOLOGY, topo, plan);
		bl_lab_control_apply(lab, BL_CONTROL_TOPOLOGY, topo);
	}
	if (r >= 0)
		r = parse_all(topo, elements, n, given);
	if (r >= 0)
		r = bl_lab_lock(lab, &lock);
	if (r >= 0) {
		run.topo = topo;
		run.plan = plan;
		r = locked_change(&run, op, given, n, out);
		bl_lab_unlock(&lock);
	}
	free(given);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r;
}
