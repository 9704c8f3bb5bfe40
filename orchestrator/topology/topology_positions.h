/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where each key of a topology file is, and how its problems are reported.
 *
 * libcyaml keeps no line numbers, so before it loads anything a libyaml
 * event walk follows the same schema, records the line:column of every key
 * path ("vpn_sites[0].tunnels[1].instance") and reports, all at once, every
 * unknown key, wrong type, bad scalar, excess entry and missing required
 * key. Later stages report semantic problems by key path through
 * bl_topo_error(), which looks the position up.
 *
 * Every message has one shape: FILE:LINE:COLUMN: KEY: MESSAGE (RULE)
 */
#ifndef BL_TOPOLOGY_POSITIONS_H
#define BL_TOPOLOGY_POSITIONS_H

#include <cyaml/cyaml.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define BL_TOPO_KEY_MAX 160
/* Past this many messages the rest are counted, not printed. */
#define BL_TOPO_MAX_MESSAGES 200u

struct bl_positions;

struct bl_topo_diag {
	const char *file;          /* name shown in messages */
	FILE *out;                 /* NULL: count errors, print nothing */
	struct bl_positions *pos;  /* owned; set by bl_positions_walk() */
	unsigned n_errors;
	unsigned n_warnings;       /* reported, but the file is accepted */
	unsigned n_unknown_keys;   /* of n_errors: the later stages can go on */
};

/*
 * Walk buf against schema, filling diag->pos and reporting every problem
 * through diag. Returns 0 when the file is well-formed for the schema,
 * -EINVAL when at least one problem was reported, -ENOMEM.
 */
int bl_positions_walk(const char *buf, size_t len,
		      const cyaml_schema_value_t *schema,
		      struct bl_topo_diag *diag);

/* Line and column (1-based) of the value at path, or of its nearest
 * recorded parent; false when nothing of it was recorded. */
bool bl_positions_find(const struct bl_positions *pos, const char *path,
		       unsigned *line, unsigned *column);
void bl_positions_free(struct bl_positions *pos);

/* Report one problem at the position of path (or its nearest parent). */
void bl_topo_error(struct bl_topo_diag *d, const char *path, const char *rule,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A problem that does not make the file invalid: printed as
 * "FILE:LINE:COL: warning: PATH: ... (RULE)", counted in n_warnings. */
void bl_topo_warn(struct bl_topo_diag *d, const char *path, const char *rule,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Same, at an explicit 1-based position. */
void bl_topo_error_at(struct bl_topo_diag *d, unsigned line, unsigned column,
		      const char *path, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* snprintf into a key path buffer of BL_TOPO_KEY_MAX bytes; returns it. */
const char *bl_topo_key(char *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
