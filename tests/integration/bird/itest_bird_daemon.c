// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Real BIRD daemons started side by side (bl_bird_launch, then
 * bl_bird_launched for each) in throwaway namespaces: all answer on their
 * control sockets and stop; a configuration BIRD refuses comes back as its
 * own message naming the file and line, with no daemon left; a missing
 * namespace is named. Runs on the host kernel (no IPsec needed).
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bird/bird_ctl.h"
#include "bird/bird_daemon.h"

#define N_DAEMONS 3

static char dir[PATH_MAX];
static char ns[N_DAEMONS][64];

static void run(const char *fmt, const char *arg)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), fmt, arg);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void paths_of(const char *node, const char *conf_text, struct bl_bird_paths *p)
{
	char text[PATH_MAX + 128];

	assert_int_equal(bl_bird_paths(dir, node, p), 0);
	snprintf(text, sizeof(text), "log \"%s\" all;\n%s", p->log, conf_text);
	write_file(p->conf, text);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/blt-bird-%d", (int)getpid());
	run("mkdir -p %s", dir);
	for (int i = 0; i < N_DAEMONS; i++) {
		snprintf(ns[i], sizeof(ns[i]), "blt-bird-%d-%d", (int)getpid(), i);
		run("ip netns add %s", ns[i]);
	}
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 64];

	(void)state;
	for (int i = 0; i < N_DAEMONS; i++) {
		snprintf(cmd, sizeof(cmd), "ip netns del %s 2>/dev/null", ns[i]);
		(void)!system(cmd);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)!system(cmd);
	return 0;
}

static void launched_side_by_side(void **state)
{
	struct bl_bird_paths p[N_DAEMONS] = { 0 };
	struct bl_bird_launch l[N_DAEMONS];
	char why[512], node[16], conf[64];

	(void)state;
	for (int i = 0; i < N_DAEMONS; i++) {
		snprintf(node, sizeof(node), "n%d", i);
		snprintf(conf, sizeof(conf), "router id 10.0.0.%d;\nprotocol device {}\n", i + 1);
		paths_of(node, conf, &p[i]);
		assert_int_equal(bl_bird_launch(&p[i], ns[i], &l[i], why, sizeof(why)), 0);
	}
	for (int i = 0; i < N_DAEMONS; i++) {
		enum bl_bird_state st;
		struct bl_bird_ctl *c = NULL;

		if (bl_bird_launched(&p[i], &l[i], 10000, why, sizeof(why)) < 0)
			fail_msg("daemon %d: %s", i, why);
		assert_int_equal(bl_bird_state(&p[i], &st, NULL), 0);
		assert_int_equal(st, BL_BIRD_RUNNING);
		assert_int_equal(bl_bird_ctl_open(p[i].socket, 2000, &c, why, sizeof(why)), 0);
		bl_bird_ctl_close(c);
	}
	for (int i = 0; i < N_DAEMONS; i++) {
		enum bl_bird_state st;

		assert_int_equal(bl_bird_stop(&p[i], 3000, why, sizeof(why)), 0);
		assert_int_equal(bl_bird_state(&p[i], &st, NULL), 0);
		assert_int_equal(st, BL_BIRD_ABSENT);
	}
}

static void refused_configuration_named(void **state)
{
	struct bl_bird_paths good = { 0 }, bad = { 0 };
	struct bl_bird_launch lg, lb;
	enum bl_bird_state st;
	char why[512], where[PATH_MAX + 8];

	(void)state;
	paths_of("good", "router id 10.0.0.9;\nprotocol device {}\n", &good);
	paths_of("bad", "router id 10.0.0.8;\nprotocol no_such_protocol {}\n", &bad);
	assert_int_equal(bl_bird_launch(&bad, ns[0], &lb, why, sizeof(why)), 0);
	assert_int_equal(bl_bird_launch(&good, ns[1], &lg, why, sizeof(why)), 0);
	assert_int_equal(bl_bird_launched(&bad, &lb, 10000, why, sizeof(why)), -EINVAL);
	/* The log line comes first in the file: the bad protocol is line 3. */
	snprintf(where, sizeof(where), "%s:3", bad.conf);
	if (!strstr(why, where))
		fail_msg("BIRD's reason does not name %s: %s", where, why);
	assert_int_equal(bl_bird_state(&bad, &st, NULL), 0);
	assert_int_not_equal(st, BL_BIRD_RUNNING);
	/* The good one launched beside it runs. */
	assert_int_equal(bl_bird_launched(&good, &lg, 10000, why, sizeof(why)), 0);
	assert_int_equal(bl_bird_stop(&good, 3000, why, sizeof(why)), 0);
}

static void missing_namespace_named(void **state)
{
	struct bl_bird_paths p = { 0 };
	struct bl_bird_launch l;
	char why[512];

	(void)state;
	paths_of("lost", "router id 10.0.0.7;\n", &p);
	assert_int_equal(bl_bird_launch(&p, "blt-bird-no-such-ns", &l, why, sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "/run/netns/blt-bird-no-such-ns"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(launched_side_by_side),
		cmocka_unit_test(refused_configuration_named),
		cmocka_unit_test(missing_namespace_named),
	};

	if (geteuid() != 0) {
		fprintf(stderr, "itest_bird_daemon: needs root (namespaces)\n");
		return 77;
	}
	if (access(BL_BIRD_BIN, X_OK) < 0) {
		fprintf(stderr, "itest_bird_daemon: %s missing: ci/setup.sh installs " BL_BIRD_PACKAGE "\n",
			BL_BIRD_BIN);
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
