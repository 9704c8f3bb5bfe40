// SPDX-License-Identifier: GPL-2.0-or-later
#include "vici/vici_msg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int bl_vici_msg_new(const char *command, struct bl_vici_msg **out)
{
	struct bl_vici_msg *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->command = strdup(command ? command : "");
	if (!m->command) {
		free(m);
		return -ENOMEM;
	}
	*out = m;
	return 0;
}

static void entry_clear(struct bl_vici_entry *e)
{
	if (e->secret && e->value)
		explicit_bzero(e->value, strlen(e->value));
	free(e->section);
	free(e->key);
	free(e->value);
}

void bl_vici_msg_free(struct bl_vici_msg *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_entries; i++)
		entry_clear(&m->entries[i]);
	free(m->entries);
	free(m->command);
	free(m);
}

static void set_error(struct bl_vici_msg *m, int err)
{
	if (!m->error)
		m->error = err;
}

int bl_vici_msg_error(const struct bl_vici_msg *m)
{
	return m->error;
}

void bl_vici_msg_begin_section(struct bl_vici_msg *m, const char *name)
{
	size_t used = strlen(m->section);

	if (m->error)
		return;
	if (!*name || strchr(name, '.') ||
	    used + 1 + strlen(name) >= sizeof(m->section)) {
		set_error(m, -EINVAL);
		return;
	}
	if (used)
		m->section[used++] = '.';
	strcpy(m->section + used, name);
}

void bl_vici_msg_end_section(struct bl_vici_msg *m)
{
	char *dot;

	if (m->error)
		return;
	if (!*m->section) {
		set_error(m, -EINVAL); /* more ends than begins */
		return;
	}
	dot = strrchr(m->section, '.');
	if (dot)
		*dot = '\0';
	else
		m->section[0] = '\0';
}

static int grow(struct bl_vici_msg *m)
{
	size_t cap = m->cap ? m->cap * 2 : 16;
	struct bl_vici_entry *e;

	if (m->n_entries < m->cap)
		return 0;
	e = realloc(m->entries, cap * sizeof(*e));
	if (!e)
		return -ENOMEM;
	m->entries = e;
	m->cap = cap;
	return 0;
}

/* Takes ownership of value (freed here on failure). */
static void append(struct bl_vici_msg *m, enum bl_vici_entry_kind kind,
		   const char *key, char *value, bool secret)
{
	struct bl_vici_entry e = { .kind = kind, .secret = secret };

	if (!m->error && (!value || !*key))
		set_error(m, value ? -EINVAL : -ENOMEM);
	if (!m->error && grow(m) < 0)
		set_error(m, -ENOMEM);
	if (!m->error) {
		e.section = strdup(m->section);
		e.key = strdup(key);
		e.value = value;
		if (!e.section || !e.key)
			set_error(m, -ENOMEM);
	}
	if (m->error) {
		e.value = value;
		entry_clear(&e);
		return;
	}
	m->entries[m->n_entries++] = e;
}

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

static void append_formatted(struct bl_vici_msg *m, enum bl_vici_entry_kind kind,
			     const char *key, const char *fmt, va_list ap)
{
	if (!m->error)
		append(m, kind, key, vformat(fmt, ap), false);
}

void bl_vici_msg_add(struct bl_vici_msg *m, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_formatted(m, BL_VICI_VALUE, key, fmt, ap);
	va_end(ap);
}

void bl_vici_msg_add_secret(struct bl_vici_msg *m, const char *key,
			    const char *value)
{
	if (m->error)
		return;
	append(m, BL_VICI_VALUE, key, strdup(value), true);
}

void bl_vici_msg_add_item(struct bl_vici_msg *m, const char *list,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_formatted(m, BL_VICI_LIST_ITEM, list, fmt, ap);
	va_end(ap);
}

void bl_vici_msg_add_items(struct bl_vici_msg *m, const char *list,
			   const char *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bl_vici_msg_add_item(m, list, "%s", items[i]);
}

/* Does entry e sit at "section.key" == path_key? */
static bool entry_is(const struct bl_vici_entry *e, const char *path_key)
{
	size_t len = strlen(e->section);

	if (!len)
		return strcmp(e->key, path_key) == 0;
	return strncmp(e->section, path_key, len) == 0 && path_key[len] == '.' &&
	       strcmp(e->key, path_key + len + 1) == 0;
}

const char *bl_vici_msg_get(const struct bl_vici_msg *m, const char *path_key)
{
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct bl_vici_entry *e = &m->entries[i];

		if (e->kind == BL_VICI_VALUE && entry_is(e, path_key))
			return e->value;
	}
	return NULL;
}

const char *bl_vici_msg_item(const struct bl_vici_msg *m, const char *path_key,
			     size_t index)
{
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct bl_vici_entry *e = &m->entries[i];

		if (e->kind == BL_VICI_LIST_ITEM && entry_is(e, path_key) &&
		    index-- == 0)
			return e->value;
	}
	return NULL;
}

size_t bl_vici_msg_list_len(const struct bl_vici_msg *m, const char *path_key)
{
	size_t n = 0;

	while (bl_vici_msg_item(m, path_key, n))
		n++;
	return n;
}

void bl_vici_msg_print(const struct bl_vici_msg *m, FILE *out, bool show_secrets)
{
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct bl_vici_entry *e = &m->entries[i];

		fprintf(out, "%s%s%s%s = %s\n", e->section, *e->section ? "." : "",
			e->key, e->kind == BL_VICI_LIST_ITEM ? "[]" : "",
			e->secret && !show_secrets ? "<hidden>" : e->value);
	}
}
