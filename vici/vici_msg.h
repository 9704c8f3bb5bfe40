/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A vici message as plain data: the command name and a flat list of
 * entries, each a (section path, key, value) triple, in order. Requests
 * are built into this form and only turned into libvici calls at the
 * moment they are sent (vici_io.h), so tests can check every request
 * without a daemon; responses and events are read back into the same form.
 *
 * Section paths join section names with '.' ("" is the top level,
 * "rras-a-in0.children.rras-a-in0" a child of a connection), so a value
 * is found by one string: bl_vici_msg_get(m, "rras-a-in0.version").
 * Section names therefore may not contain '.', and a section only exists
 * through the entries inside it (an empty section is never sent).
 *
 * Building: errors are sticky. The first failure (out of memory, a bad
 * name) is kept and every later call does nothing, so a builder checks
 * bl_vici_msg_error() once at its end.
 *
 * Secrets (pre-shared keys) are marked: bl_vici_msg_print() hides them
 * unless asked.
 *
 * Ownership: bl_vici_msg_new() returns an owned message;
 * bl_vici_msg_free(NULL) is a no-op. Strings returned by the getters
 * belong to the message.
 */
#ifndef BL_VICI_MSG_H
#define BL_VICI_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BL_VICI_PATH_MAX 256

enum bl_vici_entry_kind {
	BL_VICI_VALUE,     /* key = value */
	BL_VICI_LIST_ITEM, /* one item of list `key`; consecutive items form it */
};

struct bl_vici_entry {
	enum bl_vici_entry_kind kind;
	char *section; /* "" at top level */
	char *key;
	char *value;
	bool secret;
};

struct bl_vici_msg {
	char *command; /* request or event name; "" for a response */
	struct bl_vici_entry *entries;
	size_t n_entries;
	size_t cap;
	char section[BL_VICI_PATH_MAX]; /* open section path while building */
	int error;                      /* first building error, 0 if none */
};

int bl_vici_msg_new(const char *command, struct bl_vici_msg **out);
void bl_vici_msg_free(struct bl_vici_msg *m);

void bl_vici_msg_begin_section(struct bl_vici_msg *m, const char *name);
void bl_vici_msg_end_section(struct bl_vici_msg *m);
void bl_vici_msg_add(struct bl_vici_msg *m, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void bl_vici_msg_add_secret(struct bl_vici_msg *m, const char *key,
			    const char *value);
void bl_vici_msg_add_item(struct bl_vici_msg *m, const char *list,
			  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds no entry: a list with no item is simply absent. */
void bl_vici_msg_add_items(struct bl_vici_msg *m, const char *list,
			   const char *const *items, size_t n);

/* 0, or the first error met while building (-ENOMEM, -EINVAL). */
int bl_vici_msg_error(const struct bl_vici_msg *m);

/* Value of "section.path.key" (a plain value, not a list), or NULL. */
const char *bl_vici_msg_get(const struct bl_vici_msg *m, const char *path_key);
/* Item `index` of list "section.path.key", or NULL; count with _list_len. */
const char *bl_vici_msg_item(const struct bl_vici_msg *m, const char *path_key,
			     size_t index);
size_t bl_vici_msg_list_len(const struct bl_vici_msg *m, const char *path_key);

/* One "path.key = value" (or "path.key[] = value") line per entry. */
void bl_vici_msg_print(const struct bl_vici_msg *m, FILE *out, bool show_secrets);

#endif
