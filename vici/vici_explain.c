// SPDX-License-Identifier: GPL-2.0-or-later
#include "vici/vici_explain.h"

#include <string.h>

struct known_cause {
	const char *needle; /* as charon 5.9 words it */
	const char *cause;
};

/* In order of precedence: an authentication failure explains the
 * retransmits and the "failed" lines that follow it. */
static const struct known_cause known_causes[] = {
	{ "AUTHENTICATION_FAILED", "authentication failed (pre-shared keys or identities differ)" },
	{ "MAC mismatched", "authentication failed (pre-shared keys differ)" },
	{ "no shared key found", "authentication failed (no pre-shared key for these identities)" },
	{ "NO_PROPOSAL_CHOSEN", "no proposal chosen (algorithms differ)" },
	{ "no acceptable proposal", "no proposal chosen (algorithms differ)" },
	{ "TS_UNACCEPTABLE", "traffic selectors not accepted" },
	{ "no IKE config found", "the peer has no connection for these addresses" },
	{ "giving up after", "the peer did not answer" },
	{ "unable to install", "the kernel refused the SA or policy" },
};

static size_t last_with(const char *const *lines, size_t n, const char *needle)
{
	for (size_t i = n; i-- > 0;)
		if (strstr(lines[i], needle))
			return i;
	return n;
}

struct bl_vici_explanation bl_vici_explain(const char *const *lines, size_t n)
{
	struct bl_vici_explanation x = { .cause = NULL, .line = n };
	size_t i;

	for (i = 0; i < sizeof(known_causes) / sizeof(known_causes[0]); i++) {
		x.line = last_with(lines, n, known_causes[i].needle);
		if (x.line < n) {
			x.cause = known_causes[i].cause;
			return x;
		}
	}
	x.line = last_with(lines, n, "failed");
	if (x.line == n)
		x.line = last_with(lines, n, "error");
	return x;
}
