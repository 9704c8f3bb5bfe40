// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemons of IKEv2 keying as `status` and `down` see them: which
 * charons run or died, their SAs read over vici, and stopping them all.
 * `down` works from the pid files alone (not the topology), so it stops
 * every daemon a lab ever started, even when the topology file changed.
 */
#include "lab/lab_ike.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/report.h"
#include "vici/vici_io.h"

#define STOP_MS 3000

static const char *const state_names[] = { "absent", "running", "dead" };

static void read_node(const char *dir, const struct bl_plan *p, size_t n,
		      struct bl_lab_ike_node_view *nv)
{
	struct bl_vici_error e = { 0 };
	struct bl_charon_paths paths;
	struct bl_vici *v = NULL;
	pid_t pid = 0;

	nv->used = true;
	if (bl_charon_state(dir, p->nodes[n].name, &nv->state, &pid) < 0)
		nv->state = BL_CHARON_ABSENT;
	nv->pid = (int)pid;
	if (nv->state != BL_CHARON_RUNNING ||
	    bl_charon_paths(dir, p->nodes[n].name, &paths) < 0)
		return;
	if (bl_vici_open(p->nodes[n].name, paths.socket, 1000, &v, &e) < 0 ||
	    bl_vici_list_sas(v, NULL, &nv->sas, &e) < 0)
		snprintf(nv->error, sizeof(nv->error), "%s failed: %s", e.what, e.why);
	bl_vici_close(v);
}

int bl_lab_ike_view_read(const struct bl_plan *p, struct bl_lab_ike_view *v)
{
	char dir[PATH_MAX];

	v->n = p->n_nodes;
	v->nodes = calloc(p->n_nodes + 1, sizeof(*v->nodes));
	if (!v->nodes)
		return bl_err_errno(-ENOMEM, "reading the charons failed");
	bl_lab_ike_dir(p->lab, dir, sizeof(dir));
	for (size_t n = 0; n < p->n_nodes; n++)
		if (bl_lab_ike_node(p, n))
			read_node(dir, p, n, &v->nodes[n]);
	return 0;
}

void bl_lab_ike_view_free(struct bl_lab_ike_view *v)
{
	for (size_t n = 0; v->nodes && n < v->n; n++)
		bl_vici_sas_clear(&v->nodes[n].sas);
	free(v->nodes);
	v->nodes = NULL;
	v->n = 0;
}

static void print_child(const struct bl_vici_child_sa *c, bool json, bool first)
{
	if (json)
		printf("%s{\"name\":\"%s\",\"state\":\"%s\",\"spi_in\":\"%08x\","
		       "\"spi_out\":\"%08x\",\"esp\":\"%s\",\"rekey_in_s\":%ld,"
		       "\"packets_in\":%llu,\"packets_out\":%llu,\"bytes_in\":%llu,"
		       "\"bytes_out\":%llu}", first ? "" : ",", c->name, c->state,
		       c->spi_in, c->spi_out, c->esp, c->rekey_in_s,
		       (unsigned long long)c->packets_in, (unsigned long long)c->packets_out,
		       (unsigned long long)c->bytes_in, (unsigned long long)c->bytes_out);
	else
		printf("        CHILD_SA %s spi in %08x out %08x %s, rekey in %ld s, "
		       "in %llu pkts %llu B, out %llu pkts %llu B\n", c->state,
		       c->spi_in, c->spi_out, c->esp, c->rekey_in_s,
		       (unsigned long long)c->packets_in, (unsigned long long)c->bytes_in,
		       (unsigned long long)c->packets_out, (unsigned long long)c->bytes_out);
}

/* One end of a tunnel: its daemon's IKE_SA for the tunnel, if any. */
static void print_end(const char *node, const struct bl_lab_ike_node_view *nv,
		      const char *name, bool json, bool first)
{
	const struct bl_vici_ike_sa *ike = bl_vici_sas_find(&nv->sas, name);
	const char *state = ike ? ike->state : "none";

	if (json)
		printf("%s{\"node\":\"%s\",\"charon\":\"%s\",\"ike_state\":\"%s\","
		       "\"established_s\":%ld,\"rekey_in_s\":%ld,\"proposal\":\"%s\","
		       "\"children\":[", first ? "" : ",", node, state_names[nv->state],
		       state, ike ? ike->established_s : -1, ike ? ike->rekey_in_s : -1,
		       ike ? ike->proposal : "");
	else if (nv->state != BL_CHARON_RUNNING)
		printf("    %-10s charon %s\n", node, state_names[nv->state]);
	else
		printf("    %-10s IKE_SA %s %s, established %ld s, rekey in %ld s\n", node,
		       state, ike ? ike->proposal : "", ike ? ike->established_s : -1,
		       ike ? ike->rekey_in_s : -1);
	for (size_t c = 0; ike && c < ike->n_children; c++)
		print_child(&ike->children[c], json, c == 0);
	if (json)
		printf("]}");
}

void bl_lab_ike_print_tunnel(const struct bl_plan *p, const struct bl_lab_ike_view *v,
			     size_t tunnel, bool json)
{
	const struct bl_plan_tunnel *t = &p->tunnels[tunnel];
	size_t site = p->ifaces[t->site_iface].node, gw = p->ifaces[t->gw_iface].node;
	char name[BL_IKE_NAME_BUF];

	if (t->keying != BL_KEYING_IKEV2 || !v->nodes)
		return;
	bl_lab_ike_tunnel_name(p, t, name);
	if (json)
		printf(",\"ike\":{\"name\":\"%s\",\"ends\":[", name);
	else
		printf("    ikev2 tunnel '%s':\n", name);
	print_end(p->nodes[site].name, &v->nodes[site], name, json, true);
	print_end(p->nodes[gw].name, &v->nodes[gw], name, json, false);
	if (json)
		printf("]}");
}

int bl_lab_ike_print_daemons(const struct bl_plan *p, const struct bl_lab_ike_view *v,
			     bool json)
{
	bool first = true;
	int r = 0;

	if (json)
		printf(",\"charons\":[");
	for (size_t n = 0; n < v->n; n++) {
		const struct bl_lab_ike_node_view *nv = &v->nodes[n];

		if (!nv->used)
			continue;
		if (!json && first)
			printf("charons:\n");
		if (json)
			printf("%s{\"node\":\"%s\",\"state\":\"%s\",\"pid\":%d}",
			       first ? "" : ",", p->nodes[n].name, state_names[nv->state],
			       nv->pid);
		else
			printf("  %-10s %s (pid %d)%s%s\n", p->nodes[n].name,
			       state_names[nv->state], nv->pid, nv->error[0] ? ": " : "",
			       nv->error);
		first = false;
	}
	printf(json ? "]" : "");
	for (size_t n = 0; n < v->n; n++) {
		if (!v->nodes[n].used || v->nodes[n].state == BL_CHARON_RUNNING)
			continue;
		bl_err("charon of '%s' is %s (pid %d recorded)", p->nodes[n].name,
		       state_names[v->nodes[n].state], v->nodes[n].pid);
		r = -ESRCH;
	}
	return r;
}

/* "<node>.pid" -> node; false for any other file. */
static bool pid_file_node(const char *file, char *node, size_t size)
{
	size_t len = strlen(file);

	if (len <= 4 || len - 4 >= size || strcmp(file + len - 4, ".pid") != 0)
		return false;
	memcpy(node, file, len - 4);
	node[len - 4] = '\0';
	return true;
}

static int stop_all(const char *dir)
{
	char node[BL_NAME_BUF];
	struct dirent *de;
	DIR *d = opendir(dir);
	int first = 0;

	while (d && (de = readdir(d))) {
		struct bl_vici_error e = { 0 };

		if (!pid_file_node(de->d_name, node, sizeof(node)))
			continue;
		if (bl_charon_stop(dir, node, STOP_MS, &e) < 0 && !first)
			first = e.err;
		if (e.err)
			bl_err("%s failed: %s", e.what, e.why);
	}
	if (d)
		closedir(d);
	return first;
}

int bl_lab_ike_clean(const char *lab)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	struct dirent *de;
	DIR *d;
	int r;

	bl_lab_ike_dir(lab, dir, sizeof(dir));
	r = stop_all(dir);
	/* A daemon still running keeps its files, so a retry finds it. */
	if (r < 0 || !(d = opendir(dir)))
		return r;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) < 0 && errno != ENOENT && !r)
			r = bl_err_errno(-errno, "removing %s failed", path);
	}
	closedir(d);
	if (r >= 0 && rmdir(dir) < 0 && errno != ENOENT)
		r = bl_err_errno(-errno, "removing %s failed", dir);
	return r;
}
