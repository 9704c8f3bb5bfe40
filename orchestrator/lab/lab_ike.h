/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IKEv2 keying in the lab lifecycle: one charon per IPsec node (RRAS and
 * each VPN gateway instance with an ikev2 tunnel), keyed over vici
 * (vici/), state under <state>/charon/ (0700):
 *   <node>.conf .vici .log .pid   see vici/charon.h
 *   <node>.psk                    the pre-shared keys this node loads, one
 *                                 "<tunnel> <hex>" line per tunnel, 0600,
 *                                 never printed. Each side has its own
 *                                 file, as RRAS and Azure are configured
 *                                 separately: both get the same random key
 *                                 when a tunnel is new; a line edited in
 *                                 one file is kept (a wrong-key test).
 * A tunnel is named "<rras node>-<gateway node>" for charon and in errors.
 *
 * `up --keying static|ikev2` overrides every tunnel's keying; the choice is
 * kept in <state>/keying so that later `up`s and `status` see the same
 * lab. Switching the keying of a lab that is up is not supported: `down`
 * first.
 *
 * Every function reports its own errors (bl_err) and returns 0 or -errno.
 */
#ifndef BL_LAB_IKE_H
#define BL_LAB_IKE_H

#include <stdbool.h>
#include <stddef.h>

#include "plan/plan.h"
#include "topology/topology.h"
#include "vici/charon.h"
#include "vici/vici_sa.h"

#define BL_IKE_NAME_BUF 64
/* No --keying given: the stored override, or the topology's own. */
#define BL_KEYING_TOPOLOGY (-1)

/* "<state>/charon" into buf (PATH_MAX). */
void bl_lab_ike_dir(const char *lab, char *buf, size_t size);
/* The tunnel's charon name, "<rras node>-<gateway node>". */
void bl_lab_ike_tunnel_name(const struct bl_plan *p, const struct bl_plan_tunnel *t,
			    char name[BL_IKE_NAME_BUF]);
/* Does node n end an ikev2 tunnel? */
bool bl_lab_ike_node(const struct bl_plan *p, size_t n);

/*
 * Apply keying (BL_KEYING_* or BL_KEYING_TOPOLOGY: the lab's stored
 * override, if any) to every tunnel of topo and plan.
 */
void bl_lab_keying_apply(const char *lab, int keying, struct bl_topology *topo,
			 struct bl_plan *plan);
/* Keep the override in the state directory (which must exist). */
int bl_lab_keying_save(const char *lab, int keying);

/* The `up` phase bl_lab_ike_up() is declared in lab_run.h: start the
 * missing or dead daemons (all at once), load keys and connections,
 * initiate every tunnel not installed on both ends, wait for its
 * CHILD_SAs. On a failure of a new lab, stops the daemons again. */

/* Stop every charon the lab recorded, remove <state>/charon. */
int bl_lab_ike_clean(const char *lab);

/* Pre-shared keys of the plan's ikev2 tunnels, both sides' files. */
int bl_lab_psk_sync(const char *lab, const struct bl_plan *p);
/* The key node has for tunnel into psk (65 bytes); -ENOKEY (not
 * reported: callers run on worker threads) if none. */
int bl_lab_psk_get(const char *lab, const char *node, const char *tunnel,
		   char psk[65]);

/* What `status` shows of the daemons and their SAs, per plan node. */
struct bl_lab_ike_node_view {
	bool used;                  /* ends an ikev2 tunnel */
	enum bl_charon_state state;
	int pid;
	struct bl_vici_sas sas;
	char error[1024];           /* listing the SAs failed: why */
};

struct bl_lab_ike_view {
	struct bl_lab_ike_node_view *nodes;
	size_t n;
};

/* Read every daemon's state and SAs; owned, free with _view_free(). */
int bl_lab_ike_view_read(const struct bl_plan *p, struct bl_lab_ike_view *v);
void bl_lab_ike_view_free(struct bl_lab_ike_view *v);
/* Print the IKE part of one tunnel (text: lines; json: ,"ike":{...}). */
void bl_lab_ike_print_tunnel(const struct bl_plan *p, const struct bl_lab_ike_view *v,
			     size_t tunnel, bool json);
/* Print the daemons (text: section; json: ,"charons":[...]); returns
 * -ESRCH after reporting each dead daemon by node name. */
int bl_lab_ike_print_daemons(const struct bl_plan *p, const struct bl_lab_ike_view *v,
			     bool json);

#endif
