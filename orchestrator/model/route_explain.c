// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `routes --explain`: what the node does with a prefix, where the prefix
 * comes from, and every rule that stopped it (or a prefix overlapping it)
 * on the way, with the node where the rule acted. The notes are the ones
 * the rules left during the final round, so this explains the very result
 * that is printed and installed.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <string.h>

#include "common/report.h"

static void print_hops(const struct bl_route *r, FILE *out)
{
	char a[BL_ADDR_STRLEN];

	for (size_t i = 0; i < r->hops->n; i++)
		fprintf(out, "%s%s", i ? ", " : " via ", bl_addr_str(r->hops->hop[i].next, a));
}

/* The exact prefix: which paths are used, and why the others are not. */
static bool explain_exact(const char *node, const struct bl_route *rows, size_t n,
			  struct bl_prefix p, FILE *out)
{
	char ps[BL_PREFIX_STRLEN];
	bool used = false;

	for (size_t i = 0; i < n; i++) {
		const struct bl_route *r = &rows[i];

		if (bl_prefix_cmp(r->prefix, p))
			continue;
		fprintf(out, "%s: %s route %s (%s)%s", node, bl_route_source_name(r->source),
			bl_prefix_str(p, ps), bl_nh_type_name(r->nh_type),
			r->active ? " is used" : " is not used");
		print_hops(r, out);
		if (r->why)
			fprintf(out, ": %s", r->why);
		fputc('\n', out);
		used |= r->active && r->nh_type != BL_NH_NONE;
	}
	return used;
}

/* No usable exact route: what a packet to the prefix would match. */
static void explain_lookup(const char *node, const struct bl_route *rows, size_t n,
			   struct bl_prefix p, FILE *out)
{
	const struct bl_route *best = NULL;
	char ps[BL_PREFIX_STRLEN], qs[BL_PREFIX_STRLEN];

	for (size_t i = 0; i < n; i++)
		if (rows[i].active && bl_prefix_covers(rows[i].prefix, p) &&
		    (!best || rows[i].prefix.len > best->prefix.len))
			best = &rows[i];
	bl_prefix_str(p, ps);
	if (!best) {
		fprintf(out, "%s has no route to %s at all: packets are dropped\n", node, ps);
		return;
	}
	fprintf(out, "%s has no usable route to %s; it falls to %s (%s, %s)%s", node, ps,
		bl_prefix_str(best->prefix, qs), bl_route_source_name(best->source),
		bl_nh_type_name(best->nh_type),
		best->nh_type == BL_NH_NONE ? ": dropped (R16 [D])" : "");
	if (best->nh_type != BL_NH_NONE)
		print_hops(best, out);
	fputc('\n', out);
}

static void print_list(const struct bl_prefix *list, size_t n, FILE *out)
{
	char ps[BL_PREFIX_STRLEN];

	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? ", " : "", bl_prefix_str(list[i], ps));
	if (!n)
		fputs("nothing", out);
}

static bool covered(const struct bl_prefix *list, size_t n, struct bl_prefix p)
{
	for (size_t i = 0; i < n; i++)
		if (bl_prefix_covers(list[i], p))
			return true;
	return false;
}

/* Where the prefix lives on-prem and what that site sends into BGP. */
static void explain_origin(const struct bl_topology *t, struct bl_prefix p, FILE *out)
{
	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		const struct bl_vpn_site *s = &t->vpn_sites[i];

		if (!bl_prefix_overlaps(s->lan, p))
			continue;
		if (!covered(s->advertise, s->n_advertise, p) &&
		    !covered(s->static_prefixes, s->n_static_prefixes, p))
			fprintf(out, "site %s announces no prefix covering it (neither over eBGP nor as a local network gateway prefix)\n",
				s->name);
		fprintf(out, "origin: VPN site %s; %s ", s->name, s->router);
		if (s->bgp) {
			fputs("advertises over eBGP: ", out);
			print_list(s->advertise, s->n_advertise, out);
		} else {
			fputs("does not run BGP", out);
		}
		fputs("; local network gateway prefixes (static, R3): ", out);
		print_list(s->static_prefixes, s->n_static_prefixes, out);
		fputc('\n', out);
	}
	for (size_t i = 0; i < t->n_er_circuits; i++) {
		const struct bl_er_circuit *c = &t->er_circuits[i];

		if (!bl_prefix_overlaps(c->lan, p))
			continue;
		if (!covered(c->advertise, c->n_advertise, p))
			fprintf(out, "site %s announces no prefix covering it\n", c->name);
		fprintf(out, "origin: ExpressRoute site %s; %s advertises to %s: ", c->name,
			c->ce, c->msee);
		print_list(c->advertise, c->n_advertise, out);
		fputc('\n', out);
	}
}

static void explain_notes(const struct bl_model *m, struct bl_prefix p, FILE *out)
{
	const struct bl_model_note *notes;
	size_t n, shown = 0;

	bl_model_notes(m, &notes, &n);
	for (size_t i = 0; i < n; i++) {
		char ps[BL_PREFIX_STRLEN];

		if (!bl_prefix_overlaps(notes[i].prefix, p))
			continue;
		if (!shown++)
			fputs("rules that stopped it (or an overlapping prefix):\n", out);
		fprintf(out, "  %s%s%s: %s: %s (%s)\n", notes[i].node,
			notes[i].peer[0] ? " -> " : "", notes[i].peer,
			bl_prefix_str(notes[i].prefix, ps), notes[i].text, notes[i].rule);
	}
	bl_model_session_notes(m, &notes, &n);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "  %s (%s)\n", notes[i].text, notes[i].rule);
	if (!shown && !n)
		fputs("no rule stopped it: no node originates it\n", out);
}

int bl_model_explain(const struct bl_model *m, const char *node,
		     struct bl_prefix prefix, FILE *out)
{
	const struct bl_route *rows;
	size_t n;

	if (!m->noting) {
		bl_err("explaining %s needs the rules' notes: compute the model with "
		       "bl_model_compute_noting()", node);
		return -EINVAL;
	}
	if (bl_model_table(m, node, &rows, &n) < 0) {
		bl_err("no node '%s' in the route model (VMs and routers only)", node);
		return -ENOENT;
	}
	if (!explain_exact(node, rows, n, prefix, out))
		explain_lookup(node, rows, n, prefix, out);
	explain_origin(m->topo, prefix, out);
	explain_notes(m, prefix, out);
	return 0;
}
