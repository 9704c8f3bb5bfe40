// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Two charons, each in its own namespace, joined by a veth pair, with an
 * xfrm interface on each side: keyed over vici, they must bring the
 * tunnel up and carry a ping; a wrong pre-shared key must be reported as
 * an authentication failure naming the tunnel; a killed daemon must be
 * seen as dead; after stopping, no charon may be left.
 *
 * Needs root and a kernel with ESP and xfrm interfaces (exit 77 with the
 * reason otherwise): run it in the test VM, `ci/vm-run -- build-x/tests/itest_vici`.
 * The plumbing uses `ip` (the netlink library is tested on its own).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "vici/charon.h"
#include "vici/vici_io.h"

#define OUTER_A 0xc6336401 /* 198.51.100.1 */
#define OUTER_B 0xc6336402 /* 198.51.100.2 */
#define IF_ID 11
#define TUNNEL "t0"
#define NEGOTIATE_MS 20000

struct side {
	const char *node;
	char netns[32];
	struct bl_vici *vici;
	struct bl_vici_tunnel tunnel;
};

static struct side side_a = { .node = "a" }, side_b = { .node = "b" };
static char state_dir[64];
static char psk[65];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void random_psk(char *out, size_t bytes)
{
	unsigned char raw[32];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0 && bytes <= sizeof(raw));
	assert_int_equal(read(fd, raw, bytes), (ssize_t)bytes);
	close(fd);
	for (size_t i = 0; i < bytes; i++)
		sprintf(out + 2 * i, "%02x", raw[i]);
}

/* Why this kernel cannot run the test, or NULL. Probed in a throwaway
 * namespace; modules load on demand in the VM. */
static const char *kernel_lacks(void)
{
	const char *why = NULL;

	if (geteuid() != 0)
		return "needs root";
	if (access(BL_CHARON_BIN, X_OK) != 0)
		return "needs strongSwan's charon (" BL_CHARON_BIN ")";
	sh("modprobe -q esp4 2>/dev/null; modprobe -q xfrm_interface 2>/dev/null");
	if (sh("ip netns add blv-probe-%d", (int)getpid()))
		return "cannot create a network namespace";
	if (sh("ip -n blv-probe-%d link add xp type xfrm if_id 1 2>/dev/null",
	       (int)getpid()))
		why = "the kernel has no xfrm interfaces (CONFIG_XFRM_INTERFACE)";
	else if (sh("ip -n blv-probe-%d xfrm state add src 192.0.2.1 dst 192.0.2.2 "
		    "proto esp spi 0x100 mode tunnel aead 'rfc4106(gcm(aes))' "
		    "0x0102030405060708090a0b0c0d0e0f1011121314 128 2>/dev/null",
		    (int)getpid()))
		why = "the kernel has no ESP with AES-GCM (CONFIG_INET_ESP)";
	sh("ip netns del blv-probe-%d", (int)getpid());
	return why;
}

static void tunnel_for(struct side *s, uint32_t local, uint32_t remote)
{
	s->tunnel = (struct bl_vici_tunnel){
		.name = TUNNEL, .local = local, .remote = remote,
		.kind = BL_VICI_XFRMI, .if_id = IF_ID, .esp = BL_VICI_GCM_FIRST,
	};
}

static int plumb(void)
{
	const char *a = side_a.netns, *b = side_b.netns;

	return sh("ip netns add %s && ip netns add %s", a, b) ||
	       sh("ip link add va netns %s type veth peer name vb netns %s", a, b) ||
	       sh("ip -n %s addr add 198.51.100.1/24 dev va && ip -n %s link set va up "
		  "&& ip -n %s link set lo up", a, a, a) ||
	       sh("ip -n %s addr add 198.51.100.2/24 dev vb && ip -n %s link set vb up "
		  "&& ip -n %s link set lo up", b, b, b) ||
	       sh("ip -n %s link add xa type xfrm dev va if_id %d && "
		  "ip -n %s addr add 10.99.0.1/30 dev xa && ip -n %s link set xa up",
		  a, IF_ID, a, a) ||
	       sh("ip -n %s link add xb type xfrm dev vb if_id %d && "
		  "ip -n %s addr add 10.99.0.2/30 dev xb && ip -n %s link set xb up",
		  b, IF_ID, b, b);
}

static void report(const char *step, const struct bl_vici_error *e)
{
	fprintf(stderr, "itest_vici: %s: %s failed: %s\n", step, e->what, e->why);
}

static long t_start, t_daemons_ready, t_installed;

static int start_side(struct side *s)
{
	struct bl_vici_error e = { 0 };
	struct bl_charon_paths p;

	if (bl_charon_start(s->node, s->netns, state_dir, 5000, &e) < 0 ||
	    bl_charon_paths(state_dir, s->node, &p) < 0 ||
	    bl_vici_open(s->node, p.socket, 2000, &s->vici, &e) < 0 ||
	    bl_vici_load_tunnel(s->vici, &s->tunnel, psk, &e) < 0) {
		report("setup", &e);
		return -1;
	}
	return 0;
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(side_a.netns, sizeof(side_a.netns), "blv-a-%d", (int)getpid());
	snprintf(side_b.netns, sizeof(side_b.netns), "blv-b-%d", (int)getpid());
	/* Under /run on purpose: the daemons' private /run must show it. */
	snprintf(state_dir, sizeof(state_dir), "/run/blv-itest-%d", (int)getpid());
	random_psk(psk, 32);
	tunnel_for(&side_a, OUTER_A, OUTER_B);
	tunnel_for(&side_b, OUTER_B, OUTER_A);
	if (mkdir(state_dir, 0700) < 0 || plumb())
		return -1;
	t_start = now_ms();
	if (start_side(&side_a) || start_side(&side_b))
		return -1;
	t_daemons_ready = now_ms();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	bl_vici_close(side_a.vici);
	bl_vici_close(side_b.vici);
	bl_charon_stop(state_dir, "a", 3000, NULL);
	bl_charon_stop(state_dir, "b", 3000, NULL);
	bl_vici_shutdown();
	sh("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null",
	   side_a.netns, side_b.netns);
	sh("rm -rf %s", state_dir);
	return 0;
}

static void tunnel_comes_up_and_carries_ping(void **state)
{
	struct bl_vici_error e = { 0 };
	int r;

	(void)state;
	r = bl_vici_initiate(side_a.vici, TUNNEL, NEGOTIATE_MS, &e);
	if (r < 0)
		report("initiate", &e);
	assert_int_equal(r, 0);
	t_installed = now_ms();
	r = bl_vici_wait_installed(side_b.vici, TUNNEL, 5000, &e);
	if (r < 0)
		report("responder", &e);
	assert_int_equal(r, 0);
	print_message("daemons ready after %ld ms; CHILD_SA installed %ld ms after start "
		      "(negotiation %ld ms)\n", t_daemons_ready - t_start,
		      t_installed - t_start, t_installed - t_daemons_ready);
	assert_int_equal(sh("ip netns exec %s ping -q -c 3 -i 0.2 -W 2 10.99.0.2",
			    side_a.netns), 0);
}

static void status_shows_sa_and_counters(void **state)
{
	struct bl_vici_sas sas = { 0 };
	struct bl_vici_error e = { 0 };
	const struct bl_vici_ike_sa *ike;
	const struct bl_vici_child_sa *c;

	(void)state;
	assert_int_equal(bl_vici_list_sas(side_a.vici, NULL, &sas, &e), 0);
	ike = bl_vici_sas_find(&sas, TUNNEL);
	assert_non_null(ike);
	assert_string_equal(ike->state, "ESTABLISHED");
	assert_true(ike->n_children >= 1);
	c = &ike->children[0];
	print_message("IKE %s %s %s; CHILD %s %s spi in %08x out %08x, %s, "
		      "in %llu B/%llu pkts, out %llu B/%llu pkts, rekey in %ld s\n",
		      ike->name, ike->state, ike->proposal, c->name, c->state,
		      c->spi_in, c->spi_out, c->esp,
		      (unsigned long long)c->bytes_in, (unsigned long long)c->packets_in,
		      (unsigned long long)c->bytes_out, (unsigned long long)c->packets_out,
		      c->rekey_in_s);
	assert_string_equal(c->state, "INSTALLED");
	assert_true(c->spi_in != 0 && c->spi_out != 0);
	assert_true(c->packets_out >= 3);   /* the pings */
	assert_true(c->packets_in >= 3);    /* their replies */
	assert_true(c->rekey_in_s > 0);
	assert_string_equal(ike->proposal, "AES_CBC-256/HMAC_SHA2_256_128/ECP_256");
	bl_vici_sas_clear(&sas);
}

static void wrong_psk_is_an_authentication_failure_of_the_tunnel(void **state)
{
	struct bl_vici_error e = { 0 };
	char other[65];
	int r;

	(void)state;
	random_psk(other, 32);
	assert_int_equal(bl_vici_terminate(side_a.vici, TUNNEL, 5000, &e), 0);
	assert_int_equal(bl_vici_load_tunnel(side_b.vici, &side_b.tunnel, other, &e), 0);
	r = bl_vici_initiate(side_a.vici, TUNNEL, NEGOTIATE_MS, &e);
	print_message("reported: %s failed: %s\n", e.what, e.why);
	assert_int_not_equal(r, 0);
	assert_non_null(strstr(e.what, "'" TUNNEL "'"));
	assert_non_null(strstr(e.why, "authentication failed"));
	assert_non_null(strstr(e.why, "charon: \""));       /* the quoted log line */
	assert_null(strstr(e.why, psk));                     /* never the keys */
	assert_null(strstr(e.why, other));
}

static void killed_daemon_is_reported_dead(void **state)
{
	enum bl_charon_state st;
	pid_t pid = 0;

	(void)state;
	assert_int_equal(bl_charon_state(state_dir, "b", &st, &pid), 0);
	assert_int_equal(st, BL_CHARON_RUNNING);
	assert_int_equal(kill(pid, SIGKILL), 0);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(bl_charon_state(state_dir, "b", &st, NULL), 0);
		if (st != BL_CHARON_RUNNING)
			break;
		usleep(20000);
	}
	assert_int_equal(st, BL_CHARON_DEAD);
	assert_int_equal(bl_charon_state(state_dir, "a", &st, NULL), 0);
	assert_int_equal(st, BL_CHARON_RUNNING);
}

/* Live (not zombie) charon processes inside either test namespace. */
static int charons_in_test_namespaces(void)
{
	struct stat ns_a, ns_b;
	char path[300];
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", side_a.netns);
	assert_int_equal(stat(path, &ns_a), 0);
	snprintf(path, sizeof(path), "/run/netns/%s", side_b.netns);
	assert_int_equal(stat(path, &ns_b), 0);
	assert_non_null(d);
	while ((de = readdir(d))) {
		char comm[32] = "", stat_text[512] = "";
		struct stat ns;
		FILE *f;

		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", de->d_name);
		if (stat(path, &ns) < 0 ||
		    !(ns.st_ino == ns_a.st_ino || ns.st_ino == ns_b.st_ino))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(stat_text, sizeof(stat_text), f) &&
		    sscanf(stat_text, "%*d (%31[^)])", comm) == 1 &&
		    !strcmp(comm, "charon") && !strstr(stat_text, ") Z "))
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

static void stop_leaves_no_charon(void **state)
{
	struct bl_vici_error e = { 0 };
	enum bl_charon_state st;
	pid_t pid_a = 0;

	(void)state;
	assert_int_equal(bl_charon_state(state_dir, "a", &st, &pid_a), 0);
	assert_true(charons_in_test_namespaces() >= 1);
	bl_vici_close(side_a.vici);
	bl_vici_close(side_b.vici);
	side_a.vici = side_b.vici = NULL;
	assert_int_equal(bl_charon_stop(state_dir, "a", 5000, &e), 0);
	assert_int_equal(bl_charon_stop(state_dir, "b", 5000, &e), 0);
	assert_int_equal(charons_in_test_namespaces(), 0);
	assert_true(kill(pid_a, 0) < 0 || bl_charon_state(state_dir, "a", &st, NULL) == 0);
	assert_int_equal(bl_charon_state(state_dir, "a", &st, NULL), 0);
	assert_int_equal(st, BL_CHARON_ABSENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tunnel_comes_up_and_carries_ping),
		cmocka_unit_test(status_shows_sa_and_counters),
		cmocka_unit_test(wrong_psk_is_an_authentication_failure_of_the_tunnel),
		cmocka_unit_test(killed_daemon_is_reported_dead),
		cmocka_unit_test(stop_leaves_no_charon),
	};
	const char *why = kernel_lacks();

	if (why) {
		printf("itest_vici: skipped: %s\n", why);
		return 77;
	}
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
