// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BIRD daemons in the lab lifecycle: see lab_bird.h. A daemon is started
 * in its node's namespace after the routes phase; on a converging `up` a
 * running daemon is told to reread its configuration (`configure`).
 */
#include "lab/lab_bird.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bird/bird_ctl.h"
#include "bird/bird_daemon.h"
#include "common/report.h"
#include "lab/lab_run.h"
#include "lab/lab_state.h"
#include "model/bird_conf.h"
#include "model/route_model.h"

#define START_MS 10000
/* Daemons launched before waiting for them: under the test VM's
 * emulation each takes over a second to read its configuration, one
 * after the other most of a 100-site `up`. */
#define STARTS_AT_ONCE 8
#define STOP_MS 3000
#define CTL_MS 3000

void bl_lab_bird_dir(const char *lab, char *buf, size_t size)
{
	bl_state_path(lab, "bird", buf, size);
}

int bl_lab_control_stored(const char *lab)
{
	char path[PATH_MAX], word[16] = "";
	FILE *f;

	bl_state_path(lab, "control_plane", path, sizeof(path));
	if (!(f = fopen(path, "re")))
		return BL_CONTROL_TOPOLOGY;
	if (fscanf(f, "%15s", word) != 1)
		word[0] = '\0';
	fclose(f);
	if (!strcmp(word, "bird"))
		return BL_CONTROL_BIRD;
	return !strcmp(word, "static") ? BL_CONTROL_STATIC : BL_CONTROL_TOPOLOGY;
}

void bl_lab_control_apply(const char *lab, int cp, struct bl_topology *topo)
{
	if (cp == BL_CONTROL_TOPOLOGY)
		cp = bl_lab_control_stored(lab);
	if (cp != BL_CONTROL_TOPOLOGY && topo)
		topo->control_plane = (enum bl_control_plane)cp;
}

int bl_lab_control_save(const char *lab, int cp)
{
	char path[PATH_MAX];
	FILE *f;

	if (cp == BL_CONTROL_TOPOLOGY)
		return 0;
	bl_state_path(lab, "control_plane", path, sizeof(path));
	if (!(f = fopen(path, "we")))
		return bl_err_errno(-errno, "writing %s failed", path);
	fprintf(f, "%s\n", cp == BL_CONTROL_BIRD ? "bird" : "static");
	if (fclose(f) != 0)
		return bl_err_errno(-errno, "writing %s failed", path);
	return 0;
}

/* A hold time in BIRD's range (keepalive hold/3 at least 1 s), else 0. */
static unsigned valid_hold(long v)
{
	return v >= 3 && v <= 65535 ? (unsigned)v : 0;
}

/* "<state>/bird/hold": the hold time the lab's daemons run with. */
static unsigned stored_hold(const char *lab)
{
	char dir[PATH_MAX], path[PATH_MAX + 8];
	long v = 0;
	FILE *f;

	bl_lab_bird_dir(lab, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/hold", dir);
	if (!(f = fopen(path, "re")))
		return 0;
	if (fscanf(f, "%ld", &v) != 1)
		v = 0;
	fclose(f);
	return valid_hold(v);
}

void bl_lab_bird_timers(const char *lab, unsigned *keepalive, unsigned *hold)
{
	const char *env = getenv("BRANCHLAB_BGP_HOLD");
	unsigned v = env ? valid_hold(strtol(env, NULL, 10)) : 0;

	if (!v)
		v = stored_hold(lab);
	*hold = v ? v : 180;
	*keepalive = v ? v / 3 : 60;
}

/* Kept so that `fail`, `restore` and a later `up` configure the same. */
static int save_hold(const char *dir, unsigned hold)
{
	char path[PATH_MAX + 8];
	FILE *f;

	snprintf(path, sizeof(path), "%s/hold", dir);
	if (!(f = fopen(path, "we")))
		return bl_err_errno(-errno, "writing %s failed", path);
	fprintf(f, "%u\n", hold);
	if (fclose(f) != 0)
		return bl_err_errno(-errno, "writing %s failed", path);
	return 0;
}

/* Whether two files hold the same bytes (false when either is unreadable). */
static bool same_file(const char *a, const char *b)
{
	FILE *fa = fopen(a, "re"), *fb = fopen(b, "re");
	bool same = fa && fb;
	int ca, cb;

	while (same) {
		ca = getc(fa);
		cb = getc(fb);
		same = ca == cb;
		if (ca == EOF)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* The configuration, written next to the running one and renamed over
 * it unless it is the same; the log file made 0600 before BIRD opens it.
 * 1 when the file changed, 0 when it was the same. */
static int write_conf(const struct bl_model *m, const struct bl_model *selected,
		      const char *node, const char *iface, const struct bl_bird_paths *paths,
		      const unsigned timers[2])
{
	struct bl_bird_conf_opts o = { .log_path = paths->log, .vnet_iface = iface,
				       .selected = selected, .keepalive = timers[0],
				       .hold = timers[1] };
	char tmp[PATH_MAX + 8];
	FILE *f;
	int fd, r;

	fd = open(paths->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0)
		return bl_err_errno(-errno, "creating %s failed", paths->log);
	close(fd);
	snprintf(tmp, sizeof(tmp), "%s.tmp", paths->conf);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		r = -errno;
		if (fd >= 0)
			close(fd);
		return bl_err_errno(r, "writing %s failed", tmp);
	}
	r = bl_model_bird_conf(m, node, &o, f);
	if (fclose(f) != 0 && r >= 0)
		r = -errno;
	if (r >= 0 && same_file(tmp, paths->conf)) {
		unlink(tmp);
		return 0;
	}
	if (r >= 0 && rename(tmp, paths->conf) < 0)
		r = -errno;
	if (r < 0) {
		unlink(tmp);
		return bl_err_errno(r, "writing the BIRD configuration of '%s' failed", node);
	}
	return 1;
}

/* A running daemon rereads its configuration. */
static int reconfigure(const struct bl_bird_paths *paths, char *why, size_t size)
{
	struct bl_bird_reply reply = { 0 };
	struct bl_bird_ctl *c = NULL;
	int r = bl_bird_ctl_open(paths->socket, CTL_MS, &c, why, size);

	if (r >= 0)
		r = bl_bird_ctl_cmd(c, "configure", &reply, why, size);
	if (r >= 0 && bl_bird_reply_failed(&reply)) {
		snprintf(why, size, "%s", bl_bird_reply_text(&reply, -1));
		r = -EINVAL;
	}
	bl_bird_reply_clear(&reply);
	bl_bird_ctl_close(c);
	return r;
}

/* The node's first interface: a VM's only one, on the VNet fabric. */
static const char *first_iface(const struct bl_plan *p, const struct bl_plan_node *n)
{
	for (size_t i = 0; i < p->n_ifaces; i++)
		if (&p->nodes[p->ifaces[i].node] == n)
			return p->ifaces[i].name;
	return NULL;
}

/* Daemons launched and not yet waited for. */
struct bird_starts {
	struct bird_start {
		const struct bl_plan_node *node;
		struct bl_bird_paths paths;
		struct bl_bird_launch launch;
	} *at;
	size_t n;
};

/* Waits for every launched daemon; the first failure, each reported. */
static int starts_finish(struct bird_starts *s)
{
	int first = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct bird_start *b = &s->at[i];
		char why[640];
		int r = bl_bird_launched(&b->paths, &b->launch, START_MS, why, sizeof(why));

		if (r < 0)
			bl_err("starting bird in '%s' failed: %s", b->node->name, why);
		if (r < 0 && !first)
			first = r;
	}
	s->n = 0;
	return first;
}

static int start_daemon(struct bird_starts *s, const struct bl_plan_node *n,
			const struct bl_bird_paths *paths)
{
	struct bird_start *b;
	char why[640];
	int r = s->n == STARTS_AT_ONCE ? starts_finish(s) : 0;

	if (r < 0)
		return r;
	b = &s->at[s->n];
	b->node = n;
	b->paths = *paths;
	r = bl_bird_launch(&b->paths, n->netns, &b->launch, why, sizeof(why));
	if (r < 0)
		bl_err("starting bird in '%s' failed: %s", n->name, why);
	else
		s->n++;
	return r;
}

/* Each node's daemon: its configuration from the failure-free model m
 * (the best-external prefixes from selected, the model under the
 * failures), written; a running daemon rereads it (always on `up`, only
 * when it changed on `fail`/`restore`), a stopped one starts (launched
 * into starts) unless converging only. */
static int node_up(const struct bl_model *m, const struct bl_model *selected,
		   const struct bl_plan *p, const struct bl_plan_node *n, const char *dir,
		   const unsigned timers[2], bool failures_only, struct bird_starts *starts)
{
	struct bl_bird_paths paths;
	enum bl_bird_state state;
	char why[640];
	int r = bl_bird_paths(dir, n->name, &paths);
	int changed;

	if (r < 0)
		return bl_err_errno(r, "starting bird in '%s' failed: %s: path too long", n->name,
				    dir);
	changed = write_conf(m, selected, n->name, first_iface(p, n), &paths, timers);
	if (changed < 0)
		return changed;
	r = bl_bird_state(&paths, &state, NULL);
	if (r < 0)
		return bl_err_errno(r, "reading %s failed", paths.pid);
	if (state == BL_BIRD_RUNNING) {
		if (failures_only && !changed)
			return 0;
		r = reconfigure(&paths, why, sizeof(why));
		if (r < 0)
			bl_err("reconfiguring bird in '%s' failed: %s", n->name, why);
		return r;
	}
	if (failures_only)
		return 0; /* `status` names a dead daemon; `up` restarts it */
	return start_daemon(starts, n, &paths);
}

static int each_node(struct bl_lab_run *run, const char *dir, const struct bl_model *m,
		     const struct bl_model *selected, const unsigned timers[2],
		     bool failures_only)
{
	const struct bl_plan *p = run->plan;
	struct bird_starts starts = { calloc(STARTS_AT_ONCE, sizeof(*starts.at)), 0 };
	int r = starts.at ? 0 : bl_err_errno(-ENOMEM, "starting bird failed");

	for (size_t i = 0; r >= 0 && i < p->n_nodes; i++) {
		if (!bl_model_bird_node(m, p->nodes[i].name))
			continue;
		r = node_up(m, selected, p, &p->nodes[i], dir, timers, failures_only, &starts);
	}
	/* Even after a failure: no launched process is left unwaited. */
	if (starts.at) {
		int last = starts_finish(&starts);

		if (r >= 0)
			r = last;
	}
	free(starts.at);
	return r;
}

/* Every BIRD node of the failure-free model: its daemon as node_up(). */
static int birds_each(struct bl_lab_run *run, const char *dir, bool failures_only)
{
	const struct bl_plan *p = run->plan;
	struct bl_model *m = NULL, *selected = NULL;
	unsigned timers[2];
	int r;

	bl_lab_bird_timers(p->lab, &timers[0], &timers[1]);
	r = failures_only ? 0 : save_hold(dir, timers[1]);
	if (r >= 0)
		r = bl_model_compute_failed(run->topo, NULL, 0, false, &m);
	if (r >= 0 && run->n_failures)
		r = bl_model_compute_failed(run->topo, run->failures, run->n_failures, false,
					    &selected);
	if (r < 0) {
		bl_model_free(m);
		return r == -ENOMEM ? bl_err_errno(r, "computing the route model failed") : r;
	}
	r = each_node(run, dir, m, selected ? selected : m, timers, failures_only);
	bl_model_free(selected);
	bl_model_free(m);
	return r;
}

int bl_lab_bird_up(struct bl_lab_run *run)
{
	const struct bl_plan *p = run->plan;
	char dir[PATH_MAX];
	int r = bl_lab_control_save(p->lab, run->control_plane);

	if (r < 0 || run->topo->control_plane != BL_CONTROL_BIRD)
		return r;
	bl_lab_bird_dir(p->lab, dir, sizeof(dir));
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return bl_err_errno(-errno, "creating %s failed", dir);
	r = birds_each(run, dir, false);
	if (r < 0 && !run->converging)
		bl_lab_bird_clean(p->lab);
	return r;
}

int bl_lab_bird_converge(struct bl_lab_run *run)
{
	char dir[PATH_MAX];

	if (run->topo->control_plane != BL_CONTROL_BIRD)
		return 0;
	bl_lab_bird_dir(run->plan->lab, dir, sizeof(dir));
	return birds_each(run, dir, true);
}

/* "<node>.pid" -> node. */
static bool pid_file_node(const char *file, char *node, size_t size)
{
	size_t len = strlen(file);

	if (len <= 4 || len - 4 >= size || strcmp(file + len - 4, ".pid") != 0)
		return false;
	memcpy(node, file, len - 4);
	node[len - 4] = '\0';
	return true;
}

int bl_lab_bird_clean(const char *lab)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], node[BL_NAME_BUF];
	struct dirent *de;
	DIR *d;
	int first = 0;

	bl_lab_bird_dir(lab, dir, sizeof(dir));
	if (!(d = opendir(dir)))
		return errno == ENOENT ? 0 : bl_err_errno(-errno, "reading %s failed", dir);
	while ((de = readdir(d))) {
		struct bl_bird_paths paths;
		char why[256];

		if (!pid_file_node(de->d_name, node, sizeof(node)) ||
		    bl_bird_paths(dir, node, &paths) < 0)
			continue;
		if (bl_bird_stop(&paths, STOP_MS, why, sizeof(why)) < 0 && !first)
			first = bl_err_errno(-EBUSY, "stopping bird in '%s' failed: %s", node, why);
	}
	/* A daemon still running keeps its files, so a retry finds it. */
	rewinddir(d);
	while (!first && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) < 0 && errno != ENOENT)
			first = bl_err_errno(-errno, "removing %s failed", path);
	}
	closedir(d);
	if (!first && rmdir(dir) < 0 && errno != ENOENT)
		first = bl_err_errno(-errno, "removing %s failed", dir);
	return first;
}

static const char *const state_names[] = { "absent", "running", "dead" };

static void print_session(const struct bl_bird_session *s, bool json, bool first, time_t now)
{
	long long up = s->since >= 0 && !strcmp(s->bgp_state, "Established") ? now - s->since : -1;

	if (json) {
		printf("%s{\"name\":\"%s\",\"state\":\"%s\",\"bgp_state\":\"%s\",\"uptime\":%lld,"
		       "\"imported\":%ld,\"exported\":%ld}",
		       first ? "" : ",", s->name, s->state, s->bgp_state, up, s->imported,
		       s->exported);
		return;
	}
	printf("    %-16s %-12s", s->name, s->bgp_state);
	if (up >= 0)
		printf(" up %llds", up);
	if (s->imported >= 0)
		printf(", %ld imported, %ld exported", s->imported, s->exported);
	else if (strcmp(s->bgp_state, "Established") != 0 && s->info[0])
		printf(" (%s)", s->info);
	printf("\n");
}

/* One daemon: its state, and its sessions when it answers. */
static int print_node(const struct bl_plan_node *n, const char *dir, bool json, bool first,
		      enum bl_bird_state *state_out)
{
	struct bl_bird_paths paths;
	struct bl_bird_reply reply = { 0 };
	struct bl_bird_session *s = NULL;
	struct bl_bird_ctl *c = NULL;
	enum bl_bird_state state = BL_BIRD_ABSENT;
	size_t n_s = 0;
	char why[256] = "";
	pid_t pid = 0;

	if (bl_bird_paths(dir, n->name, &paths) < 0 ||
	    bl_bird_state(&paths, &state, &pid) < 0)
		state = BL_BIRD_ABSENT;
	*state_out = state;
	if (state == BL_BIRD_RUNNING &&
	    (bl_bird_ctl_open(paths.socket, CTL_MS, &c, why, sizeof(why)) < 0 ||
	     bl_bird_ctl_cmd(c, "show protocols all", &reply, why, sizeof(why)) < 0 ||
	     bl_bird_sessions_parse(&reply, &s, &n_s) < 0))
		n_s = 0;
	if (json)
		printf("%s{\"node\":\"%s\",\"state\":\"%s\",\"pid\":%d,\"sessions\":[", first ? "" : ",",
		       n->name, state_names[state], (int)pid);
	else
		printf("  %-12s %s (pid %d)%s%s\n", n->name, state_names[state], (int)pid,
		       why[0] ? ": " : "", why);
	for (size_t i = 0; i < n_s; i++)
		print_session(&s[i], json, i == 0, time(NULL));
	if (json)
		printf("]}");
	free(s);
	bl_bird_reply_clear(&reply);
	bl_bird_ctl_close(c);
	return 0;
}

int bl_lab_bird_print(const struct bl_topology *topo, const struct bl_plan *p, bool json)
{
	struct bl_model *m = NULL;
	enum bl_bird_state *states;
	char dir[PATH_MAX];
	bool first = true;
	int r = 0;

	if (topo->control_plane != BL_CONTROL_BIRD) {
		if (!json)
			printf("BGP: no daemon; every route is the route model's (branchlab routes)\n");
		return 0;
	}
	if (bl_model_compute(topo, &m) < 0)
		return bl_err_errno(-ENOMEM, "computing the route model failed");
	if (!(states = calloc(p->n_nodes, sizeof(*states)))) {
		bl_model_free(m);
		return bl_err_errno(-ENOMEM, "reading the BIRD daemons failed");
	}
	bl_lab_bird_dir(p->lab, dir, sizeof(dir));
	printf(json ? ",\"birds\":[" : "BGP: one BIRD daemon per speaker (control_plane: bird):\n");
	for (size_t i = 0; i < p->n_nodes; i++) {
		states[i] = BL_BIRD_RUNNING;
		if (!bl_model_bird_node(m, p->nodes[i].name))
			continue;
		print_node(&p->nodes[i], dir, json, first, &states[i]);
		first = false;
	}
	printf(json ? "]" : "");
	for (size_t i = 0; i < p->n_nodes; i++) {
		if (states[i] == BL_BIRD_RUNNING)
			continue;
		bl_err("bird of '%s' is %s", p->nodes[i].name, state_names[states[i]]);
		r = -ESRCH;
	}
	free(states);
	bl_model_free(m);
	return r;
}
