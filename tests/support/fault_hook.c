// SPDX-License-Identifier: GPL-2.0-or-later
/* The BRANCHLAB_FAULT test hook (see fault.h). */
#include "common/fault.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/report.h"

struct fault {
	char point[32];
	unsigned at;
	int action; /* a signal number, or 0 for "fail" */
};

static const struct {
	const char *name;
	int action;
} fault_actions[] = {
	{ "fail", 0 },
	{ "sigint", SIGINT },
	{ "sigterm", SIGTERM },
	{ "sighup", SIGHUP },
	{ "sigkill", SIGKILL },
	/* Stops here until SIGCONT, so that a test signals it from outside
	 * at a known point. */
	{ "sigstop", SIGSTOP },
};

static int parse_action(const char *name, int *action)
{
	for (size_t i = 0; i < sizeof(fault_actions) / sizeof(fault_actions[0]); i++)
		if (!strcmp(fault_actions[i].name, name)) {
			*action = fault_actions[i].action;
			return 0;
		}
	return -EINVAL;
}

/* "<point>[@<n>]:<action>" */
static int parse_fault(const char *spec, struct fault *f)
{
	const char *colon = strrchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : 0;
	char *at, *end;

	if (!colon || !len || len >= sizeof(f->point))
		return -EINVAL;
	memcpy(f->point, spec, len);
	f->point[len] = '\0';
	f->at = 1;
	at = strchr(f->point, '@');
	if (at) {
		*at = '\0';
		f->at = (unsigned)strtoul(at + 1, &end, 10);
		if (*end || !f->at)
			return -EINVAL;
	}
	return parse_action(colon + 1, &f->action);
}

/* Parsed once per process; NULL when the hook is unset or malformed. */
static const struct fault *active_fault(void)
{
	static struct fault f;
	static bool parsed, valid;
	const char *spec;

	if (!parsed) {
		parsed = true;
		spec = getenv("BRANCHLAB_FAULT");
		valid = spec && *spec && parse_fault(spec, &f) == 0;
		if (spec && *spec && !valid)
			bl_err("ignoring BRANCHLAB_FAULT='%s': expected "
			       "<point>[@<n>]:fail|sigint|sigterm|sighup|sigkill|sigstop", spec);
	}
	return valid ? &f : NULL;
}

int bl_fault_point(const char *point)
{
	static unsigned reached;
	const struct fault *f = active_fault();

	if (!f || strcmp(f->point, point) != 0 || ++reached != f->at)
		return 0;
	if (!f->action) {
		bl_err("fault injected at %s #%u (BRANCHLAB_FAULT)", point, f->at);
		return -EIO;
	}
	bl_info("fault injected at %s #%u: raising signal %d", point, f->at, f->action);
	raise(f->action);
	return 0;
}
