// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `limits: relaxed`: found by a quick scan of the top-level keys before
 * the walk, because the walk must know the caps when it reaches
 * vpn_sites, and the key may come after them in the file.
 */
#include <string.h>
#include <yaml.h>

#include "topology/topology_limits.h"
#include "topology/topology_schema.h"

static const struct {
	const char *path;
	unsigned azure_max;
} azure_caps[] = {
	{ "vpn_sites", BL_TOPO_MAX_SITES },
	{ "er_circuits", BL_TOPO_MAX_CIRCUITS },
	{ "expect", BL_TOPO_MAX_EXPECT },
};

unsigned bl_topo_sequence_cap(const char *path, unsigned schema_max, bool relaxed)
{
	if (relaxed)
		return schema_max;
	for (size_t i = 0; i < sizeof(azure_caps) / sizeof(azure_caps[0]); i++)
		if (!strcmp(path, azure_caps[i].path))
			return azure_caps[i].azure_max;
	return schema_max;
}

/* Depth 1 is the root mapping; there, scalars alternate key and value
 * (a nested value is skipped whole and counts as one value). */
struct scan {
	int depth;
	bool at_value;
	bool limits_key;
	bool relaxed;
};

static void scan_event(struct scan *s, const yaml_event_t *ev)
{
	bool is_start = ev->type == YAML_MAPPING_START_EVENT ||
			ev->type == YAML_SEQUENCE_START_EVENT;
	bool is_end = ev->type == YAML_MAPPING_END_EVENT ||
		      ev->type == YAML_SEQUENCE_END_EVENT;
	bool top = s->depth == 1;

	if (top && ev->type == YAML_SCALAR_EVENT) {
		const char *text = (const char *)ev->data.scalar.value;

		if (s->at_value && s->limits_key)
			s->relaxed = !strcmp(text, "relaxed");
		else if (!s->at_value)
			s->limits_key = !strcmp(text, "limits");
	}
	if (is_start)
		s->depth++;
	if (is_end)
		s->depth--;
	if ((top && ev->type == YAML_SCALAR_EVENT) || (is_end && s->depth == 1))
		s->at_value = !s->at_value;
}

bool bl_topo_limits_relaxed(const char *buf, size_t len)
{
	struct scan s = { 0 };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		return false;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done && yaml_parser_parse(&parser, &ev)) {
		done = ev.type == YAML_STREAM_END_EVENT ||
		       ev.type == YAML_DOCUMENT_END_EVENT ||
		       ev.type == YAML_ALIAS_EVENT;
		scan_event(&s, &ev);
		/* libyaml slows down on deep nesting: the walk refuses it. */
		done = done || s.depth > BL_TOPO_MAX_DEPTH;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return s.relaxed;
}
