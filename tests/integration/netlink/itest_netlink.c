// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The netlink library against the running kernel, in two throwaway
 * namespaces "bl-itnl-<pid>-a/b" (always removed):
 *   plumbing  veth ends born in their namespaces, bridge, addresses,
 *             a ping across, a two-nexthop route dumped back, an xfrm
 *             policy, and failures that carry the kernel's words;
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
#include "netlink/nl_socket.h"
#include "netlink/xfrm.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define IF_ID 42

struct lab {
	char name[2][64];
	int fd[2];
	struct bl_nl_sock *rt[2];
	struct bl_nl_sock *xf[2];
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
	}
	return bl_nl_batch_new(&lab->batch);
}

static void close_lab(struct lab *lab)
{
	for (int i = 0; i < 2; i++) {
		bl_nl_close(lab->rt[i]);
		bl_nl_close(lab->xf[i]);
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

static const struct bl_nl_route ecmp = {
	.dst = A(10, 200, 0, 0), .dst_len = 24,
	.nexthops = { { .gateway = A(10, 99, 0, 2) }, { .gateway = A(10, 99, 1, 2) } },
	.n_nexthops = 2,
};

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

static bool has_gateway(const struct bl_nl_route *r, uint32_t gw)
{
	for (size_t i = 0; i < r->n_nexthops; i++)
		if (r->nexthops[i].gateway == gw)
			return true;
	return false;
}

static void multipath_route_dumps_back(struct lab *lab)
{
	struct bl_nl_route *routes = NULL;
	size_t n = 0;
	bool found = false;

	add(lab, bl_nl_build_route_add(at(lab), BL_NL_MSG_ROOM, &ecmp), "route 10.200.0.0/24");
	if (expect_ok(lab, lab->rt[0], "two-nexthop route in a") < 0)
		return;
	if (bl_nl_route_dump(lab->rt[0], 0, &routes, &n, NULL) < 0)
		{
			fail(lab, "route dump in a");
			return;
		}
	for (size_t i = 0; i < n; i++)
		if (routes[i].dst == ecmp.dst && routes[i].dst_len == 24 &&
		    routes[i].n_nexthops == 2 && has_gateway(&routes[i], A(10, 99, 0, 2)) &&
		    has_gateway(&routes[i], A(10, 99, 1, 2)))
			found = true;
	free(routes);
	if (!found)
		{
			fail(lab, "dump of a has no 10.200.0.0/24 with both next hops");
			return;
		}
	pass("route dump finds 10.200.0.0/24 via 10.99.0.2 and 10.99.1.2");
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
	multipath_route_dumps_back(lab);
	failure_names_request_and_reason(lab);
	xfrm_policy(lab);
}
/* A feature the kernel lacks comes back as one of these; anything else
 * is a failure of ours. */
static bool missing_feature(int err)
{
	return err == -EOPNOTSUPP || err == -ENOENT || err == -EPROTONOSUPPORT ||
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
