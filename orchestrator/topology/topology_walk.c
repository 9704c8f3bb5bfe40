// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libyaml event walk behind bl_positions_walk(): it follows the libcyaml
 * schema itself, so the keys and types it accepts are exactly the ones
 * libcyaml will load, and it reports every problem with its position
 * (libcyaml stops at the first and cannot say where it was).
 *
 * Convention: walk_* functions start on a node's first event and return
 * on its last one (the scalar itself, or the matching end event).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "common/suggest.h"
#include "topology/topology_limits.h"
#include "topology/topology_positions.h"
#include "topology/topology_positions_internal.h"
#include "topology/topology_schema.h"

struct walker {
	yaml_parser_t parser;
	yaml_event_t event;
	bool have_event;
	bool broken; /* syntax error or out of memory: stop */
	bool relaxed; /* `limits: relaxed`: the schema's hard caps apply */
	int oom;
	struct bl_topo_diag *diag;
	const char *buf;
	size_t len;
	char path[BL_TOPO_KEY_MAX];
};

static unsigned mark_line(yaml_mark_t m)
{
	return (unsigned)m.line + 1;
}

static unsigned mark_col(yaml_mark_t m)
{
	return (unsigned)m.column + 1;
}

static yaml_mark_t mark_at(const char *buf, size_t len, size_t offset)
{
	yaml_mark_t m = { 0 };

	for (size_t i = 0; i < offset && i < len; i++, m.column++)
		if (buf[i] == '\n') {
			m.line++;
			m.column = (size_t)-1;
		}
	return m;
}

static void error_here(struct walker *w, const char *rule, const char *msg)
{
	yaml_mark_t m = w->event.start_mark;

	bl_topo_error_at(w->diag, mark_line(m), mark_col(m), w->path, rule, "%s",
			 msg);
}

static int advance(struct walker *w)
{
	if (w->broken)
		return -EINVAL;
	if (w->have_event)
		yaml_event_delete(&w->event);
	w->have_event = false;
	if (!yaml_parser_parse(&w->parser, &w->event)) {
		yaml_mark_t m = w->parser.problem_mark;

		/* Decoding errors (bad UTF-8) carry an offset, not a mark. */
		if (w->parser.error == YAML_READER_ERROR)
			m = mark_at(w->buf, w->len, w->parser.problem_offset);

		bl_topo_error_at(w->diag, mark_line(m), mark_col(m), w->path, "yaml",
				 "%s%s%s", w->parser.problem ? w->parser.problem :
				 "malformed YAML", w->parser.context ? " " : "",
				 w->parser.context ? w->parser.context : "");
		w->broken = true;
		return -EINVAL;
	}
	w->have_event = true;
	return 0;
}

static yaml_event_type_t type(const struct walker *w)
{
	return w->event.type;
}

/* Skip a whole node without recursion. libyaml slows down on deep
 * nesting, so stop reading at the depth limit. */
static void skip_node(struct walker *w, unsigned at_depth)
{
	long depth = 0;

	for (;;) {
		if (at_depth + depth > BL_TOPO_MAX_DEPTH) {
			error_here(w, "limit", "nested too deeply");
			w->broken = true;
			return;
		}
		if (type(w) == YAML_SEQUENCE_START_EVENT ||
		    type(w) == YAML_MAPPING_START_EVENT)
			depth++;
		else if (type(w) == YAML_SEQUENCE_END_EVENT ||
			 type(w) == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth <= 0 || advance(w))
			return;
	}
}

static void record(struct walker *w)
{
	yaml_mark_t m = w->event.start_mark;
	int r = bl_positions_add(w->diag->pos, w->path, mark_line(m), mark_col(m));

	if (r) {
		w->oom = r;
		w->broken = true;
	}
}

static const char *expected_what(const cyaml_schema_value_t *s, char *buf,
				 size_t size)
{
	switch (s->type) {
	case CYAML_MAPPING:
		return "a mapping of keys";
	case CYAML_SEQUENCE:
		return "a list";
	case CYAML_UINT: {
		uint64_t max = s->data_size >= 8 ? UINT64_MAX :
						   (UINT64_C(1) << (8 * s->data_size)) - 1;

		snprintf(buf, size, "a whole number from 0 to %llu", (unsigned long long)max);
		return buf;
	}
	case CYAML_BOOL:
		return "true or false";
	case CYAML_ENUM: {
		size_t n = (size_t)snprintf(buf, size, "one of");

		for (uint32_t i = 0; i < s->enumeration.count && n < size; i++)
			n += (size_t)snprintf(buf + n, size - n, "%s %s",
					      i ? "," : "",
					      s->enumeration.strings[i].str);
		return buf;
	}
	default:
		return "a string";
	}
}

static void wrong_kind(struct walker *w, const cyaml_schema_value_t *s,
		       const char *found)
{
	char what[160], msg[256];

	snprintf(msg, sizeof(msg), "expected %s, found %s",
		 expected_what(s, what, sizeof(what)), found);
	error_here(w, "schema", msg);
}

static bool uint_ok(const char *text, uint32_t size)
{
	uint64_t max = size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
	uint64_t v = 0;

	if (!*text || (text[0] == '0' && text[1]))
		return false; /* empty, or octal-looking */
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (max - (uint64_t)(*p - '0')) / 10)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	return true;
}

static bool enum_ok(const cyaml_schema_value_t *s, const char *text)
{
	for (uint32_t i = 0; i < s->enumeration.count; i++)
		if (!strcmp(text, s->enumeration.strings[i].str))
			return true;
	return false;
}

static void walk_scalar(struct walker *w, const cyaml_schema_value_t *s)
{
	const char *text = (const char *)w->event.data.scalar.value;
	size_t len = w->event.data.scalar.length;
	char msg[256];
	bool ok;

	switch (s->type) {
	case CYAML_MAPPING:
	case CYAML_SEQUENCE:
		snprintf(msg, sizeof(msg), "a single value '%.40s'", text);
		wrong_kind(w, s, msg);
		return;
	case CYAML_UINT:
		ok = uint_ok(text, s->data_size);
		break;
	case CYAML_BOOL:
		ok = !strcmp(text, "true") || !strcmp(text, "false");
		break;
	case CYAML_ENUM:
		ok = enum_ok(s, text);
		break;
	default:
		/* Strings must be text: a NUL inside would be cut short. */
		if (strlen(text) != len) {
			error_here(w, "schema", "a string holds a NUL byte");
			return;
		}
		if (len > s->string.max) {
			snprintf(msg, sizeof(msg), "longer than %u bytes",
				 s->string.max);
			error_here(w, "limit", msg);
		}
		return;
	}
	if (!ok) {
		snprintf(msg, sizeof(msg), "'%.40s'", text);
		wrong_kind(w, s, msg);
	}
}

static void walk_node(struct walker *w, const cyaml_schema_value_t *s,
		      unsigned depth);

/* Append to w->path; each returns the old length to restore. */
static size_t push_key(struct walker *w, const char *key)
{
	size_t old = strlen(w->path);

	snprintf(w->path + old, sizeof(w->path) - old, old ? ".%s" : "%s", key);
	return old;
}

static size_t push_index(struct walker *w, unsigned index)
{
	size_t old = strlen(w->path);

	snprintf(w->path + old, sizeof(w->path) - old, "[%u]", index);
	return old;
}

static void walk_sequence(struct walker *w, const cyaml_schema_value_t *s,
			  unsigned depth)
{
	const cyaml_schema_value_t *entry = s->sequence.entry;
	unsigned max = bl_topo_sequence_cap(w->path, s->sequence.max, w->relaxed);
	unsigned count = 0;
	char msg[96];

	while (!advance(w) && type(w) != YAML_SEQUENCE_END_EVENT) {
		size_t old = push_index(w, count);

		if (count == max) {
			snprintf(msg, sizeof(msg), "more than %u entries", max);
			error_here(w, "limit", msg);
		}
		if (count >= max)
			skip_node(w, depth + 1);
		else
			walk_node(w, entry, depth + 1);
		w->path[old] = '\0';
		count++;
	}
	if (!w->broken && count < s->sequence.min) {
		snprintf(msg, sizeof(msg), "needs at least %u entr%s", s->sequence.min,
			 s->sequence.min == 1 ? "y" : "ies");
		error_here(w, "schema", msg);
	}
}

static int find_field(const cyaml_schema_field_t *fields, const char *key)
{
	for (int i = 0; fields[i].key; i++)
		if (!strcmp(fields[i].key, key))
			return i;
	return -1;
}

static const char *nearest_field(const cyaml_schema_field_t *fields, const char *key)
{
	struct bl_suggest s;

	bl_suggest_init(&s, key);
	for (int i = 0; fields[i].key; i++)
		bl_suggest_offer(&s, fields[i].key);
	return s.best;
}

static void walk_key_value(struct walker *w, const cyaml_schema_field_t *fields,
			   uint64_t *seen, unsigned depth)
{
	const char *near = NULL;
	char msg[256];
	const char *key;
	size_t old;
	int f;

	if (type(w) != YAML_SCALAR_EVENT) {
		error_here(w, "schema", "a key must be a plain word");
		skip_node(w, depth + 1);
		if (!advance(w))
			skip_node(w, depth + 1);
		return;
	}
	key = (const char *)w->event.data.scalar.value;
	f = find_field(fields, key);
	if (f < 0 || (*seen >> f) & 1) {
		near = f < 0 ? nearest_field(fields, key) : NULL;
		snprintf(msg, sizeof(msg), "%s key '%.60s'%s%.60s%s",
			 f < 0 ? "unknown" : "duplicate", key, near ? " (did you mean '" : "",
			 near ? near : "", near ? "'?)" : "");
		old = push_key(w, key);
		error_here(w, "schema", msg);
		if (f < 0)
			w->diag->n_unknown_keys++;
		w->path[old] = '\0';
		if (!advance(w))
			skip_node(w, depth + 1);
		return;
	}
	*seen |= UINT64_C(1) << f;
	old = push_key(w, key);
	if (!advance(w))
		walk_node(w, &fields[f].value, depth + 1);
	w->path[old] = '\0';
}

static void walk_mapping(struct walker *w, const cyaml_schema_value_t *s,
			 unsigned depth)
{
	const cyaml_schema_field_t *fields = s->mapping.fields;
	yaml_mark_t start = w->event.start_mark;
	uint64_t seen = 0;

	while (!advance(w) && type(w) != YAML_MAPPING_END_EVENT)
		walk_key_value(w, fields, &seen, depth);
	if (w->broken)
		return;
	for (int i = 0; fields[i].key; i++) {
		if ((fields[i].value.flags & CYAML_FLAG_OPTIONAL) || (seen >> i) & 1)
			continue;
		size_t old = push_key(w, fields[i].key);

		bl_topo_error_at(w->diag, mark_line(start), mark_col(start), w->path,
				 "schema", "required key missing");
		w->path[old] = '\0';
	}
}

static void walk_node(struct walker *w, const cyaml_schema_value_t *s,
		      unsigned depth)
{
	record(w);
	if (depth > BL_TOPO_MAX_DEPTH) {
		error_here(w, "limit", "nested too deeply");
		w->broken = true;
		return;
	}
	switch (type(w)) {
	case YAML_ALIAS_EVENT:
		error_here(w, "schema", "aliases (*name) are not supported");
		return;
	case YAML_SCALAR_EVENT:
		walk_scalar(w, s);
		return;
	case YAML_SEQUENCE_START_EVENT:
		if (s->type == CYAML_SEQUENCE)
			return walk_sequence(w, s, depth);
		wrong_kind(w, s, "a list");
		skip_node(w, depth);
		return;
	case YAML_MAPPING_START_EVENT:
		if (s->type == CYAML_MAPPING)
			return walk_mapping(w, s, depth);
		wrong_kind(w, s, "a mapping");
		skip_node(w, depth);
		return;
	default:
		error_here(w, "yaml", "unexpected YAML event");
		w->broken = true;
	}
}

static void walk_stream(struct walker *w, const cyaml_schema_value_t *schema)
{
	if (advance(w) || advance(w))
		return; /* STREAM_START, then the first document */
	if (type(w) == YAML_STREAM_END_EVENT) {
		error_here(w, "schema", "the file is empty");
		return;
	}
	if (advance(w))
		return;
	walk_node(w, schema, 0);
	if (advance(w) || advance(w)) /* DOCUMENT_END, STREAM_END */
		return;
	if (type(w) != YAML_STREAM_END_EVENT)
		error_here(w, "schema", "only one YAML document is allowed");
}

int bl_positions_walk(const char *buf, size_t len,
		      const cyaml_schema_value_t *schema,
		      struct bl_topo_diag *diag)
{
	struct walker w = { .diag = diag, .buf = buf, .len = len,
			    .relaxed = bl_topo_limits_relaxed(buf, len) };
	unsigned before = diag->n_errors;

	bl_positions_free(diag->pos);
	diag->pos = calloc(1, sizeof(*diag->pos));
	if (!diag->pos)
		return -ENOMEM;
	if (!yaml_parser_initialize(&w.parser))
		return -ENOMEM;
	yaml_parser_set_input_string(&w.parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&w.parser, YAML_UTF8_ENCODING);
	walk_stream(&w, schema);
	if (w.have_event)
		yaml_event_delete(&w.event);
	yaml_parser_delete(&w.parser);
	if (w.oom)
		return w.oom;
	return diag->n_errors == before ? 0 : -EINVAL;
}
