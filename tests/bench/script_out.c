// SPDX-License-Identifier: GPL-2.0-or-later
/* bench-script's output: plain `ip` lines or `ip -batch` groups. */
#include <stdarg.h>
#include <string.h>

#include "tests/bench/script_out.h"

void script_end(struct script_out *o)
{
	if (o->in_batch)
		fprintf(o->out, "EOF\n");
	o->in_batch = false;
}

void script_phase(struct script_out *o, const char *name)
{
	script_end(o);
	fprintf(o->out, "# phase %s\n", name);
}

static void open_batch(struct script_out *o, const char *netns)
{
	const char *ns = netns ? netns : "";

	if (o->in_batch && !strcmp(o->batch_ns, ns))
		return;
	script_end(o);
	snprintf(o->batch_ns, sizeof(o->batch_ns), "%s", ns);
	if (*ns)
		fprintf(o->out, "ip -n %s -batch - <<'EOF'\n", ns);
	else
		fprintf(o->out, "ip -batch - <<'EOF'\n");
	o->in_batch = true;
}

void script_ip(struct script_out *o, const char *netns, const char *fmt, ...)
{
	va_list ap;

	if (o->batch)
		open_batch(o, netns);
	else if (netns)
		fprintf(o->out, "ip -n %s ", netns);
	else
		fprintf(o->out, "ip ");
	va_start(ap, fmt);
	vfprintf(o->out, fmt, ap);
	va_end(ap);
	fputc('\n', o->out);
}

void script_sh(struct script_out *o, const char *fmt, ...)
{
	va_list ap;

	script_end(o);
	va_start(ap, fmt);
	vfprintf(o->out, fmt, ap);
	va_end(ap);
	fputc('\n', o->out);
}
