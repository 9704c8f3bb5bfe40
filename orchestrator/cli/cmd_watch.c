// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * branchlab watch [LAB] SRC DST [--rate PPS] [--flows N] [--duration S]
 *                 [--interval S] [--json]
 * Numbered UDP probes from SRC's namespace to DST's over N flows, and what
 * arrived: a timeline per interval, then per flow and in all.
 */
#include <math.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/watch_report.h"
#include "common/report.h"

const struct bl_opt bl_watch_opts[] = {
	{ "rate", 'r', "PPS", 0, "probes a second, all flows together, 1-10000 (default 100)" },
	{ "flows", 'n', "N", 0, "flows, each its own source port, 1-64 (default 4)" },
	{ "duration", 'd', "SECONDS", 0, "how long to send, 1-3600 (default 10)" },
	{ "interval", 'i', "SECONDS", 0, "one timeline line per this much, 0.1-60 (default 1)" },
	{ "json", 0, NULL, 0, "one JSON object" },
	{ NULL, 0, NULL, 0, NULL },
};

static int seconds_opt(const struct bl_args *a, const char *name, double min, double max,
		       double *out)
{
	const char *text = bl_args_value(a, name);
	char *end = NULL;
	double v;

	if (!text)
		return 0;
	v = strtod(text, &end);
	if (!*text || *end || !isfinite(v) || v < min || v > max) {
		bl_err("--%s takes seconds from %g to %g, not `%s'", name, min, max, text);
		return -1;
	}
	*out = v;
	return 0;
}

int cmd_watch(const struct bl_args *a)
{
	const char *const *ends;
	const char *lab_arg = bl_args_lab(a, 2, &ends);
	long rate = 100, flows = 4;
	double duration = 10, interval = 1;
	struct bl_watch_setup w;
	struct bl_watch_result r;
	int err;

	if (bl_args_long(a, "rate", 1, 10000, &rate) < 0 ||
	    bl_args_long(a, "flows", 1, BL_WATCH_MAX_FLOWS, &flows) < 0 ||
	    seconds_opt(a, "duration", 1, 3600, &duration) < 0 ||
	    seconds_opt(a, "interval", 0.1, 60, &interval) < 0)
		return 2;
	if (bl_watch_setup_open(lab_arg, ends[0], ends[1], &w) < 0)
		return 1;
	w.opts.rate = (unsigned)rate;
	w.opts.flows = (unsigned)flows;
	w.opts.duration_s = duration;
	w.interval_s = interval;
	err = bl_watch_run(&w.opts, &r);
	if (!err) {
		bl_watch_print(&w, &r, NULL, bl_args_has(a, "json"));
		bl_watch_result_free(&r);
	}
	bl_watch_setup_close(&w);
	if (err)
		return 1;
	return r.delivered == r.sent ? 0 : 1;
}
