// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A lab's failure set in its state dir, and which of the plan's
 * interfaces it holds down.
 */
#include "lab/lab_failures.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/report.h"
#include "lab/lab_state.h"

#define FAILURES_FILE "failures"
#define FAILURES_MAX 64

int bl_lab_failures_read(const char *lab, const struct bl_topology *t,
			 struct bl_failure **out, size_t *n)
{
	char path[PATH_MAX], line[256];
	struct bl_failure *v;
	FILE *f;

	*out = NULL;
	*n = 0;
	bl_state_path(lab, FAILURES_FILE, path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : bl_err_errno(-errno, "reading %s failed", path);
	v = calloc(FAILURES_MAX, sizeof(*v));
	if (!v) {
		fclose(f);
		return bl_err_errno(-ENOMEM, "reading %s failed", path);
	}
	while (fgets(line, sizeof(line), f) && *n < FAILURES_MAX) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0])
			continue;
		if (bl_failure_find(t, line, &v[*n]))
			(*n)++;
		else
			bl_warn("lab '%s': dropped failure '%s' (not in its topology)", lab, line);
	}
	fclose(f);
	*out = v;
	return 0;
}

int bl_lab_failures_write(const char *lab, const struct bl_failure *v, size_t n)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], text[BL_FAILURE_STRLEN];
	FILE *f;
	int r = 0;

	bl_state_path(lab, FAILURES_FILE, path, sizeof(path));
	if (!n) {
		if (unlink(path) < 0 && errno != ENOENT)
			return bl_err_errno(-errno, "removing %s failed", path);
		return 0;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return bl_err_errno(-errno, "writing %s failed", tmp);
	for (size_t i = 0; i < n; i++) {
		bl_failure_str(&v[i], text, sizeof(text));
		fprintf(f, "%s\n", text);
	}
	if (ferror(f))
		r = -EIO;
	if (fclose(f) != 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r) {
		unlink(tmp);
		return bl_err_errno(r, "writing %s failed", path);
	}
	return 0;
}

void bl_lab_failures_text(const struct bl_failure *v, size_t n, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		char text[BL_FAILURE_STRLEN];

		bl_failure_str(&v[i], text, sizeof(text));
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", text);
	}
}

void bl_lab_failures_announce(const char *lab, const struct bl_failure *f, size_t n)
{
	char text[1024];

	if (!n)
		return;
	bl_lab_failures_text(f, n, text, sizeof(text));
	bl_warn("lab '%s' has failures in force: %s (the model is computed under them; "
		"'branchlab restore %s --all' clears them)", lab, text, lab);
}

bool bl_lab_node_failed(const struct bl_topology *t, const struct bl_plan *p,
			const struct bl_failure *f, size_t n, size_t node)
{
	return p->nodes[node].kind != BL_NODE_BRIDGE &&
	       bl_failures_node_down(t, f, n, p->nodes[node].name);
}

/* An MSEE's "ce1"/"ce2" or a CE's "msee1"/"msee2" (docs/lab.md): the
 * circuit's primary or secondary link. */
static bool er_link_failed(const struct bl_topology *t, const struct bl_plan *p,
			   const struct bl_failure *f, size_t n, size_t iface)
{
	const struct bl_plan_iface *i = &p->ifaces[iface];
	const struct bl_plan_node *node = &p->nodes[i->node];
	const char *digit;

	if (node->kind == BL_NODE_MSEE && !strncmp(i->name, "ce", 2))
		digit = i->name + 2;
	else if (node->kind == BL_NODE_CE && !strncmp(i->name, "msee", 4))
		digit = i->name + 4;
	else
		return false;
	if ((digit[0] != '1' && digit[0] != '2') || digit[1])
		return false;
	for (size_t c = 0; c < t->n_er_circuits; c++) {
		const struct bl_er_circuit *ci = &t->er_circuits[c];

		if (!strcmp(ci->msee, node->name) || !strcmp(ci->ce, node->name))
			return bl_failures_er_link_down(t, f, n, c, (unsigned)(digit[0] - '1'));
	}
	return false;
}

bool bl_lab_iface_failed(const struct bl_topology *t, const struct bl_plan *p,
			 const struct bl_failure *f, size_t n, size_t iface)
{
	const struct bl_plan_iface *i = &p->ifaces[iface];

	if (!n || i->kind == BL_IFACE_LOOPBACK)
		return false;
	if (bl_lab_node_failed(t, p, f, n, i->node))
		return true;
	if (i->kind == BL_IFACE_TUNNEL) {
		const struct bl_plan_tunnel *tun = &p->tunnels[i->tunnel];

		return bl_failures_tunnel_down(t, f, n, tun->site, tun->index);
	}
	return er_link_failed(t, p, f, n, iface);
}
