/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `watch` and `fail --watch` / `restore --watch` share: reading
 * SRC DST into a probe stream, running it (with a change in the middle
 * for fail/restore), and the report: a timeline per interval (sent,
 * delivered, lost, lost per flow), then per flow and in all, the outage
 * as lost probes and as time at the rate.
 */
#ifndef BL_WATCH_REPORT_H
#define BL_WATCH_REPORT_H

#include <stdbool.h>

#include "probe/lab_probe.h"
#include "probe/watch.h"

struct bl_watch_setup {
	struct bl_live_lab lab;     /* open, owned: bl_watch_setup_close() */
	struct bl_endpoint src, dst;
	char src_name[BL_NAME_BUF], dst_name[BL_NAME_BUF];
	struct bl_watch_opts opts;
	double interval_s;
};

/* Open the lab and both ends (DST must be a node: the receiver runs in
 * its namespace). Errors reported. */
int bl_watch_setup_open(const char *lab_arg, const char *src, const char *dst,
			struct bl_watch_setup *w);
void bl_watch_setup_close(struct bl_watch_setup *w);

/* A change made while the stream ran: when it started and ended, in
 * seconds since the stream's first probe. */
struct bl_watch_change {
	const char *what;   /* "fail er-link:b/primary" */
	double start_s;
	double converged_s; /* routes pushed, or in bird mode diff 0 */
	bool bird;          /* converged by protocol (control_plane: bird) */
};

void bl_watch_print(const struct bl_watch_setup *w, const struct bl_watch_result *r,
		    const struct bl_watch_change *change, bool json);

#endif
