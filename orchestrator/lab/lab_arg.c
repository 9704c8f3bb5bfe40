// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/lab_arg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/report.h"
#include "lab/lab_guard.h"
#include "lab/lab_state.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

bool bl_lab_arg_is_file(const char *arg)
{
	return strchr(arg, '/') || ends_with(arg, ".yaml") || ends_with(arg, ".yml");
}

static int resolve_file(const char *arg, struct bl_lab_ref *ref, struct bl_topology **topo)
{
	struct stat st;
	int r;

	if (stat(arg, &st) < 0 || !S_ISREG(st.st_mode)) {
		bl_err("'%s' is neither a lab name nor a topology file", arg);
		return -EINVAL;
	}
	r = bl_topology_load(arg, topo);
	if (r < 0)
		return r; /* the loader printed every problem */
	snprintf(ref->name, sizeof(ref->name), "%s", (*topo)->name);
	snprintf(ref->topology, sizeof(ref->topology), "%s", arg);
	ref->named_by_file = true;
	return 0;
}

static int resolve_name(const char *arg, unsigned flags, struct bl_lab_ref *ref)
{
	struct bl_manifest *m = NULL;
	int r;

	if (!bl_lab_name_ok(arg)) {
		bl_err("'%s' is neither a lab name (1-%d characters of a-z, 0-9, '-') "
		       "nor a topology file", arg, BL_LAB_NAME_MAX);
		return -EINVAL;
	}
	snprintf(ref->name, sizeof(ref->name), "%s", arg);
	r = bl_manifest_read(arg, &m);
	if (r == -ENOENT && !(flags & BL_LAB_ARG_UP))
		return 0;
	if (r == -ENOENT) {
		bl_err("lab '%s' is not up (no manifest in %s/%s)", arg, bl_state_root(), arg);
		return r;
	}
	if (r < 0 && r != -EBADMSG)
		bl_err_errno(r, "reading the manifest of lab '%s' failed", arg);
	if (r < 0)
		return r;
	bl_state_topology_of(m, ref->topology, sizeof(ref->topology));
	ref->up = true;
	bl_manifest_free(m);
	return 0;
}

/* No lab named: the one that is up, if exactly one is. */
static int only_lab_up(char *name)
{
	char (*labs)[BL_NAME_BUF] = NULL;
	size_t n = 0;
	int r = bl_labs_list(&labs, &n);

	if (r < 0)
		return bl_err_errno(r, "listing labs failed");
	if (n == 1)
		snprintf(name, BL_NAME_BUF, "%s", labs[0]);
	free(labs);
	if (n == 1)
		return 0;
	if (n == 0)
		bl_err("no lab is up");
	else
		bl_err("%zu labs are up: name one", n);
	return n ? -EINVAL : -ENOENT;
}

int bl_lab_arg_resolve(const char *arg, unsigned flags, struct bl_lab_ref *ref,
		       struct bl_topology **topo)
{
	struct bl_lab_ref found = { 0 };
	struct bl_topology *t = NULL;
	char only[BL_NAME_BUF];
	int r;

	if (!arg) {
		r = only_lab_up(only);
		if (r < 0)
			return r;
		arg = only;
	}
	if (bl_lab_arg_is_file(arg)) {
		r = resolve_file(arg, &found, &t);
		if (r == 0) {
			struct bl_manifest *m = NULL;

			r = bl_manifest_read(found.name, &m);
			found.up = r == 0;
			bl_manifest_free(m);
			if (r == -EBADMSG || r == -ENOENT)
				r = r == -EBADMSG ? r : 0; /* damaged: reported */
			else if (r < 0)
				bl_err_errno(r, "reading the manifest of lab '%s' failed", found.name);
			if (!r && !found.up && (flags & BL_LAB_ARG_LIVE) == BL_LAB_ARG_LIVE) {
				bl_err("lab '%s' of %s is not up (branchlab up %s)", found.name,
				       arg, arg);
				r = -ENOENT;
			}
		}
	} else {
		r = resolve_name(arg, flags, &found);
		if (r == 0 && topo && !found.up) {
			bl_err("lab '%s' is not up (no manifest in %s/%s)", arg, bl_state_root(), arg);
			r = -ENOENT;
		}
		if (r == 0 && topo)
			r = bl_topology_load(found.topology, &t);
	}
	if (r < 0) {
		bl_topology_free(t); /* a file whose lab is not up, or damaged */
		return r;
	}
	*ref = found;
	if (topo)
		*topo = t;
	else
		bl_topology_free(t);
	return 0;
}
