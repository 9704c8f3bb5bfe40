// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Best-path selection. Candidates for one prefix are compared step by
 * step; the first step that separates two paths decides, and its text
 * (naming the rule) says why the loser is inactive. Paths no step
 * separates are all active: that is ECMP.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct select_ctx {
	bool azure;                     /* a 65515 speaker: R15 applies */
	enum bl_rs_preference preference;
};

struct select_step {
	int (*cmp)(const struct bl_route *a, const struct bl_route *b,
		   const struct select_ctx *c);
	const char *why;
};

/* [I] Administrative distance as every router has it: a connected or
 * static route beats anything BGP brings (this is what keeps the R3 host
 * route, not an eBGP copy of it, selected on the VPN gateway). */
static int admin_rank(enum bl_route_source s)
{
	switch (s) {
	case BL_SRC_CONNECTED:
		return 0;
	case BL_SRC_STATIC:
		return 1;
	case BL_SRC_DEFAULT:
		return 3;
	default:
		return 2;
	}
}

static int by_admin(const struct bl_route *a, const struct bl_route *b,
		    const struct select_ctx *c)
{
	(void)c;
	return admin_rank(a->source) - admin_rank(b->source);
}

/* [I] R20 weight first; [D] R21 ER connection weight and [D/I] R22 RRAS
 * per-peer weight are carried in the same field. Higher wins. */
static int by_weight(const struct bl_route *a, const struct bl_route *b,
		     const struct select_ctx *c)
{
	(void)c;
	return a->weight == b->weight ? 0 : a->weight > b->weight ? -1 : 1;
}

/* [I] R20: then local preference, higher wins. */
static int by_local_pref(const struct bl_route *a, const struct bl_route *b,
			 const struct select_ctx *c)
{
	(void)c;
	return a->local_pref == b->local_pref ? 0 :
	       a->local_pref > b->local_pref ? -1 : 1;
}

static int origin_rank(enum bl_route_origin o, enum bl_rs_preference pref)
{
	if (o == BL_ORIGIN_AZURE)
		return 0;
	if (pref == BL_PREFER_VPN)
		return o == BL_ORIGIN_VPN ? 1 : 2;
	return o == BL_ORIGIN_ER ? 1 : 2;
}

/* [D] R15: between equal prefixes from ER and VPN, ExpressRoute wins;
 * Route Server's routing preference may choose VPN, or leave it to the
 * AS-path length. Only Azure's own speakers apply it. */
static int by_origin(const struct bl_route *a, const struct bl_route *b,
		     const struct select_ctx *c)
{
	if (!c->azure || c->preference == BL_PREFER_ASPATH)
		return 0;
	return origin_rank(a->origin, c->preference) -
	       origin_rank(b->origin, c->preference);
}

/* [I] R20 / [D] R15, R21: shorter AS path wins; equal length ties. */
static int by_as_path(const struct bl_route *a, const struct bl_route *b,
		      const struct select_ctx *c)
{
	(void)c;
	return (int)a->as_path->len - (int)b->as_path->len;
}

/* [I] R20: eBGP over iBGP. */
static int by_session(const struct bl_route *a, const struct bl_route *b,
		      const struct select_ctx *c)
{
	(void)c;
	return (a->source == BL_SRC_IBGP) - (b->source == BL_SRC_IBGP);
}

static const struct select_step steps[] = {
	{ by_admin, "a connected or static route is preferred [I]" },
	{ by_weight, "lower weight (R20 [I], R21 [D], R22 [D/I])" },
	{ by_local_pref, "lower local preference (R20 [I])" },
	{ by_origin, "the other gateway type is preferred for an equal prefix (R15 [D])" },
	{ by_as_path, "longer AS path (R20 [I], R15/R21 [D])" },
	{ by_session, "iBGP loses to eBGP (R20 [I])" },
};

#define N_STEPS (sizeof(steps) / sizeof(steps[0]))

/* The first step separating a from b: <0 a better, >0 b better, 0 tie;
 * *why gets that step's text. */
static int compare(const struct bl_route *a, const struct bl_route *b,
		   const struct select_ctx *c, const char **why)
{
	for (size_t i = 0; i < N_STEPS; i++) {
		int d = steps[i].cmp(a, b, c);

		if (d) {
			*why = steps[i].why;
			return d;
		}
	}
	*why = NULL;
	return 0;
}

void bl_select_group(const struct bl_model *m, bool azure,
		     struct bl_route *rows, size_t n)
{
	const struct bl_route_server *rs = &m->topo->route_server;
	struct select_ctx c = {
		.azure = azure,
		.preference = rs->present ? rs->preference : BL_PREFER_EXPRESSROUTE,
	};
	const char *why;
	size_t best = 0;

	for (size_t i = 1; i < n; i++)
		if (compare(&rows[i], &rows[best], &c, &why) < 0)
			best = i;
	for (size_t i = 0; i < n; i++) {
		bool loses = compare(&rows[best], &rows[i], &c, &why) < 0;

		rows[i].active = !loses;
		rows[i].why = loses ? why : NULL;
	}
}

/*
 * The path a speaker offers the rest of Azure for one prefix (rows of one
 * group, selection done). Usually its best. [I] A VPN instance whose best
 * is BGP offers its best *external* path (its own tunnel's eBGP route)
 * when it has one, as BGP's best-external does: so a prepended tunnel
 * loses at the ER gateway and in the VNet (R15, R22), while an instance
 * without a tunnel still offers its sibling's route (R19). A static best
 * is offered as is, and R12 stops it.
 */
const struct bl_route *bl_select_offer(const struct bl_model *m,
				       const struct bl_speaker *s,
				       const struct bl_route *rows, size_t n)
{
	struct select_ctx c = { .azure = true, .preference = BL_PREFER_EXPRESSROUTE };
	const struct bl_route *best = NULL, *ext = NULL;
	const char *why;

	(void)m;
	for (size_t i = 0; i < n && !best; i++)
		if (rows[i].active)
			best = &rows[i];
	if (!best || s->kind != BL_SPK_VPN ||
	    (best->source != BL_SRC_EBGP && best->source != BL_SRC_IBGP))
		return best;
	for (size_t i = 0; i < n; i++)
		if (rows[i].source == BL_SRC_EBGP &&
		    (!ext || compare(&rows[i], ext, &c, &why) < 0))
			ext = &rows[i];
	return ext ? ext : best;
}

static bool is_azure(enum bl_speaker_kind k)
{
	return k == BL_SPK_VPN || k == BL_SPK_ER || k == BL_SPK_RS;
}


/* memcpy() wants a valid source even for zero bytes. */
static void append(struct bl_route *dst, size_t *n, const struct bl_route *src,
		   size_t count)
{
	if (count)
		memcpy(dst + *n, src, count * sizeof(*src));
	*n += count;
}

/* Local routes and every Adj-RIB-In, in one allocation (this runs for
 * every speaker every round). */
static int gather(struct bl_model *m, const struct bl_speaker *s, size_t *n)
{
	size_t total = s->n_local;
	int r;

	for (size_t i = 0; i < s->n_in_feeds; i++)
		if (!m->feeds[s->in_feeds[i]].down)
			total += m->feeds[s->in_feeds[i]].n_in;
	r = bl_scratch_reserve(&m->gathered, total + 1);
	if (!r)
		r = bl_scratch_reserve(&m->sorted, total + 1);
	if (r)
		return r;
	*n = 0;
	append(m->gathered.v, n, s->local, s->n_local);
	for (size_t i = 0; i < s->n_in_feeds; i++) {
		const struct bl_feed *f = &m->feeds[s->in_feeds[i]];

		if (!f->down)
			append(m->gathered.v, n, f->in, f->n_in);
	}
	return 0;
}

int bl_select_speaker(struct bl_model *m, struct bl_speaker *s)
{
	struct bl_route *rows;
	size_t n = 0, start = 0;
	int r;

	r = gather(m, s, &n);
	if (!r)
		r = bl_routes_sort_into(m->gathered.v, n, m->sorted.v);
	if (r < 0)
		return r;
	rows = m->sorted.v;
	for (size_t i = 1; i <= n; i++) {
		if (i < n && !bl_prefix_cmp(rows[i].prefix, rows[start].prefix))
			continue;
		bl_select_group(m, is_azure(s->kind), rows + start, i - start);
		start = i;
	}
	/* Equal candidates select equally: comparing them is enough. */
	if (bl_routes_same_list(rows, n, s->rib, s->n_rib))
		return 0;
	r = bl_routes_store(&s->rib, &s->n_rib, rows, n);
	return r < 0 ? r : 1;
}
