// SPDX-License-Identifier: GPL-2.0-or-later
/* branchlab verify [LAB|FILE] [--timeout S] [--json | --tap] [--junit FILE] */
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
#include "probe/verify.h"

enum verify_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_TAP };

struct verify_opts {
	const char *lab;         /* NULL: the only lab that is up */
	const char *file;        /* the topology file, for reports */
	double timeout_s;
	enum verify_format format;
	const char *junit_path;
};

const struct bl_opt bl_verify_opts[] = {
	{ "timeout", 't', "SECONDS", 0, "retry failing checks this long, 0-3600 (default 30)" },
	{ "json", 0, NULL, 1, "one JSON object" },
	{ "tap", 0, NULL, 1, "TAP (Test Anything Protocol) lines" },
	{ "junit", 0, "FILE", 0, "also write a JUnit XML report to FILE" },
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

static int write_junit(const struct verify_opts *o, const char *lab,
		       const struct bl_check *checks, size_t n, size_t failed)
{
	FILE *f = fopen(o->junit_path, "w");

	if (!f)
		return bl_err_errno(-errno, "writing JUnit report '%s' failed", o->junit_path);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuite name=\"branchlab verify %s\" tests=\"%zu\" failures=\"%zu\" file=\"",
		lab, n, failed);
	xml_text(f, o->file);
	fputs("\">\n", f);
	for (size_t i = 0; i < n; i++)
		junit_case(f, o->file, &checks[i]);
	fputs("</testsuite>\n", f);
	return fclose(f) ? bl_err_errno(-errno, "writing JUnit report '%s' failed", o->junit_path)
			 : 0;
}

static int parse_args(const struct bl_args *a, struct verify_opts *o)
{
	const char *timeout = bl_args_value(a, "timeout");
	char *end = NULL;

	*o = (struct verify_opts){ .timeout_s = 30, .lab = a->n_operands ? a->operands[0] : NULL,
				   .junit_path = bl_args_value(a, "junit") };
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
	return 0;
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
static int reach_first(const struct bl_live_lab *lab, struct bl_check *checks, bool *passed)
{
	double start = now_s();
	size_t n = lab->topo->n_expectations;
	bool *ran = calloc(n + 1, sizeof(*ran));
	size_t n_ran = 0;
	int r;

	if (!ran)
		return bl_err_errno(-ENOMEM, "verifying lab '%s' failed", lab->name);
	r = bl_check_reach_all(lab, checks, ran);
	for (size_t i = 0; r == 0 && i < n; i++)
		n_ran += ran[i];
	for (size_t i = 0; r == 0 && i < n; i++) {
		passed[i] = ran[i] && checks[i].passed;
		/* Their time, shared: they ran together. */
		checks[i].seconds = ran[i] ? (now_s() - start) / (double)n_ran : 0;
	}
	free(ran);
	return r;
}

static int verify_all(const struct verify_opts *o, const struct bl_live_lab *lab,
		      struct bl_check *checks, size_t *failed)
{
	const struct bl_topology *t = lab->topo;
	bool *done = calloc(t->n_expectations + 1, sizeof(*done));
	double deadline;

	if (!done || reach_first(lab, checks, done) < 0) {
		free(done);
		return done ? -1 : bl_err_errno(-ENOMEM, "verifying lab '%s' failed", lab->name);
	}
	/* The retries' time starts after the side-by-side pass: 3000 pings of
	 * a 1000-site lab took longer than the whole default --timeout, and
	 * left the checks that failed it a single attempt each. */
	deadline = now_s() + o->timeout_s;

	if (o->format == FORMAT_TAP)
		printf("1..%zu\n", t->n_expectations);
	if (o->format == FORMAT_JSON)
		printf("{\"lab\":\"%s\",\"checks\":[", lab->name);
	for (size_t i = 0; i < t->n_expectations; i++) {
		int r = done[i] ? 0 : run_with_retries(lab, &t->expectations[i], deadline, &checks[i]);

		/* A check that could not run (its reason is on stderr) fails,
		 * and the others still run: the report stays whole. */
		if (r < 0)
			mark_not_run(&t->expectations[i], &checks[i]);
		*failed += !checks[i].passed;
		print_check(o, &checks[i], i);
		fflush(stdout);
	}
	if (o->format == FORMAT_JSON)
		printf("],\"passed\":%zu,\"failed\":%zu}\n", t->n_expectations - *failed, *failed);
	free(done);
	return 0;
}

/* Only paths expectations compare with the route model's predictions. */
static bool predicts_paths(const struct bl_topology *t)
{
	for (size_t i = 0; i < t->n_expectations; i++)
		if (t->expectations[i].kind == BL_EXPECT_PATHS)
			return true;
	return false;
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
