// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * branchlab verify [LAB|FILE] [--timeout S] [--wait S] [--json | --tap] [--junit FILE]
 *                  [--scenario NAME | --all-scenarios]
 *
 * Under the bird control plane the packets would prove the paths BIRD
 * chose: verify first compares BIRD's routes with the model's (`diff`,
 * waiting up to --wait seconds for BGP to converge) and fails, sending
 * nothing, while they differ.
 *
 * With a scenario (docs/failures.md): its failures are applied as `fail`
 * applies them, its expectations checked, and the failures restored, one
 * scenario after the other; the lab ends as it started. In bird mode the
 * checks wait for BGP to converge under the failures (diff 0, up to the
 * hold time + 30 s), and the restore waits again.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/json_out.h"
#include "cli/commands.h"
#include "common/report.h"
#include "common/suggest.h"
#include "lab/lab.h"
#include "lab/lab_arg.h"
#include "lab/lab_bird.h"
#include "lab/lab_bird_events.h"
#include "lab/lab_diff.h"
#include "lab/lab_failures.h"
#include "probe/verify.h"

enum verify_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_TAP };

struct verify_opts {
	const char *lab;         /* NULL: the only lab that is up */
	const char *file;        /* the topology file, for reports */
	double timeout_s;
	long wait_s;             /* bird mode: for the routes to match the model */
	enum verify_format format;
	const char *junit_path;
	const char *scenario;    /* --scenario NAME */
	bool all_scenarios;
};

const struct bl_opt bl_verify_opts[] = {
	{ "timeout", 't', "SECONDS", 0, "retry failing checks this long, 0-3600 (default 30)" },
	{ "wait", 'w', "S", 0,
	  "bird control plane: wait up to S s for BIRD's routes to match the model (default: "
	  "--timeout)" },
	{ "json", 0, NULL, 1, "one JSON object" },
	{ "tap", 0, NULL, 1, "TAP (Test Anything Protocol) lines" },
	{ "junit", 0, "FILE", 0, "also write a JUnit XML report to FILE" },
	{ "scenario", 's', "NAME", 2,
	  "apply the scenario's failures, check its expectations, restore" },
	{ "all-scenarios", 0, NULL, 2, "the same for every scenario of the topology, in order" },
	{ NULL, 0, NULL, 0, NULL },
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A lab that has just come up may still be converging (neighbours, SAs):
 * a failing check is retried until the deadline. */
static int run_with_retries(const struct bl_live_lab *lab, const struct bl_expectation *e,
			    double deadline, struct bl_check *c)
{
	double start = now_s();
	int r;

	for (;;) {
		r = bl_check_run(lab, e, c);
		if (r < 0 || c->passed || now_s() >= deadline)
			break;
		usleep(500000);
	}
	c->seconds = now_s() - start;
	return r;
}

static void print_check(const struct verify_opts *o, const struct bl_check *c, size_t i)
{
	const char *why = c->expect->why;

	if (o->format == FORMAT_TAP) {
		printf("%s %zu - %s: expected %s, seen %s\n", c->passed ? "ok" : "not ok", i + 1,
		       c->title, c->expected, c->seen);
		if (why[0])
			printf("  # %s\n", why);
	} else if (o->format == FORMAT_TEXT && c->passed) {
		printf("PASS  %s (line %u): expected %s; seen %s%s%s\n", c->title,
		       c->expect->line, c->expected, c->seen, why[0] ? "  -- " : "", why);
	} else if (o->format == FORMAT_TEXT) {
		/* A failure in full, one thing a line: sets are long. */
		printf("FAIL  %s (%s:%u)\n      expected: %s\n      seen:     %s\n", c->title,
		       o->file, c->expect->line, c->expected, c->seen);
		if (why[0])
			printf("      why:      %s\n", why);
	} else {
		printf("%s{\"check\":", i ? "," : "");
		bl_json_string(stdout, c->title);
		printf(",\"file\":");
		bl_json_string(stdout, o->file);
		printf(",\"line\":%u,\"passed\":%s,\"expected\":", c->expect->line,
		       c->passed ? "true" : "false");
		bl_json_string(stdout, c->expected);
		printf(",\"seen\":");
		bl_json_string(stdout, c->seen);
		printf(",\"why\":");
		bl_json_string(stdout, why);
		printf(",\"seconds\":%.3f}", c->seconds);
	}
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* One testcase; a failure carries the topology's file and line, what was
 * expected and what was seen, as attributes (for annotations) and as text. */
static void junit_case(FILE *f, const char *file, const struct bl_check *c)
{
	unsigned line = c->expect ? c->expect->line : 0; /* every check has one */

	fputs("  <testcase classname=\"branchlab.verify\" name=\"", f);
	xml_text(f, c->title);
	fputs("\" file=\"", f);
	xml_text(f, file);
	fprintf(f, "\" line=\"%u\" time=\"%.3f\">", line, c->seconds);
	if (!c->passed) {
		fputs("\n    <failure type=\"mismatch\" message=\"expected ", f);
		xml_text(f, c->expected);
		fputs("; seen ", f);
		xml_text(f, c->seen);
		fputs("\" expected=\"", f);
		xml_text(f, c->expected);
		fputs("\" seen=\"", f);
		xml_text(f, c->seen);
		fprintf(f, "\">%s:%u: %s\nexpected: ", file, line, c->title);
		xml_text(f, c->expected);
		fputs("\nseen:     ", f);
		xml_text(f, c->seen);
		fputs("</failure>\n  ", f);
	}
	fputs("</testcase>\n", f);
}

/* One testsuite; scenario NULL: the top-level expectations. */
static void junit_suite(FILE *f, const struct verify_opts *o, const char *lab,
			const struct bl_scenario *scenario, const struct bl_check *checks,
			size_t n, size_t failed)
{
	fprintf(f, "<testsuite name=\"branchlab verify %s", lab);
	if (scenario) {
		fputs(" scenario ", f);
		xml_text(f, scenario->name);
	}
	fprintf(f, "\" tests=\"%zu\" failures=\"%zu\" file=\"", n, failed);
	xml_text(f, o->file);
	fputs("\">\n", f);
	for (size_t i = 0; i < n; i++)
		junit_case(f, o->file, &checks[i]);
	fputs("</testsuite>\n", f);
}

static int write_junit(const struct verify_opts *o, const char *lab,
		       const struct bl_check *checks, size_t n, size_t failed)
{
	FILE *f = fopen(o->junit_path, "w");

	if (!f)
		return bl_err_errno(-errno, "writing JUnit report '%s' failed", o->junit_path);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	junit_suite(f, o, lab, NULL, checks, n, failed);
	return fclose(f) ? bl_err_errno(-errno, "writing JUnit report '%s' failed", o->junit_path)
			 : 0;
}

static int parse_args(const struct bl_args *a, struct verify_opts *o)
{
	const char *timeout = bl_args_value(a, "timeout");
	char *end = NULL;

	*o = (struct verify_opts){ .timeout_s = 30, .lab = a->n_operands ? a->operands[0] : NULL,
				   .junit_path = bl_args_value(a, "junit"),
				   .scenario = bl_args_value(a, "scenario"),
				   .all_scenarios = bl_args_has(a, "all-scenarios") };
	o->format = bl_args_has(a, "json") ? FORMAT_JSON
		    : bl_args_has(a, "tap") ? FORMAT_TAP : FORMAT_TEXT;
	if (timeout) {
		o->timeout_s = strtod(timeout, &end);
		if (!*timeout || *end || !isfinite(o->timeout_s) || o->timeout_s < 0 ||
		    o->timeout_s > 3600) {
			bl_err("--timeout takes seconds from 0 to 3600, not `%s'", timeout);
			return -EINVAL;
		}
	}
	o->wait_s = (long)ceil(o->timeout_s);
	return bl_args_long(a, "wait", 0, 3600, &o->wait_s);
}

/* Bird mode: the live BGP and kernel routes are the model's (as `diff`
 * prints them), or the checks would test another network than the one
 * they were written for. 0, or -1 (reported). */
static int routes_match_model(const struct verify_opts *o)
{
	struct bl_topology *topo = NULL;
	struct bl_lab_ref ref;
	bool bird;
	int r;

	if (bl_lab_arg_resolve(o->lab, BL_LAB_ARG_LIVE, &ref, &topo) < 0)
		return -1;
	bl_lab_control_apply(ref.name, BL_CONTROL_TOPOLOGY, topo);
	bird = topo->control_plane == BL_CONTROL_BIRD;
	bl_topology_free(topo);
	if (!bird)
		return 0;
	r = bl_lab_diff(ref.name, ref.topology, (unsigned)o->wait_s,
			o->format == FORMAT_TEXT ? stdout : stderr);
	if (r == 1)
		bl_err("lab '%s': BIRD's routes differ from the model (above) after %ld s: no "
		       "packet sent (--wait S waits longer for BGP to converge)", ref.name, o->wait_s);
	return r == 0 ? 0 : -1;
}

static const char *const expect_kind_names[] = {
	[BL_EXPECT_REACH] = "reach", [BL_EXPECT_PATHS] = "paths",
	[BL_EXPECT_ROUTE] = "route", [BL_EXPECT_TUNNEL] = "tunnel",
};

static void mark_not_run(const struct bl_expectation *e, struct bl_check *c)
{
	char p[BL_PREFIX_STRLEN];

	c->expect = e;
	c->passed = false;
	if (e->kind == BL_EXPECT_ROUTE)
		snprintf(c->title, sizeof(c->title), "route %s at %s", bl_prefix_str(e->prefix, p),
			 e->node);
	else
		snprintf(c->title, sizeof(c->title), "%s %s -> %s", expect_kind_names[e->kind],
			 e->from, e->to);
	snprintf(c->expected, sizeof(c->expected), "a check that runs");
	snprintf(c->seen, sizeof(c->seen), "it could not run (reason above)");
}

/* All reach checks first, side by side; those that passed are done, the
 * others run again one by one with retries like every other check. */
static int reach_first(const struct bl_live_lab *lab, const struct bl_expectation *list,
		       size_t n, struct bl_check *checks, bool *passed)
{
	double start = now_s();
	bool *ran = calloc(n + 1, sizeof(*ran));
	size_t n_ran = 0, n_passed = 0;
	int r;

	if (!ran)
		return bl_err_errno(-ENOMEM, "verifying lab '%s' failed", lab->name);
	r = bl_check_reach_list(lab, list, n, checks, ran);
	for (size_t i = 0; r == 0 && i < n; i++)
		n_ran += ran[i];
	for (size_t i = 0; r == 0 && i < n; i++) {
		passed[i] = ran[i] && checks[i].passed;
		n_passed += passed[i];
		/* Their time, shared: they ran together. */
		checks[i].seconds = ran[i] ? (now_s() - start) / (double)n_ran : 0;
	}
	if (r == 0 && n_ran)
		bl_info("%zu reach checks side by side in %.1f s, %zu passed; the others "
			"run one by one", n_ran, now_s() - start, n_passed);
	free(ran);
	return r;
}

/* The checks of a list, each printed as it ends; numbered from first
 * (TAP numbers run on across scenarios). */
static int check_list(const struct verify_opts *o, const struct bl_live_lab *lab,
		      const struct bl_expectation *list, size_t n, size_t first,
		      struct bl_check *checks, size_t *failed)
{
	bool *done = calloc(n + 1, sizeof(*done));
	double deadline;

	if (!done || reach_first(lab, list, n, checks, done) < 0) {
		free(done);
		return done ? -1 : bl_err_errno(-ENOMEM, "verifying lab '%s' failed", lab->name);
	}
	/* The retries' time starts after the side-by-side pass: 3000 pings of
	 * a 1000-site lab took longer than the whole default --timeout, and
	 * left the checks that failed it a single attempt each. */
	deadline = now_s() + o->timeout_s;

	for (size_t i = 0; i < n; i++) {
		int r = done[i] ? 0 : run_with_retries(lab, &list[i], deadline, &checks[i]);

		/* A check that could not run (its reason is on stderr) fails,
		 * and the others still run: the report stays whole. */
		if (r < 0)
			mark_not_run(&list[i], &checks[i]);
		*failed += !checks[i].passed;
		if (o->format == FORMAT_TAP)
			print_check(o, &checks[i], first + i);
		else
			print_check(o, &checks[i], i);
		fflush(stdout);
	}
	free(done);
	return 0;
}

static int verify_all(const struct verify_opts *o, const struct bl_live_lab *lab,
		      struct bl_check *checks, size_t *failed)
{
	const struct bl_topology *t = lab->topo;
	int r;

	if (o->format == FORMAT_TAP)
		printf("1..%zu\n", t->n_expectations);
	if (o->format == FORMAT_JSON)
		printf("{\"lab\":\"%s\",\"checks\":[", lab->name);
	r = check_list(o, lab, t->expectations, t->n_expectations, 0, checks, failed);
	if (r < 0)
		return r;
	if (o->format == FORMAT_JSON)
		printf("],\"passed\":%zu,\"failed\":%zu}\n", t->n_expectations - *failed, *failed);
	return 0;
}

/* Only paths expectations compare with the route model's predictions. */
static bool list_predicts_paths(const struct bl_expectation *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i].kind == BL_EXPECT_PATHS)
			return true;
	return false;
}

static bool predicts_paths(const struct bl_topology *t)
{
	return list_predicts_paths(t->expectations, t->n_expectations);
}

/* --- scenarios ---------------------------------------------------------- */

struct scenario_run {
	const struct bl_scenario *s;
	struct bl_check *checks;
	size_t failed;
	double seconds;
};

/* The scenario's elements as `fail` takes them. */
struct scenario_elements {
	char text[BL_SCENARIO_MAX_FAILURES][BL_FAILURE_STRLEN];
	const char *ptr[BL_SCENARIO_MAX_FAILURES];
	size_t n;
};

static void elements_of(const struct bl_scenario *s, struct scenario_elements *el)
{
	el->n = 0;
	for (size_t i = 0; i < s->n_failures && i < BL_SCENARIO_MAX_FAILURES; i++) {
		bl_failure_str(&s->failures[i], el->text[i], sizeof(el->text[i]));
		el->ptr[el->n++] = el->text[i];
	}
}

static void print_scenario_head(const struct verify_opts *o, const struct bl_scenario *s,
				const struct scenario_elements *el, bool first)
{
	if (o->format == FORMAT_JSON) {
		printf("%s{\"scenario\":", first ? "" : ",");
		bl_json_string(stdout, s->name);
		printf(",\"line\":%u,\"why\":", s->line);
		bl_json_string(stdout, s->why);
		printf(",\"fail\":[");
		for (size_t i = 0; i < el->n; i++) {
			printf("%s", i ? "," : "");
			bl_json_string(stdout, el->ptr[i]);
		}
		printf("]");
		return;
	}
	printf(o->format == FORMAT_TAP ? "# scenario %s (line %u): failing" :
					 "scenario %s (line %u): failing", s->name, s->line);
	for (size_t i = 0; i < el->n; i++)
		printf("%s %s", i ? "," : "", el->ptr[i]);
	if (s->why[0])
		printf("  -- %s", s->why);
	printf("\n");
}

static void print_change(const struct verify_opts *o, const char *what,
			 const struct bl_failure_change *c)
{
	if (o->format == FORMAT_JSON) {
		printf(",\"%s\":{\"links\":%zu,\"routes_added\":%zu,\"routes_replaced\":%zu,"
		       "\"routes_removed\":%zu,\"branchlab_seconds\":%.3f}",
		       what, c->links_changed, c->routes[0], c->routes[1], c->routes[2], c->seconds);
		return;
	}
	printf("%s%s: links: %zu changed; routes: %zu added, %zu replaced, %zu removed; "
	       "recomputed and pushed by branchlab in %.3f s (not Azure's timers)\n",
	       o->format == FORMAT_TAP ? "# " : "", what, c->links_changed, c->routes[0],
	       c->routes[1], c->routes[2], c->seconds);
}

/* Bird mode: a scenario's failures (or their restore) change the data
 * plane and BGP converges by protocol, after a hold time when no
 * interface goes down: the checks wait for the routes to be the model's,
 * as `fail --watch` does (up to the hold time + 30 s). 0 converged, -1
 * (reported) not. */
static int bird_converged(const struct verify_opts *o, const struct bl_lab_ref *ref,
			  const char *what)
{
	double seconds = 0;
	unsigned hold;
	int r = bl_lab_bird_settle(ref->name, ref->topology, &seconds, &hold);

	if (r == 1)
		bl_err("lab '%s': BIRD's routes still differ from the model %.1f s after the "
		       "failures were %s ('branchlab diff %s' shows where)",
		       ref->name, seconds, what, ref->name);
	else if (r == 0 && o->format != FORMAT_JSON)
		printf("%sbird: converged by protocol %.1f s after the failures were %s (diff 0)\n",
		       o->format == FORMAT_TAP ? "# " : "", seconds, what);
	return r == 0 ? 0 : -1;
}

/* Apply, check, restore. Returns 0 (the checks ran, passed or not), or
 * -errno when the lab could not be brought back, or (bird mode) its BGP
 * did not converge back (reported): the caller stops there, the lab is
 * not as it started. */
static int run_scenario(const struct verify_opts *o, const struct bl_lab_ref *ref,
			struct scenario_run *run, size_t first_check, bool first)
{
	const struct bl_scenario *s = run->s;
	struct scenario_elements el;
	struct bl_failure_change change;
	struct bl_live_lab lab = { 0 };
	double start = now_s();
	bool unconverged = false;
	int applied, r = 0;

	elements_of(s, &el);
	print_scenario_head(o, s, &el, first);
	applied = bl_lab_failures_change(ref->name, ref->topology, BL_FAILURES_ADD, el.ptr, el.n,
					 &change);
	if (applied == 0)
		print_change(o, "applied", &change);
	if (applied == 0 && change.bird && bird_converged(o, ref, "applied") < 0)
		applied = -1;
	if (o->format == FORMAT_JSON)
		printf(",\"checks\":[");
	if (applied == 0 &&
	    (bl_live_lab_open(o->lab, &lab) < 0 ||
	     (list_predicts_paths(s->expectations, s->n_expectations) &&
	      bl_live_lab_compute_model(&lab) < 0)))
		applied = -1;
	if (applied == 0) {
		r = check_list(o, &lab, s->expectations, s->n_expectations, first_check,
			       run->checks, &run->failed);
	}
	if (applied < 0 || r < 0) {
		/* Every check fails, the report stays whole. */
		run->failed = 0;
		for (size_t i = 0; i < s->n_expectations; i++) {
			mark_not_run(&s->expectations[i], &run->checks[i]);
			run->failed++;
			print_check(o, &run->checks[i],
				    o->format == FORMAT_TAP ? first_check + i : i);
		}
	}
	bl_live_lab_close(&lab);
	if (o->format == FORMAT_JSON)
		printf("]");
	/* Back as it was, whatever the checks said. */
	r = bl_lab_failures_change(ref->name, ref->topology, BL_FAILURES_REMOVE, el.ptr, el.n,
				   &change);
	if (r == 0)
		print_change(o, "restored", &change);
	/* The next scenario, or the user, finds the lab converged again. */
	if (r == 0 && change.bird && bird_converged(o, ref, "restored") < 0)
		unconverged = true;
	run->seconds = now_s() - start;
	if (o->format == FORMAT_JSON)
		printf(",\"passed\":%zu,\"failed\":%zu,\"seconds\":%.3f}",
		       s->n_expectations - run->failed, run->failed, run->seconds);
	else if (o->format == FORMAT_TEXT)
		printf("scenario %s: %zu of %zu checks passed in %.1f s\n\n", s->name,
		       s->n_expectations - run->failed, s->n_expectations, run->seconds);
	fflush(stdout);
	if (r < 0)
		bl_err("lab '%s' keeps the failures of scenario '%s': 'branchlab restore %s "
		       "--all' brings it back", ref->name, s->name, ref->name);
	return r < 0 ? r : unconverged ? -ETIMEDOUT : 0;
}

static int pick_scenarios(const struct verify_opts *o, const struct bl_topology *t,
			  struct scenario_run *runs, size_t *n)
{
	struct bl_suggest near;

	*n = 0;
	if (!t->n_scenarios) {
		bl_err("%s has no scenarios (docs/failures.md: scenarios:)", t->source_path);
		return -ENOENT;
	}
	bl_suggest_init(&near, o->scenario ? o->scenario : "");
	for (size_t i = 0; i < t->n_scenarios; i++) {
		if (o->all_scenarios || !strcmp(t->scenarios[i].name, o->scenario))
			runs[(*n)++].s = &t->scenarios[i];
		else
			bl_suggest_offer(&near, t->scenarios[i].name);
	}
	if (*n)
		return 0;
	if (near.best)
		bl_err("%s has no scenario '%s' (did you mean '%s'?)", t->source_path,
		       o->scenario, near.best);
	else
		bl_err("%s has no scenario '%s'", t->source_path, o->scenario);
	return -ENOENT;
}

static int write_junit_scenarios(const struct verify_opts *o, const char *lab,
				 const struct scenario_run *runs, size_t n)
{
	FILE *f = fopen(o->junit_path, "w");
	size_t tests = 0, failed = 0;

	if (!f)
		return bl_err_errno(-errno, "writing JUnit report '%s' failed", o->junit_path);
	for (size_t i = 0; i < n; i++) {
		tests += runs[i].s->n_expectations;
		failed += runs[i].failed;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuites name=\"branchlab verify %s\" tests=\"%zu\" failures=\"%zu\">\n",
		lab, tests, failed);
	for (size_t i = 0; i < n; i++)
		junit_suite(f, o, lab, runs[i].s, runs[i].checks, runs[i].s->n_expectations,
			    runs[i].failed);
	fputs("</testsuites>\n", f);
	return fclose(f) ? bl_err_errno(-errno, "writing JUnit report '%s' failed", o->junit_path)
			 : 0;
}

static int verify_scenarios(struct verify_opts *o)
{
	struct bl_live_lab base = { 0 };
	struct scenario_run *runs = NULL;
	struct bl_lab_ref ref;
	size_t n = 0, checks = 0, failed = 0, scen_failed = 0, done = 0;
	double start = now_s();
	int r = 0;

	if (bl_lab_arg_resolve(o->lab, BL_LAB_ARG_UP, &ref, NULL) < 0)
		return 1;
	if (!ref.up) {
		bl_err("lab '%s' is not up", ref.name);
		return 1;
	}
	/* The scenarios, and the failures in force, of the lab as it is. */
	if (bl_live_lab_open(o->lab, &base) < 0)
		return 1;
	o->file = base.topo->source_path;
	if (base.n_failures) {
		char text[1024];

		bl_lab_failures_text(base.failures, base.n_failures, text, sizeof(text));
		bl_err("lab '%s' has failures in force (%s): a scenario starts from the lab "
		       "without failures; 'branchlab restore %s --all' first", ref.name, text,
		       ref.name);
		bl_live_lab_close(&base);
		return 1;
	}
	runs = calloc(base.topo->n_scenarios + 1, sizeof(*runs));
	if (!runs) {
		bl_err_errno(-ENOMEM, "verifying lab '%s' failed", ref.name);
		bl_live_lab_close(&base);
		return 1;
	}
	r = pick_scenarios(o, base.topo, runs, &n);
	for (size_t i = 0; r == 0 && i < n; i++) {
		runs[i].checks = calloc(runs[i].s->n_expectations + 1, sizeof(*runs[i].checks));
		if (!runs[i].checks)
			r = bl_err_errno(-ENOMEM, "verifying lab '%s' failed", ref.name);
		checks += runs[i].s->n_expectations;
	}
	if (r == 0 && o->format == FORMAT_TAP)
		printf("1..%zu\n", checks);
	if (r == 0 && o->format == FORMAT_JSON)
		printf("{\"lab\":\"%s\",\"scenarios\":[", ref.name);
	for (size_t i = 0, first = 0; r == 0 && i < n; i++) {
		r = run_scenario(o, &ref, &runs[i], first, i == 0);
		first += runs[i].s->n_expectations;
		failed += runs[i].failed;
		scen_failed += runs[i].failed > 0;
		done++;
	}
	if (done && o->format == FORMAT_JSON)
		printf("],\"scenarios_passed\":%zu,\"scenarios_failed\":%zu,\"passed\":%zu,"
		       "\"failed\":%zu}\n", done - scen_failed, scen_failed, checks - failed, failed);
	if (done && o->junit_path && write_junit_scenarios(o, ref.name, runs, done) < 0)
		r = -EIO;
	if (r == 0 && o->format == FORMAT_TEXT)
		printf("verify %s: %zu of %zu scenarios passed (%zu of %zu checks) in %.1f s\n",
		       ref.name, n - scen_failed, n, checks - failed, checks, now_s() - start);
	for (size_t i = 0; i < n; i++)
		free(runs[i].checks);
	free(runs);
	bl_live_lab_close(&base);
	if (r < 0)
		return 1;
	return failed ? 1 : 0;
}

int cmd_verify(const struct bl_args *a)
{
	struct bl_live_lab lab = { 0 };
	struct bl_check *checks = NULL;
	struct verify_opts o;
	size_t failed = 0;
	double start = now_s();
	int r;

	if (parse_args(a, &o) < 0)
		return 2;
	if (routes_match_model(&o) < 0)
		return 1;
	if (o.scenario || o.all_scenarios)
		return verify_scenarios(&o);
	if (bl_live_lab_open(o.lab, &lab) < 0 ||
	    (predicts_paths(lab.topo) && bl_live_lab_compute_model(&lab) < 0))
		return 1;
	/* Reports name the file the checks were written in. */
	o.file = lab.topo->source_path;
	checks = calloc(lab.topo->n_expectations + 1, sizeof(*checks));
	if (!checks) {
		bl_err_errno(-ENOMEM, "verifying lab '%s' failed", lab.name);
		bl_live_lab_close(&lab);
		return 1;
	}
	r = verify_all(&o, &lab, checks, &failed);
	if (r == 0 && o.junit_path)
		r = write_junit(&o, lab.name, checks, lab.topo->n_expectations, failed);
	if (r == 0 && o.format == FORMAT_TEXT)
		printf("verify %s: %zu of %zu checks passed in %.1f s\n", lab.name,
		       lab.topo->n_expectations - failed, lab.topo->n_expectations, now_s() - start);
	free(checks);
	bl_live_lab_close(&lab);
	if (r < 0)
		return 1;
	return failed ? 1 : 0;
}
