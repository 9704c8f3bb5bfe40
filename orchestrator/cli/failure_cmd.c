// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/failure_cmd.h"

#include <stdio.h>
#include <string.h>

#include "common/report.h"
#include "lab/lab_arg.h"
#include "model/route_failure.h"

static void print_change(const char *lab, enum bl_failure_op op, bool all,
			 const char *const *elements, int n,
			 const struct bl_failure_change *c)
{
	printf("lab %s: %s", lab, op == BL_FAILURES_ADD ? "failed" : "restored");
	if (all)
		printf(" all (%zu)", c->changed);
	for (int i = 0; i < n; i++)
		printf(" %s", elements[i]);
	if (op == BL_FAILURES_ADD && c->changed < (size_t)n)
		printf(" (%zu already failed)", (size_t)n - c->changed);
	printf("\n");
	if (c->in_force)
		printf("failures in force: %s\n", c->text);
	else
		printf("no failures in force\n");
	/* The time is branchlab's own: Azure's detection and convergence
	 * timers (docs/failures.md) are not replayed. */
	printf("links: %zu changed; routes: %zu added, %zu replaced, %zu removed; "
	       "recomputed and pushed by branchlab in %.3f s (not Azure's timers)\n",
	       c->links_changed, c->routes[0], c->routes[1], c->routes[2], c->seconds);
}

int bl_failure_cmd(const struct bl_args *a, enum bl_failure_op op, bool all)
{
	const char *lab_arg = NULL;
	const char *const *elements = a->operands;
	int n = a->n_operands;
	struct bl_failure_change change;
	struct bl_lab_ref ref;

	if (n && !strchr(a->operands[0], ':')) {
		lab_arg = a->operands[0];
		elements++;
		n--;
	}
	if (all == (n > 0) || (op == BL_FAILURES_ADD && !n)) {
		bl_err(op == BL_FAILURES_ADD ? "name at least one ELEMENT (%s)"
					     : "name the ELEMENTs to restore, or --all (%s)",
		       bl_failure_kinds());
		return 2;
	}
	if (bl_lab_arg_resolve(lab_arg, BL_LAB_ARG_UP, &ref, NULL) < 0)
		return 1;
	if (!ref.up) {
		bl_err("lab '%s' is not up", ref.name);
		return 1;
	}
	if (bl_lab_failures_change(ref.name, ref.topology, op, elements, (size_t)n,
				   &change) < 0)
		return 1;
	print_change(ref.name, op, all, elements, n, &change);
	return 0;
}
