// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The daemon's files without starting one: paths, strongswan.conf, the
 * plugin list, pid file and /proc reading, dead-or-alive decisions.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vici/charon.h"
#include "vici/charon_internal.h"

struct paths_case {
	const char *dir, *node;
	int result;
};

static const struct paths_case paths_cases[] = {
	{ "/run/branchlab/lab/charon", "rras-a", 0 },
	{ "relative/dir", "rras-a", -EINVAL },
	{ "/run/x", "a/b", -EINVAL },
	{ "/run/x", "", -EINVAL },
	/* sun_path holds 108 bytes: a long directory cannot hold a socket */
	{ "/run/branchlab/a-rather-long-lab-name/charon/and/then/some/more/"
	  "nesting/than/anybody/would/ever/need", "vpngw-in0", -ENAMETOOLONG },
};

static void paths_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(paths_cases) / sizeof(paths_cases[0]); i++) {
		struct bl_charon_paths p;

		assert_int_equal(bl_charon_paths(paths_cases[i].dir, paths_cases[i].node, &p),
				 paths_cases[i].result);
	}
}

static char *conf_text(const struct bl_charon_paths *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(bl_charon_conf_write(f, p), 0);
	fclose(f);
	return text;
}

static const char *const conf_must_have[] = {
	"load = " BL_CHARON_PLUGINS "\n",
	"install_routes = no\n",
	"install_virtual_ip = no\n",
	"socket = unix:///run/branchlab/lab/charon/rras-a.vici\n",
	"path = /run/branchlab/lab/charon/rras-a.log\n",
	"time_format = %b %e %T\n",
};

static void conf_has_what_the_daemon_needs(void **state)
{
	struct bl_charon_paths p;
	char *text;

	(void)state;
	assert_int_equal(bl_charon_paths("/run/branchlab/lab/charon", "rras-a", &p), 0);
	text = conf_text(&p);
	for (size_t i = 0; i < sizeof(conf_must_have) / sizeof(conf_must_have[0]); i++) {
		print_message("%s", conf_must_have[i]);
		assert_non_null(strstr(text, conf_must_have[i]));
	}
	free(text);
}

/* A plugin named in `load` but not installed is only a warning to
 * charon: catch it here instead. */
static void every_plugin_is_installed(void **state)
{
	char list[] = BL_CHARON_PLUGINS, *save = NULL;

	(void)state;
	for (char *name = strtok_r(list, " ", &save); name;
	     name = strtok_r(NULL, " ", &save)) {
		char path[256];

		snprintf(path, sizeof(path), BL_CHARON_PLUGIN_DIR "/libstrongswan-%s.so",
			 name);
		print_message("%s\n", path);
		assert_int_equal(access(path, R_OK), 0);
	}
}

struct proc_case {
	const char *stat;
	int result;
	const char *comm;
	char state;
	unsigned long long start;
};

static const struct proc_case proc_cases[] = {
	{ "1234 (charon) S 1 1234 1234 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 17 0 987654 "
	  "1000 200", 0, "charon", 'S', 987654 },
	{ "77 (a (b) c) Z 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 0 0", 0,
	  "a (b) c", 'Z', 42 },
	{ "77 (short) R 1 2", -EBADMSG, NULL, 0, 0 },
	{ "garbage", -EBADMSG, NULL, 0, 0 },
};

static void proc_stat_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(proc_cases) / sizeof(proc_cases[0]); i++) {
		const struct proc_case *c = &proc_cases[i];
		struct bl_charon_proc p = { .state = '?' };

		assert_int_equal(bl_charon_proc_parse(c->stat, &p), c->result);
		if (c->result < 0) {
			assert_int_equal(p.state, '?');
			continue;
		}
		assert_string_equal(p.comm, c->comm);
		assert_int_equal(p.state, c->state);
		assert_int_equal(p.start_time, c->start);
	}
}

struct state_case {
	const char *why;
	const char *pidfile; /* NULL: none; "%self": this process, real start */
	enum bl_charon_state expect;
};

static const struct state_case state_cases[] = {
	{ "never started", NULL, BL_CHARON_ABSENT },
	{ "pid of a process that is not charon", "%self", BL_CHARON_DEAD },
	{ "pid that does not exist", "2147483646 5", BL_CHARON_DEAD },
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void state_table(void **state)
{
	char dir[] = "/tmp/bl-vici-state-XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof(state_cases) / sizeof(state_cases[0]); i++) {
		const struct state_case *c = &state_cases[i];
		struct bl_charon_paths p;
		struct bl_charon_proc self;
		enum bl_charon_state got;
		char text[64];

		print_message("%s\n", c->why);
		assert_int_equal(bl_charon_paths(dir, "n", &p), 0);
		unlink(p.pid);
		if (c->pidfile && !strcmp(c->pidfile, "%self")) {
			assert_int_equal(bl_charon_proc_read(getpid(), &self), 0);
			snprintf(text, sizeof(text), "%d %llu\n", (int)getpid(), self.start_time);
			write_file(p.pid, text);
		} else if (c->pidfile) {
			write_file(p.pid, c->pidfile);
		}
		assert_int_equal(bl_charon_state(dir, "n", &got, NULL), 0);
		assert_int_equal(got, c->expect);
		/* Stopping what is not running succeeds and forgets it. */
		assert_int_equal(bl_charon_stop(dir, "n", 100, NULL), 0);
		assert_int_equal(bl_charon_state(dir, "n", &got, NULL), 0);
		assert_int_equal(got, BL_CHARON_ABSENT);
	}
	rmdir(dir);
}

static void log_tail_keeps_last_lines(void **state)
{
	char dir[] = "/tmp/bl-vici-log-XXXXXX", path[PATH_MAX], buf[128];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/n.log", dir);
	write_file(path, "one\ntwo\nthree\nfour\n");
	assert_int_equal(bl_charon_log_tail(dir, "n", 2, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "three | four");
	assert_int_equal(bl_charon_log_tail(dir, "n", 9, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "one | two | three | four");
	assert_int_equal(bl_charon_log_tail(dir, "absent", 2, buf, sizeof(buf)), -ENOENT);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_table),
		cmocka_unit_test(conf_has_what_the_daemon_needs),
		cmocka_unit_test(every_plugin_is_installed),
		cmocka_unit_test(proc_stat_table),
		cmocka_unit_test(state_table),
		cmocka_unit_test(log_tail_keeps_last_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
