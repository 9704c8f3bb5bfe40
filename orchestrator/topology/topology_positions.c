// SPDX-License-Identifier: GPL-2.0-or-later
/* The key-path -> line:column map, and the message printer that uses it. */
#include "topology/topology_positions.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "topology/topology_positions_internal.h"
#include "common/grow.h"

static int entry_cmp(const void *a, const void *b)
{
	const struct bl_position *x = a, *y = b;

	return strcmp(x->path, y->path);
}

int bl_positions_add(struct bl_positions *pos, const char *path, unsigned line,
		     unsigned column)
{
	struct bl_position *e = bl_grow(pos->entries, pos->n, &pos->cap, sizeof(*e), 256);

	if (!e)
		return -ENOMEM;
	pos->entries = e;
	pos->entries[pos->n].path = strdup(path);
	if (!pos->entries[pos->n].path)
		return -ENOMEM;
	pos->entries[pos->n].line = line;
	pos->entries[pos->n].column = column;
	pos->n++;
	pos->sorted = false;
	return 0;
}

/* Lookups happen after the walk; sorting then keeps each one O(log n) even
 * for files at the size limits. */
static void sort_once(const struct bl_positions *cpos)
{
	struct bl_positions *pos = (struct bl_positions *)cpos;

	if (pos->sorted)
		return;
	/* A path recorded twice (a duplicate key) keeps its first position:
	 * qsort is not stable, so the walk never records duplicates. */
	qsort(pos->entries, pos->n, sizeof(*pos->entries), entry_cmp);
	pos->sorted = true;
}

static const struct bl_position *lookup(const struct bl_positions *pos,
					const char *path)
{
	struct bl_position key = { .path = (char *)path };

	return bsearch(&key, pos->entries, pos->n, sizeof(*pos->entries),
		       entry_cmp);
}

/* "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> "" */
static bool strip_last(char *path)
{
	size_t n = strlen(path);

	if (!n)
		return false;
	while (n && path[n - 1] != '.' && path[n - 1] != '[')
		n--;
	path[n ? n - 1 : 0] = '\0';
	return true;
}

bool bl_positions_find(const struct bl_positions *pos, const char *path,
		       unsigned *line, unsigned *column)
{
	char buf[BL_TOPO_KEY_MAX];

	if (!pos || !pos->n)
		return false;
	sort_once(pos);
	snprintf(buf, sizeof(buf), "%s", path);
	do {
		const struct bl_position *e = lookup(pos, buf);

		if (e) {
			*line = e->line;
			*column = e->column;
			return true;
		}
	} while (strip_last(buf));
	return false;
}

void bl_positions_free(struct bl_positions *pos)
{
	if (!pos)
		return;
	for (size_t i = 0; i < pos->n; i++)
		free(pos->entries[i].path);
	free(pos->entries);
	free(pos);
}

static void vreport(struct bl_topo_diag *d, unsigned line, unsigned column,
		    const char *path, const char *rule, const char *fmt,
		    va_list ap)
{
	d->n_errors++;
	if (!d->out || d->n_errors > BL_TOPO_MAX_MESSAGES + 1)
		return;
	if (d->n_errors == BL_TOPO_MAX_MESSAGES + 1) {
		fprintf(d->out, "%s: more than %u problems, the rest are not shown\n",
			d->file, BL_TOPO_MAX_MESSAGES);
		return;
	}
	fprintf(d->out, "%s:%u:%u: %s: ", d->file, line, column,
		*path ? path : "(document)");
	vfprintf(d->out, fmt, ap);
	fprintf(d->out, " (%s)\n", rule);
}

void bl_topo_error_at(struct bl_topo_diag *d, unsigned line, unsigned column,
		      const char *path, const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(d, line, column, path, rule, fmt, ap);
	va_end(ap);
}

void bl_topo_warn(struct bl_topo_diag *d, const char *path, const char *rule,
		  const char *fmt, ...)
{
	unsigned line = 1, column = 1;
	va_list ap;

	d->n_warnings++;
	if (!d->out)
		return;
	bl_positions_find(d->pos, path, &line, &column);
	fprintf(d->out, "%s:%u:%u: warning: %s: ", d->file, line, column,
		*path ? path : "(document)");
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fprintf(d->out, " (%s)\n", rule);
}

void bl_topo_error(struct bl_topo_diag *d, const char *path, const char *rule,
		   const char *fmt, ...)
{
	unsigned line = 1, column = 1;
	va_list ap;

	bl_positions_find(d->pos, path, &line, &column);
	va_start(ap, fmt);
	vreport(d, line, column, path, rule, fmt, ap);
	va_end(ap);
}

const char *bl_topo_key(char *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, BL_TOPO_KEY_MAX, fmt, ap);
	va_end(ap);
	return buf;
}
