/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to `up`: one run's state, shared by lab_up.c (namespaces and
 * links), lab_xfrm.c (SAs and policies) and lab_routes.c (routes).
 */
#ifndef BL_LAB_RUN_H
#define BL_LAB_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "lab/lab_ns.h"
#include "lab/lab_state.h"
#include "plan/plan.h"

struct bl_nl_batch;

struct bl_lab_run {
	const struct bl_topology *topo;
	const struct bl_plan *plan;
	struct bl_keys *keys;
	int keying;              /* --keying, or BL_KEYING_TOPOLOGY (lab_ike.h) */
	int control_plane;       /* --control-plane, or BL_CONTROL_TOPOLOGY (lab_bird.h) */
	struct bl_lab_ns *ns;    /* one per plan node */
	bool *created;           /* namespaces this run created */
	bool converging;         /* the lab was up already */
	/* Failed elements (lab_failures.h): their links stay down, the
	 * model is computed under them. Owned. */
	struct bl_failure *failures;
	size_t n_failures;
	size_t links_changed;    /* links whose up/down state this run changed */
	size_t routes_changed[3]; /* added, replaced, removed */
	struct bl_nl_batch *batch;
	/* Interfaces by node: those of node n are by_node[node_first[n]]
	 * up to by_node[node_first[n + 1]] (plan order kept). */
	size_t *by_node;
	size_t *node_first;
};

/* Free room in run->batch for one message; NULL (reported) when out of
 * memory. Pass the builder's result to bl_nl_batch_seal(). */
void *bl_lab_room(struct bl_lab_run *run, size_t *size);
/* A builder refused its arguments: report it with the object. */
int bl_lab_build_failed(int r, const char *what, const char *node);

int bl_lab_install_tunnels(struct bl_lab_run *run);
/* Links up or down as the failures want, then routes, on a lab that is up
 * (`fail`, `restore`): run->topo, plan and failures set by the caller,
 * who holds the lab's lock. Frees what it allocated in run, and
 * run->failures, which it owns from then on. */
int bl_lab_reconverge(struct bl_lab_run *run);
int bl_lab_install_routes(struct bl_lab_run *run);
/* lab_ike.c: charons, keys, negotiation of ikev2 tunnels. A tunnel the
 * failures hold down (run->failures) is not negotiated: its SAs are
 * terminated on both ends. */
int bl_lab_ike_up(struct bl_lab_run *run);
/* `fail`, `restore`: the same for daemons that run (none is started):
 * SAs of failed tunnels terminated on both ends, every other ikev2 tunnel
 * not installed on both ends negotiated again. */
int bl_lab_ike_converge(struct bl_lab_run *run);
/* lab_bird.c: one BIRD per BGP speaker when control_plane is bird. */
int bl_lab_bird_up(struct bl_lab_run *run);
/* `fail`, `restore` in bird mode: no session changes (the configurations
 * are the failure-free model's), the daemons converge by protocol; a
 * configuration whose best-external filter the failures change is
 * rewritten and reread. Nothing in static mode. */
int bl_lab_bird_converge(struct bl_lab_run *run);

#endif
