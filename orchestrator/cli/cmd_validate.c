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
#include <sys/mman.h>
#include <unistd.h>

#include "cli/commands.h"
#include "common/json_out.h"
#include "common/report.h"
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

static int validate_one(const char *path)
{
	struct bl_topology *topo = NULL;

	/* The loader prints every problem as FILE:LINE:COLUMN: KEY: MESSAGE. */
	if (bl_topology_load(path, &topo) < 0)
		return 1;
	printf("%s: ok (%zu nodes, %zu tunnels, %zu expectations)\n", path,
	       bl_topology_node_count(topo), count_tunnels(topo),
	       topo->n_expectations);
	bl_topology_free(topo);
	return 0;
}

/*
 * The loader writes its problems to stderr, one a line, in the shape
 * topology.h promises (FILE:LINE:COLUMN: KEY: MESSAGE (RULE)). For JSON
 * they are caught from fd 2 rather than by a second reporting path in the
 * loader, so that text and JSON cannot say different things.
 */
static int load_captured(const char *path, bool *ok, FILE **problems)
{
	struct bl_topology *topo = NULL;
	int saved, fd = memfd_create("validate", MFD_CLOEXEC);

	if (fd < 0)
		return bl_err_errno(-errno, "capturing the problems of '%s' failed", path);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	if (saved < 0 || dup2(fd, STDERR_FILENO) < 0) {
		int e = -errno;

		close(fd);
		if (saved >= 0)
			close(saved);
		return bl_err_errno(e, "capturing the problems of '%s' failed", path);
	}
	*ok = bl_topology_load(path, &topo) == 0;
	bl_topology_free(topo);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	*problems = fdopen(fd, "r");
	if (!*problems) {
		close(fd);
		return bl_err_errno(-errno, "reading the problems of '%s' failed", path);
	}
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
	char *sep, *open;

	if (len && line[len - 1] == '\n')
		line[--len] = '\0';
	if (!strncmp(s, path, plen) && s[plen] == ':') {
		s += plen + 1;
		msg = s[0] == ' ' ? s + 1 : s;
		if (take_number(&s, &ln) && take_number(&s, &col) && *s == ' ' &&
		    (sep = strstr(s + 1, ": "))) {
			*sep = '\0';
			key = s + 1;
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
	printf(",\"line\":%lu,\"column\":%lu,\"rule\":", ln, col);
	bl_json_string(stdout, rule);
	printf(",\"key\":");
	bl_json_string(stdout, key);
	printf(",\"message\":");
	bl_json_string(stdout, msg);
	printf("}");
}

static int validate_one_json(const char *path, bool first_file)
{
	FILE *problems = NULL;
	char *line = NULL;
	size_t cap = 0;
	bool ok = false, first = true;

	if (load_captured(path, &ok, &problems) < 0)
		return 1;
	printf("%s{\"file\":", first_file ? "" : ",");
	bl_json_string(stdout, path);
	printf(",\"ok\":%s,\"problems\":[", ok ? "true" : "false");
	while (getline(&line, &cap, problems) > 0) {
		problem_json(path, line, first);
		first = false;
	}
	printf("]}");
	free(line);
	fclose(problems);
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
