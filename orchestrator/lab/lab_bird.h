/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * `control_plane: bird` in the lab lifecycle (docs/bgp.md): one BIRD 2
 * daemon per BGP speaker of the model, state under <state>/bird/ (0700):
 *   <node>.conf .ctl .pid .log    see bird/bird_daemon.h
 * `up --control-plane static|bird` overrides the topology's key; the
 * choice is kept in <state>/control_plane for later `up`s, `status` and
 * `diff`. Switching the control plane of a lab that is up is refused.
 *
 * Every function reports its own errors (bl_err) and returns 0 or -errno.
 */
#ifndef BL_LAB_BIRD_H
#define BL_LAB_BIRD_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/plan.h"
#include "topology/topology.h"

/* No --control-plane given: the stored override, or the topology's. */
#define BL_CONTROL_TOPOLOGY (-1)

/* Apply cp (BL_CONTROL_* or BL_CONTROL_TOPOLOGY) to topo. */
void bl_lab_control_apply(const char *lab, int cp, struct bl_topology *topo);
/* The override stored for lab, or BL_CONTROL_TOPOLOGY. */
int bl_lab_control_stored(const char *lab);
int bl_lab_control_save(const char *lab, int cp);

/* "<state>/bird" into buf (PATH_MAX). */
void bl_lab_bird_dir(const char *lab, char *buf, size_t size);

/* The `up` phase (lab_run.h): bl_lab_bird_up(). */

/* Stop every BIRD the lab recorded, remove <state>/bird. */
int bl_lab_bird_clean(const char *lab);

/* `status`: each daemon (running, dead) and its sessions (state, since,
 * routes imported and exported), text or JSON (",\"birds\":[...]").
 * -ESRCH after reporting each dead daemon by node name. */
int bl_lab_bird_print(const struct bl_topology *topo, const struct bl_plan *p, bool json);

/* The daemons' timers: Azure's 60 s keepalive, 180 s hold, unless
 * BRANCHLAB_BGP_HOLD=S (tests) sets the hold time (keepalive S/3). `up`
 * keeps the hold time in <state>/bird/hold: without the variable, later
 * commands (fail, restore, up) configure what the lab runs with. */
void bl_lab_bird_timers(const char *lab, unsigned *keepalive, unsigned *hold);

#endif
