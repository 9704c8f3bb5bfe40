// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Defaults for the keys a site or circuit leaves out, chosen so that they
 * never collide with each other, with the other defaults or with what the
 * file gives explicitly, for any count up to the relaxed limits (2000 VPN
 * sites, 256 circuits). The first ones are the reference plan's
 * (docs/routing-model.md); past them each kind has a pool of its own.
 */
#include "topology/topology_resolve.h"

/* [I] RFC 6996's private 4-byte ASNs, one block per kind: never reserved
 * (R1), never equal across kinds. */
#define VPN_SITE_ASN_BLOCK 4200000000u
#define ER_CIRCUIT_ASN_BLOCK 4210000000u
#define REFERENCE_COUNT 10

static bool asn_given(const struct raw_topology *raw, uint32_t asn)
{
	if (raw->vpn_gateway && raw->vpn_gateway->asn && *raw->vpn_gateway->asn == asn)
		return true;
	for (unsigned i = 0; i < raw->vpn_sites_count; i++)
		if (raw->vpn_sites[i].asn && *raw->vpn_sites[i].asn == asn)
			return true;
	for (unsigned j = 0; j < raw->er_circuits_count; j++)
		if (raw->er_circuits[j].customer_asn && *raw->er_circuits[j].customer_asn == asn)
			return true;
	return false;
}

static uint32_t nth_asn(enum tr_asn_kind kind, unsigned n)
{
	if (kind == TR_ASN_VPN_SITE)
		return n < REFERENCE_COUNT ? 65010 + n : VPN_SITE_ASN_BLOCK + n;
	return n < REFERENCE_COUNT ? 65020 + n : ER_CIRCUIT_ASN_BLOCK + n;
}

uint32_t tr_default_asn(struct resolver *r, enum tr_asn_kind kind)
{
	unsigned *next = kind == TR_ASN_VPN_SITE ? &r->next_vpn_asn : &r->next_er_asn;
	uint32_t asn;

	/* An ASN the file gives some other site is skipped: two sites on
	 * one ASN drop each other's routes (AS-path loop prevention). */
	do
		asn = nth_asn(kind, (*next)++);
	while (asn_given(r->raw, asn));
	return asn;
}

/* The first 99 VPN site LANs are 192.168.1-99.0/24 (192.168.100.0/24
 * holds the first circuits' peering links); then /24s from 10.128.0.0/13,
 * room for 2048 sites, away from the hub (10.0/16) and spokes (10.1-50). */
struct bl_prefix tr_default_site_lan(unsigned i)
{
	if (i < 99)
		return tr_pfx(IP(192, 168, 1 + i, 0), 24);
	return tr_pfx(IP(10, 128, 0, 0) + ((bl_addr)(i - 99) << 8), 24);
}

/* The first 16 circuit LANs are 172.16-31.0.0/16 (172.16.0.0/12); then
 * /20s from 10.96.0.0/12, room for 256 more. */
struct bl_prefix tr_default_er_lan(unsigned j)
{
	if (j < 16)
		return tr_pfx(IP(172, 16 + j, 0, 0), 16);
	return tr_pfx(IP(10, 96, 0, 0) + ((bl_addr)(j - 16) << 12), 20);
}

/* Two peering /30s a circuit: the first 16 circuits in
 * 192.168.100.128/25, then 10.112.0.0/16 (8192 circuits). */
bl_addr tr_default_er_peering(unsigned j)
{
	if (j < 16)
		return IP(192, 168, 100, 128) + 8 * (bl_addr)j;
	return IP(10, 112, 0, 0) + 8 * (bl_addr)(j - 16);
}
