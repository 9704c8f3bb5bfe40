/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vici requests branchlab sends to a charon, built as plain data
 * (vici_msg.h) with no I/O, so each one can be checked without a daemon.
 * vici_io.h sends them.
 *
 * One tunnel is one IKE connection and one CHILD_SA config, both named
 * after the tunnel (e.g. "rras-a-in0"): route-based, traffic selectors
 * 0.0.0.0/0 both ways, bound to the tunnel interface by if_id (xfrm
 * interface) or by mark (VTI), so what enters the tunnel is decided by the
 * routes the lab installs, as on Azure and RRAS.
 *
 * Ownership: every builder returns 0 and an owned message in *out (free
 * with bl_vici_msg_free()), or -ENOMEM / -EINVAL and leaves *out alone.
 */
#ifndef BL_VICI_CMD_H
#define BL_VICI_CMD_H

#include <stdint.h>

#include "vici/vici_msg.h"

/* Preferred first (fast under emulation), then close to Azure's defaults. */
#define BL_VICI_IKE_PROPOSAL "aes256-sha256-ecp256"
#define BL_VICI_IKE_PROPOSAL_AZURE "aes256-sha256-modp2048-modp1024"
#define BL_VICI_ESP_GCM "aes256gcm16"
#define BL_VICI_ESP_CBC "aes256-sha256"

/* Azure's default lifetimes: IKE SA 28800 s, IPsec SA 27000 s. */
#define BL_VICI_IKE_REKEY_S 28800
#define BL_VICI_CHILD_REKEY_S 27000
#define BL_VICI_DPD_DELAY_S 10

/* How the kernel tells a tunnel's SAs apart: an xfrm interface's if_id
 * (if_id_in/out), or a VTI's key as the SA mark (mark_in/out). */
enum bl_vici_iface { BL_VICI_XFRMI, BL_VICI_VTI };
/* The ESP proposal offered first; the other stays acceptable. */
enum bl_vici_esp { BL_VICI_GCM_FIRST, BL_VICI_CBC_FIRST };

struct bl_vici_tunnel {
	const char *name;           /* IKE + CHILD config name, no '.' */
	uint32_t local, remote;     /* public (outer) IPv4, host byte order */
	enum bl_vici_iface kind;
	uint32_t if_id;             /* xfrm if_id or VTI key, non-zero */
	enum bl_vici_esp esp;
	/* IKE proposal of this end alone (RRAS's configured one); NULL: the
	 * Azure gateway's list, BL_VICI_IKE_PROPOSAL then ..._AZURE. */
	const char *ike;
};

/* load-conn: the tunnel's IKE and CHILD config (start_action none). */
int bl_vici_build_load_conn(const struct bl_vici_tunnel *t,
			    struct bl_vici_msg **out);
/* unload-conn. */
int bl_vici_build_unload_conn(const char *name, struct bl_vici_msg **out);
/*
 * load-shared: an IKE pre-shared key for the two identities (the public
 * addresses), id'd "psk-<name>" so a reload replaces it. The key is marked
 * secret in the message.
 */
int bl_vici_build_load_psk(const char *name, uint32_t local, uint32_t remote,
			   const char *psk, struct bl_vici_msg **out);
/* initiate: the CHILD_SA (and its IKE_SA), blocking up to timeout_ms;
 * control-log events at loglevel come back while it runs. */
int bl_vici_build_initiate(const char *ike, const char *child,
			   unsigned timeout_ms, int loglevel,
			   struct bl_vici_msg **out);
/* terminate: the IKE_SA (and its CHILD_SAs), blocking up to timeout_ms,
 * then forced (deleted without the peer's answer). */
int bl_vici_build_terminate(const char *ike, unsigned timeout_ms,
			    struct bl_vici_msg **out);
/* list-sas: every SA (ike NULL) or one IKE_SA's, streamed as list-sa
 * events; noblock so a busy SA never stalls `status`. */
int bl_vici_build_list_sas(const char *ike, struct bl_vici_msg **out);

#endif
