/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The benchmark's topology generator: N sites, of which one in ten is an
 * ExpressRoute circuit and the rest VPN sites with two statically keyed
 * tunnels each (one per instance of the active-active gateway), plus one
 * spoke VNet per 20 sites, a Route Server with branch-to-branch, a host on
 * every site LAN and a VM in the hub and every spoke. Addresses are chosen
 * here (not left to the loader's defaults, which run out past 254 sites):
 * VPN LANs 172.16.0.0/13 in /24s, public addresses from 198.18.0.10,
 * ER LANs 10.200.0.0/16 in /24s, ER link /30s from 192.168.0.0, private
 * 4-byte ASNs. Past Azure's counts the file says `limits: relaxed`.
 *
 * Ownership: nothing is allocated; the caller owns the stream.
 */
#ifndef BL_BENCH_GEN_SITES_H
#define BL_BENCH_GEN_SITES_H

#include <stdbool.h>
#include <stdio.h>

#define BENCH_MAX_SITES 2000u

struct bench_shape {
	unsigned vpn_sites;
	unsigned er_circuits;
	unsigned spokes;
	bool relaxed;
};

/* How n sites split into VPN sites, ER circuits and spokes. */
struct bench_shape bench_shape_of(unsigned n);

/* expect of bench_write_topology: every ordered pair of sites' hosts. */
#define BENCH_ALL_PAIRS 0xffffffffu
/* The loader's cap on expectations without `limits: relaxed`. */
#define BENCH_AZURE_MAX_EXPECT 1024u

/* Write the YAML of the n-site lab named `lab` (1-12 of a-z0-9-), with
 * `expect` reach expectations from a site's host to another site's host
 * (reachable, but from one ER site to another not: `ok: false`):
 * 0 none, BENCH_ALL_PAIRS every ordered pair, else that many pairs spread
 * evenly over all of them (at most all). Returns 0, -EINVAL (n of 0 or
 * above BENCH_MAX_SITES) or -EIO (write failed). */
int bench_write_topology(FILE *out, const char *lab, unsigned n, unsigned expect);

/* The ExpressRoute-only lab of n circuits (1-256; past 16 `limits:
 * relaxed`), no VPN gateway: everything the host kernel can run without
 * ESP. With expect, a reach expectation from every circuit's host to a
 * spoke VM (circuit j: spoke j mod spokes) and back: 2n. Returns 0,
 * -EINVAL or -EIO. */
#define BENCH_MAX_ER_CIRCUITS 256u
int bench_write_er_topology(FILE *out, const char *lab, unsigned n, bool expect);

#endif
