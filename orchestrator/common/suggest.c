// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/suggest.h"

#include <string.h>

#define WORD_MAX 64 /* longer words are not compared */

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance over three rows of the table. */
unsigned bl_edit_distance(const char *a, const char *b, unsigned cap)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned rows[3][WORD_MAX + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

	if (la > WORD_MAX || lb > WORD_MAX || (la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned *t;

		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > cap ? cap + 1 : prev[lb];
}

static unsigned allowed(const char *word)
{
	size_t n = strlen(word);

	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

void bl_suggest_init(struct bl_suggest *s, const char *word)
{
	s->word = word;
	s->best = NULL;
	s->best_distance = allowed(word) + 1;
}

void bl_suggest_offer(struct bl_suggest *s, const char *candidate)
{
	unsigned d;

	if (!strcmp(candidate, s->word))
		return;
	d = bl_edit_distance(s->word, candidate, allowed(s->word));
	if (d < s->best_distance) {
		s->best = candidate;
		s->best_distance = d;
	}
}
