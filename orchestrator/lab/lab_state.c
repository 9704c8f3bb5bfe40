// SPDX-License-Identifier: GPL-2.0-or-later
/* The lab state directory and its manifest. */
#include "lab/lab_state.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/lab_guard.h"
#include "lab/lab_bird.h"
#include "lab/lab_ike.h"
#include "common/grow.h"
#include "common/report.h"

int bl_lab_open(const char *path, struct bl_topology **topo, struct bl_plan **plan)
{
	struct bl_topology *t = NULL;
	struct bl_plan *p = NULL;
	int r = bl_topology_load(path, &t);

	if (r < 0)
		return r; /* the loader printed every problem */
	r = bl_plan_new(t, &p);
	if (r < 0) {
		if (r == -ENOMEM)
			bl_err("planning lab from '%s' failed: out of memory", path);
		bl_topology_free(t);
		return r;
	}
	*topo = t;
	*plan = p;
	return 0;
}

const char *bl_state_root(void)
{
	const char *env = getenv("BRANCHLAB_STATE_DIR");

	return env && *env ? env : BL_STATE_ROOT;
}

void bl_state_path(const char *lab, const char *file, char *buf, size_t size)
{
	if (file)
		snprintf(buf, size, "%s/%s/%s", bl_state_root(), lab, file);
	else
		snprintf(buf, size, "%s/%s", bl_state_root(), lab);
}

int bl_state_create(const char *lab, bool *created)
{
	char dir[PATH_MAX];

	if (mkdir(bl_state_root(), 0700) < 0 && errno != EEXIST)
		return bl_err_errno(-errno, "creating %s failed", bl_state_root());
	bl_state_path(lab, NULL, dir, sizeof(dir));
	*created = mkdir(dir, 0700) == 0;
	if (!*created && errno != EEXIST)
		return bl_err_errno(-errno, "creating %s failed", dir);
	return 0;
}

int bl_state_remove(const char *lab)
{
	static const char *const files[] = { "keys", "manifest", "manifest.tmp", "keying",
					     "control_plane",
					     "topology.yaml", "topology.yaml.tmp", "failures",
					     "failures.tmp", "model", "model.tmp" };
	char path[PATH_MAX];
	/* Stops the charons first: they would keep their namespaces alive. */
	int r = bl_lab_ike_clean(lab);

	if (r >= 0)
		r = bl_lab_bird_clean(lab);

	if (r < 0)
		return r;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		bl_state_path(lab, files[i], path, sizeof(path));
		if (unlink(path) < 0 && errno != ENOENT)
			return bl_err_errno(-errno, "removing %s failed", path);
	}
	bl_state_path(lab, NULL, path, sizeof(path));
	if (rmdir(path) < 0 && errno != ENOENT)
		return bl_err_errno(-errno, "removing %s failed", path);
	return 0;
}

int bl_state_snapshot_write(const struct bl_topology *topo)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;
	int r = 0;

	bl_state_path(topo->name, "topology.yaml", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return bl_err_errno(-errno, "writing %s failed", tmp);
	if (fwrite(topo->source_text, 1, topo->source_len, f) != topo->source_len)
		r = -EIO;
	if (fclose(f) != 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return bl_err_errno(r, "writing %s failed", path);
	}
	return 0;
}

void bl_state_topology_of(const struct bl_manifest *m, char *path, size_t size)
{
	bl_state_path(m->lab, "topology.yaml", path, size);
	if (access(path, R_OK) != 0)
		snprintf(path, size, "%s", m->topology);
}

/* Written to a temporary name and renamed, so a reader never sees half. */
static bool plan_has_netns(const struct bl_plan *plan, const char *netns)
{
	for (size_t i = 0; i < plan->n_nodes; i++)
		if (!strcmp(plan->nodes[i].netns, netns))
			return true;
	return false;
}

int bl_manifest_write(const struct bl_plan *plan, const char *topology_path,
		      const struct bl_manifest *previous)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8];
	FILE *f;

	bl_state_path(plan->lab, "manifest", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return bl_err_errno(-errno, "writing %s failed", tmp);
	fprintf(f, "lab %s\ntopology %s\n", plan->lab, topology_path);
	for (size_t i = 0; i < plan->n_nodes; i++)
		fprintf(f, "netns %s\n", plan->nodes[i].netns);
	for (size_t i = 0; previous && i < previous->n_netns; i++)
		if (!plan_has_netns(plan, previous->netns[i]))
			fprintf(f, "netns %s\n", previous->netns[i]);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		int r = bl_err_errno(-errno, "writing %s failed", path);

		unlink(tmp);
		return r;
	}
	return 0;
}

/* Copy value into dst (size bytes) whole, or refuse: a cut namespace
 * name could name someone else's namespace. */
static int copy_value(char *dst, size_t size, const char *value)
{
	size_t len = strlen(value);

	if (len >= size)
		return -EINVAL;
	memcpy(dst, value, len + 1);
	return 0;
}

static int manifest_line(struct bl_manifest *m, char *line)
{
	char (*grown)[BL_NETNS_BUF];

	line[strcspn(line, "\n")] = '\0';
	if (!strncmp(line, "lab ", 4))
		return copy_value(m->lab, sizeof(m->lab), line + 4);
	if (!strncmp(line, "topology ", 9))
		return copy_value(m->topology, sizeof(m->topology), line + 9);
	if (strncmp(line, "netns ", 6) != 0)
		return -EBADMSG;
	grown = bl_grow(m->netns, m->n_netns, &m->cap_netns, sizeof(*m->netns), 64);
	if (!grown)
		return -ENOMEM;
	m->netns = grown;
	if (copy_value(m->netns[m->n_netns], BL_NETNS_BUF, line + 6) < 0)
		return -EINVAL;
	m->n_netns++;
	return 0;
}

/* What `up` writes: the lab's own name, its file, and at least one
 * namespace, every one "<lab>-<node>". */
static bool manifest_whole(const struct bl_manifest *m, const char *lab)
{
	size_t n = strlen(lab);

	if (strcmp(m->lab, lab) != 0 || !m->topology[0] || !m->n_netns)
		return false;
	for (size_t i = 0; i < m->n_netns; i++)
		if (strncmp(m->netns[i], lab, n) != 0 || m->netns[i][n] != '-' || !m->netns[i][n + 1])
			return false;
	return true;
}

int bl_manifest_read(const char *lab, struct bl_manifest **out)
{
	char path[PATH_MAX], line[4200];
	struct bl_manifest *m;
	unsigned n_lines = 0;
	int r = 0;
	FILE *f;

	bl_state_path(lab, "manifest", path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return -errno;
	m = calloc(1, sizeof(*m));
	if (!m)
		r = -ENOMEM;
	while (!r && fgets(line, sizeof(line), f)) {
		n_lines++;
		r = manifest_line(m, line);
	}
	fclose(f);
	if (r == -EINVAL || r == -EBADMSG || (!r && !manifest_whole(m, lab))) {
		/* Without a manifest it can trust, down cannot tell the lab's
		 * namespaces from look-alikes: say so, touch nothing. */
		bl_err("the manifest of lab '%s' (%s) is damaged (%s %u): nothing of the lab "
		       "was touched; remove its namespaces by hand (ip netns list | grep "
		       "'^%s-'), then rm -r %s/%s", lab, path,
		       r ? "unknown line" : "not what up writes, lines", n_lines, lab,
		       bl_state_root(), lab);
		r = -EBADMSG;
	}
	if (r < 0) {
		bl_manifest_free(m);
		return r;
	}
	*out = m;
	return 0;
}

int bl_manifest_read_up(const char *lab, struct bl_manifest **out)
{
	int r = bl_manifest_read(lab, out);

	if (r == -ENOENT)
		bl_err("lab '%s' is not up", lab);
	else if (r < 0 && r != -EBADMSG) /* a damaged one is reported already */
		bl_err_errno(r, "reading the manifest of lab '%s' failed", lab);
	return r;
}

void bl_manifest_free(struct bl_manifest *m)
{
	if (!m)
		return;
	free(m->netns);
	free(m);
}

bool bl_manifest_has_netns(const struct bl_manifest *m, const char *netns)
{
	for (size_t i = 0; i < m->n_netns; i++)
		if (!strcmp(m->netns[i], netns))
			return true;
	return false;
}

static bool has_manifest(const char *lab)
{
	char path[PATH_MAX];

	bl_state_path(lab, "manifest", path, sizeof(path));
	return access(path, F_OK) == 0;
}

int bl_labs_list(char (**labs)[BL_NAME_BUF], size_t *n)
{
	char (*list)[BL_NAME_BUF] = NULL, (*grown)[BL_NAME_BUF];
	DIR *d = opendir(bl_state_root());
	struct dirent *e;
	size_t count = 0, cap = 0;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= BL_NAME_BUF ||
		    !has_manifest(e->d_name))
			continue;
		grown = bl_grow(list, count, &cap, sizeof(*list), 8);
		if (!grown) {
			free(list);
			closedir(d);
			return -ENOMEM;
		}
		list = grown;
		memcpy(list[count++], e->d_name, strlen(e->d_name) + 1);
	}
	if (d)
		closedir(d);
	*labs = list;
	*n = count;
	return 0;
}
