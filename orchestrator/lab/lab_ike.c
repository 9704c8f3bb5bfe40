// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The `up` phase of IKEv2 keying (see lab_ike.h). charon's start-up is
 * the slow part (seconds each under emulation), so every daemon starts
 * on its own thread. Those threads never call libvici (starting waits on
 * the socket with a plain connect): libstrongswan gives each foreign
 * thread that calls it a record it never frees. Loading and negotiating
 * run on the calling thread, tunnel after tunnel (about a second each).
 * Errors come back per job and are reported once, in plan order.
 */
#include "lab/lab_ike.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lab/lab_failures.h"
#include "lab/lab_run.h"
#include "common/report.h"
#include "vici/vici_io.h"

/* Measured in the test VM: 3.5-14.7 s from exec to a vici answer. */
#define START_MS 40000
#define INITIATE_MS 20000
#define RESPONDER_MS 5000
#define TERMINATE_MS 1000

/* First member of every job, so one loop reports them all. */
struct job_result {
	int r;
	struct bl_vici_error e;
};

struct node_job {
	struct job_result res;
	const struct bl_plan *plan;
	size_t node;
	const char *dir;
	const char *lab;
	bool restarted;
};

struct tunnel_job {
	struct job_result res;
	const struct bl_plan *plan;
	const struct bl_plan_tunnel *t;
	const char *dir;
	bool restarted; /* an end's daemon was (re)started by this run */
	bool failed;    /* held down by the lab's failures: no SA wanted */
};

static struct bl_vici_tunnel vici_tunnel(const struct bl_plan *p,
					 const struct bl_plan_tunnel *t, size_t node,
					 const char *name)
{
	bool gw = p->ifaces[t->gw_iface].node == node;

	return (struct bl_vici_tunnel){
		.name = name, .if_id = t->if_id,
		.kind = t->kind == BL_TUNNEL_XFRMI ? BL_VICI_XFRMI : BL_VICI_VTI,
		.esp = t->esp == BL_ESP_AES_GCM ? BL_VICI_GCM_FIRST : BL_VICI_CBC_FIRST,
		/* RRAS proposes what it is configured with; the gateway
		 * accepts from Azure's list, so a mismatch shows as it would. */
		.ike = gw ? NULL : t->ike,
		.local = gw ? t->gw_outer : t->site_outer,
		.remote = gw ? t->site_outer : t->gw_outer,
	};
}

static int open_node(const char *dir, const struct bl_plan *p, size_t n,
		     struct bl_vici **v, struct bl_vici_error *e)
{
	struct bl_charon_paths paths;
	int r = bl_charon_paths(dir, p->nodes[n].name, &paths);

	if (r < 0)
		return bl_vici_fail(e, r, "connecting to charon", "%s: path too long", dir);
	return bl_vici_open(p->nodes[n].name, paths.socket, 2000, v, e);
}

/* Load the key and connection of every ikev2 tunnel ending on the node. */
static int load_node(struct node_job *j, struct bl_vici *v)
{
	const struct bl_plan *p = j->plan;
	char name[BL_IKE_NAME_BUF], psk[65];
	int r = 0;

	for (size_t i = 0; r >= 0 && i < p->n_tunnels; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];
		struct bl_vici_tunnel vt;

		if (t->keying != BL_KEYING_IKEV2 ||
		    (p->ifaces[t->gw_iface].node != j->node &&
		     p->ifaces[t->site_iface].node != j->node))
			continue;
		bl_lab_ike_tunnel_name(p, t, name);
		vt = vici_tunnel(p, t, j->node, name);
		r = bl_lab_psk_get(j->lab, p->nodes[j->node].name, name, psk);
		if (r < 0)
			r = bl_vici_fail(&j->res.e, r, "loading the pre-shared key of tunnel",
					 "'%s' has none in %s/%s.psk", name, j->dir,
					 p->nodes[j->node].name);
		else
			r = bl_vici_load_tunnel(v, &vt, psk, &j->res.e);
	}
	explicit_bzero(psk, sizeof(psk));
	return r;
}

/* Start the daemon unless it runs (a dead one is restarted). */
static void *node_thread(void *arg)
{
	struct node_job *j = arg;
	const struct bl_plan_node *n = &j->plan->nodes[j->node];
	enum bl_charon_state state = BL_CHARON_ABSENT;

	j->res.r = bl_charon_state(j->dir, n->name, &state, NULL);
	if (j->res.r < 0)
		bl_vici_fail(&j->res.e, j->res.r, "reading the pid file of charon", "%s",
			     strerror(-j->res.r));
	if (j->res.r >= 0 && state != BL_CHARON_RUNNING) {
		j->restarted = true;
		j->res.r = bl_charon_start(n->name, n->netns, j->dir, START_MS, &j->res.e);
	}
	return NULL;
}

/* Keys and connections into a running daemon (a reload replaces them). */
static void load_job(struct node_job *j)
{
	struct bl_vici *v = NULL;

	if (j->res.r < 0)
		return;
	j->res.r = open_node(j->dir, j->plan, j->node, &v, &j->res.e);
	if (j->res.r >= 0)
		j->res.r = load_node(j, v);
	bl_vici_close(v);
}

static bool installed(struct bl_vici *v, const char *name)
{
	struct bl_vici_sas sas = { 0 };
	const struct bl_vici_ike_sa *ike;
	bool yes;

	if (bl_vici_list_sas(v, name, &sas, NULL) < 0)
		return false;
	ike = bl_vici_sas_find(&sas, name);
	yes = ike && bl_vici_ike_child_installed(ike, name);
	bl_vici_sas_clear(&sas);
	return yes;
}

static bool any_sa(struct bl_vici *v, const char *name)
{
	struct bl_vici_sas sas = { 0 };
	bool yes;

	if (bl_vici_list_sas(v, name, &sas, NULL) < 0)
		return true; /* cannot tell: terminate says why */
	yes = bl_vici_sas_find(&sas, name) != NULL;
	bl_vici_sas_clear(&sas);
	return yes;
}

/*
 * A failed tunnel (`fail tunnel:`, `instance:`, `node:`) loses its IKE_SA
 * and CHILD_SAs on both ends, as dead-peer detection would take them in
 * Azure: RRAS sends the DELETE first (answered at once when the outer
 * path is up); the gateway's end is then terminated too, forced after
 * TERMINATE_MS when its DELETE cannot leave (a failed instance's links are
 * down). An SA left on either end is the error.
 */
static int stop_both(struct bl_vici *site, struct bl_vici *gw, const char *name,
		     struct bl_vici_error *e)
{
	struct bl_vici *ends[2] = { site, gw };

	for (size_t i = 0; i < 2; i++) {
		struct bl_vici_error mine = { 0 };
		int r;

		if (!any_sa(ends[i], name))
			continue;
		r = bl_vici_terminate(ends[i], name, TERMINATE_MS, &mine);
		if (any_sa(ends[i], name)) {
			*e = mine;
			if (r >= 0)
				bl_vici_fail(e, -EBUSY, mine.what[0] ? mine.what : "terminating tunnel",
					     "an SA of '%s' is still there", name);
			return r < 0 ? r : -EBUSY;
		}
	}
	return 0;
}

/*
 * RRAS initiates, as RRAS does toward Azure. An SA that survives a peer's
 * restart is stale (the new daemon does not know it): terminate it first,
 * so the initiate negotiates afresh instead of reusing it.
 */
static void negotiate_job(struct tunnel_job *j)
{
	const struct bl_plan *p = j->plan;
	struct bl_vici *site = NULL, *gw = NULL;
	char name[BL_IKE_NAME_BUF];

	bl_lab_ike_tunnel_name(p, j->t, name);
	j->res.r = open_node(j->dir, p, p->ifaces[j->t->site_iface].node, &site, &j->res.e);
	if (j->res.r >= 0)
		j->res.r = open_node(j->dir, p, p->ifaces[j->t->gw_iface].node, &gw, &j->res.e);
	if (j->res.r >= 0 && j->failed) {
		j->res.r = stop_both(site, gw, name, &j->res.e);
	} else if (j->res.r >= 0 &&
		   (j->restarted || !installed(site, name) || !installed(gw, name))) {
		bl_vici_terminate(site, name, TERMINATE_MS, NULL);
		j->res.r = bl_vici_initiate(site, name, INITIATE_MS, &j->res.e);
		if (j->res.r >= 0)
			j->res.r = bl_vici_wait_installed(gw, name, RESPONDER_MS, &j->res.e);
	}
	bl_vici_close(site);
	bl_vici_close(gw);
}

/* Run fn on every job, each on its own thread (inline when a thread
 * cannot be made: slower, same result). */
static void run_all(void *jobs, size_t n, size_t size, void *(*fn)(void *))
{
	pthread_t *th = calloc(n ? n : 1, sizeof(*th));
	bool *started = calloc(n ? n : 1, sizeof(*started));

	for (size_t i = 0; i < n; i++) {
		void *job = (char *)jobs + i * size;
		bool ok = th && started && pthread_create(&th[i], NULL, fn, job) == 0;

		/* No thread is made without both arrays: nothing to join. */
		if (started)
			started[i] = ok;
		if (!ok)
			fn(job);
	}
	for (size_t i = 0; i < n; i++)
		if (started && started[i])
			pthread_join(th[i], NULL);
	free(th);
	free(started);
}

static double since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int report_jobs(const void *jobs, size_t n, size_t size)
{
	int first = 0;

	for (size_t i = 0; i < n; i++) {
		const struct job_result *res =
			(const struct job_result *)((const char *)jobs + i * size);

		if (res->r >= 0)
			continue;
		bl_err("%s failed: %s", res->e.what, res->e.why);
		if (!first)
			first = res->r;
	}
	return first;
}

static int start_nodes(struct bl_lab_run *run, const char *dir, struct node_job *jobs,
		       size_t *n_jobs)
{
	const struct bl_plan *p = run->plan;
	size_t n = 0;

	for (size_t i = 0; i < p->n_nodes; i++)
		if (bl_lab_ike_node(p, i))
			jobs[n++] = (struct node_job){ .plan = p, .node = i, .dir = dir,
						       .lab = p->lab };
	*n_jobs = n;
	run_all(jobs, n, sizeof(*jobs), node_thread);
	for (size_t i = 0; i < n; i++)
		load_job(&jobs[i]);
	return report_jobs(jobs, n, sizeof(*jobs));
}

static bool restarted(const struct node_job *jobs, size_t n, size_t node)
{
	for (size_t i = 0; i < n; i++)
		if (jobs[i].node == node)
			return jobs[i].restarted;
	return false;
}

static int negotiate(struct bl_lab_run *run, const char *dir,
		     const struct node_job *nodes, size_t n_nodes)
{
	const struct bl_plan *p = run->plan;
	struct tunnel_job *jobs = calloc(p->n_tunnels + 1, sizeof(*jobs));
	size_t n = 0;
	int r;

	if (!jobs)
		return bl_err_errno(-ENOMEM, "negotiating tunnels failed");
	for (size_t i = 0; i < p->n_tunnels; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];

		if (t->keying != BL_KEYING_IKEV2)
			continue;
		jobs[n++] = (struct tunnel_job){
			.plan = p, .t = t, .dir = dir,
			.restarted = restarted(nodes, n_nodes, p->ifaces[t->site_iface].node) ||
				     restarted(nodes, n_nodes, p->ifaces[t->gw_iface].node),
			.failed = bl_lab_iface_failed(run->topo, p, run->failures,
						      run->n_failures, t->site_iface) ||
				  bl_lab_iface_failed(run->topo, p, run->failures,
						      run->n_failures, t->gw_iface),
		};
	}
	for (size_t i = 0; i < n; i++)
		negotiate_job(&jobs[i]);
	r = report_jobs(jobs, n, sizeof(*jobs));
	free(jobs);
	return r;
}

static int make_dir(const char *dir)
{
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return bl_err_errno(-errno, "creating %s failed", dir);
	return 0;
}

static bool any_ike_node(const struct bl_plan *p)
{
	for (size_t n = 0; n < p->n_nodes; n++)
		if (bl_lab_ike_node(p, n))
			return true;
	return false;
}

int bl_lab_ike_up(struct bl_lab_run *run)
{
	const struct bl_plan *p = run->plan;
	struct node_job *nodes;
	struct timespec t0;
	char dir[PATH_MAX];
	size_t n_nodes = 0;
	int r;

	r = bl_lab_keying_save(p->lab, run->keying);
	if (r < 0 || !any_ike_node(p))
		return r;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bl_lab_ike_dir(p->lab, dir, sizeof(dir));
	if (!(nodes = calloc(p->n_nodes, sizeof(*nodes))))
		return bl_err_errno(-ENOMEM, "starting charon failed");
	r = make_dir(dir);
	if (r >= 0)
		r = bl_lab_psk_sync(p->lab, p);
	if (r >= 0)
		r = start_nodes(run, dir, nodes, &n_nodes);
	if (n_nodes)
		bl_info("  %-10s %.3f s to start or find %zu charons", "charons",
			since(&t0), n_nodes);
	if (r >= 0 && n_nodes)
		r = negotiate(run, dir, nodes, n_nodes);
	if (r >= 0 && n_nodes)
		bl_info("  %-10s %.3f s until every CHILD_SA was installed", "SAs",
			since(&t0));
	free(nodes);
	if (r < 0 && !run->converging)
		bl_lab_ike_clean(p->lab);
	return r;
}

int bl_lab_ike_converge(struct bl_lab_run *run)
{
	char dir[PATH_MAX];

	if (!any_ike_node(run->plan))
		return 0;
	bl_lab_ike_dir(run->plan->lab, dir, sizeof(dir));
	return negotiate(run, dir, NULL, 0);
}
