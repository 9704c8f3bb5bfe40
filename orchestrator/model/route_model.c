// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The route model's driver: build the speaker graph, iterate selection and
 * advertisement until nothing changes (a fixpoint), then derive every
 * VNet's effective routes and every node's kernel routes.
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/grow.h"
#include "common/report.h"

/* Arrays grown by push keep no capacity: one is full exactly when its
 * count is zero or a power of two. */
static size_t implied_cap(size_t n)
{
	return (n & (n - 1)) == 0 ? n : n + 1;
}

int bl_routes_push(struct bl_route **arr, size_t *n, const struct bl_route *r)
{
	size_t cap = implied_cap(*n);
	struct bl_route *a = bl_grow(*arr, *n, &cap, sizeof(*a), 4);

	if (!a)
		return -ENOMEM;
	*arr = a;
	a[(*n)++] = *r;
	return 0;
}

struct bl_route bl_route_blank(const struct bl_model *m, struct bl_prefix p)
{
	return (struct bl_route){
		.prefix = p, .hops = m->attrs.no_hops, .as_path = m->attrs.no_path,
		.learned_from = "", .local_pref = 100, .feed = -1,
	};
}

static bl_addr first_hop(const struct bl_route *r)
{
	return r->hops->n ? r->hops->hop[0].next : 0;
}

int bl_prefix_cmp(struct bl_prefix a, struct bl_prefix b)
{
	if (a.addr != b.addr)
		return a.addr < b.addr ? -1 : 1;
	return (int)a.len - (int)b.len;
}

int bl_route_cmp(const void *pa, const void *pb)
{
	const struct bl_route *a = pa, *b = pb;
	int c = bl_prefix_cmp(a->prefix, b->prefix);

	if (c)
		return c;
	if (a->source != b->source)
		return (int)a->source - (int)b->source;
	c = a->learned_from == b->learned_from ? 0 : strcmp(a->learned_from, b->learned_from);
	if (c)
		return c;
	if (a->feed != b->feed)
		return a->feed < b->feed ? -1 : 1;
	if (first_hop(a) != first_hop(b))
		return first_hop(a) < first_hop(b) ? -1 : 1;
	return 0;
}

static int cmp_route_ptr(const void *a, const void *b)
{
	return bl_route_cmp(*(const struct bl_route *const *)a,
			    *(const struct bl_route *const *)b);
}

/* Sorting routes in place makes qsort copy (and allocate) them; sort
 * pointers, then lay the routes out once. Lists usually arrive sorted
 * already (a RIB's order), which costs one pass. */
int bl_routes_sort_into(const struct bl_route *src, size_t n, struct bl_route *dst)
{
	const struct bl_route **order;
	size_t i;

	for (i = 1; i < n && bl_route_cmp(&src[i - 1], &src[i]) <= 0; i++)
		;
	if (i >= n) {
		if (n)
			memcpy(dst, src, n * sizeof(*src));
		return 0;
	}
	/* An array of pointers: sizeof(*order), a pointer's size, is meant. */
	order = malloc(n * sizeof(*order)); /* NOLINT(bugprone-sizeof-expression) */
	if (!order)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		order[i] = &src[i];
	qsort(order, n, sizeof(*order), cmp_route_ptr); /* NOLINT(bugprone-sizeof-expression) */
	for (i = 0; i < n; i++)
		dst[i] = *order[i];
	free(order);
	return 0;
}

int bl_routes_sort(struct bl_route **arr, size_t n)
{
	struct bl_route *sorted;
	int r;

	if (n < 2)
		return 0;
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	r = bl_routes_sort_into(*arr, n, sorted);
	if (r) {
		free(sorted);
		return r;
	}
	free(*arr);
	*arr = sorted;
	return 0;
}

int bl_routes_store(struct bl_route **arr, size_t *n, const struct bl_route *src,
		    size_t count)
{
	if (count != *n) {
		struct bl_route *a = realloc(*arr, (count ? count : 1) * sizeof(*a));

		if (!a)
			return -ENOMEM;
		*arr = a;
	}
	if (count)
		memcpy(*arr, src, count * sizeof(*src));
	*n = count;
	return 0;
}

int bl_scratch_reserve(struct bl_scratch *s, size_t n)
{
	struct bl_route *v;

	if (n <= s->cap)
		return 0;
	v = realloc(s->v, n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->v = v;
	s->cap = n;
	return 0;
}

/* Interned attributes: equal values are equal pointers. Learned-from
 * names may also point into the speakers' own names, so they compare as
 * text. */
bool bl_route_same(const struct bl_route *a, const struct bl_route *b)
{
	return !bl_prefix_cmp(a->prefix, b->prefix) && a->source == b->source &&
	       a->origin == b->origin && a->nh_type == b->nh_type &&
	       a->hops == b->hops && a->as_path == b->as_path &&
	       a->weight == b->weight && a->local_pref == b->local_pref &&
	       (a->learned_from == b->learned_from ||
		!strcmp(a->learned_from, b->learned_from)) &&
	       a->peer_host_route == b->peer_host_route && a->feed == b->feed;
}

bool bl_routes_same_list(const struct bl_route *a, size_t na,
			 const struct bl_route *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!bl_route_same(&a[i], &b[i]))
			return false;
	return true;
}

static int note_push(struct bl_model_note **arr, size_t *n,
		     const struct bl_model_note *note)
{
	size_t cap = implied_cap(*n);
	struct bl_model_note *a = bl_grow(*arr, *n, &cap, sizeof(*a), 8);

	if (!a)
		return -ENOMEM;
	*arr = a;
	a[(*n)++] = *note;
	return 0;
}

/* Notes are best effort: losing one to ENOMEM only shortens an
 * explanation, so the failure is not propagated. */
void bl_model_note(struct bl_model *m, const char *node, const char *peer,
		   const struct bl_prefix *prefix, const char *rule,
		   const char *fmt, ...)
{
	struct bl_model_note note;
	va_list ap;

	if (prefix && !m->noting)
		return;
	note = (struct bl_model_note){ .rule = rule };
	snprintf(note.node, sizeof(note.node), "%s", node);
	snprintf(note.peer, sizeof(note.peer), "%s", peer ? peer : "");
	if (prefix) {
		note.prefix = *prefix;
		note.has_prefix = true;
	}
	va_start(ap, fmt);
	vsnprintf(note.text, sizeof(note.text), fmt, ap);
	va_end(ap);
	if (prefix)
		(void)note_push(&m->notes, &m->n_notes, &note);
	else
		(void)note_push(&m->downs, &m->n_downs, &note);
}

/* Every route sent to a site is checked against these (R6, R7): flat
 * lists of prefixes, not a walk over the topology's VNets each time. */
static int push_space(struct bl_prefix **list, size_t *n, const struct bl_vnet *v)
{
	struct bl_prefix *a;

	if (!v->n_address_space)
		return 0;
	a = realloc(*list, (*n + v->n_address_space) * sizeof(*a));
	if (!a)
		return -ENOMEM;
	memcpy(a + *n, v->address_space, v->n_address_space * sizeof(*a));
	*list = a;
	*n += v->n_address_space;
	return 0;
}

/* The shortest prefix covering every one of list[0..n) (n > 0). */
static struct bl_prefix covering(const struct bl_prefix *list, size_t n)
{
	struct bl_prefix all = list[0];

	for (size_t i = 1; i < n; i++)
		while (all.len && !bl_prefix_covers(all, list[i])) {
			all.len--;
			all.addr &= all.len ? ~(bl_addr)0 << (32 - all.len) : 0;
		}
	return all;
}

/* The VNets' address spaces, and the part the gateways reach (the hub
 * and the spokes using gateway transit), with the prefix covering it: a
 * route that misses that one misses them all (most do, in a large lab). */
static int collect_vnet_space(struct bl_model *m)
{
	const struct bl_topology *t = m->topo;
	int r = push_space(&m->vnet_space, &m->n_vnet_space, &t->hub);

	if (!r)
		r = push_space(&m->transit_space, &m->n_transit_space, &t->hub);
	for (size_t i = 0; i < t->n_spokes && !r; i++) {
		r = push_space(&m->vnet_space, &m->n_vnet_space, &t->spokes[i]);
		if (!r && t->spokes[i].gateway_transit)
			r = push_space(&m->transit_space, &m->n_transit_space, &t->spokes[i]);
	}
	if (!r && m->n_transit_space)
		m->transit_cover = covering(m->transit_space, m->n_transit_space);
	return r;
}

bool bl_model_is_vnet_prefix(const struct bl_model *m, struct bl_prefix p)
{
	for (size_t i = 0; i < m->n_vnet_space; i++)
		if (!bl_prefix_cmp(m->vnet_space[i], p))
			return true;
	return false;
}

bool bl_model_overlaps_vnet(const struct bl_model *m, struct bl_prefix p)
{
	if (!m->n_transit_space || !bl_prefix_overlaps(m->transit_cover, p))
		return false;
	for (size_t i = 0; i < m->n_transit_space; i++)
		if (bl_prefix_overlaps(m->transit_space[i], p))
			return true;
	return false;
}

bool bl_model_b2b(const struct bl_model *m)
{
	return m->topo->route_server.present && m->topo->route_server.branch_to_branch;
}

/*
 * Whether this round may skip work whose result it knows: a speaker
 * whose Adj-RIBs-In did not change selects the same RIB, and a feed from
 * a speaker whose RIB did not change sends what it sent last round (round
 * 1 sends the originated routes too, so it skips nothing). Not when
 * noting: the final round's notes must come from every rule again.
 */
static bool may_skip(const struct bl_model *m)
{
	return !m->noting && m->rounds > 1;
}

/* One round: select on every speaker, then send every feed. Returns 1 when
 * some Adj-RIB-In changed, 0 at the fixpoint, or -errno. */
static int run_round(struct bl_model *m)
{
	bool skip = may_skip(m);
	int changed = 0, r;

	m->n_notes = 0;
	for (size_t i = 0; i < m->n_speakers; i++) {
		struct bl_speaker *s = &m->speakers[i];

		if (skip && !s->dirty) {
			s->rib_changed = false;
			continue;
		}
		r = bl_select_speaker(m, s);
		if (r < 0)
			return r;
		s->rib_changed = r;
		s->dirty = false;
	}
	for (size_t i = 0; i < m->n_feeds; i++) {
		struct bl_feed *f = &m->feeds[i];
		size_t n_sent = 0;

		if (f->down || (skip && !m->speakers[f->from].rib_changed))
			continue;
		r = bl_rules_export(m, f, &n_sent);
		if (r >= 0)
			r = bl_rules_import(m, f, m->sent.v, n_sent);
		if (r < 0)
			return r;
		changed |= r;
	}
	return changed;
}

static int add_node(struct bl_model *m, const char *name,
		    const struct bl_route *rows, size_t n, bool routed)
{
	struct bl_model_node *a = realloc(m->nodes, (m->n_nodes + 1) * sizeof(*a));

	if (!a)
		return -ENOMEM;
	m->nodes = a;
	a = &m->nodes[m->n_nodes++];
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->rows = rows;
	a->n_rows = n;
	a->routed = routed;
	return bl_kernel_routes_build(a);
}

static int add_vnet_nodes(struct bl_model *m, const struct bl_vnet *v, bool hub)
{
	struct bl_vnet_table *t = realloc(m->vnets, (m->n_vnets + 1) * sizeof(*t));
	int r;

	if (!t)
		return -ENOMEM;
	m->vnets = t;
	t = &m->vnets[m->n_vnets++];
	memset(t, 0, sizeof(*t));
	t->vnet = v;
	t->hub = hub;
	r = bl_vnet_compute(m, t);
	for (size_t s = 0; s < v->n_subnets && !r; s++)
		for (size_t h = 0; h < v->subnets[s].n_vms && !r; h++)
			r = add_node(m, v->subnets[s].vms[h].name, t->rows, t->n_rows,
				     true);
	return r;
}

static bool on_msee_link(const struct bl_topology *t, bl_addr hop)
{
	for (size_t i = 0; i < t->n_er_circuits; i++)
		if (t->er_circuits[i].gateway_link_msee == hop)
			return true;
	return false;
}

/* [I] ER gateway instances beyond the first share its RIB, but the MSEE
 * link lives on instance 0 (one gateway address per link): what goes to
 * an MSEE, they hand to instance 0, as a tunnel-less VPN instance hands
 * to its sibling (R19). */
/* An ER gateway route as instance k > 0 has it: hops on an MSEE link go
 * through instance 0. */
static int alias_hops(struct bl_model *m, struct bl_route *row)
{
	const struct bl_er_gateway *gw = &m->topo->er_gateway;
	struct bl_hop hop[BL_ROUTE_MAX_NH];
	bool moved = false;

	for (size_t h = 0; h < row->hops->n; h++) {
		hop[h] = row->hops->hop[h];
		if (on_msee_link(m->topo, hop[h].kernel)) {
			hop[h].kernel = gw->addresses[0];
			moved = true;
		}
	}
	return moved ? bl_attr_hops(&m->attrs, hop, row->hops->n, &row->hops) : 0;
}

/* [I] ER gateway instances beyond the first share its RIB, but the MSEE
 * link lives on instance 0 (one gateway address per link): what goes to
 * an MSEE, they hand to instance 0, as a tunnel-less VPN instance hands
 * to its sibling (R19). */
static int add_er_aliases(struct bl_model *m, const struct bl_speaker *er)
{
	const struct bl_er_gateway *gw = &m->topo->er_gateway;
	int r = 0;

	for (size_t k = 1; k < gw->n_instances && !r; k++) {
		struct bl_route *rows = NULL;

		if (er->n_rib) {
			rows = malloc(er->n_rib * sizeof(*rows));
			if (!rows)
				return -ENOMEM;
			memcpy(rows, er->rib, er->n_rib * sizeof(*rows));
		}
		for (size_t i = 0; i < er->n_rib && !r; i++)
			r = alias_hops(m, &rows[i]);
		if (!r)
			r = add_node(m, gw->names[k], rows, er->n_rib, true);
		if (r)
			free(rows);
		else
			m->nodes[m->n_nodes - 1].own_rows = rows;
	}
	return r;
}

static int build_nodes(struct bl_model *m)
{
	int r = 0;

	for (size_t i = 0; i < m->n_speakers && !r; i++) {
		const struct bl_speaker *s = &m->speakers[i];

		r = add_node(m, s->name, s->rib, s->n_rib, s->kind != BL_SPK_RS);
		if (!r && s->kind == BL_SPK_ER)
			r = add_er_aliases(m, s);
	}
	if (!r)
		r = add_vnet_nodes(m, &m->topo->hub, true);
	for (size_t i = 0; i < m->topo->n_spokes && !r; i++)
		r = add_vnet_nodes(m, &m->topo->spokes[i], false);
	return r;
}

static int converge(struct bl_model *m)
{
	for (m->rounds = 1; m->rounds <= BL_MODEL_MAX_ROUNDS; m->rounds++) {
		int r = run_round(m);

		if (r <= 0)
			return r;
	}
	bl_err("route model did not converge in %d rounds (a routing loop the rules do not stop)",
	       BL_MODEL_MAX_ROUNDS);
	return -ELOOP;
}

static void scratch_release(struct bl_scratch *s)
{
	free(s->v);
	*s = (struct bl_scratch){ 0 };
}

/* At the fixpoint every RIB holds what its Adj-RIBs-In brought: these
 * copies (half the rows of a large lab) are no longer read, and freeing
 * them before the tables and kernel routes are built lowers the peak. */
static void release_adj_ribs_in(struct bl_model *m)
{
	for (size_t i = 0; i < m->n_feeds; i++) {
		free(m->feeds[i].in);
		m->feeds[i].in = NULL;
		m->feeds[i].n_in = 0;
	}
	scratch_release(&m->sent);
	scratch_release(&m->accepted);
	scratch_release(&m->gathered);
	scratch_release(&m->sorted);
}

static int compute(const struct bl_topology *topo, const struct bl_failure *failures,
		   size_t n_failures, bool noting, struct bl_model **out)
{
	struct bl_model *m = calloc(1, sizeof(*m));
	int r = 0;

	if (!m)
		return -ENOMEM;
	m->topo = topo;
	m->noting = noting;
	r = bl_attrs_init(&m->attrs);
	if (!r)
		r = collect_vnet_space(m);
	if (!r && n_failures) {
		m->failures = malloc(n_failures * sizeof(*failures));
		if (m->failures) {
			memcpy(m->failures, failures, n_failures * sizeof(*failures));
			m->n_failures = n_failures;
		} else {
			r = -ENOMEM;
		}
	}
	if (!r)
		r = bl_graph_build(m);
	if (!r)
		r = converge(m);
	if (!r) {
		release_adj_ribs_in(m);
		bl_rules_note_one_way(m);
		r = build_nodes(m);
	}
	if (r) {
		bl_model_free(m);
		return r;
	}
	*out = m;
	return 0;
}

int bl_model_compute(const struct bl_topology *topo, struct bl_model **out)
{
	return compute(topo, NULL, 0, false, out);
}

int bl_model_compute_noting(const struct bl_topology *topo, struct bl_model **out)
{
	return compute(topo, NULL, 0, true, out);
}

int bl_model_compute_failed(const struct bl_topology *topo,
			    const struct bl_failure *failures, size_t n, bool noting,
			    struct bl_model **out)
{
	return compute(topo, failures, n, noting, out);
}

static void speaker_release(struct bl_speaker *s)
{
	free(s->local);
	free(s->announce);
	free(s->rib);
	free(s->in_feeds);
}

void bl_model_free(struct bl_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_speakers; i++)
		speaker_release(&m->speakers[i]);
	for (size_t i = 0; i < m->n_feeds; i++)
		free(m->feeds[i].in);
	for (size_t i = 0; i < m->n_vnets; i++)
		free(m->vnets[i].rows);
	for (size_t i = 0; i < m->n_nodes; i++) {
		free(m->nodes[i].kroutes);
		free(m->nodes[i].own_rows);
	}
	free(m->speakers);
	free(m->feeds);
	free(m->vnets);
	free(m->nodes);
	free(m->notes);
	free(m->downs);
	free(m->failures);
	free(m->sent.v);
	free(m->accepted.v);
	free(m->gathered.v);
	free(m->sorted.v);
	bl_attrs_release(&m->attrs);
	for (size_t i = 0; i < m->n_loaded; i++)
		free(m->loaded[i].rows);
	free(m->loaded);
	bl_saved_file_free(m->saved);
	free(m->vnet_space);
	free(m->transit_space);
	free(m);
}

static const struct bl_model_node *find_node(const struct bl_model *m,
					     const char *name)
{
	for (size_t i = 0; i < m->n_nodes; i++)
		if (!strcmp(m->nodes[i].name, name))
			return &m->nodes[i];
	return NULL;
}

bool bl_model_has_node(const struct bl_model *m, const char *node)
{
	return find_node(m, node) != NULL;
}

/* A loaded model reads a node's tables from its file when the node is
 * first asked for: the accessors stay const for their callers, the model
 * itself is not (it was allocated by bl_model_load). */
static const struct bl_model_node *ready_node(const struct bl_model *m, const char *name,
					      int *err)
{
	const struct bl_model_node *nd = find_node(m, name);

	*err = nd ? 0 : -ENOENT;
	if (nd && nd->pending)
		*err = bl_saved_node_read((struct bl_model *)m, (struct bl_model_node *)nd);
	return *err ? NULL : nd;
}

int bl_model_table(const struct bl_model *m, const char *node,
		   const struct bl_route **rows, size_t *n)
{
	int err;
	const struct bl_model_node *nd = ready_node(m, node, &err);

	if (!nd)
		return err;
	*rows = nd->rows;
	*n = nd->n_rows;
	return 0;
}

int bl_model_kernel_routes(const struct bl_model *m, const char *node,
			   const struct bl_kernel_route **routes, size_t *n)
{
	int err;
	const struct bl_model_node *nd = ready_node(m, node, &err);

	if (!nd)
		return err;
	*routes = nd->kroutes;
	*n = nd->n_kroutes;
	return 0;
}

void bl_model_notes(const struct bl_model *m,
		    const struct bl_model_note **notes, size_t *n)
{
	*notes = m->notes;
	*n = m->n_notes;
}

void bl_model_session_notes(const struct bl_model *m,
			    const struct bl_model_note **notes, size_t *n)
{
	*notes = m->downs;
	*n = m->n_downs;
}

unsigned bl_model_rounds(const struct bl_model *m)
{
	return m->rounds;
}

void bl_model_size(const struct bl_model *m, struct bl_model_size *out)
{
	*out = (struct bl_model_size){
		.rounds = m->rounds, .nodes = m->n_nodes,
		.paths = m->attrs.paths.n_values, .hop_sets = m->attrs.hops.n_values,
		.names = m->attrs.names.n_values,
	};
	for (size_t i = 0; i < m->n_nodes; i++) {
		out->rows += m->nodes[i].n_rows;
		out->stored_rows += m->nodes[i].own_rows ? m->nodes[i].n_rows : 0;
		out->kernel_routes += m->nodes[i].n_kroutes;
	}
	for (size_t i = 0; i < m->n_speakers; i++)
		out->stored_rows += m->speakers[i].n_rib + m->speakers[i].n_local +
				    m->speakers[i].n_announce;
	for (size_t i = 0; i < m->n_vnets; i++)
		out->stored_rows += m->vnets[i].n_rows;
	for (size_t i = 0; i < m->n_loaded; i++)
		out->stored_rows += m->loaded[i].n;
}
