// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench-script's tunnels: on each end one SA per direction and policies
 * in/out/fwd bound to the tunnel interface, as orchestrator/lab_xfrm.c
 * installs them (same SPIs, reqids, algorithms; fresh random keys).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/random.h>

#include "tests/bench/script_out.h"

#define KEY_MAX 52 /* CBC: 16 cipher + 32 HMAC bytes, GCM: 16 + 4 salt */

struct end {
	const struct bl_plan_tunnel *t;
	const char *netns;
	bl_addr local, remote;
	uint32_t out_spi, in_spi;
	const uint8_t *out_key, *in_key;
};

static void hex(char *buf, const uint8_t *key, size_t len)
{
	for (size_t i = 0; i < len; i++)
		sprintf(buf + 2 * i, "%02x", key[i]);
}

/* "if_id N" or, for a VTI, the key as mark. */
static void bind_of(char *buf, size_t size, const struct bl_plan_tunnel *t)
{
	if (t->kind == BL_TUNNEL_VTI)
		snprintf(buf, size, "mark %u mask 0xffffffff", t->if_id);
	else
		snprintf(buf, size, "if_id %u", t->if_id);
}

static void emit_state(struct script_out *o, const struct end *e, bl_addr src,
		       bl_addr dst, uint32_t spi, const uint8_t *key)
{
	char s[BL_ADDR_STRLEN], d[BL_ADDR_STRLEN], k1[2 * KEY_MAX + 1], k2[65], bind[40];

	bind_of(bind, sizeof(bind), e->t);
	bl_addr_str(src, s);
	bl_addr_str(dst, d);
	if (e->t->esp == BL_ESP_AES_GCM) {
		hex(k1, key, 20);
		script_ip(o, e->netns, "xfrm state add src %s dst %s proto esp spi 0x%08x "
			  "reqid %u mode tunnel replay-window 32 aead 'rfc4106(gcm(aes))' "
			  "0x%s 128 %s", s, d, spi, e->t->if_id, k1, bind);
		return;
	}
	hex(k1, key, 16);
	hex(k2, key + 20, 32);
	script_ip(o, e->netns, "xfrm state add src %s dst %s proto esp spi 0x%08x "
		  "reqid %u mode tunnel replay-window 32 enc 'cbc(aes)' 0x%s "
		  "auth-trunc 'hmac(sha256)' 0x%s 128 %s", s, d, spi, e->t->if_id, k1,
		  k2, bind);
}

static void emit_end(struct script_out *o, const struct end *e)
{
	static const char *const dirs[] = { "in", "out", "fwd" };
	char l[BL_ADDR_STRLEN], r[BL_ADDR_STRLEN], bind[40];

	emit_state(o, e, e->local, e->remote, e->out_spi, e->out_key);
	emit_state(o, e, e->remote, e->local, e->in_spi, e->in_key);
	bind_of(bind, sizeof(bind), e->t);
	bl_addr_str(e->local, l);
	bl_addr_str(e->remote, r);
	for (size_t d = 0; d < 3; d++) {
		bool out = !strcmp(dirs[d], "out");

		script_ip(o, e->netns, "xfrm policy update src 0.0.0.0/0 dst 0.0.0.0/0 "
			  "dir %s priority 100 tmpl src %s dst %s proto esp reqid %u "
			  "mode tunnel %s", dirs[d], out ? l : r, out ? r : l,
			  e->t->if_id, bind);
	}
}

static int tunnel_keys(uint8_t *to_gw, uint8_t *to_site)
{
	if (getrandom(to_gw, KEY_MAX, 0) != KEY_MAX ||
	    getrandom(to_site, KEY_MAX, 0) != KEY_MAX) {
		fprintf(stderr, "bench-script: no random bytes for keys\n");
		return -EIO;
	}
	return 0;
}

/* Node by node, like `up` (one batch per namespace): each end of every
 * static tunnel that lives on node n. */
static void emit_node(struct script_out *o, const struct bl_plan *p, size_t n,
		      uint8_t (*keys)[2][KEY_MAX])
{
	for (size_t i = 0; i < p->n_tunnels; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];
		bool gw = p->ifaces[t->gw_iface].node == n;
		struct end e = {
			.t = t, .netns = p->nodes[n].netns,
			.local = gw ? t->gw_outer : t->site_outer,
			.remote = gw ? t->site_outer : t->gw_outer,
			.out_spi = gw ? t->spi_to_site : t->spi_to_gw,
			.in_spi = gw ? t->spi_to_gw : t->spi_to_site,
			.out_key = keys[i][gw ? 1 : 0], .in_key = keys[i][gw ? 0 : 1],
		};

		if (t->keying == BL_KEYING_STATIC &&
		    (gw || p->ifaces[t->site_iface].node == n))
			emit_end(o, &e);
	}
}

int script_tunnels(struct script_out *o, const struct bl_plan *p)
{
	uint8_t (*keys)[2][KEY_MAX] = calloc(p->n_tunnels ? p->n_tunnels : 1,
					     sizeof(*keys));
	int r = keys ? 0 : -ENOMEM;

	for (size_t i = 0; r >= 0 && i < p->n_tunnels; i++)
		r = tunnel_keys(keys[i][0], keys[i][1]);
	for (size_t n = 0; r >= 0 && n < p->n_nodes; n++)
		emit_node(o, p, n, keys);
	if (keys)
		explicit_bzero(keys, p->n_tunnels * sizeof(*keys));
	free(keys);
	return r;
}
