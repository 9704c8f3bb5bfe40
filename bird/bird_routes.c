// SPDX-License-Identifier: GPL-2.0-or-later
/* `show route all` replies: see bird_routes.h. */
#include "bird/bird_routes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool starts(const char *s, const char *word)
{
	return !strncmp(s, word, strlen(word));
}

/* "PREFIX TYPE [PROTO TIME...] * (PREF) [...]"; blank PREFIX: prev's. */
static int parse_head(const char *text, const char *prev_prefix, struct bl_bird_route *rt)
{
	const char *p = text, *bracket = strchr(text, '[');
	const char *close = bracket ? strchr(bracket, ']') : NULL;

	*rt = (struct bl_bird_route){ .local_pref = -1 };
	if (!bracket || !close)
		return -EPROTO;
	if (*p != ' ' && *p != '\t') {
		if (sscanf(p, "%47s", rt->prefix) != 1)
			return -EPROTO;
		p += strlen(rt->prefix);
	} else if (prev_prefix && prev_prefix[0]) {
		snprintf(rt->prefix, sizeof(rt->prefix), "%s", prev_prefix);
	} else {
		return -EPROTO;
	}
	if (sscanf(p, " %15s", rt->type) != 1 || sscanf(bracket + 1, "%63s", rt->proto) != 1)
		return -EPROTO;
	rt->primary = *skip_space(close + 1) == '*';
	return 0;
}

static void copy_value(char *dst, size_t size, const char *value)
{
	size_t n;

	snprintf(dst, size, "%s", skip_space(value));
	n = strlen(dst);
	while (n && (dst[n - 1] == ' ' || dst[n - 1] == '\t'))
		dst[--n] = '\0';
}

/* A gateway, the route type or a BGP attribute of rt. */
static void parse_detail(const char *t, struct bl_bird_route *rt)
{
	if (starts(t, "via ") && rt->n_vias < BL_BIRD_ROUTE_MAX_VIAS)
		sscanf(t + 4, "%47s", rt->vias[rt->n_vias++]);
	else if (starts(t, "dev "))
		rt->dev_only = true;
	else if (starts(t, "Type:"))
		rt->bgp = starts(skip_space(t + 5), "BGP");
	else if (starts(t, "BGP.as_path:"))
		copy_value(rt->as_path, sizeof(rt->as_path), t + strlen("BGP.as_path:"));
	else if (starts(t, "BGP.next_hop:"))
		sscanf(t + strlen("BGP.next_hop:"), " %47s", rt->next_hop);
	else if (starts(t, "BGP.origin:"))
		sscanf(t + strlen("BGP.origin:"), " %15s", rt->origin);
	else if (starts(t, "BGP.local_pref:"))
		rt->local_pref = strtol(t + strlen("BGP.local_pref:"), NULL, 10);
}

int bl_bird_routes_parse(const struct bl_bird_reply *r, struct bl_bird_route **out,
			 size_t *n)
{
	struct bl_bird_route *v = calloc(r->n + 1, sizeof(*v));
	size_t k = 0;

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < r->n; i++) {
		const char *text = r->lines[i].text, *t = skip_space(text);

		if (!*t || starts(t, "Table "))
			continue;
		if (r->lines[i].code == 1007 && !starts(t, "via ") && !starts(t, "dev ")) {
			if (parse_head(text, k ? v[k - 1].prefix : NULL, &v[k]) < 0) {
				free(v);
				return -EPROTO;
			}
			k++;
		} else if (k) {
			parse_detail(t, &v[k - 1]);
		}
	}
	*out = v;
	*n = k;
	return 0;
}
