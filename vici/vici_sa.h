/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The state of a charon's SAs, as `status` shows it: read from the
 * list-sa events of a list-sas request. Parsing works on the plain
 * message form (vici_msg.h), so it is tested without a daemon.
 *
 * Ownership: struct bl_vici_sas owns its array; bl_vici_sas_clear()
 * frees it and leaves an empty list (clearing an empty list is a no-op).
 */
#ifndef BL_VICI_SA_H
#define BL_VICI_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vici/vici_msg.h"

#define BL_VICI_NAME_BUF 64
#define BL_VICI_STATE_BUF 24
/* A route-based tunnel has one CHILD_SA, two while it rekeys: more are
 * counted in n_children_dropped and not kept. */
#define BL_VICI_MAX_CHILDREN 4

struct bl_vici_child_sa {
	char name[BL_VICI_NAME_BUF];   /* config name */
	char state[BL_VICI_STATE_BUF]; /* INSTALLED, REKEYING, ... */
	uint32_t spi_in, spi_out;
	uint64_t bytes_in, bytes_out;
	uint64_t packets_in, packets_out;
	long rekey_in_s;               /* seconds to rekey, -1 unknown */
	long installed_s;              /* seconds since installed, -1 unknown */
	char esp[BL_VICI_NAME_BUF];    /* "AES_GCM_16-256" */
};

struct bl_vici_ike_sa {
	char name[BL_VICI_NAME_BUF];
	char state[BL_VICI_STATE_BUF]; /* ESTABLISHED, CONNECTING, ... */
	char local_host[48], remote_host[48];
	long established_s;            /* seconds since established, -1 unknown */
	long rekey_in_s;
	char proposal[BL_VICI_NAME_BUF]; /* "AES_CBC-256/HMAC_SHA2_256_128/ECP_256" */
	struct bl_vici_child_sa children[BL_VICI_MAX_CHILDREN];
	size_t n_children;
	size_t n_children_dropped;
};

struct bl_vici_sas {
	struct bl_vici_ike_sa *ike;
	size_t n_ike;
};

/* Append the IKE_SAs of one list-sa event to sas: 0, -ENOMEM, or
 * -EINVAL when the event is not shaped like one. */
int bl_vici_sas_add_event(struct bl_vici_sas *sas, const struct bl_vici_msg *ev);
void bl_vici_sas_clear(struct bl_vici_sas *sas);

/* The IKE_SA called name, or NULL. */
const struct bl_vici_ike_sa *bl_vici_sas_find(const struct bl_vici_sas *sas,
					      const char *name);
/* Does it have a CHILD_SA of that config name in state INSTALLED? */
bool bl_vici_ike_child_installed(const struct bl_vici_ike_sa *ike,
				 const char *child);

#endif
