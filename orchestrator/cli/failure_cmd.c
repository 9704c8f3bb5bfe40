// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/failure_cmd.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/watch_report.h"
#include "common/report.h"
#include "lab/lab_arg.h"
#include "lab/lab_bird_events.h"
#include "model/route_failure.h"
#include "probe/probe_socket.h"

/* --watch SRC DST: the stream runs this long before the change and after
 * the routes converged; its rate, flows and timeline step. */
#define WATCH_BEFORE_US 1000000u
#define WATCH_AFTER_US 2000000u
#define WATCH_RATE 200
#define WATCH_FLOWS 4
#define WATCH_INTERVAL_S 0.25

static void print_change(const char *lab, enum bl_failure_op op, bool all,
			 const char *const *elements, int n,
			 const struct bl_failure_change *c)
{
	printf("lab %s: %s", lab, op == BL_FAILURES_ADD ? "failed" : "restored");
	if (all)
		printf(" all (%zu)", c->changed);
	for (int i = 0; i < n; i++)
		printf(" %s", elements[i]);
	if (op == BL_FAILURES_ADD && c->changed < (size_t)n)
		printf(" (%zu already failed)", (size_t)n - c->changed);
	printf("\n");
	if (c->in_force)
		printf("failures in force: %s\n", c->text);
	else
		printf("no failures in force\n");
	if (c->bird) {
		/* BGP is the daemons': branchlab changed the data plane only. */
		printf("links: %zu changed; branchlab's own routes (statics, VM system routes): "
		       "%zu added, %zu replaced, %zu removed in %.3f s; BGP converges by protocol "
		       "(--watch, or 'branchlab diff %s --wait S')\n",
		       c->links_changed, c->routes[0], c->routes[1], c->routes[2], c->seconds, lab);
		return;
	}
	/* The time is branchlab's own: Azure's detection and convergence
	 * timers (docs/failures.md) are not replayed. */
	printf("links: %zu changed; routes: %zu added, %zu replaced, %zu removed; "
	       "recomputed and pushed by branchlab in %.3f s (not Azure's timers)\n",
	       c->links_changed, c->routes[0], c->routes[1], c->routes[2], c->seconds);
}

struct watch_thread {
	struct bl_watch_setup setup;
	struct bl_watch_result result;
	_Atomic uint64_t end_us;
	int err;
};

static void *watch_main(void *arg)
{
	struct watch_thread *t = arg;

	t->err = bl_watch_run(&t->setup.opts, &t->result);
	return NULL;
}

/* The change with a probe stream around it: the stream starts, runs
 * WATCH_BEFORE_US, the change is made, and the stream stops
 * WATCH_AFTER_US after the routes converged: pushed by branchlab, or in
 * bird mode once the live routes are the model's (diff 0). */
static int change_watched(const struct bl_args *a, const struct bl_lab_ref *ref,
			  enum bl_failure_op op, bool all, const char *const *elements, int n)
{
	struct watch_thread t = { .err = 0 };
	struct bl_failure_change change;
	struct bl_watch_change when;
	char what[1200];
	uint64_t start, converged;
	double bird_s = 0;
	long long since;
	pthread_t tid;
	int r, unconverged = 0;

	if (bl_watch_setup_open(ref->name, bl_args_value(a, "watch"), bl_args_value2(a, "watch"),
				&t.setup) < 0)
		return 1;
	t.setup.opts.rate = WATCH_RATE;
	t.setup.opts.flows = WATCH_FLOWS;
	t.setup.interval_s = WATCH_INTERVAL_S;
	/* Until the change has been made, a bound far off. */
	atomic_store(&t.end_us, bl_probe_now_us() + 600000000u);
	t.setup.opts.end_us = &t.end_us;
	r = pthread_create(&tid, NULL, watch_main, &t);
	if (r) {
		bl_err_errno(-r, "starting the probe stream failed");
		bl_watch_setup_close(&t.setup);
		return 1;
	}
	usleep(WATCH_BEFORE_US);
	start = bl_probe_now_us();
	since = (long long)time(NULL);
	r = bl_lab_failures_change(ref->name, ref->topology, op, elements, (size_t)n, &change);
	if (r == 0)
		print_change(ref->name, op, all, elements, n, &change);
	if (r == 0 && change.bird) {
		unconverged = bl_lab_bird_watch(ref->name, ref->topology, since,
						 op == BL_FAILURES_REMOVE, &bird_s);
		r = unconverged < 0 ? unconverged : 0;
	}
	converged = bl_probe_now_us();
	atomic_store(&t.end_us, converged + (r < 0 ? 0 : WATCH_AFTER_US));
	pthread_join(tid, NULL);
	if (r == 0 && t.err == 0) {
		int len = snprintf(what, sizeof(what), "%s", op == BL_FAILURES_ADD ? "fail" : "restore");

		if (all)
			len += snprintf(what + len, sizeof(what) - (size_t)len, " --all");
		for (int i = 0; i < n && len < (int)sizeof(what); i++)
			len += snprintf(what + len, sizeof(what) - (size_t)len, " %s", elements[i]);
		when = (struct bl_watch_change){
			.what = what,
			.start_s = (double)(start - t.result.start_us) / 1e6,
			.converged_s = (double)(converged - t.result.start_us) / 1e6,
			.bird = change.bird,
		};
		bl_watch_print(&t.setup, &t.result, &when, false);
	}
	if (t.err == 0)
		bl_watch_result_free(&t.result);
	bl_watch_setup_close(&t.setup);
	return r < 0 || t.err || unconverged ? 1 : 0;
}

static bool print_element(const struct bl_failure *f, void *ctx)
{
	char text[BL_FAILURE_STRLEN];

	(void)ctx;
	bl_failure_str(f, text, sizeof(text));
	printf("%s\n", text);
	return false;
}

/* fail [LAB|FILE] --list: every element, in the model's fixed order. */
static int list_elements(const struct bl_args *a)
{
	struct bl_topology *topo = NULL;
	struct bl_lab_ref ref;

	if (a->n_operands > 1 || bl_args_has(a, "watch")) {
		bl_err("--list takes at most a LAB or FILE, and no ELEMENT nor --watch");
		return 2;
	}
	if (bl_lab_arg_resolve(a->n_operands ? a->operands[0] : NULL, BL_LAB_ARG_UP, &ref,
			       &topo) < 0)
		return 1;
	bl_failures_each(topo, print_element, NULL);
	bl_topology_free(topo);
	return 0;
}

int bl_failure_cmd(const struct bl_args *a, enum bl_failure_op op, bool all)
{
	const char *lab_arg = NULL;
	const char *const *elements = a->operands;
	int n = a->n_operands;
	struct bl_failure_change change;
	struct bl_lab_ref ref;

	if (op == BL_FAILURES_ADD && bl_args_has(a, "list"))
		return list_elements(a);
	if (n && !strchr(a->operands[0], ':')) {
		lab_arg = a->operands[0];
		elements++;
		n--;
	}
	if (all == (n > 0) || (op == BL_FAILURES_ADD && !n)) {
		bl_err(op == BL_FAILURES_ADD ? "name at least one ELEMENT (%s)"
					     : "name the ELEMENTs to restore, or --all (%s)",
		       bl_failure_kinds());
		return 2;
	}
	if (bl_lab_arg_resolve(lab_arg, BL_LAB_ARG_UP, &ref, NULL) < 0)
		return 1;
	if (!ref.up) {
		bl_err("lab '%s' is not up", ref.name);
		return 1;
	}
	if (bl_args_has(a, "watch"))
		return change_watched(a, &ref, op, all, elements, n);
	if (bl_lab_failures_change(ref.name, ref.topology, op, elements, (size_t)n,
				   &change) < 0)
		return 1;
	print_change(ref.name, op, all, elements, n, &change);
	return 0;
}
