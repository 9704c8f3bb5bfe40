// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `branchlab validate FILE... [--json]`: load each file, list every
 * problem. With --json, one object for CI annotations:
 *   {"files":[{"file":F,"ok":B,"problems":[{"file","line","column",
 *   "rule","key","message"}]}]}
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "common/json_out.h"
#include "common/report.h"
#include "model/expect_model.h"
#include "topology/topology.h"

const struct bl_opt bl_validate_opts[] = {
	{ "json", 0, NULL, 0, "one JSON object: every problem with file, line, column, rule" },
	{ NULL, 0, NULL, 0, NULL },
};

static size_t count_tunnels(const struct bl_topology *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_vpn_sites; i++)
		n += t->vpn_sites[i].n_tunnels;
	return n;
}

static bool checks_the_model(const struct bl_topology *t)
{
	if (bl_expect_list_needs_model(t->expectations, t->n_expectations))
		return true;
	for (size_t i = 0; i < t->n_scenarios; i++)
		if (bl_expect_list_needs_model(t->scenarios[i].expectations,
					       t->scenarios[i].n_expectations))
			return true;
	return false;
}

/* Each expectation the route model contradicts, as a warning with the
 * model's answer: the file is valid, but `verify` would fail it (or the
 * model is wrong, which is worth knowing too). */
static int expectations_against_model(const struct bl_topology *t, FILE *out)
{
	struct bl_plan *plan = NULL;
	struct bl_model *model = NULL;
	int err;

	if (!checks_the_model(t))
		return 0;
	err = bl_plan_new(t, &plan);
	if (!err)
		err = bl_model_compute(t, &model);
	if (!err) {
		err = bl_expect_against_model(t, plan, model, out);
		/* Each scenario under its own failures. */
		for (size_t i = 0; err >= 0 && i < t->n_scenarios; i++)
			err = bl_scenario_against_model(t, plan, i, out);
	} else
		fprintf(out, "%s: the route model could not be computed: %s\n", t->source_path,
			strerror(-err));
	bl_model_free(model);
	bl_plan_free(plan);
	return err < 0 ? err : 0;
}

static int validate_one(const char *path)
{
	struct bl_topology *topo = NULL;

	/* The loader prints every problem as FILE:LINE:COLUMN: KEY: MESSAGE. */
	if (bl_topology_load(path, &topo) < 0)
		return 1;
	if (expectations_against_model(topo, stderr) < 0) {
		bl_topology_free(topo);
		return 1;
	}
	printf("%s: ok (%zu nodes, %zu tunnels, %zu expectations", path,
	       bl_topology_node_count(topo), count_tunnels(topo),
	       topo->n_expectations);
	/* Said only when there are some: the line stays as it was for
	 * files without scenarios. */
	if (topo->n_scenarios)
		printf(", %zu scenarios", topo->n_scenarios);
	printf(")\n");
	bl_topology_free(topo);
	return 0;
}

/* The loader's problems, one a line in the shape topology.h promises, into
 * a memory stream: text and JSON come from the same lines, so they cannot
 * say different things. */
static int load_captured(const char *path, bool *ok, char **text, size_t *len)
{
	struct bl_topology *topo = NULL;
	FILE *out = open_memstream(text, len);

	if (!out)
		return bl_err_errno(-errno, "reading the problems of '%s' failed", path);
	*ok = bl_topology_load_to(path, out, &topo) == 0;
	if (*ok && expectations_against_model(topo, out) < 0)
		*ok = false;
	bl_topology_free(topo);
	if (fclose(out))
		return bl_err_errno(-errno, "reading the problems of '%s' failed", path);
	return 0;
}

/* A number, then ':' at *s; advances past the ':'. */
static bool take_number(const char **s, unsigned long *out)
{
	char *end;

	*out = strtoul(*s, &end, 10);
	if (end == *s || *end != ':')
		return false;
	*s = end + 1;
	return true;
}

/* One line of the loader: "PATH:LINE:COLUMN: KEY: MESSAGE (RULE)". A line
 * in another shape (an I/O error) is a problem of the file as a whole. */
static void problem_json(const char *path, char *line, bool first)
{
	unsigned long ln = 0, col = 0;
	const char *s = line, *key = "", *msg = line, *rule = "";
	size_t plen = strlen(path), len = strlen(line);
	char *sep, *open, *after;
	bool warning = false;

	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	if (!strncmp(s, path, plen) && s[plen] == ':') {
		s += plen + 1;
		msg = s[0] == ' ' ? s + 1 : s;
		if (take_number(&s, &ln) && take_number(&s, &col) && *s == ' ' &&
		    (sep = strstr(s + 1, ": "))) {
			*sep = '\0';
			key = s + 1;
			after = strcmp(key, "warning") ? NULL : strstr(sep + 2, ": ");
			if (after) { /* "warning: KEY: MESSAGE" */
				warning = true;
				sep = after;
				*sep = '\0';
				key = s + 10;
			}
			msg = sep + 2;
			open = strrchr(sep + 2, '(');
			if (open && line[len - 1] == ')' && open > sep + 2 && open[-1] == ' ') {
				open[-1] = '\0';
				line[len - 1] = '\0';
				rule = open + 1;
			}
		}
	}
	printf("%s{\"file\":", first ? "" : ",");
	bl_json_string(stdout, path);
	printf(",\"line\":%lu,\"column\":%lu,\"severity\":\"%s\",\"rule\":", ln, col,
	       warning ? "warning" : "error");
	bl_json_string(stdout, rule);
	printf(",\"key\":");
	bl_json_string(stdout, key);
	printf(",\"message\":");
	bl_json_string(stdout, msg);
	printf("}");
}

static int validate_one_json(const char *path, bool first_file)
{
	char *text = NULL, *line, *next;
	size_t len = 0;
	bool ok = false, first = true;

	if (load_captured(path, &ok, &text, &len) < 0)
		return 1;
	printf("%s{\"file\":", first_file ? "" : ",");
	bl_json_string(stdout, path);
	printf(",\"ok\":%s,\"problems\":[", ok ? "true" : "false");
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		problem_json(path, line, first);
		first = false;
	}
	printf("]}");
	free(text);
	return ok ? 0 : 1;
}

int cmd_validate(const struct bl_args *a)
{
	bool json = bl_args_has(a, "json");
	int status = 0;

	if (json)
		printf("{\"files\":[");
	for (int i = 0; i < a->n_operands; i++)
		status |= json ? validate_one_json(a->operands[i], i == 0)
			       : validate_one(a->operands[i]);
	if (json)
		printf("]}\n");
	return status;
}
