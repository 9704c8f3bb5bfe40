// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `down`: delete every namespace the manifest lists (which takes their
 * links, addresses, routes, SAs and policies with them), then the state
 * directory. Only the manifest decides: a namespace that merely shares
 * the lab's prefix is never touched.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "netlink/netns.h"
#include "lab/lab.h"
#include "lab/lab_guard.h"
#include "lab/lab_bird.h"
#include "lab/lab_ike.h"
#include "lab/lab_state.h"
#include "common/report.h"

/* up writes the manifest before the first namespace: a state dir without
 * one (up killed before that point) holds nothing but files to remove. */
static int remove_unlisted_state(const char *lab)
{
	char dir[PATH_MAX];

	bl_state_path(lab, NULL, dir, sizeof(dir));
	if (access(dir, F_OK) < 0) {
		bl_err("lab '%s' is not up (no %s/%s/manifest)", lab, bl_state_root(), lab);
		return -ENOENT;
	}
	bl_info("lab %s has a state dir but no manifest: removing the dir only", lab);
	return bl_state_remove(lab);
}

static int down_locked(const char *lab)
{
	struct bl_manifest *m = NULL;
	struct timespec t0, t1;
	int r, first = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = bl_manifest_read(lab, &m);
	if (r == -ENOENT)
		return remove_unlisted_state(lab);
	if (r == -EBADMSG)
		return r; /* reported, with what to do by hand */
	if (r < 0)
		return bl_err_errno(r, "reading the manifest of lab '%s' failed", lab);
	/* Before the namespaces: a charon keeps its namespace alive, and on
	 * SIGTERM it deletes its SAs with its peers. */
	first = bl_lab_ike_clean(lab);
	r = bl_lab_bird_clean(lab);
	if (r < 0 && !first)
		first = r;
	for (size_t i = 0; i < m->n_netns; i++) {
		r = bl_netns_delete(m->netns[i]);
		if (r < 0 && r != -ENOENT && !first)
			first = bl_err_errno(r, "deleting namespace '%s' failed", m->netns[i]);
	}
	bl_manifest_free(m);
	/* Keep the manifest while a namespace is left, so down can retry. */
	r = first ? first : bl_state_remove(lab);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r >= 0)
		bl_info("lab %s down in %.2f s", lab, (double)(t1.tv_sec - t0.tv_sec) +
			(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return r;
}

int bl_lab_down(const char *lab)
{
	struct bl_lab_lock lock;
	int r;

	if (!bl_lab_name_ok(lab)) {
		bl_err("'%s' is not a lab name (1-%d characters of a-z, 0-9, '-')",
		       lab, BL_LAB_NAME_MAX);
		return -EINVAL;
	}
	r = bl_lab_lock(lab, &lock);
	if (r < 0)
		return r;
	r = down_locked(lab);
	bl_lab_unlock(&lock);
	return r;
}

static bool is_lab_dir(const char *name)
{
	char dir[PATH_MAX];
	struct stat st;

	if (!bl_lab_name_ok(name))
		return false;
	bl_state_path(name, NULL, dir, sizeof(dir));
	return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every lab with a state dir, manifest or not; nothing found by a bare
 * name prefix. Each lab goes down under its own lock; the first error is
 * returned after trying them all. */
int bl_lab_down_all(void)
{
	DIR *d = opendir(bl_state_root());
	struct dirent *e;
	int r, first = 0;
	size_t n = 0;

	if (!d && errno != ENOENT)
		return bl_err_errno(-errno, "listing %s failed", bl_state_root());
	while (d && (e = readdir(d))) {
		if (!is_lab_dir(e->d_name))
			continue;
		r = bl_lab_down(e->d_name);
		if (r < 0 && !first)
			first = r;
		n++;
	}
	if (d)
		closedir(d);
	if (!n)
		bl_info("no lab to take down in %s", bl_state_root());
	return first;
}
