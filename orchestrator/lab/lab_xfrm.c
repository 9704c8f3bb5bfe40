// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Static-key tunnels: on each end, one SA per direction and policies
 * out/in/fwd, bound to the tunnel interface (xfrm if_id, or the VTI's key
 * as mark). IKEv2 tunnels get their interfaces here but their SAs from
 * charon, so nothing is flushed: `up` twice converges by upserting
 * policies (XFRM_MSG_UPDPOLICY) and skipping SAs that a dump finds (the
 * keys file keeps their keys), which also keeps their counters.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <stdlib.h>
#include <string.h>

#include "netlink/nl_socket.h"
#include "netlink/xfrm.h"
#include "lab/lab_run.h"
#include "common/report.h"

/* One end of a tunnel seen from its node. */
struct tunnel_end {
	const struct bl_plan_tunnel *t;
	const struct bl_tunnel_keys *keys;
	bool gw_side;
	uint32_t local, remote;
};

static struct bl_nl_xfrm_bind bind_of(const struct bl_plan_tunnel *t)
{
	if (t->kind == BL_TUNNEL_VTI)
		return (struct bl_nl_xfrm_bind){ .mark = t->if_id, .mark_mask = 0xffffffffu };
	return (struct bl_nl_xfrm_bind){ .if_id = t->if_id };
}

/* Key bytes: GCM takes 16 key + 4 salt; CBC takes 16 key then a 32-byte
 * HMAC key (from the same random material, see lab_keys.c). */
static void fill_state(struct bl_nl_xfrm_state *st, const struct bl_plan_tunnel *t,
		       const uint8_t *key, uint32_t src, uint32_t dst, uint32_t spi)
{
	memset(st, 0, sizeof(*st));
	st->src = src;
	st->dst = dst;
	st->spi = spi;
	st->reqid = t->if_id;
	st->bind = bind_of(t);
	if (t->esp == BL_ESP_AES_GCM) {
		st->alg = BL_NL_ESP_AES_GCM;
		st->enc_key_len = 20;
		memcpy(st->enc_key, key, 20);
	} else {
		st->alg = BL_NL_ESP_AES_CBC_SHA256;
		st->enc_key_len = 16;
		memcpy(st->enc_key, key, 16);
		st->auth_key_len = 32;
		memcpy(st->auth_key, key + 20, 32);
	}
}

/* SAs already in the namespace (a converging run), by (dst, spi). */
struct sa_set {
	struct bl_nl_xfrm_sa *sas;
	size_t n;
};

static bool sa_present(const struct sa_set *have, const struct bl_nl_xfrm_state *st)
{
	for (size_t i = 0; i < have->n; i++)
		if (have->sas[i].dst == st->dst && have->sas[i].spi == st->spi)
			return true;
	return false;
}

static int add_state(struct bl_lab_run *run, const struct bl_lab_ns *ns,
		     const struct bl_nl_xfrm_state *st, const struct sa_set *have)
{
	char s[BL_ADDR_STRLEN], d[BL_ADDR_STRLEN];
	size_t room;
	void *m;
	int r;

	if (sa_present(have, st))
		return 0;
	if (!(m = bl_lab_room(run, &room)))
		return -ENOMEM;
	r = bl_nl_batch_seal(run->batch, bl_nl_build_xfrm_state_add(m, room, st),
			     "adding SA %s -> %s spi 0x%08x in '%s'", bl_addr_str(st->src, s),
			     bl_addr_str(st->dst, d), st->spi, ns->node);
	return r < 0 ? bl_lab_build_failed(r, "an SA", ns->node) : 0;
}

static int add_policy(struct bl_lab_run *run, const struct bl_lab_ns *ns,
		      const struct tunnel_end *e, enum bl_nl_xfrm_dir dir)
{
	static const char *const dirs[] = { "in", "out", "fwd" };
	struct bl_nl_xfrm_policy pol = {
		.dir = dir, .reqid = e->t->if_id, .priority = 100, .bind = bind_of(e->t),
		.tmpl_src = dir == BL_NL_XFRM_OUT ? e->local : e->remote,
		.tmpl_dst = dir == BL_NL_XFRM_OUT ? e->remote : e->local,
	};
	size_t room;
	void *m = bl_lab_room(run, &room);
	int len;

	if (!m)
		return -ENOMEM;
	len = bl_nl_build_xfrm_policy_add(m, room, &pol);
	/* UPDPOLICY is NEWPOLICY's insert-or-replace twin (same payload):
	 * a converging run updates instead of failing with EEXIST. */
	if (len > 0)
		((struct nlmsghdr *)m)->nlmsg_type = XFRM_MSG_UPDPOLICY;
	len = bl_nl_batch_seal(run->batch, len, "adding policy %s for if_id %u in '%s'",
			       dirs[dir], e->t->if_id, ns->node);
	return len < 0 ? bl_lab_build_failed(len, "a policy", ns->node) : 0;
}

static int add_end(struct bl_lab_run *run, const struct bl_lab_ns *ns,
		   const struct tunnel_end *e, const struct sa_set *have)
{
	const struct bl_plan_tunnel *t = e->t;
	const uint8_t *out_key = e->gw_side ? e->keys->to_site : e->keys->to_gw;
	const uint8_t *in_key = e->gw_side ? e->keys->to_gw : e->keys->to_site;
	uint32_t out_spi = e->gw_side ? t->spi_to_site : t->spi_to_gw;
	uint32_t in_spi = e->gw_side ? t->spi_to_gw : t->spi_to_site;
	struct bl_nl_xfrm_state st;
	int r;

	fill_state(&st, t, out_key, e->local, e->remote, out_spi);
	r = add_state(run, ns, &st, have);
	fill_state(&st, t, in_key, e->remote, e->local, in_spi);
	if (r >= 0)
		r = add_state(run, ns, &st, have);
	explicit_bzero(&st, sizeof(st));
	for (int dir = BL_NL_XFRM_IN; r >= 0 && dir <= BL_NL_XFRM_FWD; dir++)
		r = add_policy(run, ns, e, (enum bl_nl_xfrm_dir)dir);
	return r;
}

static int existing_sas(struct bl_lab_run *run, struct bl_lab_ns *ns,
			struct sa_set *have)
{
	struct bl_nl_error err = { 0 };
	int r;

	if (!run->converging)
		return 0;
	bl_lab_count_trip();
	r = bl_nl_xfrm_state_dump(ns->xfrm, &have->sas, &have->n, &err);
	if (r < 0)
		bl_err("listing SAs in '%s' failed: %s", ns->node,
		       err.err ? bl_nl_error_reason(&err) : strerror(-r));
	return r;
}

/* Queue every static-key tunnel end that lives on node n. */
static int node_ends(struct bl_lab_run *run, size_t n, const struct sa_set *have)
{
	const struct bl_plan *p = run->plan;
	int r = 0;

	for (size_t i = 0; r >= 0 && i < p->n_tunnels; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];
		bool gw = p->ifaces[t->gw_iface].node == n;
		struct tunnel_end e = {
			.t = t, .gw_side = gw, .keys = bl_keys_find(run->keys, t->if_id),
			.local = gw ? t->gw_outer : t->site_outer,
			.remote = gw ? t->site_outer : t->gw_outer,
		};

		if (t->keying != BL_KEYING_STATIC ||
		    (!gw && p->ifaces[t->site_iface].node != n))
			continue;
		if (!e.keys)
			return bl_err_errno(-ENOKEY, "no key for tunnel if_id %u", t->if_id);
		r = add_end(run, &run->ns[n], &e, have);
	}
	return r;
}

static bool has_tunnel(const struct bl_plan *p, size_t n)
{
	for (size_t i = 0; i < p->n_tunnels; i++)
		if (p->ifaces[p->tunnels[i].gw_iface].node == n ||
		    p->ifaces[p->tunnels[i].site_iface].node == n)
			return true;
	return false;
}

int bl_lab_install_tunnels(struct bl_lab_run *run)
{
	int r = 0;

	for (size_t n = 0; r >= 0 && n < run->plan->n_nodes; n++) {
		struct sa_set have = { 0 };

		if (!has_tunnel(run->plan, n))
			continue;
		r = existing_sas(run, &run->ns[n], &have);
		if (r >= 0)
			r = node_ends(run, n, &have);
		free(have.sas);
		if (r >= 0)
			r = bl_lab_ns_send(&run->ns[n], run->ns[n].xfrm, run->batch);
	}
	return r;
}
