/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A lab's state directory, /run/branchlab/<lab>/ (mode 0700; /run is a
 * tmpfs, so it vanishes at reboot together with the namespaces):
 *   manifest  what `up` creates: the topology path and every namespace,
 *             written before the first namespace exists so that `down`
 *             can always find everything, even after a crash midway;
 *   keys      static ESP keys, random per lab, mode 0600, never printed;
 *   model     the route model computed for it (lab/lab_model.h).
 * `down` removes only what a manifest lists, never by name prefix.
 *
 * Ownership: bl_manifest_read() and bl_keys_load() return owned objects;
 * their _free(NULL) is a no-op. bl_lab_open() returns an owned topology
 * and plan (the plan borrows nothing; free both).
 */
#ifndef BL_LAB_STATE_H
#define BL_LAB_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan/plan.h"

struct bl_manifest {
	char lab[BL_NAME_BUF];
	char topology[4096];
	char (*netns)[BL_NETNS_BUF];
	size_t n_netns, cap_netns;
};

/* Load the topology file and plan it; errors reported. */
int bl_lab_open(const char *path, struct bl_topology **topo, struct bl_plan **plan);

/* Where labs keep their state: a tmpfs path, so a reboot forgets a lab
 * together with its namespaces. */
#define BL_STATE_ROOT "/run/branchlab"

/* BL_STATE_ROOT, or $BRANCHLAB_STATE_DIR when set (tests without root). */
const char *bl_state_root(void);
/* "<root>/<lab>[/<file>]" into buf (PATH_MAX). */
void bl_state_path(const char *lab, const char *file, char *buf, size_t size);
/* Create the state dir (0700); *created tells whether it was new. */
int bl_state_create(const char *lab, bool *created);
/* Remove the manifest, keys and the directory; ENOENT is fine. */
int bl_state_remove(const char *lab);

/* previous (may be NULL): the manifest of the lab as it was up; its
 * namespaces stay listed even when the topology dropped their node, so
 * that `down` still removes them. */
int bl_manifest_write(const struct bl_plan *plan, const char *topology_path,
		      const struct bl_manifest *previous);
/* The topology text the lab was brought up from (topo->source_text),
 * kept in its state dir as "topology.yaml"; written whole or not at all. */
int bl_state_snapshot_write(const struct bl_topology *topo);
/* The file a lab name stands for: its snapshot, or for a lab brought up
 * before snapshots existed, the file its manifest names. PATH_MAX bytes. */
void bl_state_topology_of(const struct bl_manifest *m, char *path, size_t size);

/* -ENOENT (not reported) when the lab has no manifest; -EBADMSG, reported
 * with what to do by hand, when it is damaged. */
int bl_manifest_read(const char *lab, struct bl_manifest **out);
/* The same for a command that needs the lab up: every error reported
 * ("lab 'X' is not up" for -ENOENT). */
int bl_manifest_read_up(const char *lab, struct bl_manifest **out);
void bl_manifest_free(struct bl_manifest *m);
bool bl_manifest_has_netns(const struct bl_manifest *m, const char *netns);
/* The names of the labs that are up (have a manifest); owned array. */
int bl_labs_list(char (**labs)[BL_NAME_BUF], size_t *n);

/* Keys of one tunnel: per direction, encryption (AES key + GCM salt, or
 * the CBC key) and, for CBC, the HMAC key. */
#define BL_KEY_BYTES 52
struct bl_tunnel_keys {
	uint32_t if_id;
	uint8_t to_gw[BL_KEY_BYTES];
	uint8_t to_site[BL_KEY_BYTES];
};

struct bl_keys {
	struct bl_tunnel_keys *tunnels;
	size_t n;
};

/* Read the lab's keys file, creating missing tunnel keys from
 * getrandom() and writing the file back (0600). */
int bl_keys_load(const struct bl_plan *plan, struct bl_keys **out);
void bl_keys_free(struct bl_keys *k);
const struct bl_tunnel_keys *bl_keys_find(const struct bl_keys *k, uint32_t if_id);

#endif
