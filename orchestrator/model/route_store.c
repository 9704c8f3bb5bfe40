// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The computed model as a file: what the accessors read (every node's
 * table and kernel routes, the session notes, the rounds), not the
 * speakers and sessions it was computed with. Attributes are written once
 * each, in tables, and rows refer to them by index, as they point at one
 * copy in memory; a VNet's table shared by its VMs is written once.
 *
 * Layout (native byte order: the file stays on the machine that wrote
 * it): magic, key, rounds; strings, AS paths, next-hop sets; nodes, each
 * with its rows (unless shared with an earlier node) and kernel routes;
 * session notes; end mark.
 *
 * Loading reads the tables and the node headers and steps over the rows
 * (ROW_BYTES each) and the kernel routes (their length is written before
 * them): a node's are checked when it is first asked for. Checking every
 * row at load was half of a 1000-site trace's reading of its model (2.3
 * million rows, of which a trace uses a few nodes' worth).
 */
#include "model/route_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

static const char magic[16] = "branchlab-model";
/* write_row: prefix (4 + 1), four attribute indexes, weight, local
 * preference, feed (4 each), five one-byte fields. */
#define ROW_BYTES (5u + 7u * 4u + 5u)
static const uint32_t end_mark = 0x454e440a; /* "END\n" */
#define NO_INDEX UINT32_MAX

/* ---- pointer -> index, for writing ---- */

struct index_map {
	const void **keys;
	uint32_t *values;
	size_t cap, n;
};

static size_t slot_of(const struct index_map *im, const void *key)
{
	size_t i = ((uintptr_t)key >> 3) * 11400714819323198485ULL & (im->cap - 1);

	while (im->keys[i] && im->keys[i] != key)
		i = (i + 1) & (im->cap - 1);
	return i;
}

static int index_grow(struct index_map *im)
{
	struct index_map big = { .cap = im->cap ? 2 * im->cap : 1024 };

	big.keys = calloc(big.cap, sizeof(*big.keys));
	big.values = calloc(big.cap, sizeof(*big.values));
	if (!big.keys || !big.values) {
		free(big.keys);
		free(big.values);
		return -ENOMEM;
	}
	for (size_t i = 0; i < im->cap; i++)
		if (im->keys[i]) {
			size_t s = slot_of(&big, im->keys[i]);

			big.keys[s] = im->keys[i];
			big.values[s] = im->values[i];
		}
	big.n = im->n;
	free(im->keys);
	free(im->values);
	*im = big;
	return 0;
}

/* The index of key, 1 in *is_new when it was just given one. */
static int index_of(struct index_map *im, const void *key, uint32_t *index, bool *is_new)
{
	size_t s;

	if (2 * (im->n + 1) > im->cap && index_grow(im) < 0)
		return -ENOMEM;
	s = slot_of(im, key);
	*is_new = !im->keys[s];
	if (*is_new) {
		im->keys[s] = key;
		im->values[s] = (uint32_t)im->n++;
	}
	*index = im->values[s];
	return 0;
}

static void index_free(struct index_map *im)
{
	free(im->keys);
	free(im->values);
}

/* ---- writing ---- */

struct writer {
	FILE *out;
	struct index_map strings, paths, hops, lists;
	int err;
};

static void put(struct writer *w, const void *p, size_t size)
{
	if (!w->err && size && fwrite(p, 1, size, w->out) != size)
		w->err = -EIO;
}

static void put_u32(struct writer *w, uint32_t v)
{
	put(w, &v, sizeof(v));
}

static void put_u64(struct writer *w, uint64_t v)
{
	put(w, &v, sizeof(v));
}

static void put_prefix(struct writer *w, struct bl_prefix p)
{
	put_u32(w, p.addr);
	put(w, &p.len, 1);
}

/* Attributes are gathered first (pass 1) so that the tables precede the
 * rows: the loader then resolves every index as it reads. */
typedef void (*attr_writer)(struct writer *w, const void *value);

static void add_attr(struct writer *w, struct index_map *im, const void *value)
{
	uint32_t index;
	bool is_new;

	if (!w->err && value && index_of(im, value, &index, &is_new) < 0)
		w->err = -ENOMEM;
}

static uint32_t attr_index(struct index_map *im, const void *value)
{
	uint32_t index = NO_INDEX;
	bool is_new;

	if (value)
		(void)index_of(im, value, &index, &is_new); /* present: no allocation */
	return index;
}

static void write_string(struct writer *w, const void *value)
{
	uint32_t len = (uint32_t)strlen(value);

	put_u32(w, len);
	put(w, value, len);
}

static void write_path(struct writer *w, const void *value)
{
	const struct bl_as_path *p = value;

	put_u32(w, p->len);
	put(w, p->asn, p->len * sizeof(p->asn[0]));
}

static void write_hops(struct writer *w, const void *value)
{
	const struct bl_next_hops *h = value;

	put_u32(w, h->n);
	put(w, h->hop, h->n * sizeof(h->hop[0]));
}

/* A table in index order. */
static void write_table(struct writer *w, const struct index_map *im, attr_writer each)
{
	const void **order = calloc(im->n ? im->n : 1, sizeof(*order));

	if (!order) {
		w->err = w->err ? w->err : -ENOMEM;
		return;
	}
	for (size_t i = 0; i < im->cap; i++)
		if (im->keys[i])
			order[im->values[i]] = im->keys[i];
	put_u64(w, im->n);
	for (size_t i = 0; i < im->n; i++)
		each(w, order[i]);
	free(order);
}

static void gather_attrs(struct writer *w, const struct bl_model *m)
{
	for (size_t i = 0; i < m->n_nodes; i++) {
		const struct bl_model_node *nd = &m->nodes[i];

		add_attr(w, &w->strings, nd->name);
		for (size_t k = 0; k < nd->n_rows; k++) {
			const struct bl_route *r = &nd->rows[k];

			add_attr(w, &w->strings, r->learned_from);
			add_attr(w, &w->strings, r->why);
			add_attr(w, &w->paths, r->as_path);
			add_attr(w, &w->hops, r->hops);
		}
	}
	for (size_t i = 0; i < m->n_downs; i++) {
		add_attr(w, &w->strings, m->downs[i].node);
		add_attr(w, &w->strings, m->downs[i].peer);
		add_attr(w, &w->strings, m->downs[i].rule);
		add_attr(w, &w->strings, m->downs[i].text);
	}
}

static void write_row(struct writer *w, const struct bl_route *r)
{
	uint8_t small[5] = { r->source, r->origin, r->nh_type, r->active,
			     r->peer_host_route };

	put_prefix(w, r->prefix);
	put_u32(w, attr_index(&w->hops, r->hops));
	put_u32(w, attr_index(&w->paths, r->as_path));
	put_u32(w, attr_index(&w->strings, r->learned_from));
	put_u32(w, attr_index(&w->strings, r->why));
	put_u32(w, r->weight);
	put_u32(w, r->local_pref);
	put_u32(w, (uint32_t)r->feed);
	put(w, small, sizeof(small));
}

/* The bytes write_node writes for nd's kernel routes. */
static uint64_t kroutes_len(const struct bl_model_node *nd)
{
	uint64_t len = 0;

	for (size_t k = 0; k < nd->n_kroutes; k++)
		len += 5 + 2 + nd->kroutes[k].n_next_hops * sizeof(nd->kroutes[k].next_hops[0]);
	return len;
}

/* A node's rows follow it when no node before had the same list (the VMs
 * of a VNet share theirs): list indices come in order of first use. */
static void write_node(struct writer *w, const struct bl_model_node *nd)
{
	uint8_t routed = nd->routed;
	uint32_t list = NO_INDEX;
	bool is_new = false;

	put_u32(w, attr_index(&w->strings, nd->name));
	put(w, &routed, 1);
	if (nd->rows && !w->err && index_of(&w->lists, nd->rows, &list, &is_new) < 0)
		w->err = -ENOMEM;
	put_u32(w, list);
	if (is_new) {
		put_u64(w, nd->n_rows);
		for (size_t k = 0; k < nd->n_rows; k++)
			write_row(w, &nd->rows[k]);
	}
	put_u64(w, nd->n_kroutes);
	put_u64(w, kroutes_len(nd));
	for (size_t k = 0; k < nd->n_kroutes; k++) {
		const struct bl_kernel_route *kr = &nd->kroutes[k];
		uint8_t type_and_n[2] = { (uint8_t)kr->type, (uint8_t)kr->n_next_hops };

		put_prefix(w, kr->prefix);
		put(w, type_and_n, sizeof(type_and_n));
		put(w, kr->next_hops, kr->n_next_hops * sizeof(kr->next_hops[0]));
	}
}

int bl_model_save(const struct bl_model *m, uint64_t key, FILE *out)
{
	struct writer w = { .out = out };

	gather_attrs(&w, m);
	put(&w, magic, sizeof(magic));
	put_u64(&w, key);
	put_u32(&w, m->rounds);
	write_table(&w, &w.strings, write_string);
	write_table(&w, &w.paths, write_path);
	write_table(&w, &w.hops, write_hops);
	put_u64(&w, m->n_nodes);
	for (size_t i = 0; i < m->n_nodes; i++)
		write_node(&w, &m->nodes[i]);
	put_u64(&w, m->n_downs);
	for (size_t i = 0; i < m->n_downs; i++) {
		put_u32(&w, attr_index(&w.strings, m->downs[i].node));
		put_u32(&w, attr_index(&w.strings, m->downs[i].peer));
		put_u32(&w, attr_index(&w.strings, m->downs[i].rule));
		put_u32(&w, attr_index(&w.strings, m->downs[i].text));
	}
	put_u32(&w, end_mark);
	index_free(&w.strings);
	index_free(&w.paths);
	index_free(&w.hops);
	index_free(&w.lists);
	return w.err;
}

/* ---- reading ---- */

/* Far above any lab (a 2000-site lab has 7 million rows): a count beyond
 * it is a damaged file, not a reason to allocate. */
#define MAX_COUNT (1u << 28)
#define MAX_STRING 4096

/* The file, kept in memory by a loaded model, with its attribute tables
 * resolved: each node's rows and kernel routes are read from it when the
 * node is first asked for (`routes LAB NODE` reads one node of thousands). */
struct bl_saved_file {
	unsigned char *bytes;
	size_t size;
	bool mapped;           /* bytes are mmap()ed, else malloc()ed */
	const char **strings;
	const struct bl_as_path **paths;
	const struct bl_next_hops **hops;
	size_t n_strings, n_paths, n_hops;
};

/* Fields are read from a cursor into the file. */
struct reader {
	const unsigned char *at, *end;
	struct bl_model *m;
	struct bl_saved_file *f;
	int err;
};

static void get(struct reader *rd, void *p, size_t size)
{
	if (rd->err || !size)
		return;
	if ((size_t)(rd->end - rd->at) < size) {
		rd->err = -EBADMSG;
		return;
	}
	memcpy(p, rd->at, size);
	rd->at += size;
}

/* Step over len bytes, read later from their offset. */
static void skip(struct reader *rd, uint64_t len)
{
	if (rd->err)
		return;
	if ((uint64_t)(rd->end - rd->at) < len) {
		rd->err = -EBADMSG;
		return;
	}
	rd->at += len;
}

static uint32_t get_u32(struct reader *rd)
{
	uint32_t v = 0;

	get(rd, &v, sizeof(v));
	return v;
}

static uint64_t get_u64(struct reader *rd)
{
	uint64_t v = 0;

	get(rd, &v, sizeof(v));
	return v;
}

static size_t get_count(struct reader *rd)
{
	uint64_t n = get_u64(rd);

	if (n > MAX_COUNT && !rd->err)
		rd->err = -EBADMSG;
	return rd->err ? 0 : (size_t)n;
}

static struct bl_prefix get_prefix(struct reader *rd)
{
	struct bl_prefix p = { .addr = get_u32(rd) };

	get(rd, &p.len, 1);
	if (p.len > 32 && !rd->err)
		rd->err = -EBADMSG;
	return p;
}

static void fail(struct reader *rd, int err)
{
	if (!rd->err)
		rd->err = err;
}

/* An index into a table of n; NO_INDEX gives NULL when allowed. */
static const void *resolve(struct reader *rd, const void *const *table, size_t n,
			   bool may_be_none)
{
	uint32_t i = get_u32(rd);

	if (rd->err)
		return NULL;
	if (i == NO_INDEX && may_be_none)
		return NULL;
	if (i >= n) {
		fail(rd, -EBADMSG);
		return NULL;
	}
	return table[i];
}

static void *alloc_table(struct reader *rd, size_t n, size_t elem)
{
	void *t = calloc(n ? n : 1, elem);

	if (!t)
		fail(rd, -ENOMEM);
	return t;
}

/* The same, not zeroed: rows and kernel routes are written whole as they
 * are read (zeroing millions of them first was a third of the load). */
static void *alloc_rows(struct reader *rd, size_t n, size_t elem)
{
	void *t = malloc((n ? n : 1) * elem); /* n <= MAX_COUNT: no overflow */

	if (!t)
		fail(rd, -ENOMEM);
	return t;
}

static void read_strings(struct reader *rd)
{
	char buf[MAX_STRING + 1];

	rd->f->n_strings = get_count(rd);
	rd->f->strings = alloc_table(rd, rd->f->n_strings, sizeof(*rd->f->strings));
	for (size_t i = 0; i < rd->f->n_strings && !rd->err; i++) {
		uint32_t len = get_u32(rd);
		int e;

		if (len > MAX_STRING) {
			fail(rd, -EBADMSG);
			break;
		}
		get(rd, buf, len);
		buf[len] = '\0';
		if (rd->err)
			break;
		if (memchr(buf, '\0', len)) {
			fail(rd, -EBADMSG);
			break;
		}
		e = bl_attr_name(&rd->m->attrs, buf, &rd->f->strings[i]);
		if (e < 0)
			fail(rd, e);
	}
}

static void read_paths(struct reader *rd)
{
	uint32_t asn[BL_ROUTE_MAX_ASPATH];

	rd->f->n_paths = get_count(rd);
	/* A table of pointers to interned paths: the element is a pointer. */
	// NOLINTNEXTLINE(bugprone-sizeof-expression)
	rd->f->paths = alloc_table(rd, rd->f->n_paths, sizeof(*rd->f->paths));
	for (size_t i = 0; i < rd->f->n_paths && !rd->err; i++) {
		uint32_t len = get_u32(rd);
		int e;

		if (len > BL_ROUTE_MAX_ASPATH) {
			fail(rd, -EBADMSG);
			break;
		}
		get(rd, asn, len * sizeof(asn[0]));
		e = rd->err ? 0 : bl_attr_path(&rd->m->attrs, asn, len, &rd->f->paths[i]);
		if (e < 0)
			fail(rd, e);
	}
}

static void read_hops(struct reader *rd)
{
	struct bl_hop hop[BL_ROUTE_MAX_NH];

	rd->f->n_hops = get_count(rd);
	/* A table of pointers to interned next-hop sets. */
	// NOLINTNEXTLINE(bugprone-sizeof-expression)
	rd->f->hops = alloc_table(rd, rd->f->n_hops, sizeof(*rd->f->hops));
	for (size_t i = 0; i < rd->f->n_hops && !rd->err; i++) {
		uint32_t n = get_u32(rd);
		int e;

		if (n > BL_ROUTE_MAX_NH) {
			fail(rd, -EBADMSG);
			break;
		}
		get(rd, hop, n * sizeof(hop[0]));
		e = rd->err ? 0 : bl_attr_hops(&rd->m->attrs, hop, n, &rd->f->hops[i]);
		if (e < 0)
			fail(rd, e);
	}
}

static void read_row(struct reader *rd, struct bl_route *r)
{
	uint8_t small[5] = { 0 };

	r->prefix = get_prefix(rd);
	r->hops = resolve(rd, (const void *const *)rd->f->hops, rd->f->n_hops, false);
	r->as_path = resolve(rd, (const void *const *)rd->f->paths, rd->f->n_paths, false);
	r->learned_from = resolve(rd, (const void *const *)rd->f->strings, rd->f->n_strings, false);
	r->why = resolve(rd, (const void *const *)rd->f->strings, rd->f->n_strings, true);
	r->weight = get_u32(rd);
	r->local_pref = get_u32(rd);
	r->feed = (int32_t)get_u32(rd);
	get(rd, small, sizeof(small));
	if (small[0] > BL_SRC_GATEWAY || small[1] > BL_ORIGIN_ER ||
	    small[2] > BL_NH_VNET_GATEWAY || small[3] > 1 || small[4] > 1)
		fail(rd, -EBADMSG);
	r->source = small[0];
	r->origin = small[1];
	r->nh_type = small[2];
	r->active = small[3];
	r->peer_host_route = small[4];
}

/* Rows of one list, read (and checked) on first use. */
static void read_rows(struct reader *rd, struct bl_route *rows, size_t n)
{
	for (size_t k = 0; k < n && !rd->err; k++)
		read_row(rd, &rows[k]);
}

/* Kernel routes, read (and checked) on first use. */
static void read_kroutes(struct reader *rd, struct bl_kernel_route *kr, size_t n)
{
	for (size_t k = 0; k < n && !rd->err; k++) {
		struct bl_kernel_route one = { .prefix = get_prefix(rd) };
		uint8_t type_and_n[2] = { 0 };

		get(rd, type_and_n, sizeof(type_and_n));
		if (type_and_n[0] > BL_KROUTE_BLACKHOLE || type_and_n[1] > BL_ROUTE_MAX_NH) {
			fail(rd, -EBADMSG);
			break;
		}
		one.type = type_and_n[0];
		one.n_next_hops = type_and_n[1];
		get(rd, one.next_hops, one.n_next_hops * sizeof(one.next_hops[0]));
		kr[k] = one;
	}
}

static size_t offset(const struct reader *rd)
{
	return (size_t)(rd->at - rd->f->bytes);
}

/* A new row list, or one an earlier node brought (the VMs of a VNet). */
static void check_node_rows(struct reader *rd, struct bl_model_node *nd)
{
	struct bl_model *m = rd->m;
	uint32_t list = get_u32(rd);
	size_t n;

	nd->list = list;
	if (rd->err || list == NO_INDEX)
		return;
	if (list < m->n_loaded) {
		nd->n_rows = m->loaded[list].n;
		return;
	}
	if (list != m->n_loaded) {
		fail(rd, -EBADMSG);
		return;
	}
	n = get_count(rd);
	m->loaded[m->n_loaded++] = (struct bl_loaded_rows){ NULL, n, offset(rd) };
	skip(rd, (uint64_t)n * ROW_BYTES);
	nd->n_rows = n;
}

static void check_nodes(struct reader *rd)
{
	struct bl_model *m = rd->m;
	size_t n = get_count(rd);

	m->nodes = alloc_table(rd, n, sizeof(*m->nodes));
	m->loaded = alloc_table(rd, n, sizeof(*m->loaded));
	for (size_t i = 0; i < n && !rd->err; i++) {
		struct bl_model_node *nd = &m->nodes[m->n_nodes++];
		const char *name = resolve(rd, (const void *const *)rd->f->strings,
					   rd->f->n_strings, false);
		uint8_t routed = 0;

		if (name)
			snprintf(nd->name, sizeof(nd->name), "%s", name);
		get(rd, &routed, 1);
		nd->routed = routed;
		nd->pending = true;
		check_node_rows(rd, nd);
		nd->n_kroutes = get_count(rd);
		nd->kroutes_len = get_count(rd);
		nd->kroutes_at = offset(rd);
		if (!nd->n_kroutes && nd->kroutes_len)
			fail(rd, -EBADMSG);
		skip(rd, nd->kroutes_len);
	}
}

int bl_saved_node_read(struct bl_model *m, struct bl_model_node *nd)
{
	struct reader rd = { .m = m, .f = m->saved, .end = m->saved->bytes + m->saved->size };
	struct bl_loaded_rows *list = nd->list == NO_INDEX ? NULL : &m->loaded[nd->list];

	if (list && !list->rows) {
		list->rows = alloc_rows(&rd, list->n, sizeof(*list->rows));
		rd.at = m->saved->bytes + list->at;
		if (list->rows)
			read_rows(&rd, list->rows, list->n);
		if (rd.err) { /* damaged: refused again on the next ask, not half read */
			free(list->rows);
			list->rows = NULL;
		}
	}
	if (!rd.err && nd->n_kroutes) {
		nd->kroutes = alloc_rows(&rd, nd->n_kroutes, sizeof(*nd->kroutes));
		rd.at = m->saved->bytes + nd->kroutes_at;
		if (nd->kroutes)
			read_kroutes(&rd, nd->kroutes, nd->n_kroutes);
		if (!rd.err && rd.at != m->saved->bytes + nd->kroutes_at + nd->kroutes_len)
			fail(&rd, -EBADMSG);
		if (rd.err) {
			free(nd->kroutes);
			nd->kroutes = NULL;
		}
	}
	if (rd.err)
		return rd.err;
	nd->rows = list ? list->rows : NULL;
	nd->pending = false;
	return 0;
}

void bl_saved_file_free(struct bl_saved_file *s)
{
	if (!s)
		return;
	if (s->mapped)
		munmap(s->bytes, s->size);
	else
		free(s->bytes);
	free(s->strings);
	free(s->paths);
	free(s->hops);
	free(s);
}

static void read_downs(struct reader *rd)
{
	struct bl_model *m = rd->m;
	size_t n = get_count(rd);

	m->downs = rd->err ? NULL : alloc_table(rd, n, sizeof(*m->downs));
	for (size_t i = 0; i < n && !rd->err; i++) {
		const void *const *s = (const void *const *)rd->f->strings;
		struct bl_model_note *note = &m->downs[i];
		const char *node, *peer, *text;

		node = resolve(rd, s, rd->f->n_strings, false);
		peer = resolve(rd, s, rd->f->n_strings, false);
		note->rule = resolve(rd, s, rd->f->n_strings, false);
		text = resolve(rd, s, rd->f->n_strings, false);

		if (rd->err)
			break;
		snprintf(note->node, sizeof(note->node), "%s", node);
		snprintf(note->peer, sizeof(note->peer), "%s", peer);
		snprintf(note->text, sizeof(note->text), "%s", text);
		m->n_downs = i + 1;
	}
}

static void read_model(struct reader *rd, uint64_t key)
{
	char head[sizeof(magic)];

	get(rd, head, sizeof(head));
	if (!rd->err && memcmp(head, magic, sizeof(magic)) != 0)
		fail(rd, -EBADMSG);
	if (!rd->err && get_u64(rd) != key)
		fail(rd, -ESTALE);
	rd->m->rounds = get_u32(rd);
	read_strings(rd);
	read_paths(rd);
	read_hops(rd);
	check_nodes(rd);
	read_downs(rd);
	if (!rd->err && (get_u32(rd) != end_mark || rd->at != rd->end))
		fail(rd, -EBADMSG);
}

/* A regular file is mapped, not copied (read-only, private: a later save
 * renames a new file over it and leaves this one whole). 0, or -ENODEV
 * when in is no such file (a memory stream). */
static int map_file(FILE *in, struct bl_saved_file *f)
{
	struct stat st;
	void *p;
	int fd = fileno(in);

	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
		return -ENODEV;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -ENODEV;
	f->bytes = p;
	f->size = (size_t)st.st_size;
	f->mapped = true;
	return 0;
}

/* All of in into *buf: 0, -ENOMEM or -EIO. */
static int slurp(FILE *in, unsigned char **buf, size_t *size)
{
	size_t cap = 1 << 16, n = 0;
	unsigned char *b = malloc(cap), *bigger;

	if (!b)
		return -ENOMEM;
	while ((n += fread(b + n, 1, cap - n, in)) == cap) {
		bigger = realloc(b, 2 * cap);
		if (!bigger) {
			free(b);
			return -ENOMEM;
		}
		b = bigger;
		cap *= 2;
	}
	if (ferror(in)) {
		free(b);
		return -EIO;
	}
	*buf = b;
	*size = n;
	return 0;
}

int bl_model_load(const struct bl_topology *topo, uint64_t key, FILE *in,
		  struct bl_model **out)
{
	struct bl_model *m = calloc(1, sizeof(*m));
	struct reader rd = { .m = m };

	if (!m)
		return -ENOMEM;
	m->topo = topo;
	m->saved = rd.f = calloc(1, sizeof(*rd.f));
	if (!rd.f)
		rd.err = -ENOMEM;
	else if (map_file(in, rd.f) < 0)
		rd.err = slurp(in, &rd.f->bytes, &rd.f->size);
	if (!rd.err)
		rd.err = bl_attrs_init(&m->attrs);
	if (!rd.err) {
		rd.at = rd.f->bytes;
		rd.end = rd.f->bytes + rd.f->size;
		read_model(&rd, key);
	}
	if (rd.err) {
		bl_model_free(m);
		return rd.err;
	}
	*out = m;
	return 0;
}
