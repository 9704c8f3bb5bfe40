// SPDX-License-Identifier: GPL-2.0-or-later
#include "vici/vici_error.h"

#include <stdarg.h>
#include <stdio.h>

int bl_vici_fail(struct bl_vici_error *e, int err, const char *what,
		 const char *why_fmt, ...)
{
	va_list ap;

	if (!e)
		return err;
	e->err = err;
	snprintf(e->what, sizeof(e->what), "%s", what);
	va_start(ap, why_fmt);
	vsnprintf(e->why, sizeof(e->why), why_fmt, ap);
	va_end(ap);
	return err;
}
