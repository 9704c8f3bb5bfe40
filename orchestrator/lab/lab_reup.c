// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A second `up` of a lab that is up converges it to the file, but only the
 * same lab: from the same file (another file that happens to carry the
 * running lab's name is refused, not merged into it), and with the same
 * keying on every tunnel both have (a switch between static keys and
 * IKEv2 on a running lab would leave charons or SAs of the other kind
 * behind; docs/ikev2.md).
 */
#include "lab/lab_reup.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "common/report.h"
#include "lab/lab_ike.h"

static const char *keying_name(enum bl_keying k)
{
	return k == BL_KEYING_IKEV2 ? "ikev2" : "static";
}

/* The topology the lab was brought up from, with its stored keying
 * override applied; NULL when it cannot be read (nothing to compare). */
static struct bl_topology *running_topology(const struct bl_manifest *m)
{
	char path[PATH_MAX];
	struct bl_topology *t = NULL;
	FILE *quiet = fopen("/dev/null", "w");

	if (!quiet)
		return NULL;
	bl_state_topology_of(m, path, sizeof(path));
	if (bl_topology_load_to(path, quiet, &t) < 0)
		t = NULL;
	fclose(quiet);
	if (t)
		bl_lab_keying_apply(m->lab, BL_KEYING_TOPOLOGY, t, NULL);
	return t;
}

static const struct bl_tunnel *tunnel_of(const struct bl_topology *t, const char *site,
					 size_t index)
{
	for (size_t s = 0; s < t->n_vpn_sites; s++)
		if (!strcmp(t->vpn_sites[s].name, site))
			return index < t->vpn_sites[s].n_tunnels ? &t->vpn_sites[s].tunnels[index]
								 : NULL;
	return NULL;
}

static int same_keying(const struct bl_topology *topo, const struct bl_plan *plan,
		       const struct bl_manifest *m)
{
	struct bl_topology *old = running_topology(m);
	int r = 0;

	for (size_t i = 0; old && i < plan->n_tunnels && !r; i++) {
		const struct bl_plan_tunnel *pt = &plan->tunnels[i];
		const char *site = topo->vpn_sites[pt->site].name;
		const struct bl_tunnel *was = tunnel_of(old, site, pt->index);

		if (was && was->keying != pt->keying) {
			bl_err("lab '%s' runs tunnel %s/%zu with %s keying; switching a running "
			       "lab to %s is not supported: bring it down first (branchlab down %s)",
			       m->lab, site, pt->index, keying_name(was->keying),
			       keying_name(pt->keying), m->lab);
			r = -EBUSY;
		}
	}
	bl_topology_free(old);
	return r;
}

int bl_lab_reup_check(const struct bl_topology *topo, const struct bl_plan *plan,
		      const char *abs_path, const struct bl_manifest *m)
{
	if (strcmp(m->topology, abs_path) != 0) {
		bl_err("lab '%s' is up from %s, not from %s: bring it down first "
		       "(branchlab down %s), or give this file another name",
		       m->lab, m->topology, abs_path, m->lab);
		return -EEXIST;
	}
	return same_keying(topo, plan, m);
}
