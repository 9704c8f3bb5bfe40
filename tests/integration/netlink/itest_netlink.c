// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink library against the running kernel, in two throwaway
 * namespaces "bl-itnl-<pid>-a/b" (always removed):
 *   plumbing  veth ends born in their namespaces, bridge, addresses,
 *             a ping across, links, addresses and routes (multipath,
 *             weights, metric, blackhole, another table) read back
 *             through the libnl reader and compared with what was
 *             written, an xfrm policy, and failures that carry the
 *             kernel's words;
 *   tunnels   VTI, xfrm interface, a GCM ESP state dumped back, and an
 *             end-to-end ping through static SAs whose counters grow.
 * Exits 77 (skipped) after printing why when the kernel lacks tunnels
 * but the plumbing passed; 1 on any failure.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "netlink/addr_route.h"
#include "netlink/link.h"
#include "netlink/netns.h"
#include "netlink/nl_read.h"
#include "netlink/nl_socket.h"
#include "netlink/xfrm.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define IF_ID 42

struct lab {
	char name[2][64];
	int fd[2];
	struct bl_nl_sock *rt[2];
	struct bl_nl_sock *xf[2];
	struct bl_nl_reader *rd[2];
	struct bl_nl_batch *batch;
	int failures;
};

static void fail(struct lab *lab, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "itest_netlink: FAIL: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	lab->failures++;
}

static void pass(const char *what)
{
	printf("ok   %s\n", what);
}

/* Room for the next request: bl_nl_batch_room() always leaves at least
 * BL_NL_MSG_ROOM bytes, so builders are called with that size. */
static void *at(struct lab *lab)
{
	size_t room;

	return bl_nl_batch_room(lab->batch, &room);
}

static void add(struct lab *lab, int built, const char *what)
{
	int r = bl_nl_batch_seal(lab->batch, built, "%s", what);

	if (r < 0)
		fail(lab, "building '%s': %s", what, strerror(-r));
}

static int expect_ok(struct lab *lab, struct bl_nl_sock *s, const char *step)
{
	struct bl_nl_error err = { 0 };
	int r = bl_nl_batch_send(s, lab->batch, &err);

	if (r < 0)
		fail(lab, "%s: %s failed: %s", step, err.what, bl_nl_error_reason(&err));
	else
		pass(step);
	return r;
}

static int open_lab(struct lab *lab)
{
	int r;

	for (int i = 0; i < 2; i++) {
		snprintf(lab->name[i], sizeof(lab->name[i]), "bl-itnl-%d-%c", (int)getpid(), 'a' + i);
		r = bl_netns_create(lab->name[i]);
		if (r < 0)
			return r;
		r = bl_netns_open(lab->name[i], &lab->fd[i]);
		if (r < 0)
			return r;
		r = bl_nl_open(NETLINK_ROUTE, lab->fd[i], &lab->rt[i]);
		if (r < 0)
			return r;
		r = bl_nl_open(NETLINK_XFRM, lab->fd[i], &lab->xf[i]);
		if (r < 0)
			return r;
		r = bl_nl_reader_open(lab->fd[i], &lab->rd[i]);
		if (r < 0)
			return r;
	}
	return bl_nl_batch_new(&lab->batch);
}

static void close_lab(struct lab *lab)
{
	for (int i = 0; i < 2; i++) {
		bl_nl_close(lab->rt[i]);
		bl_nl_close(lab->xf[i]);
		bl_nl_reader_free(lab->rd[i]);
		if (lab->fd[i] >= 0)
			close(lab->fd[i]);
		if (lab->name[i][0] && bl_netns_delete(lab->name[i]) < 0)
			fprintf(stderr, "itest_netlink: could not remove namespace %s\n", lab->name[i]);
	}
	bl_nl_batch_free(lab->batch);
}

static int ifindex(struct lab *lab, int ns, const char *name)
{
	int idx = 0;

	if (bl_nl_link_index(lab->rt[ns], name, &idx) < 0)
		fail(lab, "no link %s in %s", name, lab->name[ns]);
	return idx;
}

/* Run argv inside namespace ns (the child enters it), quietly. */
static int run_in(struct lab *lab, int ns, char *const argv[])
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (setns(lab->fd[ns], CLONE_NEWNET) < 0)
			_exit(126);
		if (!freopen("/dev/null", "w", stdout))
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int ping(struct lab *lab, int ns, const char *addr)
{
	char *argv[] = { "ping", "-c", "3", "-i", "0.2", "-W", "2", (char *)addr, NULL };

	return run_in(lab, ns, argv);
}

static void set_up(struct lab *lab, const char *const *names)
{
	for (; *names; names++)
		add(lab, bl_nl_build_link_up(at(lab), BL_NL_MSG_ROOM, *names), *names);
}

static void addr(struct lab *lab, int ns, const char *dev, uint32_t a, uint8_t len)
{
	add(lab, bl_nl_build_addr_add(at(lab), BL_NL_MSG_ROOM, ifindex(lab, ns, dev), a, len),
	    dev);
}

static void veths_born_in_place(struct lab *lab)
{
	struct bl_nl_sock *root = NULL;
	int idx;

	if (bl_nl_open(NETLINK_ROUTE, -1, &root) < 0)
		{
			fail(lab, "no netlink socket in the root namespace");
			return;
		}
	for (int i = 0; i < 2; i++) {
		char name[16];

		snprintf(name, sizeof(name), "itnl%d", i);
		add(lab, bl_nl_build_veth_add(at(lab), BL_NL_MSG_ROOM, name, lab->fd[0], name,
					      lab->fd[1]), name);
	}
	expect_ok(lab, root, "two veth pairs, ends sent straight into a and b");
	if (bl_nl_link_index(root, "itnl0", &idx) != -ENODEV)
		fail(lab, "a veth end sits in the root namespace");
	bl_nl_close(root);
}

static void bridge_and_addresses(struct lab *lab)
{
	static const char *const up_a[] = { "lo", "itnl0", "itnl1", "br0", NULL };
	static const char *const up_b[] = { "lo", "itnl0", "itnl1", NULL };

	add(lab, bl_nl_build_bridge_add(at(lab), BL_NL_MSG_ROOM, "br0"), "br0");
	expect_ok(lab, lab->rt[0], "bridge br0 in a");
	add(lab, bl_nl_build_link_set_master(at(lab), BL_NL_MSG_ROOM, "itnl0",
					     ifindex(lab, 0, "br0")), "itnl0 into br0");
	set_up(lab, up_a);
	addr(lab, 0, "br0", A(10, 99, 0, 1), 24);
	addr(lab, 0, "itnl1", A(10, 99, 1, 1), 24);
	expect_ok(lab, lab->rt[0], "a: itnl0 enslaved to br0, links up, addresses");
	set_up(lab, up_b);
	addr(lab, 1, "itnl0", A(10, 99, 0, 2), 24);
	addr(lab, 1, "itnl1", A(10, 99, 1, 2), 24);
	expect_ok(lab, lab->rt[1], "b: links up, addresses");
	if (ping(lab, 0, "10.99.0.2") != 0)
		fail(lab, "ping a -> b across the bridge");
	else
		pass("ping a -> b across br0 and the veth");
}

/* A kernel with the tunnel modules loaded gives every new namespace its
 * fallback devices (ip_vti0 once ip_vti is loaded, ...): not ours. */
static size_t fallback_devices(const struct bl_nl_link *links, size_t n)
{
	static const char *const fallback[] = { "ip_vti0", "ip6_vti0", "sit0", "ip6tnl0",
						"tunl0", "gre0", "gretap0", "erspan0",
						"ip6gre0" };
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < sizeof(fallback) / sizeof(fallback[0]); f++)
			count += !strcmp(links[i].name, fallback[f]);
	return count;
}

static bool link_is_up(const struct bl_nl_link *links, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(links[i].name, name))
			return links[i].operstate == 6; /* IF_OPER_UP */
	return false;
}

/* Links as libnl reads them: the names and indices the libmnl query
 * gives, up, and br0's counters grown by the ping across it. */
static void links_read_back(struct lab *lab)
{
	static const char *const names[] = { "lo", "itnl0", "itnl1", "br0" };
	struct bl_nl_error err = { 0 };
	struct bl_nl_link *links = NULL;
	const struct bl_nl_link *br = NULL;
	size_t n = 0, seen = 0;

	/* The kernel sets a new link's oper state from its linkwatch work,
	 * up to a second after the link came up: read until br0 says up. */
	for (int tries = 0;; tries++) {
		if (bl_nl_links_read(lab->rd[0], &links, &n, &err) < 0) {
			fail(lab, "reading the links of a: %s", bl_nl_error_reason(&err));
			return;
		}
		if (tries == 30 || link_is_up(links, n, "br0"))
			break;
		free(links);
		links = NULL;
		usleep(100 * 1000);
	}
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		for (size_t i = 0; i < n; i++) {
			if (strcmp(links[i].name, names[k]) != 0)
				continue;
			seen++;
			if (links[i].index != ifindex(lab, 0, names[k]))
				fail(lab, "link %s read with index %d", names[k], links[i].index);
			if (!strcmp(names[k], "br0"))
				br = &links[i];
		}
	if (seen != 4 || n != 4 + fallback_devices(links, n))
		fail(lab, "a has %zu links, %zu of lo, itnl0, itnl1, br0", n, seen);
	else if (!br || br->operstate != 6 /* IF_OPER_UP */ || br->tx_packets < 3 ||
		 br->rx_packets < 3 || br->tx_bytes < br->tx_packets)
		fail(lab, "br0 read as oper %u, tx %llu pkts %llu B, rx %llu pkts",
		     br ? br->operstate : 0, br ? (unsigned long long)br->tx_packets : 0ULL,
		     br ? (unsigned long long)br->tx_bytes : 0ULL,
		     br ? (unsigned long long)br->rx_packets : 0ULL);
	else
		pass("links read back: lo, itnl0, itnl1, br0 by index; br0 up, counters grew");
	free(links);
}

/* IPv4 addresses as libnl reads them: exactly the ones given, and lo's. */
static void addresses_read_back(struct lab *lab)
{
	const struct bl_nl_addr want[] = {
		{ ifindex(lab, 0, "lo"), A(127, 0, 0, 1), 8 },
		{ ifindex(lab, 0, "br0"), A(10, 99, 0, 1), 24 },
		{ ifindex(lab, 0, "itnl1"), A(10, 99, 1, 1), 24 },
	};
	struct bl_nl_error err = { 0 };
	struct bl_nl_addr *addrs = NULL;
	size_t n = 0, found = 0;

	if (bl_nl_addrs_read(lab->rd[0], &addrs, &n, &err) < 0) {
		fail(lab, "reading the addresses of a: %s", bl_nl_error_reason(&err));
		return;
	}
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		for (size_t i = 0; i < n; i++)
			if (addrs[i].ifindex == want[k].ifindex && addrs[i].addr == want[k].addr &&
			    addrs[i].prefix_len == want[k].prefix_len)
				found++;
	if (n != 3 || found != 3)
		fail(lab, "a has %zu IPv4 addresses, %zu of the 3 written", n, found);
	else
		pass("addresses read back: 127.0.0.1/8, 10.99.0.1/24 on br0, 10.99.1.1/24 on itnl1");
	free(addrs);
}

/* Routes written through libmnl batches, to be read back through libnl:
 * every shape the route model installs. Next-hop devices are filled in
 * at run time where a route names one. */
static void routes_to_write(struct lab *lab, struct bl_nl_route *w, size_t *n)
{
	const int itnl1 = ifindex(lab, 0, "itnl1");
	const struct bl_nl_route routes[] = {
		{ .dst = A(10, 200, 0, 0), .dst_len = 24, .n_nexthops = 2,
		  .nexthops = { { .gateway = A(10, 99, 0, 2) },
				{ .gateway = A(10, 99, 1, 2), .weight = 3 } } },
		{ .dst = A(10, 204, 0, 0), .dst_len = 16, .n_nexthops = 3, .metric = 20,
		  .nexthops = { { .gateway = A(10, 99, 0, 2), .weight = 2 },
				{ .gateway = A(10, 99, 1, 2), .ifindex = itnl1 },
				{ .ifindex = itnl1, .weight = 5 } } },
		{ .dst = A(10, 205, 0, 0), .dst_len = 24, .metric = 100, .prefsrc = A(10, 99, 1, 1),
		  .n_nexthops = 1, .nexthops = { { .gateway = A(10, 99, 1, 2) } } },
		{ .dst = A(10, 206, 0, 0), .dst_len = 24, .n_nexthops = 1,
		  .nexthops = { { .ifindex = itnl1 } } },
		{ .dst = A(10, 207, 0, 0), .dst_len = 16, .type = BL_NL_ROUTE_BLACKHOLE },
		{ .dst = A(10, 208, 0, 0), .dst_len = 16, .type = BL_NL_ROUTE_UNREACHABLE },
		{ .dst_len = 0, .table = 100, .n_nexthops = 1,
		  .nexthops = { { .gateway = A(10, 99, 0, 2) } } },
	};

	*n = sizeof(routes) / sizeof(routes[0]);
	memcpy(w, routes, sizeof(routes));
}

static bool same_nexthop(const struct bl_nl_nexthop *want, const struct bl_nl_nexthop *got)
{
	/* The kernel names the device of a gateway it resolved itself. */
	return got->gateway == want->gateway &&
	       (want->ifindex ? got->ifindex == want->ifindex : got->ifindex > 0) &&
	       got->weight == (want->weight ? want->weight : 1);
}

static bool same_route(const struct bl_nl_route *want, const struct bl_nl_route *got)
{
	bool same = got->dst == want->dst && got->dst_len == want->dst_len &&
		    got->type == want->type && got->table == (want->table ? want->table : 254) &&
		    got->metric == want->metric && got->prefsrc == want->prefsrc &&
		    got->protocol == BL_NL_RTPROT && got->n_nexthops == want->n_nexthops;

	for (size_t i = 0; same && i < want->n_nexthops; i++)
		same = same_nexthop(&want->nexthops[i], &got->nexthops[i]);
	return same;
}

/* The written routes of one table, each found once and equal; nothing of
 * branchlab's protocol beyond them. */
static void compare_table(struct lab *lab, uint32_t table, const struct bl_nl_route *w,
			  size_t n_w)
{
	struct bl_nl_error err = { 0 };
	struct bl_nl_route *routes = NULL;
	size_t n = 0, ours = 0;

	if (bl_nl_routes_read(lab->rd[0], table, &routes, &n, &err) < 0) {
		fail(lab, "reading the routes of table %u in a: %s", table,
		     bl_nl_error_reason(&err));
		return;
	}
	for (size_t i = 0; i < n; i++)
		ours += routes[i].protocol == BL_NL_RTPROT;
	for (size_t k = 0; k < n_w; k++) {
		size_t matches = 0;

		if ((w[k].table ? w[k].table : 254) != (table ? table : 254))
			continue;
		for (size_t i = 0; i < n; i++)
			matches += same_route(&w[k], &routes[i]);
		if (matches != 1)
			fail(lab, "route %u.%u.%u.%u/%u of table %u read back %zu times as written",
			     w[k].dst >> 24, w[k].dst >> 16 & 255, w[k].dst >> 8 & 255,
			     w[k].dst & 255, w[k].dst_len, table, matches);
		else
			ours--;
	}
	if (ours)
		fail(lab, "table %u holds %zu more routes of ours than were written", table, ours);
	free(routes);
}

static void routes_read_back(struct lab *lab)
{
	struct bl_nl_route w[8];
	size_t n = 0;
	int failures = lab->failures;

	routes_to_write(lab, w, &n);
	for (size_t i = 0; i < n; i++)
		add(lab, bl_nl_build_route_add(at(lab), BL_NL_MSG_ROOM, &w[i]), "a route to read back");
	if (expect_ok(lab, lab->rt[0], "routes of every shape written in a") < 0)
		return;
	compare_table(lab, 0, w, n);
	compare_table(lab, 100, w, n);
	if (lab->failures == failures)
		pass("routes read back through libnl equal what was written (ECMP weights, "
		     "metric, preferred source, on-link, blackhole, unreachable, table 100)");
	for (size_t i = 0; i < n; i++)
		add(lab, bl_nl_build_route_del(at(lab), BL_NL_MSG_ROOM, &w[i]), "removing it");
	expect_ok(lab, lab->rt[0], "the routes read back removed");
}

/* A bad request in the middle: the kernel runs the others, and the
 * failure names the right request with the kernel's own words. */
static void failure_names_request_and_reason(struct lab *lab)
{
	struct bl_nl_route good = { .dst = A(10, 201, 0, 0), .dst_len = 24,
				    .nexthops = { { .gateway = A(10, 99, 1, 2) } }, .n_nexthops = 1 };
	struct bl_nl_route bad = good;
	struct bl_nl_error err = { 0 };

	bad.dst = A(10, 202, 0, 0);
	bad.nexthops[0].gateway = A(192, 0, 2, 1); /* on no link of a */
	add(lab, bl_nl_build_route_add(at(lab), BL_NL_MSG_ROOM, &good), "adding route 10.201.0.0/24");
	add(lab, bl_nl_build_route_add(at(lab), BL_NL_MSG_ROOM, &bad), "adding route 10.202.0.0/24");
	good.dst = A(10, 203, 0, 0);
	add(lab, bl_nl_build_route_add(at(lab), BL_NL_MSG_ROOM, &good), "adding route 10.203.0.0/24");
	if (bl_nl_batch_send(lab->rt[0], lab->batch, &err) >= 0)
		{
			fail(lab, "a route via an unreachable gateway was accepted");
			return;
		}
	if (strcmp(err.what, "adding route 10.202.0.0/24") || err.failed != 1 || !err.text[0])
		{
			fail(lab, "failure reported as '%s' (%u failed): '%s'", err.what, err.failed,
			    err.text);
			return;
		}
	printf("ok   bad route reported as: %s failed: %s\n", err.what, bl_nl_error_reason(&err));
	add(lab, bl_nl_build_route_del(at(lab), BL_NL_MSG_ROOM, &good), "deleting 10.203.0.0/24");
	expect_ok(lab, lab->rt[0], "the request after the failed one was applied (and deleted)");
}

static struct bl_nl_xfrm_policy out_policy(int ns, uint32_t if_id)
{
	uint32_t here = ns ? A(10, 99, 1, 2) : A(10, 99, 1, 1);
	uint32_t there = ns ? A(10, 99, 1, 1) : A(10, 99, 1, 2);

	return (struct bl_nl_xfrm_policy){ .dir = BL_NL_XFRM_OUT, .tmpl_src = here,
					   .tmpl_dst = there, .reqid = 1,
					   .bind = { .if_id = if_id } };
}

static void xfrm_policy(struct lab *lab)
{
	struct bl_nl_xfrm_policy pol = out_policy(0, 0);
	struct bl_nl_error err = { 0 };

	pol.dst = A(10, 201, 0, 0);
	pol.dst_len = 24;
	add(lab, bl_nl_build_xfrm_policy_add(at(lab), BL_NL_MSG_ROOM, &pol), "policy out");
	expect_ok(lab, lab->xf[0], "xfrm policy 10.201.0.0/24 out in a");
	add(lab, bl_nl_build_xfrm_policy_add(at(lab), BL_NL_MSG_ROOM, &pol), "adding it again");
	if (bl_nl_batch_send(lab->xf[0], lab->batch, &err) != -EEXIST)
		fail(lab, "a duplicate policy did not fail with EEXIST");
	add(lab, bl_nl_build_xfrm_policy_del(at(lab), BL_NL_MSG_ROOM, &pol), "policy del");
	expect_ok(lab, lab->xf[0], "xfrm policy deleted");
}

/* The sysctl as b sees it, "" when it cannot be read. */
static void sysctl_in_b(struct lab *lab, const char *path, char *buf, size_t size)
{
	int saved;
	FILE *f;

	buf[0] = '\0';
	if (bl_netns_enter(lab->fd[1], &saved) < 0)
		return;
	f = fopen(path, "r");
	if (f && !fgets(buf, (int)size, f))
		buf[0] = '\0';
	if (f)
		fclose(f);
	(void)bl_netns_leave(saved);
	buf[strcspn(buf, "\n")] = '\0';
}

/* Sysctls in one visit: written in b only, the first failure named by
 * its index, the ones before it kept. */
static void sysctls_in_one_visit(struct lab *lab)
{
	static const char *const set[][2] = {
		{ "net.ipv4.ip_forward", "1" },
		{ "net.ipv4.conf.itnl0.rp_filter", "2" },
		{ "net.ipv4.conf.nosuchlink.rp_filter", "0" },
	};
	char fwd[8], rpf[8], root_fwd[8] = "";
	FILE *f = fopen("/proc/sys/net/ipv4/ip_forward", "r");
	size_t failed = 99;
	int r;

	if (f && !fgets(root_fwd, sizeof(root_fwd), f))
		root_fwd[0] = '\0';
	if (f)
		fclose(f);
	r = bl_netns_sysctls(lab->fd[1], set, 2, &failed);
	sysctl_in_b(lab, "/proc/sys/net/ipv4/ip_forward", fwd, sizeof(fwd));
	sysctl_in_b(lab, "/proc/sys/net/ipv4/conf/itnl0/rp_filter", rpf, sizeof(rpf));
	if (r != 0 || strcmp(fwd, "1") || strcmp(rpf, "2"))
		fail(lab, "sysctls in b: r=%d ip_forward=%s rp_filter=%s", r, fwd, rpf);
	r = bl_netns_sysctls(lab->fd[1], set, 3, &failed);
	if (r != -ENOENT || failed != 2)
		fail(lab, "a missing sysctl: r=%d at %zu, want -ENOENT at 2", r, failed);
	f = fopen("/proc/sys/net/ipv4/ip_forward", "r");
	fwd[0] = '\0';
	if (f && !fgets(fwd, sizeof(fwd), f))
		fwd[0] = '\0';
	if (f)
		fclose(f);
	if (strcmp(fwd, root_fwd))
		fail(lab, "the root namespace's ip_forward changed: %s -> %s", root_fwd, fwd);
	if (!lab->failures)
		pass("sysctls written in b in one visit; a missing one named by its index");
}

static void plumbing(struct lab *lab)
{
	veths_born_in_place(lab);
	if (lab->failures)
		return;
	bridge_and_addresses(lab);
	sysctls_in_one_visit(lab);
	links_read_back(lab);
	addresses_read_back(lab);
	routes_read_back(lab);
	failure_names_request_and_reason(lab);
	xfrm_policy(lab);
}
/* A feature the kernel lacks comes back as one of these; anything else
 * is a failure of ours. Not -ENOENT: that is a name or object our own
 * request got wrong (a missing link, a missing SA), never a missing
 * module. */
static bool missing_feature(int err)
{
	return err == -EOPNOTSUPP || err == -EPROTONOSUPPORT ||
	       err == -ENOSYS || err == -EAFNOSUPPORT;
}

/* Send; on a missing feature note it in skip and return false. */
static bool try_feature(struct lab *lab, struct bl_nl_sock *s, const char *what,
			char *skip, size_t size)
{
	struct bl_nl_error err = { 0 };
	int r = bl_nl_batch_send(s, lab->batch, &err);

	if (r == 0) {
		pass(what);
		return true;
	}
	if (missing_feature(r)) {
		size_t len = strlen(skip);

		snprintf(skip + len, size - len, "%s%s: %s", len ? "; " : "", what,
			 bl_nl_error_reason(&err));
	} else {
		fail(lab, "%s: %s failed: %s", what, err.what, bl_nl_error_reason(&err));
	}
	return false;
}

static struct bl_nl_xfrm_state sa(uint32_t spi, uint32_t src, uint32_t dst)
{
	struct bl_nl_xfrm_state st = { .src = src, .dst = dst, .spi = spi, .reqid = 1,
				       .alg = BL_NL_ESP_AES_GCM, .enc_key_len = 20,
				       .bind = { .if_id = IF_ID } };

	for (size_t i = 0; i < st.enc_key_len; i++)
		st.enc_key[i] = (uint8_t)(spi + i);
	return st;
}

/* SPI 0x100 carries a -> b, 0x200 b -> a; both namespaces hold both. */
static void add_states(struct lab *lab)
{
	const uint32_t a = A(10, 99, 1, 1), b = A(10, 99, 1, 2);
	struct bl_nl_xfrm_state ab = sa(0x100, a, b), ba = sa(0x200, b, a);

	add(lab, bl_nl_build_xfrm_state_add(at(lab), BL_NL_MSG_ROOM, &ab), "SA 0x100");
	add(lab, bl_nl_build_xfrm_state_add(at(lab), BL_NL_MSG_ROOM, &ba), "SA 0x200");
}

static const struct bl_nl_xfrm_sa *find_sa(const struct bl_nl_xfrm_sa *sas, size_t n,
					   uint32_t spi)
{
	for (size_t i = 0; i < n; i++)
		if (sas[i].spi == spi)
			return &sas[i];
	return NULL;
}

static void state_dumps_back(struct lab *lab)
{
	struct bl_nl_xfrm_sa *sas = NULL;
	size_t n = 0;
	const struct bl_nl_xfrm_sa *found;

	if (bl_nl_xfrm_state_dump(lab->xf[0], &sas, &n, NULL) < 0)
		{
			fail(lab, "SA dump in a");
			return;
		}
	found = find_sa(sas, n, 0x100);
	if (!found || strcmp(found->alg, "rfc4106(gcm(aes))") || found->bind.if_id != IF_ID)
		fail(lab, "dump of a lacks SA 0x100 (GCM, if_id %d)", IF_ID);
	else
		pass("SA dump finds SPI 0x100, rfc4106(gcm(aes)), if_id 42");
	free(sas);
}

static void tunnel_side(struct lab *lab, int ns)
{
	static const char *const up[] = { "ipsec0", NULL };
	struct bl_nl_xfrm_policy pol = out_policy(ns, IF_ID);
	struct bl_nl_route peer = { .dst = ns ? A(10, 97, 0, 1) : A(10, 97, 0, 2),
				    .dst_len = 32, .n_nexthops = 1 };

	set_up(lab, up);
	addr(lab, ns, "ipsec0", ns ? A(10, 97, 0, 2) : A(10, 97, 0, 1), 32);
	peer.nexthops[0].ifindex = ifindex(lab, ns, "ipsec0");
	add(lab, bl_nl_build_route_add(at(lab), BL_NL_MSG_ROOM, &peer), "route to the peer");
	expect_ok(lab, lab->rt[ns], ns ? "b: ipsec0 up, address, route" :
					"a: ipsec0 up, address, route");
	add(lab, bl_nl_build_xfrm_policy_add(at(lab), BL_NL_MSG_ROOM, &pol), "policy out");
	pol.dir = BL_NL_XFRM_IN;
	pol.tmpl_src = out_policy(ns, 0).tmpl_dst;
	pol.tmpl_dst = out_policy(ns, 0).tmpl_src;
	add(lab, bl_nl_build_xfrm_policy_add(at(lab), BL_NL_MSG_ROOM, &pol), "policy in");
	if (ns == 1)
		add_states(lab);
	expect_ok(lab, lab->xf[ns], ns ? "b: policies and SAs" : "a: policies");
}

static void ping_through_tunnel(struct lab *lab)
{
	struct bl_nl_xfrm_sa *sas = NULL;
	const struct bl_nl_xfrm_sa *out, *in;
	size_t n = 0;

	tunnel_side(lab, 0);
	tunnel_side(lab, 1);
	if (lab->failures)
		return;
	if (ping(lab, 0, "10.97.0.2") != 0)
		{
			fail(lab, "ping a -> b through the ESP tunnel");
			return;
		}
	pass("ping a -> b through ipsec0 (ESP)");
	if (bl_nl_xfrm_state_dump(lab->xf[0], &sas, &n, NULL) < 0)
		{
			fail(lab, "SA dump in a");
			return;
		}
	out = find_sa(sas, n, 0x100);
	in = find_sa(sas, n, 0x200);
	if (!out || !in || out->packets < 3 || in->packets < 3)
		fail(lab, "SA counters did not grow (out %llu, in %llu packets)",
		     out ? (unsigned long long)out->packets : 0ULL,
		     in ? (unsigned long long)in->packets : 0ULL);
	else
		printf("ok   SA counters: 0x100 %llu packets/%llu bytes out, 0x200 %llu in\n",
		       (unsigned long long)out->packets, (unsigned long long)out->bytes,
		       (unsigned long long)in->packets);
	free(sas);
}

/* Returns why tunnels were skipped, or NULL when all ran. */
static const char *tunnels(struct lab *lab)
{
	static char skip[1024];
	struct bl_nl_vti vti = { .name = "vti0", .local = A(10, 99, 1, 1),
				 .remote = A(10, 99, 1, 2), .ikey = 5, .okey = 5 };
	bool xfrmi = true, gcm;

	add(lab, bl_nl_build_vti_add(at(lab), BL_NL_MSG_ROOM, &vti), "vti0");
	try_feature(lab, lab->rt[0], "VTI link", skip, sizeof(skip));
	for (int ns = 0; ns < 2 && xfrmi; ns++) {
		add(lab, bl_nl_build_xfrmi_add(at(lab), BL_NL_MSG_ROOM, "ipsec0", IF_ID, 0),
		    "ipsec0");
		xfrmi = try_feature(lab, lab->rt[ns], "xfrm interface", skip, sizeof(skip));
	}
	add_states(lab);
	gcm = try_feature(lab, lab->xf[0], "ESP rfc4106(gcm(aes)) states", skip, sizeof(skip));
	if (gcm)
		state_dumps_back(lab);
	if (xfrmi && gcm && !lab->failures)
		ping_through_tunnel(lab);
	return skip[0] ? skip : NULL;
}


int main(void)
{
	struct lab lab = { .fd = { -1, -1 } };
	const char *skip = NULL;
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("itest_netlink: skipped: needs root (namespaces)\n");
		return 77;
	}
	r = open_lab(&lab);
	if (r < 0) {
		fprintf(stderr, "itest_netlink: setting up namespaces failed: %s\n", strerror(-r));
		close_lab(&lab);
		return 1;
	}
	plumbing(&lab);
	if (!lab.failures)
		skip = tunnels(&lab);
	close_lab(&lab);
	if (lab.failures) {
		fprintf(stderr, "itest_netlink: %d failure(s)\n", lab.failures);
		return 1;
	}
	if (skip) {
		printf("itest_netlink: skipped: %s\n", skip);
		return 77;
	}
	return 0;
}
