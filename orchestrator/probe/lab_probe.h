/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `trace`, `ping` and `verify` share: a live lab opened with its
 * topology, plan and route model, node addresses, and the tunnels' SA
 * counters read from the kernel.
 *
 * Ownership: bl_live_lab_open() fills a caller's struct whose members it
 * owns until bl_live_lab_close() (which accepts a zeroed struct).
 */
#ifndef BL_LAB_PROBE_H
#define BL_LAB_PROBE_H

#include <stdint.h>

#include "plan/plan.h"
#include "model/route_model.h"

struct bl_live_lab {
	char name[BL_NAME_BUF];
	struct bl_topology *topo;
	struct bl_plan *plan;
	struct bl_model *model;
	/* Failures in force (`fail`), the model is computed under them. */
	struct bl_failure *failures;
	size_t n_failures;
};

/* LAB (a lab that is up) or FILE (its topology file; the lab must be up
 * for probes), without its route model (model NULL): the model of a
 * thousand sites takes seconds and a gigabyte, and only path predictions
 * (trace, paths expectations) read it. Errors reported. */
int bl_live_lab_open(const char *lab_or_file, struct bl_live_lab *lab);
/* Add the route model; on failure (reported: -ELOOP by the model itself)
 * the lab is closed. */
int bl_live_lab_compute_model(struct bl_live_lab *lab);
void bl_live_lab_close(struct bl_live_lab *lab);

/* One end of a probe as the user names it: "node" (its address, as
 * bl_live_lab_node_address), "node/interface" (that interface's address)
 * or an IPv4 address (the node that owns it, BL_PLAN_NONE when none does). */
struct bl_endpoint {
	size_t node;
	bl_addr addr;
};
int bl_live_lab_endpoint(const struct bl_live_lab *lab, const char *text,
			 struct bl_endpoint *out);

/* `[LAB] SRC DST` of ping and trace: open the lab (no model; lab_arg NULL:
 * the only lab that is up) and resolve both ends; SRC must be a node of the
 * lab (the probes leave from its namespace). Errors reported; on failure
 * nothing is left open. */
int bl_live_lab_open_pair(const char *lab_arg, const char *src_text, const char *dst_text,
			  struct bl_live_lab *lab, struct bl_endpoint *src,
			  struct bl_endpoint *dst);

/* The node index of a name, reporting an unknown one. */
int bl_live_lab_node(const struct bl_live_lab *lab, const char *name, size_t *node);
/* The address probes aim at: a VM's or host's own address; for routers
 * their first interface address. -ENOENT when it has none. */
int bl_live_lab_node_address(const struct bl_live_lab *lab, size_t node, bl_addr *out);
/* "node/iface" for an address of the lab, or the address itself. */
const char *bl_live_lab_addr_name(const struct bl_live_lab *lab, bl_addr addr, char *buf,
				  size_t size);

/* Packets each tunnel carried so far, per direction, from the SA
 * counters in the gateway instances' namespaces. counts has
 * plan->n_tunnels entries. */
struct bl_tunnel_count {
	uint64_t to_gw;
	uint64_t to_site;
};
int bl_live_lab_tunnel_counts(const struct bl_live_lab *lab, struct bl_tunnel_count *counts);
/*
 * Packets each tunnel carried while send(data) ran (counters read before
 * and after, with a pause for the answers). send returns 0 or -errno,
 * reported by itself. delta has plan->n_tunnels entries; errors reported.
 */
typedef int (*bl_traffic_fn)(void *data);
int bl_live_lab_tunnel_delta(const struct bl_live_lab *lab, bl_traffic_fn send, void *data,
			     struct bl_tunnel_count *delta);

/* A netlink socket of the given protocol inside a namespace. */
struct bl_nl_sock;
int bl_live_lab_nl_open(const char *netns, int protocol, struct bl_nl_sock **sock);
/* A libnl reader (netlink/nl_read.h) inside a namespace; owned. */
struct bl_nl_reader;
int bl_live_lab_reader_open(const char *netns, struct bl_nl_reader **reader);

/* "a/0" for a plan tunnel: site name / gateway instance. */
const char *bl_live_lab_tunnel_name(const struct bl_live_lab *lab, size_t tunnel, char *buf,
				    size_t size);

#endif
