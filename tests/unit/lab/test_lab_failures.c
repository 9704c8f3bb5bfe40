// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A lab's failure set in its state dir (written, read back, removed when
 * empty, an element its topology lost dropped) and which interfaces of the
 * plan each kind of failure holds down.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "lab/lab_failures.h"
#include "lab/lab_state.h"
#include "tests/unit/state_root_fixture.h"

static struct bl_topology *load(const char *name)
{
	char path[512];
	struct bl_topology *t = NULL;

	snprintf(path, sizeof(path), "%s/topologies/%s", BL_SOURCE_DIR, name);
	assert_int_equal(bl_topology_load(path, &t), 0);
	return t;
}

static struct bl_failure parsed(const struct bl_topology *t, const char *text)
{
	struct bl_failure f;

	assert_int_equal(bl_failure_parse(t, text, &f), 0);
	return f;
}

static void set_round_trips_and_empty_removes_the_file(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml");
	struct bl_failure in[2] = { parsed(t, "tunnel:a/1"), parsed(t, "er-maintenance:b/primary") };
	struct bl_failure *out = NULL;
	char path[4096], text[256];
	bool created;
	size_t n;

	(void)state;
	assert_int_equal(bl_state_create(t->name, &created), 0);
	assert_int_equal(bl_lab_failures_write(t->name, in, 2), 0);
	assert_int_equal(bl_lab_failures_read(t->name, t, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_true(bl_failure_same(&out[0], &in[0]));
	assert_true(bl_failure_same(&out[1], &in[1]));
	bl_lab_failures_text(out, n, text, sizeof(text));
	assert_string_equal(text, "tunnel:a/1, er-maintenance:b/primary");
	free(out);
	assert_int_equal(bl_lab_failures_write(t->name, in, 0), 0);
	bl_state_path(t->name, "failures", path, sizeof(path));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(bl_lab_failures_read(t->name, t, &out, &n), 0);
	assert_int_equal(n, 0);
	free(out);
	assert_int_equal(bl_state_remove(t->name), 0);
	bl_topology_free(t);
}

/* A failure set read against another topology (the lab brought up again
 * from an edited file): an element it lacks is dropped, the rest kept. */
static void elements_the_topology_lost_are_dropped(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml"), *er = load("coexist-no-rs.yaml");
	struct bl_failure in[2] = { parsed(t, "tunnel:a/1"), parsed(t, "circuit:b") };
	struct bl_failure *out = NULL;
	bool created;
	size_t n;

	(void)state;
	/* coexist-no-rs has site a with two tunnels: index 5 is lost. */
	in[0].index = 5;
	assert_int_equal(bl_state_create(t->name, &created), 0);
	assert_int_equal(bl_lab_failures_write(t->name, in, 2), 0);
	assert_int_equal(bl_lab_failures_read(t->name, er, &out, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].kind, BL_FAIL_CIRCUIT);
	free(out);
	assert_int_equal(bl_state_remove(t->name), 0);
	bl_topology_free(er);
	bl_topology_free(t);
}

/* Names of the interfaces the failures hold down, "node:iface ...". */
static void down_ifaces(const struct bl_topology *t, const char *element, char *buf,
			size_t size)
{
	struct bl_failure f = parsed(t, element);
	struct bl_plan *p = NULL;
	size_t used = 0;

	assert_int_equal(bl_plan_new(t, &p), 0);
	buf[0] = '\0';
	for (size_t i = 0; i < p->n_ifaces; i++)
		if (bl_lab_iface_failed(t, p, &f, 1, i))
			used += (size_t)snprintf(buf + used, size - used, "%s%s:%s", used ? " " : "",
						 p->nodes[p->ifaces[i].node].name, p->ifaces[i].name);
	bl_plan_free(p);
}

static void each_kind_holds_down_its_interfaces(void **state)
{
	struct bl_topology *t = load("azure-coexist.yaml");
	char got[512];

	(void)state;
	down_ifaces(t, "tunnel:a/1", got, sizeof(got));
	assert_string_equal(got, "vpngw-in1:tun-s0 rras-a:tun-in1");
	down_ifaces(t, "instance:vpngw-in0", got, sizeof(got));
	assert_string_equal(got, "vpngw-in0:eth0 vpngw-in0:inet vpngw-in0:tun-s0 rras-a:tun-in0");
	down_ifaces(t, "er-link:b/secondary", got, sizeof(got));
	assert_string_equal(got, "msee-b:ce2 ce-b:msee2");
	down_ifaces(t, "circuit:b", got, sizeof(got));
	assert_string_equal(got, "msee-b:ce1 ce-b:msee1 msee-b:ce2 ce-b:msee2");
	down_ifaces(t, "er-maintenance:b/primary", got, sizeof(got));
	assert_string_equal(got, "");
	down_ifaces(t, "node:rras-a", got, sizeof(got));
	assert_non_null(strstr(got, "vpngw-in0:tun-s0"));
	assert_non_null(strstr(got, "rras-a:lan"));
	assert_null(strstr(got, "rras-a:lo"));
	bl_topology_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_round_trips_and_empty_removes_the_file),
		cmocka_unit_test(elements_the_topology_lost_are_dropped),
		cmocka_unit_test(each_kind_holds_down_its_interfaces),
	};

	return cmocka_run_group_tests(tests, state_root_setup, state_root_teardown);
}
