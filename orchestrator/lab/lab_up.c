// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `up`: namespaces, sysctls, links and addresses, then tunnels and routes
 * (lab_xfrm.c, lab_routes.c). Everything goes through netlink batches, one
 * per namespace and phase. Running it again converges: existing links are
 * kept (found by a dump), addresses replaced, SAs reloaded, and routes
 * pushed as a diff against a dump (only what the model changed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "netlink/link.h"
#include "netlink/addr_route.h"
#include "netlink/netns.h"
#include "netlink/nl_socket.h"
#include "lab/doctor.h"
#include "common/fault.h"
#include "lab/lab.h"
#include "lab/lab_failures.h"
#include "lab/lab_bird.h"
#include "lab/lab_ike.h"
#include "lab/lab_guard.h"
#include "lab/lab_limits.h"
#include "lab/lab_reup.h"
#include "lab/lab_run.h"
#include "common/report.h"

void *bl_lab_room(struct bl_lab_run *run, size_t *size)
{
	void *m = bl_nl_batch_room(run->batch, size);

	if (!m)
		bl_err("building netlink requests failed: out of memory");
	return m;
}

int bl_lab_build_failed(int r, const char *what, const char *node)
{
	return bl_err_errno(r, "building request for %s in '%s' failed", what, node);
}

/* Between phases (and namespaces): the test hook's point, then a signal
 * caught meanwhile stops the run, which then rolls back. */
static int checkpoint(const char *point)
{
	int r = bl_fault_point(point);

	if (r < 0)
		return r;
	return bl_lab_interrupted() ? -EINTR : 0;
}

/* A namespace that exists without this lab's manifest belongs to someone
 * else: refuse rather than take it over (down would then delete it). */
static int create_namespaces(struct bl_lab_run *run)
{
	for (size_t i = 0; i < run->plan->n_nodes; i++) {
		const struct bl_plan_node *n = &run->plan->nodes[i];
		int r = bl_netns_create(n->netns);

		if (r == -EEXIST && run->converging)
			continue;
		if (r == -EEXIST) {
			bl_err("namespace '%s' exists but lab '%s' is not up: not ours, "
			       "remove it or rename the lab", n->netns, run->plan->lab);
			return r;
		}
		if (r < 0)
			return bl_err_errno(r, "creating namespace '%s' failed", n->netns);
		run->created[i] = true;
		r = checkpoint("namespace");
		if (r < 0)
			return r;
	}
	return 0;
}

static const char *const node_sysctls[][2] = {
	{ "net.ipv4.ip_forward", "1" },
	/* Asymmetric ECMP return paths would be dropped by rp_filter. */
	{ "net.ipv4.conf.all.rp_filter", "0" },
	{ "net.ipv4.conf.default.rp_filter", "0" },
	/* Hash on ports so that flows spread over ECMP next hops (R17). */
	{ "net.ipv4.fib_multipath_hash_policy", "1" },
	/* trace sends many flows at once: per-peer ICMP rate limiting would
	 * silence routers after a burst of six answers. */
	{ "net.ipv4.icmp_ratelimit", "0" },
	/* Azure forwards without redirects; a Linux router sending one would
	 * let a VM cut out the extra hop of R19 (instance 1 -> instance 0). */
	{ "net.ipv4.conf.all.send_redirects", "0" },
	{ "net.ipv4.conf.default.send_redirects", "0" },
	{ "net.ipv4.conf.all.accept_redirects", "0" },
	{ "net.ipv4.conf.default.accept_redirects", "0" },
};

/* The ports of the plan's largest bridge. */
static size_t largest_bridge(const struct bl_plan *plan)
{
	size_t *ports = calloc(plan->n_ifaces + 1, sizeof(*ports)), most = 0;

	for (size_t i = 0; ports && i < plan->n_ifaces; i++) {
		size_t m = plan->ifaces[i].master;

		if (m != BL_PLAN_NONE && m < plan->n_ifaces && ++ports[m] > most)
			most = ports[m];
	}
	free(ports);
	return most;
}

static int open_namespaces(struct bl_lab_run *run)
{
	int r = bl_lab_raise_open_files(run->plan->n_nodes);

	bl_lab_raise_neigh_limits(run->plan->n_ifaces);
	bl_lab_raise_backlog(largest_bridge(run->plan));

	if (r < 0)
		return r;
	for (size_t i = 0; i < run->plan->n_nodes; i++) {
		const struct bl_plan_node *n = &run->plan->nodes[i];
		int r = bl_lab_ns_open(&run->ns[i], n->name, n->netns);
		size_t k;

		if (r < 0)
			return r;
		r = bl_netns_sysctls(run->ns[i].fd, node_sysctls,
				     sizeof(node_sysctls) / sizeof(node_sysctls[0]), &k);
		if (r < 0)
			return bl_err_errno(r, "setting %s in '%s' failed", node_sysctls[k][0],
					    n->name);
	}
	return 0;
}

static int dump_all(struct bl_lab_run *run)
{
	for (size_t i = 0; i < run->plan->n_nodes; i++) {
		int r = bl_lab_ns_dump_links(&run->ns[i]);

		if (r < 0)
			return r;
	}
	return 0;
}

static bool link_exists(const struct bl_lab_run *run, size_t iface)
{
	const struct bl_plan_iface *f = &run->plan->ifaces[iface];

	return bl_lab_ns_index(&run->ns[f->node], f->name) > 0;
}

static int add_veth(struct bl_lab_run *run, size_t iface)
{
	const struct bl_plan *p = run->plan;
	const struct bl_plan_iface *a = &p->ifaces[iface], *z = &p->ifaces[a->peer];
	const char *node = p->nodes[a->node].name;
	size_t room;
	void *m;
	int r;

	if (link_exists(run, iface) != link_exists(run, a->peer)) {
		bl_err("half of veth %s:%s - %s:%s exists: run 'down' first", node,
		       a->name, p->nodes[z->node].name, z->name);
		return -EEXIST;
	}
	if (link_exists(run, iface))
		return 0;
	if (!(m = bl_lab_room(run, &room)))
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch,
			     bl_nl_build_veth_add(m, room, a->name, -1, z->name,
						  run->ns[z->node].fd),
			     "creating veth %s in '%s' (peer %s in '%s')", a->name, node,
			     z->name, p->nodes[z->node].name);
	return r < 0 ? bl_lab_build_failed(r, a->name, node) : 0;
}

static int build_tunnel_link(struct bl_lab_run *run, const struct bl_plan_iface *f,
			     void *m, size_t room)
{
	const struct bl_plan_tunnel *t = &run->plan->tunnels[f->tunnel];
	bool gw_side = &run->plan->ifaces[t->gw_iface] == f;
	struct bl_nl_vti vti = {
		.name = f->name, .ikey = t->if_id, .okey = t->if_id,
		.local = gw_side ? t->gw_outer : t->site_outer,
		.remote = gw_side ? t->site_outer : t->gw_outer,
	};

	if (t->kind == BL_TUNNEL_VTI)
		return bl_nl_build_vti_add(m, room, &vti);
	return bl_nl_build_xfrmi_add(m, room, f->name, t->if_id, 0);
}

/* Queue the creation of one missing link owned by this node's batch. */
static int add_link(struct bl_lab_run *run, size_t iface)
{
	const struct bl_plan_iface *f = &run->plan->ifaces[iface];
	const char *node = run->plan->nodes[f->node].name;
	size_t room;
	void *m;
	int r;

	if (f->kind == BL_IFACE_VETH)
		return f->peer > iface ? add_veth(run, iface) : 0;
	if (f->kind == BL_IFACE_LOOPBACK || link_exists(run, iface))
		return 0;
	if (!(m = bl_lab_room(run, &room)))
		return -ENOMEM;
	if (f->kind == BL_IFACE_BRIDGE)
		r = bl_nl_batch_seal(run->batch, bl_nl_build_bridge_add(m, room, f->name),
				     "creating bridge %s in '%s'", f->name, node);
	else
		r = bl_nl_batch_seal(run->batch, build_tunnel_link(run, f, m, room),
				     "creating tunnel interface %s in '%s'", f->name, node);
	return r < 0 ? bl_lab_build_failed(r, f->name, node) : 0;
}

static int create_links(struct bl_lab_run *run)
{
	int r = run->converging ? dump_all(run) : 0;

	for (size_t n = 0; r >= 0 && n < run->plan->n_nodes; n++) {
		for (size_t k = run->node_first[n]; r >= 0 && k < run->node_first[n + 1]; k++)
			r = add_link(run, run->by_node[k]);
		if (r >= 0)
			r = bl_lab_ns_send(&run->ns[n], run->ns[n].rt, run->batch);
	}
	return r < 0 ? r : dump_all(run);
}

/* Every address of one interface (lo included: it only carries extra
 * /32s, its up is queued once per node). */
static int queue_addrs(struct bl_lab_run *run, const struct bl_plan_iface *f)
{
	const struct bl_lab_ns *ns = &run->ns[f->node];
	int index = bl_lab_ns_index(ns, f->name), r = 0;
	char a[BL_ADDR_STRLEN];
	size_t room;
	void *m;

	for (size_t k = 0; r >= 0 && k < f->n_addrs; k++) {
		if (!(m = bl_lab_room(run, &room)))
			return -ENOMEM;
		r = bl_nl_batch_seal(run->batch,
				     bl_nl_build_addr_add(m, room, index, f->addrs[k].addr,
							  f->addrs[k].len),
				     "adding address %s/%u to %s in '%s'",
				     bl_addr_str(f->addrs[k].addr, a), f->addrs[k].len,
				     f->name, ns->node);
	}
	return r < 0 ? bl_lab_build_failed(r, f->name, ns->node) : 0;
}

static int queue_link_up(struct bl_lab_run *run, size_t node, const char *name)
{
	size_t room;
	void *m = bl_lab_room(run, &room);
	int r;

	if (!m)
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch, bl_nl_build_link_up(m, room, name),
			     "setting %s up in '%s'", name, run->ns[node].node);
	return r < 0 ? bl_lab_build_failed(r, name, run->ns[node].node) : 0;
}

/* A link that a failure holds down, or one coming back (fail, restore, and
 * up on a lab with failures). Counts the links whose state changes. */
static int queue_link_state(struct bl_lab_run *run, const struct bl_plan_iface *f,
			    bool up)
{
	const struct bl_nl_link *now = bl_lab_ns_link(&run->ns[f->node], f->name);
	const char *node = run->ns[f->node].node;
	size_t room;
	void *m;
	int r;

	if (now && !!(now->flags & IFF_UP) != up)
		run->links_changed++;
	if (up)
		return queue_link_up(run, f->node, f->name);
	if (!(m = bl_lab_room(run, &room)))
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch, bl_nl_build_link_state(m, room, f->name, false),
			     "taking link '%s' down in '%s'", f->name, node);
	return r < 0 ? bl_lab_build_failed(r, f->name, node) : 0;
}

static int queue_master(struct bl_lab_run *run, const struct bl_plan_iface *f)
{
	const struct bl_lab_ns *ns = &run->ns[f->node];
	const char *bridge = run->plan->ifaces[f->master].name;
	size_t room;
	void *m = bl_lab_room(run, &room);
	int r;

	if (!m)
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch,
			     bl_nl_build_link_set_master(m, room, f->name,
							 bl_lab_ns_index(ns, bridge)),
			     "attaching %s to %s in '%s'", f->name, bridge, ns->node);
	return r < 0 ? bl_lab_build_failed(r, f->name, ns->node) : 0;
}

/* rp_filter off on every link: return traffic of a tunnel or of an
 * asymmetric Azure path comes in on another link than the route back.
 * Set per link, not only through "default": links made before "default"
 * was set (a converging run) keep their old value. */
static int queue_rp_filter_off(struct bl_lab_run *run, const struct bl_plan_iface *f)
{
	const char *node = run->ns[f->node].node;
	size_t room;
	void *m = bl_lab_room(run, &room);
	int r;

	if (!m)
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch, bl_nl_build_link_rp_filter(m, room, f->name, 0),
			     "turning rp_filter off on %s in '%s'", f->name, node);
	return r < 0 ? bl_lab_build_failed(r, f->name, node) : 0;
}

static int configure_iface(struct bl_lab_run *run, size_t iface)
{
	const struct bl_plan_iface *f = &run->plan->ifaces[iface];
	int r = 0;

	if (f->kind == BL_IFACE_LOOPBACK)
		return queue_addrs(run, f);
	if (f->master != BL_PLAN_NONE)
		r = queue_master(run, f);
	if (r >= 0)
		r = queue_rp_filter_off(run, f);
	if (r >= 0)
		r = queue_link_state(run, f, !bl_lab_iface_failed(run->topo, run->plan,
								  run->failures,
								  run->n_failures, iface));
	return r < 0 ? r : queue_addrs(run, f);
}

static int configure_links(struct bl_lab_run *run)
{
	int r = 0;

	for (size_t n = 0; r >= 0 && n < run->plan->n_nodes; n++) {
		r = queue_link_up(run, n, "lo");
		for (size_t k = run->node_first[n]; r >= 0 && k < run->node_first[n + 1]; k++)
			r = configure_iface(run, run->by_node[k]);
		if (r >= 0)
			r = bl_lab_ns_send(&run->ns[n], run->ns[n].rt, run->batch);
	}
	return r;
}

static void roll_back(struct bl_lab_run *run)
{
	for (size_t i = 0; i < run->plan->n_nodes; i++)
		if (run->created[i] && bl_netns_delete(run->plan->nodes[i].netns) == 0)
			bl_info("rolled back namespace %s", run->plan->nodes[i].netns);
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static const struct {
	const char *name;
	int (*run)(struct bl_lab_run *run);
} phases[] = {
	{ "namespaces", create_namespaces },
	{ "sysctls", open_namespaces },
	{ "links", create_links },
	{ "addresses", configure_links },
	{ "tunnels", bl_lab_install_tunnels },
	{ "routes", bl_lab_install_routes },
	/* Last: a failure of an earlier phase leaves no daemon behind. */
	{ "ikev2", bl_lab_ike_up },
	/* After the tunnels and their SAs: BGP runs over them. */
	{ "bird", bl_lab_bird_up },
};

static int build(struct bl_lab_run *run)
{
	struct timespec t0;
	unsigned trips, requests;
	int r = 0;

	for (size_t i = 0; r >= 0 && i < sizeof(phases) / sizeof(phases[0]); i++) {
		/* A static lab's output stays as it was: no bird phase. */
		if (phases[i].run == bl_lab_bird_up && run->topo->control_plane != BL_CONTROL_BIRD) {
			r = bl_lab_control_save(run->plan->lab, run->control_plane);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		trips = bl_lab_round_trips();
		requests = bl_lab_requests();
		r = phases[i].run(run);
		bl_info("  %-10s %.3f s, %u netlink requests in %u round trips", phases[i].name,
			elapsed(&t0), bl_lab_requests() - requests, bl_lab_round_trips() - trips);
		if (r >= 0)
			r = checkpoint(phases[i].name);
	}
	return r;
}

/* A counting sort of the interfaces by node: every phase walks a node's
 * own interfaces, not the whole lab's once per node. */
static void index_ifaces_by_node(struct bl_lab_run *run)
{
	const struct bl_plan *p = run->plan;

	for (size_t i = 0; i < p->n_ifaces; i++)
		run->node_first[p->ifaces[i].node + 1]++;
	for (size_t n = 0; n < p->n_nodes; n++)
		run->node_first[n + 1] += run->node_first[n];
	for (size_t i = 0; i < p->n_ifaces; i++)
		run->by_node[run->node_first[p->ifaces[i].node]++] = i;
	/* Each start moved to the next node's: shift them back. */
	for (size_t n = p->n_nodes; n > 0; n--)
		run->node_first[n] = run->node_first[n - 1];
	run->node_first[0] = 0;
}

static int run_alloc(struct bl_lab_run *run)
{
	run->ns = calloc(run->plan->n_nodes, sizeof(*run->ns));
	run->created = calloc(run->plan->n_nodes, sizeof(*run->created));
	run->node_first = calloc(run->plan->n_nodes + 1, sizeof(*run->node_first));
	run->by_node = calloc(run->plan->n_ifaces + 1, sizeof(*run->by_node));
	if (!run->ns || !run->created || !run->node_first || !run->by_node ||
	    bl_nl_batch_new(&run->batch) < 0)
		return bl_err_errno(-ENOMEM, "preparing lab '%s' failed", run->plan->lab);
	index_ifaces_by_node(run);
	for (size_t i = 0; i < run->plan->n_nodes; i++)
		run->ns[i].fd = -1;
	return 0;
}

static void run_free(struct bl_lab_run *run)
{
	for (size_t i = 0; run->ns && i < run->plan->n_nodes; i++)
		bl_lab_ns_close(&run->ns[i]);
	free(run->ns);
	free(run->created);
	free(run->node_first);
	free(run->by_node);
	free(run->failures);
	bl_nl_batch_free(run->batch);
	bl_keys_free(run->keys);
}

int bl_lab_reconverge(struct bl_lab_run *run)
{
	int r = run_alloc(run);

	run->converging = true;
	if (r >= 0)
		r = open_namespaces(run);
	if (r >= 0)
		r = dump_all(run);
	if (r >= 0)
		r = configure_links(run);
	if (r >= 0)
		r = bl_lab_install_routes(run);
	/* Links carry the failure at once; then the SAs follow them. */
	if (r >= 0)
		r = bl_lab_ike_converge(run);
	if (r >= 0)
		r = bl_lab_bird_converge(run);
	run_free(run);
	return r;
}

/* State dir, manifest (before any namespace), keys. */
static int prepare_state(struct bl_lab_run *run, const char *path, bool *new_dir)
{
	char abs[4096];
	struct bl_manifest *m = NULL;
	int r = bl_state_create(run->plan->lab, new_dir);

	if (r < 0)
		return r;
	r = bl_manifest_read(run->plan->lab, &m);
	if (r == -EBADMSG)
		return r; /* reported: a damaged lab is not built over */
	run->converging = r == 0;
	r = 0;
	if (!realpath(path, abs))
		snprintf(abs, sizeof(abs), "%s", path);
	if (run->converging)
		r = bl_lab_reup_check(run->topo, run->plan, abs, m);
	/* A converging up keeps the failures in force (restore clears them). */
	if (r >= 0 && run->converging)
		r = bl_lab_failures_read(run->plan->lab, run->topo, &run->failures,
					 &run->n_failures);
	if (r >= 0)
		r = bl_manifest_write(run->plan, abs, m);
	bl_manifest_free(m);
	if (r >= 0)
		r = bl_state_snapshot_write(run->topo);
	if (r >= 0)
		r = bl_keys_load(run->plan, &run->keys);
	return r < 0 ? r : checkpoint("manifest");
}

/* Under the lab's lock, with signals turned into a flag: whatever stops
 * the run (a failure, the test hook, SIGINT/SIGTERM/SIGHUP) removes the
 * namespaces this run created, and the state dir if this run made it. */
static int locked_build(struct bl_lab_run *run, const char *path)
{
	struct bl_lab_lock lock;
	bool new_dir = false;
	int r;

	/* Caught before the lock: a signal from here on is seen and undone. */
	bl_lab_signals_catch();
	r = bl_lab_lock(run->plan->lab, &lock);
	if (r < 0) {
		bl_lab_signals_restore();
		return r;
	}
	r = run_alloc(run);
	if (r >= 0)
		r = prepare_state(run, path, &new_dir);
	if (r >= 0)
		r = build(run);
	if (r < 0 && run->created)
		roll_back(run);
	if (r < 0 && new_dir)
		bl_state_remove(run->plan->lab);
	if (r == -EINTR)
		bl_err("interrupted, removed what this run created");
	bl_lab_unlock(&lock);
	bl_lab_signals_restore();
	return r;
}

/* The control plane of a lab that is up does not change under it. */
static int control_switch_check(const char *lab, const struct bl_topology *topo, int wanted)
{
	struct bl_manifest *m = NULL;
	int running = bl_lab_control_stored(lab);

	if (wanted == BL_CONTROL_TOPOLOGY || bl_manifest_read(lab, &m) < 0)
		return 0;
	bl_manifest_free(m);
	if (running == BL_CONTROL_TOPOLOGY)
		running = (int)topo->control_plane;
	if (running == wanted)
		return 0;
	bl_err("lab '%s' is up with control plane %s: switching it to %s is not supported, "
	       "run 'branchlab down %s' first", lab, running == BL_CONTROL_BIRD ? "bird" : "static",
	       wanted == BL_CONTROL_BIRD ? "bird" : "static", lab);
	return -EBUSY;
}

int bl_lab_up(const char *topology_path, int keying, int control_plane)
{
	struct bl_lab_run run = { 0 };
	struct bl_topology *topo = NULL;
	struct bl_plan *plan = NULL;
	struct timespec t0;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = bl_lab_open(topology_path, &topo, &plan);
	if (r < 0)
		return r;
	run.topo = topo;
	run.plan = plan;
	run.keying = keying;
	run.control_plane = control_plane;
	bl_lab_keying_apply(plan->lab, keying, topo, plan);
	r = control_switch_check(plan->lab, topo, control_plane);
	if (r >= 0)
		bl_lab_control_apply(plan->lab, control_plane, topo);
	if (r >= 0)
		r = bl_doctor_require(bl_doctor_needs(topo));
	bl_info("  %-10s %.3f s", "doctor", elapsed(&t0));
	if (r >= 0)
		r = locked_build(&run, topology_path);
	if (r >= 0 && run.n_failures) {
		char text[1024];

		bl_lab_failures_text(run.failures, run.n_failures, text, sizeof(text));
		bl_warn("lab '%s' keeps its failures: %s (their links stay down, the routes "
			"are the model's under them; 'branchlab restore %s --all' clears them)",
			plan->lab, text, plan->lab);
	}
	if (r >= 0)
		bl_info("lab %s: %zu namespaces, %zu links, %zu tunnels in %.2f s, "
			"%u netlink requests in %u round trips", plan->lab, plan->n_nodes,
			plan->n_ifaces, plan->n_tunnels, elapsed(&t0), bl_lab_requests(),
			bl_lab_round_trips());
	run_free(&run);
	bl_plan_free(plan);
	bl_topology_free(topo);
	return r;
}
