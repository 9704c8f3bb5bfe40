// SPDX-License-Identifier: GPL-2.0-or-later
/* One function per kind of expectation. */
#include "probe/verify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/addr_route.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"
#include "probe/probe.h"
#include "common/report.h"
#include "probe/trace_run.h"

#define TUNNEL_FLOWS 16
#define TUNNEL_PACKETS_PER_FLOW 5

static int two_nodes(const struct bl_live_lab *lab, const struct bl_expectation *e, size_t *from,
		     size_t *to)
{
	int r = bl_live_lab_node(lab, e->from, from);

	return r < 0 ? r : bl_live_lab_node(lab, e->to, to);
}

/* A reach check is one ping of 3 echo requests, 100 ms apart, waiting
 * up to 1.5 s for the last answer: longer than one ARP retransmission
 * (1 s), which a hop's first packet may wait for. (With 600 ms, 10 pairs
 * of a 1000-site lab failed their one-by-one retries, which came long
 * after a 900 s side-by-side pass.) */
#define REACH_COUNT 3
#define REACH_INTERVAL_MS 100
#define REACH_WAIT_MS 1500
/* Side by side, a window's 128 pings and their ARP requests queue behind
 * each other: in the test VM, many checks of a 1000-site lab failed side
 * by side within 600 ms and passed alone. Waiting longer costs only the
 * windows where some ping goes unanswered. */
#define REACH_ALL_WAIT_MS 2000

static void reach_result(const struct bl_expectation *e, const struct bl_ping_result *res,
			 struct bl_check *c)
{
	c->expect = e;
	snprintf(c->title, sizeof(c->title), "reach %s -> %s", e->from, e->to);
	snprintf(c->expected, sizeof(c->expected), "%s", e->positive ? "reachable" : "unreachable");
	snprintf(c->seen, sizeof(c->seen), "%u of %u echo replies%s", res->received, res->sent,
		 res->errors ? " (ICMP unreachable)" : "");
	c->passed = e->positive ? res->received > 0 : res->received == 0;
}

static int check_reach(const struct bl_live_lab *lab, const struct bl_expectation *e,
		       struct bl_check *c)
{
	struct bl_ping_result res;
	size_t from, to;
	bl_addr addr;
	int r = two_nodes(lab, e, &from, &to);

	if (r < 0)
		return r;
	r = bl_live_lab_node_address(lab, to, &addr);
	if (r < 0) {
		bl_err("pinging from '%s' failed: node '%s' has no address", e->from, e->to);
		return r;
	}
	r = bl_probe_ping(lab->plan->nodes[from].netns, addr, REACH_COUNT, REACH_INTERVAL_MS,
			  REACH_WAIT_MS, &res);
	if (r < 0)
		return bl_err_errno(r, "pinging from '%s' failed", e->from);
	reach_result(e, &res, c);
	return 0;
}

/* The job of a reach expectation; false when its nodes or address are
 * unknown (check_reach says so when it runs). */
static bool reach_job(const struct bl_live_lab *lab, const struct bl_expectation *e,
		      struct bl_ping_job *job)
{
	size_t from = bl_plan_find_node(lab->plan, e->from);
	size_t to = bl_plan_find_node(lab->plan, e->to);

	if (e->kind != BL_EXPECT_REACH || from == BL_PLAN_NONE || to == BL_PLAN_NONE)
		return false;
	*job = (struct bl_ping_job){ .netns = lab->plan->nodes[from].netns };
	return bl_live_lab_node_address(lab, to, &job->dst) == 0;
}

int bl_check_reach_all(const struct bl_live_lab *lab, struct bl_check *checks, bool *ran)
{
	return bl_check_reach_list(lab, lab->topo->expectations, lab->topo->n_expectations,
				   checks, ran);
}

/* A reachable pair that got no reply side by side is pinged again, side
 * by side with the others that did not: in a 1000-site lab under TCG most
 * of 3000 pairs lost every echo of the first pass (their first packets
 * wait for ARP, whose broadcasts flood the 902-port internet bridge and
 * overflow the kernel's input queues: docs/lab.md) and answered at once
 * after. A pair that is really cut fails both passes. */
static bool worth_again(const struct bl_expectation *e, const struct bl_ping_job *job)
{
	return e->positive && job->error == 0 && job->result.received == 0;
}

/* jobs[0..n) pinged side by side, as a reach check pings. */
static int ping_pass(struct bl_ping_job *jobs, size_t n)
{
	return bl_probe_ping_many(jobs, n, REACH_COUNT, REACH_INTERVAL_MS, REACH_ALL_WAIT_MS);
}

/* The second pass over the jobs worth it: 0 and how many answered. */
static int second_pass(const struct bl_expectation *list, struct bl_ping_job *jobs,
		       const size_t *of, size_t n, size_t *answered)
{
	struct bl_ping_job *again = calloc(n + 1, sizeof(*again));
	size_t *at = calloc(n + 1, sizeof(*at)), m = 0;
	int r = again && at ? 0 : -ENOMEM;

	for (size_t k = 0; r == 0 && k < n; k++)
		if (worth_again(&list[of[k]], &jobs[k])) {
			again[m] = (struct bl_ping_job){ .netns = jobs[k].netns, .dst = jobs[k].dst };
			at[m++] = k;
		}
	if (r == 0 && m)
		r = ping_pass(again, m);
	for (size_t j = 0; r == 0 && j < m; j++)
		if (again[j].error == 0 && again[j].result.received > 0) {
			jobs[at[j]].result = again[j].result;
			(*answered)++;
		}
	free(again);
	free(at);
	return r;
}

static void second_try_noted(struct bl_check *c)
{
	size_t used = strlen(c->seen);

	snprintf(c->seen + used, sizeof(c->seen) - used,
		 " (at the second try: the first had no reply)");
}

int bl_check_reach_list(const struct bl_live_lab *lab, const struct bl_expectation *list,
			size_t count, struct bl_check *checks, bool *ran)
{
	struct bl_ping_job *jobs = calloc(count + 1, sizeof(*jobs));
	size_t *of = calloc(count + 1, sizeof(*of));
	bool *silent = calloc(count + 1, sizeof(*silent));
	size_t n = 0, answered = 0;
	int r = jobs && of && silent ? 0 : -ENOMEM;

	for (size_t i = 0; r == 0 && i < count; i++)
		if (reach_job(lab, &list[i], &jobs[n]))
			of[n++] = i;
	if (r == 0)
		r = ping_pass(jobs, n);
	for (size_t k = 0; r == 0 && k < n; k++)
		silent[k] = worth_again(&list[of[k]], &jobs[k]);
	if (r == 0)
		r = second_pass(list, jobs, of, n, &answered);
	for (size_t k = 0; r == 0 && k < n; k++) {
		if (jobs[k].error < 0)
			continue; /* check_reach runs it again, and reports */
		reach_result(&list[of[k]], &jobs[k].result, &checks[of[k]]);
		if (silent[k] && jobs[k].result.received > 0)
			second_try_noted(&checks[of[k]]);
		ran[of[k]] = true;
	}
	if (answered)
		bl_info("%zu of %zu pairs answered only at the second try side by side",
			answered, n);
	free(jobs);
	free(of);
	free(silent);
	return r < 0 ? bl_err_errno(r, "pinging the reach expectations of '%s' failed",
				    lab->name) : 0;
}

static void path_names(const struct bl_live_lab *lab, const struct bl_node_path *p, char *buf,
		       size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < p->n_nodes && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? " > " : "",
					 p->nodes[i] == BL_PLAN_NONE ? "*"
								     : lab->plan->nodes[p->nodes[i]].name);
}

static bool path_is(const struct bl_live_lab *lab, const struct bl_node_path *p,
		    const struct bl_path *want)
{
	if (p->n_nodes != want->n_hops)
		return false;
	for (size_t i = 0; i < p->n_nodes; i++)
		if (p->nodes[i] == BL_PLAN_NONE ||
		    strcmp(lab->plan->nodes[p->nodes[i]].name, want->hops[i]) != 0)
			return false;
	return true;
}

static bool trace_has_expected_path(const struct bl_live_lab *lab, const struct bl_trace_result *t,
			 const struct bl_path *want)
{
	for (size_t i = 0; i < t->n_measured; i++)
		if (bl_measured_reached(&t->measured[i]) && path_is(lab, &t->measured[i].path, want))
			return true;
	return false;
}

static bool expected_has(const struct bl_live_lab *lab, const struct bl_expectation *e,
			 const struct bl_node_path *p)
{
	for (size_t i = 0; i < e->n_paths; i++)
		if (path_is(lab, p, &e->paths[i]))
			return true;
	return false;
}

static void describe_measured(const struct bl_live_lab *lab, const struct bl_trace_result *t,
			      char *buf, size_t size)
{
	size_t used = 0;

	snprintf(buf, size, "no path");
	for (size_t i = 0; i < t->n_measured && used < size; i++) {
		char p[256];

		path_names(lab, &t->measured[i].path, p, sizeof(p));
		used += (size_t)snprintf(buf + used, size - used, "%s{%s} x%u (%s)",
					 i ? ", " : "", p, t->measured[i].flows,
					 bl_path_end_name(t->measured[i].path.end));
	}
}

/* "exactly {vm1 > vpngw-in0 > rras-a > a1}, {...}" */
static void describe_expected_paths(const struct bl_expectation *e, char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "exactly %s", e->n_paths ? "" : "no path");

	for (size_t i = 0; i < e->n_paths && used < size; i++) {
		used += (size_t)snprintf(buf + used, size - used, "%s{", i ? ", " : "");
		for (size_t h = 0; h < e->paths[i].n_hops && used < size; h++)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", h ? " > " : "",
						 e->paths[i].hops[h]);
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "}");
	}
	if (used < size)
		snprintf(buf + used, size - used, " (all reached)");
}

static int check_paths(const struct bl_live_lab *lab, const struct bl_expectation *e,
		       struct bl_check *c)
{
	struct bl_trace_result *t;
	size_t from, to;
	int r = two_nodes(lab, e, &from, &to);

	if (r < 0)
		return r;
	t = malloc(sizeof(*t));
	if (!t)
		return bl_err_errno(-ENOMEM, "tracing from '%s' failed", e->from);
	r = bl_trace_measure(lab, from, to, 16, false, t);
	if (r < 0) {
		free(t);
		return r;
	}
	snprintf(c->title, sizeof(c->title), "paths %s -> %s", e->from, e->to);
	describe_expected_paths(e, c->expected, sizeof(c->expected));
	describe_measured(lab, t, c->seen, sizeof(c->seen));
	c->passed = t->n_measured > 0;
	for (size_t i = 0; i < t->n_measured; i++)
		c->passed &= bl_measured_reached(&t->measured[i]) &&
			     expected_has(lab, e, &t->measured[i].path);
	for (size_t i = 0; i < e->n_paths; i++)
		c->passed &= trace_has_expected_path(lab, t, &e->paths[i]);
	free(t);
	return 0;
}

/* The routes of a node's main table; reported. */
static int read_routes(const char *node, const char *netns, struct bl_nl_route **routes,
		       size_t *n)
{
	struct bl_nl_error err = { 0 };
	struct bl_nl_reader *reader = NULL;
	int r = bl_live_lab_reader_open(netns, &reader);

	if (r < 0)
		return bl_err_errno(r, "reading the routes of '%s' failed", node);
	r = bl_nl_routes_read(reader, 0, routes, n, &err);
	if (r < 0)
		bl_err("reading the routes of '%s' failed: %s", node, bl_nl_error_reason(&err));
	bl_nl_reader_free(reader);
	return r;
}

static bool hop_listed(const bl_addr *hops, size_t n, bl_addr a)
{
	for (size_t i = 0; i < n; i++)
		if (hops[i] == a)
			return true;
	return false;
}

static bool same_hops(const struct bl_nl_route *r, const struct bl_expectation *e)
{
	if (r->n_nexthops != e->n_next_hops)
		return false;
	for (size_t i = 0; i < r->n_nexthops; i++)
		if (!hop_listed(e->next_hops, e->n_next_hops, r->nexthops[i].gateway))
			return false;
	return true;
}

static void describe_route(const struct bl_nl_route *r, char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "%s",
				       r->type == BL_NL_ROUTE_UNICAST ? "via" : "dropped");

	for (size_t i = 0; i < r->n_nexthops && used < size; i++) {
		char a[BL_ADDR_STRLEN];

		used += (size_t)snprintf(buf + used, size - used, " %s",
					 r->nexthops[i].gateway ? bl_addr_str(r->nexthops[i].gateway, a)
								: "(on-link)");
	}
}

/* "present via 10.0.255.4 10.0.255.5 (exactly these)", "present (any next
 * hop)", "absent (or a blackhole)". */
static void describe_expected_route(const struct bl_expectation *e, char *buf, size_t size)
{
	size_t used;

	if (!e->positive) {
		snprintf(buf, size, "absent (or a blackhole)");
		return;
	}
	if (!e->n_next_hops) {
		snprintf(buf, size, "present (any next hop)");
		return;
	}
	used = (size_t)snprintf(buf, size, "present via");
	for (size_t i = 0; i < e->n_next_hops && used < size; i++) {
		char a[BL_ADDR_STRLEN];

		used += (size_t)snprintf(buf + used, size - used, " %s",
					 bl_addr_str(e->next_hops[i], a));
	}
	if (used < size)
		snprintf(buf + used, size - used, " (exactly %s)",
			 e->n_next_hops > 1 ? "these, ECMP" : "this one");
}

static int check_route(const struct bl_live_lab *lab, const struct bl_expectation *e,
		       struct bl_check *c)
{
	struct bl_nl_route *routes = NULL, *found = NULL;
	char p[BL_PREFIX_STRLEN];
	size_t node, n = 0;
	int r = bl_live_lab_node(lab, e->node, &node);

	if (r == 0)
		r = read_routes(e->node, lab->plan->nodes[node].netns, &routes, &n);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n && !found; i++)
		if (routes[i].dst == e->prefix.addr && routes[i].dst_len == e->prefix.len)
			found = &routes[i];
	snprintf(c->title, sizeof(c->title), "route %s at %s", bl_prefix_str(e->prefix, p), e->node);
	describe_expected_route(e, c->expected, sizeof(c->expected));
	if (found)
		describe_route(found, c->seen, sizeof(c->seen));
	else
		snprintf(c->seen, sizeof(c->seen), "no such route in the kernel");
	if (!e->positive)
		c->passed = !found || found->type != BL_NL_ROUTE_UNICAST;
	else
		c->passed = found && found->type == BL_NL_ROUTE_UNICAST &&
			    (!e->n_next_hops || same_hops(found, e));
	free(routes);
	return 0;
}

static size_t find_tunnel(const struct bl_live_lab *lab, const struct bl_expectation *e)
{
	for (size_t t = 0; t < lab->plan->n_tunnels; t++) {
		const struct bl_plan_tunnel *pt = &lab->plan->tunnels[t];

		if (pt->instance == e->instance && !strcmp(lab->topo->vpn_sites[pt->site].name, e->site))
			return t;
	}
	return BL_PLAN_NONE;
}

/* Whether traffic from this node enters the tunnel at the site's end. */
static bool node_in_site(const struct bl_live_lab *lab, size_t tunnel, const char *node)
{
	const struct bl_vpn_site *site = &lab->topo->vpn_sites[lab->plan->tunnels[tunnel].site];

	if (!strcmp(site->router, node))
		return true;
	for (size_t i = 0; i < site->n_hosts; i++)
		if (!strcmp(site->hosts[i].name, node))
			return true;
	return false;
}

struct flows {
	const struct bl_live_lab *lab;
	size_t from;
	bl_addr dst;
};

/* Many flows, so ECMP spreads them over every path it has. */
static int send_flows(void *data)
{
	const struct flows *f = data;
	const struct bl_plan_node *node = &f->lab->plan->nodes[f->from];

	for (uint16_t i = 0; i < TUNNEL_FLOWS; i++) {
		int r = bl_probe_udp_burst(node->netns, f->dst, (uint16_t)(41000 + i), 33434,
					   TUNNEL_PACKETS_PER_FLOW);

		/* No route at the source: the tunnel carries nothing, as seen. */
		if (r < 0 && r != -ENETUNREACH && r != -EHOSTUNREACH)
			return bl_err_errno(r, "sending flows from '%s' failed", node->name);
	}
	return 0;
}

static int tunnel_check_setup(const struct bl_live_lab *lab, const struct bl_expectation *e,
			      struct flows *f, size_t *tunnel)
{
	size_t to;
	int r = two_nodes(lab, e, &f->from, &to);

	f->lab = lab;
	if (r < 0)
		return r;
	*tunnel = find_tunnel(lab, e);
	if (*tunnel == BL_PLAN_NONE) {
		bl_err("lab '%s' has no tunnel from site '%s' to instance %u", lab->name, e->site,
		       e->instance);
		return -ENOENT;
	}
	if (bl_live_lab_node_address(lab, to, &f->dst) < 0) {
		bl_err("sending flows from '%s' failed: node '%s' has no address", e->from, e->to);
		return -ENOENT;
	}
	return 0;
}

static int check_tunnel(const struct bl_live_lab *lab, const struct bl_expectation *e,
			struct bl_check *c)
{
	struct bl_tunnel_count *delta = calloc(lab->plan->n_tunnels + 1, sizeof(*delta));
	struct flows f = { 0 };
	size_t t = BL_PLAN_NONE;
	int r;

	if (!delta)
		return bl_err_errno(-ENOMEM, "checking tunnel %s/%u failed", e->site, e->instance);
	r = tunnel_check_setup(lab, e, &f, &t);
	if (r == 0)
		r = bl_live_lab_tunnel_delta(lab, send_flows, &f, delta);
	if (r == 0) {
		/* Only the direction of from -> to: the answers may come back
		 * another way (R22: RRAS's choice is not Azure's). */
		bool to_gw = node_in_site(lab, t, e->from);
		uint64_t moved = to_gw ? delta[t].to_gw : delta[t].to_site;

		snprintf(c->title, sizeof(c->title), "tunnel %s/%u with %s -> %s traffic", e->site,
			 e->instance, e->from, e->to);
		snprintf(c->expected, sizeof(c->expected), "%s",
			 e->positive ? "carries packets" : "carries nothing");
		snprintf(c->seen, sizeof(c->seen), "%llu packets %s (%d flows x %d sent)",
			 (unsigned long long)moved, to_gw ? "site->gateway" : "gateway->site",
			 TUNNEL_FLOWS, TUNNEL_PACKETS_PER_FLOW);
		c->passed = e->positive ? moved > 0 : moved == 0;
	}
	free(delta);
	return r;
}

int bl_check_run(const struct bl_live_lab *lab, const struct bl_expectation *e,
		 struct bl_check *check)
{
	memset(check, 0, sizeof(*check));
	check->expect = e;
	switch (e->kind) {
	case BL_EXPECT_REACH:
		return check_reach(lab, e, check);
	case BL_EXPECT_PATHS:
		return check_paths(lab, e, check);
	case BL_EXPECT_ROUTE:
		return check_route(lab, e, check);
	case BL_EXPECT_TUNNEL:
		return check_tunnel(lab, e, check);
	}
	return -EINVAL;
}
