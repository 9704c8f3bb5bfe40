/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every --json output shares. */
#ifndef BL_JSON_OUT_H
#define BL_JSON_OUT_H

#include <stdio.h>

/* s as a JSON string, quoted, with '"', '\\' and control characters
 * escaped (names and messages may come from the user's file). */
void bl_json_string(FILE *out, const char *s);

#endif
