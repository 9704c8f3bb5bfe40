/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The route model written as a BIRD 2 configuration, one per BGP speaker
 * (`control_plane: bird`, docs/bgp.md): the same sessions over the same
 * addresses as the model's feeds, and import/export filters generated
 * from the same data the model's rules read (route_rules.c), each
 * commented with its rule tag. BIRD then installs the BGP routes in the
 * kernel; branchlab keeps installing the statics.
 */
#ifndef BL_BIRD_CONF_H
#define BL_BIRD_CONF_H

#include <stdbool.h>
#include <stdio.h>

#include "model/route_model.h"

struct bl_bird_conf_opts {
	const char *log_path;  /* the daemon's log file */
	unsigned keepalive;    /* seconds; Azure's are 60 (F2, F3, F5) */
	unsigned hold;         /* seconds; Azure's are 180 */
	const char *vnet_iface; /* a VM's interface on the VNet fabric ("eth0") */
	/* The model under the failures in force, whose RIBs name the
	 * best-external prefixes of the VNet feed and whose feeds carry the
	 * ER maintenance prepending (F4): the filters that depend on
	 * failures; NULL: the configured model itself. The
	 * sessions always come from the configured model, failure-free in
	 * the lab, so a failure changes no session. */
	const struct bl_model *selected;
};

/* [D] the MSEE runs BFD on its BGP sessions: 300 ms, multiplier 3. */
#define BL_MSEE_BFD_MS 300u
#define BL_MSEE_BFD_MULTIPLIER 3u

/* Whether node is a BGP speaker of the model with at least one session
 * (a failed node or an RRAS without BGP has none). */
bool bl_model_bgp_speaker(const struct bl_model *m, const char *node);
/* Whether the model's selected route for prefix at node is BGP-learned,
 * or at a VM programmed by a gateway (so BIRD, not branchlab, installs it
 * in bird mode where node runs a BIRD). */
bool bl_model_route_is_bgp(const struct bl_model *m, const char *node,
			   struct bl_prefix prefix);
/* Whether node is a VM that gateways program (the hub's or a gateway-transit
 * spoke's, a programming gateway up): it gets a BIRD fed by them. */
bool bl_model_vm_fed(const struct bl_model *m, const char *node);
bool bl_model_is_vm(const struct bl_model *m, const char *node);
/* A BGP speaker or a fed VM: a node that runs a BIRD in bird mode. */
bool bl_model_bird_node(const struct bl_model *m, const char *node);
/* Write node's configuration (a speaker's or a fed VM's). -ENOENT when
 * node runs no BIRD. */
int bl_model_bird_conf(const struct bl_model *m, const char *node,
		       const struct bl_bird_conf_opts *o, FILE *out);

/* Shared by route_bird.c and route_bird_vm.c. */
int bl_model_bird_vm_conf(const struct bl_model *m, const char *node,
			  const struct bl_bird_conf_opts *o, FILE *out);
/* A gateway's sessions to the VMs it programs (the VNet feed). */
void bl_model_bird_vm_feeds(const struct bl_model *m, const char *node,
			    const struct bl_bird_conf_opts *o, FILE *out);
/* BIRD function bl_from_er(): the AS path holds an MSEE's AS. */
void bl_model_bird_er_match(const struct bl_model *m, FILE *out);

#endif
