/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal to the topology resolver (topology_resolve*.c): its state and
 * the helpers both halves use. The allocation order is documented at the
 * top of topology_resolve.c.
 */
#ifndef BL_TOPOLOGY_RESOLVE_H
#define BL_TOPOLOGY_RESOLVE_H

#include "topology/topology_internal.h"

#define IP(a, b, c, d) (((bl_addr)(a) << 24) | ((b) << 16) | ((c) << 8) | (d))
#define AZURE_ASN 65515
#define MSEE_ASN 12076

struct resolver {
	const struct raw_topology *raw;
	struct bl_topo_diag *d;
	struct bl_topology *t;
	size_t next_transit; /* /30 index into transit_pool */
	bool transit_full;
	unsigned next_vpn_asn, next_er_asn; /* defaults handed out so far */
};

struct bl_prefix tr_pfx(bl_addr addr, uint8_t len);
bl_addr tr_last_addr(struct bl_prefix p);
/* The prefix or address given as text (errors to the diagnostics), or def. */
void tr_prefix_or(struct resolver *r, const char *key, const char *text,
		  struct bl_prefix def, struct bl_prefix *out);
void tr_addr_or(struct resolver *r, const char *key, const char *text, bl_addr def,
		bl_addr *out);
int tr_prefix_list(struct resolver *r, const char *key, char **texts, unsigned n,
		   struct bl_prefix **out, size_t *n_out);
int tr_one_prefix(struct bl_prefix p, struct bl_prefix **out, size_t *n);
int tr_resolve_hosts(struct resolver *r, const char *key, const struct raw_host *raw,
		     unsigned n, struct bl_prefix subnet, unsigned first, bl_addr gateway,
		     const char *default_name, struct bl_host **out, size_t *n_out);

/* topology_defaults.c: what a site or circuit gets for a key it leaves
 * out; never equal to another default or to an ASN the file gives. */
enum tr_asn_kind { TR_ASN_VPN_SITE, TR_ASN_ER_CIRCUIT };
uint32_t tr_default_asn(struct resolver *r, enum tr_asn_kind kind);
struct bl_prefix tr_default_site_lan(unsigned i);
struct bl_prefix tr_default_er_lan(unsigned j);
bl_addr tr_default_er_peering(unsigned j);

/* topology_resolve_sites.c: VPN sites and ER circuits, with their
 * transit /30s, in file order. */
int tr_resolve_vpn_sites(struct resolver *r);
int tr_resolve_er_circuits(struct resolver *r);

#endif
