// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The VNet feed of `control_plane: bird` (docs/bgp.md, "The VNet feed"):
 * Azure's fabric programs what the gateways learn into every VM of the
 * VNet [D] R5; in the lab each VM runs a passive BIRD that the gateways
 * programming its VNet feed over iBGP, so a VM's gateway routes follow
 * the gateways' live state. Which gateway programs what is the model's
 * route_vnet.c (programs(), programmed(), merge_group()), written here as
 * BIRD filters, each with its rule tag.
 *
 * Names: at the gateway the session is "v_<vm>", at the VM "g_<gateway>".
 */
#include "model/bird_conf.h"
#include "model/route_internal.h"

#include <errno.h>
#include <string.h>

struct vm_ref {
	const struct bl_vnet *vnet;
	bool hub;
	const struct bl_host *vm;
};

static bool find_in(const struct bl_vnet *v, bool hub, const char *node, struct vm_ref *out)
{
	for (size_t s = 0; s < v->n_subnets; s++)
		for (size_t h = 0; h < v->subnets[s].n_vms; h++)
			if (!strcmp(v->subnets[s].vms[h].name, node)) {
				*out = (struct vm_ref){ v, hub, &v->subnets[s].vms[h] };
				return true;
			}
	return false;
}

static bool find_vm(const struct bl_model *m, const char *node, struct vm_ref *out)
{
	if (find_in(&m->topo->hub, true, node, out))
		return true;
	for (size_t i = 0; i < m->topo->n_spokes; i++)
		if (find_in(&m->topo->spokes[i], false, node, out))
			return true;
	return false;
}

bool bl_model_is_vm(const struct bl_model *m, const char *node)
{
	struct vm_ref v;

	return find_vm(m, node, &v);
}

/* Whether speaker s programs routes into the VNet v (route_vnet.c):
 * [D] R6 only the hub and spokes with gateway transit get gateway routes;
 * [D] R5 the ER gateway does; a VPN instance does unless, [B] R10, an ER
 * gateway coexists without Route Server. The Route Server programs
 * nothing (control plane only). A failed gateway feeds nothing. */
static bool programs_vnet(const struct bl_model *m, const struct bl_speaker *s,
			  const struct vm_ref *v)
{
	const struct bl_topology *t = m->topo;

	if (!v->hub && !v->vnet->gateway_transit)
		return false;
	if (s->kind != BL_SPK_ER && s->kind != BL_SPK_VPN)
		return false;
	if (!bl_model_bgp_speaker(m, s->name))
		return false;
	return s->kind == BL_SPK_ER || !(t->er_gateway.present && !t->route_server.present);
}

bool bl_model_vm_fed(const struct bl_model *m, const char *node)
{
	struct vm_ref v;

	if (!find_vm(m, node, &v))
		return false;
	for (size_t i = 0; i < m->n_speakers; i++)
		if (programs_vnet(m, &m->speakers[i], &v))
			return true;
	return false;
}

bool bl_model_bird_node(const struct bl_model *m, const char *node)
{
	return bl_model_bgp_speaker(m, node) || bl_model_vm_fed(m, node);
}

static void name_of(const char *prefix, const char *node, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "%s", prefix);

	for (size_t i = 0; node[i] && n + 1 < size; i++)
		buf[n++] = (node[i] >= 'a' && node[i] <= 'z') || (node[i] >= '0' && node[i] <= '9')
				   ? node[i]
				   : '_';
	buf[n] = '\0';
}

static void timers(const struct bl_bird_conf_opts *o, FILE *out)
{
	fprintf(out, "\thold time %u;\n\tkeepalive time %u;\n", o->hold, o->keepalive);
	fprintf(out, "\tconnect delay time 1;\n\tconnect retry time 2;\n\terror wait time 1, 4;\n");
}

/* [I] Best external (route_select.c, bl_select_offer): where a VPN
 * instance's best is its sibling's iBGP path but it holds its own tunnel's
 * eBGP path, the model programs the own (longer: R15/R22) path, which then
 * loses in the VNet. BIRD 2.0 exports its best only, so that prefix is not
 * programmed from the sibling's path. */
static void best_external(const struct bl_model *m, const struct bl_speaker *self,
			  const struct bl_bird_conf_opts *o, FILE *out)
{
	char p[BL_PREFIX_STRLEN];

	/* The same speaker in the model under the failures; a failed one
	 * feeds no VM there, and its RIB is empty. */
	if (o->selected && o->selected != m)
		for (size_t i = 0; i < o->selected->n_speakers; i++)
			if (!strcmp(o->selected->speakers[i].name, self->name))
				self = &o->selected->speakers[i];

	for (size_t i = 0; i < self->n_rib; i++) {
		bool ext = false, ibgp_best = false;
		size_t k = i;

		for (; k < self->n_rib && !bl_prefix_cmp(self->rib[k].prefix, self->rib[i].prefix); k++) {
			ext |= self->rib[k].source == BL_SRC_EBGP;
			ibgp_best |= self->rib[k].active && self->rib[k].source == BL_SRC_IBGP;
		}
		if (ext && ibgp_best)
			fprintf(out, "\t# [I] best external: the model programs its own tunnel's path here\n"
				     "\tif net = %s && proto ~ \"i_*\" then reject;\n",
				bl_prefix_str(self->rib[i].prefix, p));
		i = k - 1;
	}
}

/* The gateway's export to one VM: what route_vnet.c's programs() and
 * programmed() let the gateway program. */
static void feed_filter(const struct bl_model *m, const struct bl_speaker *self,
			const struct bl_bird_conf_opts *o, const char *name, FILE *out)
{
	fprintf(out, "filter out_%s {\n", name);
	fprintf(out, "\t# R16 [D]: the VNet's own prefixes are system routes, not programmed\n"
		     "\tif proto = \"st_announce\" then reject;\n");
	fprintf(out, "\t# R5 [D]: every route the gateway selected but connected ones, its\n"
		     "\t# statics (R3: the on-prem BGP address) included\n"
		     "\tif proto = \"st_model\" then accept;\n"
		     "\tif source != RTS_BGP then reject;\n");
	if (self->kind == BL_SPK_VPN) {
		fprintf(out, "\t# [I]: an ER route a VPN instance heard from the Route Server is the\n"
			     "\t# ER gateway's to program\n"
			     "\tif bl_from_er() then { reject; }\n");
		best_external(m, self, o, out);
	}
	fprintf(out, "\t# R20 [I]: weight and local preference stay in the gateway; the VNet\n"
		     "\t# compares origin (R15) and AS path only\n"
		     "\tbgp_local_pref = 100;\n\taccept;\n}\n\n");
}

static void feed_session(const struct bl_model *m, const struct bl_speaker *self,
			 const struct vm_ref *v, const struct bl_bird_conf_opts *o, FILE *out)
{
	char name[BL_NAME_BUF + 8], a[BL_ADDR_STRLEN], b[BL_ADDR_STRLEN];

	name_of("v_", v->vm->name, name, sizeof(name));
	feed_filter(m, self, o, name, out);
	fprintf(out, "protocol bgp %s {\n", name);
	fprintf(out, "\tdescription \"VNet feed to %s\";\n", v->vm->name);
	fprintf(out, "\tlocal %s as %u;\n\tneighbor %s as %u;\n", bl_addr_str(self->address, a),
		self->asn, bl_addr_str(v->vm->address, b), self->asn);
	fprintf(out, "\t# over the VNet fabric, a peered spoke's VM is not on-link\n\tmultihop;\n");
	timers(o, out);
	fprintf(out, "\t# iBGP-learned routes (a sibling's R19, the VPN site's at the ER gateway)\n"
		     "\t# go on to the VM too\n\trr client;\n");
	fprintf(out, "\tipv4 {\n\t\timport none;\n\t\texport filter out_%s;\n", name);
	if (self->kind == BL_SPK_VPN)
		fprintf(out, "\t\t# [B] R19: an instance programs with itself as next hop, even its\n"
			     "\t\t# sibling's routes\n\t\tnext hop self on;\n");
	else
		fprintf(out, "\t\t# R5 [D] via itself what it learned from the MSEE; [I] R18 the VPN\n"
			     "\t\t# site's via the instances that advertised it, every path (ECMP)\n"
			     "\t\tnext hop self ebgp;\n\t\tadd paths tx;\n");
	fprintf(out, "\t};\n}\n\n");
}

void bl_model_bird_vm_feeds(const struct bl_model *m, const char *node,
			    const struct bl_bird_conf_opts *o, FILE *out)
{
	const struct bl_topology *t = m->topo;
	const struct bl_speaker *self = NULL;
	struct vm_ref v;

	for (size_t i = 0; i < m->n_speakers && !self; i++)
		if (!strcmp(m->speakers[i].name, node))
			self = &m->speakers[i];
	if (!self)
		return;
	for (size_t k = 0; k <= t->n_spokes; k++) {
		const struct bl_vnet *vn = k ? &t->spokes[k - 1] : &t->hub;

		for (size_t s = 0; s < vn->n_subnets; s++)
			for (size_t h = 0; h < vn->subnets[s].n_vms; h++) {
				v = (struct vm_ref){ vn, !k, &vn->subnets[s].vms[h] };
				if (programs_vnet(m, self, &v))
					feed_session(m, self, &v, o, out);
			}
	}
}

static void space_set(const struct bl_vnet *v, bool *first, FILE *out)
{
	char p[BL_PREFIX_STRLEN];

	for (size_t i = 0; i < v->n_address_space; i++) {
		fprintf(out, "%s%s+", *first ? "" : ", ", bl_prefix_str(v->address_space[i], p));
		*first = false;
	}
}

/* The VM's import: R16 and R15 as route_vnet.c applies them. */
static void vm_import(const struct bl_model *m, const struct vm_ref *v, FILE *out)
{
	const struct bl_route_server *rs = &m->topo->route_server;
	enum bl_rs_preference pref = rs->present ? rs->preference : BL_PREFER_EXPRESSROUTE;
	bool first = true;

	fprintf(out, "filter in_vnet {\n"
		     "\t# R16 [D]: the VNet's own and its peerings' system routes win over BGP,\n"
		     "\t# even a more specific BGP route\n\tif net ~ [ ");
	space_set(v->vnet, &first, out);
	if (v->hub)
		for (size_t i = 0; i < m->topo->n_spokes; i++)
			space_set(&m->topo->spokes[i], &first, out);
	else
		space_set(&m->topo->hub, &first, out);
	fprintf(out, " ] then reject;\n");
	if (pref == BL_PREFER_ASPATH) {
		fprintf(out, "\t# R15 [D]: routing preference aspath, the AS path decides\n");
	} else {
		bool er = pref == BL_PREFER_EXPRESSROUTE;

		fprintf(out, "\t# R15 [D]: for an equal prefix %s wins (routing preference %s),\n"
			     "\t# then the shorter AS path; what ties is ECMP (R18 [I])\n"
			     "\tif bl_from_er() then bgp_local_pref = %u; else bgp_local_pref = %u;\n",
			er ? "ExpressRoute" : "VPN", er ? "expressroute" : "vpn", er ? 101u : 100u,
			er ? 100u : 101u);
	}
	fprintf(out, "\taccept;\n}\n\n");
}

static void vm_session(const struct bl_speaker *gw, const struct vm_ref *v,
		       const struct bl_bird_conf_opts *o, FILE *out)
{
	char name[BL_NAME_BUF + 8], a[BL_ADDR_STRLEN], b[BL_ADDR_STRLEN];

	name_of("g_", gw->name, name, sizeof(name));
	fprintf(out, "protocol bgp %s {\n", name);
	fprintf(out, "\tdescription \"VNet feed from %s\";\n", gw->name);
	fprintf(out, "\tlocal %s as %u;\n\tneighbor %s as %u;\n", bl_addr_str(v->vm->address, a),
		gw->asn, bl_addr_str(gw->address, b), gw->asn);
	fprintf(out, "\tmultihop;\n\t# the gateway connects: a VM listens\n\tpassive on;\n");
	timers(o, out);
	fprintf(out, "\tipv4 {\n\t\timport filter in_vnet;\n\t\texport none;\n"
		     "\t\tgateway recursive;\n");
	if (gw->kind == BL_SPK_ER)
		fprintf(out, "\t\tadd paths rx;\n");
	fprintf(out, "\t};\n}\n\n");
}

int bl_model_bird_vm_conf(const struct bl_model *m, const char *node,
			  const struct bl_bird_conf_opts *o, FILE *out)
{
	char a[BL_ADDR_STRLEN], p[BL_PREFIX_STRLEN];
	struct vm_ref v;

	if (!find_vm(m, node, &v) || !bl_model_vm_fed(m, node))
		return -ENOENT;
	fprintf(out, "# BIRD 2 configuration of VM %s, written by branchlab from its route model:\n"
		     "# the gateways that program its VNet feed it (docs/bgp.md, \"The VNet feed\").\n\n",
		node);
	fprintf(out, "router id %s;\ntimeformat protocol \"%%s\";\n", bl_addr_str(v.vm->address, a));
	fprintf(out, "log \"%s\" { info, remote, warning, error, auth, fatal, bug };\n\n",
		o->log_path);
	fprintf(out, "protocol device { }\n\n");
	bl_model_bird_er_match(m, out);
	fprintf(out, "# The GatewaySubnet is on the VNet fabric: the gateways' addresses, the\n"
		     "# next hops they program, are on-link.\n"
		     "protocol static st_fabric {\n\tipv4 { import all; export none; };\n"
		     "\troute %s via \"%s\";\n}\n\n",
		bl_prefix_str(m->topo->gateway_subnet, p), o->vnet_iface ? o->vnet_iface : "eth0");
	fprintf(out, "# Programmed routes into the kernel (proto bird, metric 32); equal ones as one\n"
		     "# multipath route (R17, R18). The system routes stay branchlab's.\n"
		     "protocol kernel {\n"
		     "\tipv4 { import none; export filter { if source = RTS_BGP then accept; reject; }; };\n"
		     "\tmerge paths on;\n}\n\n");
	vm_import(m, &v, out);
	for (size_t i = 0; i < m->n_speakers; i++)
		if (programs_vnet(m, &m->speakers[i], &v))
			vm_session(&m->speakers[i], &v, o, out);
	return ferror(out) ? -EIO : 0;
}
