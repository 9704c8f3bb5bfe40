// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/report.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *report_verb = "branchlab";
static bool report_verbose;

void bl_report_set_verb(const char *verb)
{
	report_verb = verb ? verb : "branchlab";
}

const char *bl_report_verb(void)
{
	return report_verb;
}

/* Every line: "<verb>: <tag><message>". */
static void say(const char *tag, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", report_verb, tag);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void bl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

int bl_err_errno(int neg_errno, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", report_verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(neg_errno < 0 ? -neg_errno : neg_errno));
	return neg_errno;
}

void bl_set_verbose(bool on)
{
	report_verbose = on;
}

void bl_info(const char *fmt, ...)
{
	va_list ap;

	if (!report_verbose)
		return;
	va_start(ap, fmt);
	say("", fmt, ap);
	va_end(ap);
}

void bl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("warning: ", fmt, ap);
	va_end(ap);
}
