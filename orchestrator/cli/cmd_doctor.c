// SPDX-License-Identifier: GPL-2.0-or-later
/* branchlab doctor [--json]: what this machine can run, and what to do
 * about what it cannot. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "common/json_out.h"
#include "cli/commands.h"
#include "lab/doctor.h"
#include "common/report.h"

/* Everything a lab with tunnels needs; qemu and the VM kernel are only
 * the fallback, reported but not required. */
#define FULL_LAB (~0u & ~(BL_FEAT_BIT(BL_FEAT_QEMU) | BL_FEAT_BIT(BL_FEAT_VM_KERNEL)))

static void print_json(const struct bl_check results[])
{
	printf("[");
	for (int f = 0; f < BL_FEAT_COUNT; f++) {
		printf("%s\n  {\"feature\": ", f ? "," : "");
		bl_json_string(stdout, results[f].name);
		printf(", \"ok\": %s, \"detail\": ", results[f].ok ? "true" : "false");
		bl_json_string(stdout, results[f].detail);
		printf(", \"remedy\": ");
		bl_json_string(stdout, results[f].remedy);
		printf("}");
	}
	printf("\n]\n");
}

static void print_table(const struct bl_check results[], unsigned failed)
{
	printf("%-26s %-8s %s\n", "FEATURE", "STATUS", "DETAIL / REMEDY");
	for (int f = 0; f < BL_FEAT_COUNT; f++) {
		printf("%-26s %-8s %s\n", results[f].name, results[f].ok ? "ok" : "missing",
		       results[f].detail);
		if (!results[f].ok && results[f].remedy[0])
			printf("%-26s %-8s -> %s\n", "", "", results[f].remedy);
	}
	if (!(failed & FULL_LAB))
		printf("\nA full lab (with tunnels) can run here.\n");
	else if (!(failed & (BL_FEAT_BIT(BL_FEAT_QEMU) | BL_FEAT_BIT(BL_FEAT_VM_KERNEL)))) {
		char vm[2 * PATH_MAX + 64];

		bl_doctor_vm_command(vm, sizeof(vm));
		printf("\nA full lab cannot run on this kernel; the test VM can:\n  %s ...\n", vm);
	}
	else
		printf("\nA full lab cannot run here.\n");
}

const struct bl_opt bl_doctor_opts[] = {
	{ "json", 0, NULL, 0, "a JSON array, one object per feature" },
	{ NULL, 0, NULL, 0, NULL },
};

int cmd_doctor(const struct bl_args *a)
{
	struct bl_check results[BL_FEAT_COUNT];
	bool json = bl_args_has(a, "json");
	unsigned failed;

	failed = bl_doctor_check(~0u, results);
	if (json)
		print_json(results);
	else
		print_table(results, failed);
	return (failed & FULL_LAB) ? 1 : 0;
}
