/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "Did you mean": the candidate nearest a misspelled word, offered one at
 * a time. A candidate counts when it is within a small edit distance
 * (insertions, deletions, substitutions, swaps of neighbours): at most 1
 * for words up to 4 characters, 2 up to 8, 3 beyond.
 */
#ifndef BL_SUGGEST_H
#define BL_SUGGEST_H

#include <stddef.h>

struct bl_suggest {
	const char *word;
	const char *best; /* NULL: nothing near enough */
	unsigned best_distance;
};

void bl_suggest_init(struct bl_suggest *s, const char *word);
void bl_suggest_offer(struct bl_suggest *s, const char *candidate);
/* The edit distance, capped at cap + 1 (a bound keeps it cheap). */
unsigned bl_edit_distance(const char *a, const char *b, unsigned cap);

#endif
