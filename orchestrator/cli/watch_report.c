// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/watch_report.h"

#include <stdio.h>
#include <string.h>

#include "common/json_out.h"
#include "common/report.h"

/* Said with every report: the number is branchlab's, not Azure's. */
static const char *const note =
	"this measures branchlab's own recompute-and-push time in a static control plane "
	"(no BGP daemon, no detection timers), not Azure's timers (docs/failures.md)";
static const char *const bird_note =
	"the routes converged by protocol (BIRD: interface events, BFD on the ExpressRoute "
	"links, the lab's hold time), diff 0 polled every 0.1 s (docs/failures.md)";

static const char *note_of(const struct bl_watch_change *c)
{
	return c && c->bird ? bird_note : note;
}

int bl_watch_setup_open(const char *lab_arg, const char *src, const char *dst,
			struct bl_watch_setup *w)
{
	memset(w, 0, sizeof(*w));
	if (bl_live_lab_open_pair(lab_arg, src, dst, &w->lab, &w->src, &w->dst) < 0)
		return -1;
	if (w->dst.node == BL_PLAN_NONE) {
		bl_err("'%s' is no node of lab '%s': the receiver runs in DST's namespace", dst,
		       w->lab.name);
		bl_live_lab_close(&w->lab);
		return -1;
	}
	snprintf(w->src_name, sizeof(w->src_name), "%s", w->lab.plan->nodes[w->src.node].name);
	snprintf(w->dst_name, sizeof(w->dst_name), "%s", w->lab.plan->nodes[w->dst.node].name);
	w->opts.src_netns = w->lab.plan->nodes[w->src.node].netns;
	w->opts.dst_netns = w->lab.plan->nodes[w->dst.node].netns;
	w->opts.dst = w->dst.addr;
	return 0;
}

void bl_watch_setup_close(struct bl_watch_setup *w)
{
	bl_live_lab_close(&w->lab);
}

/* Per flow, the probes it carries a second. */
static double flow_rate(const struct bl_watch_setup *w)
{
	return (double)w->opts.rate / (double)w->opts.flows;
}

static void print_text(const struct bl_watch_setup *w, const struct bl_watch_result *r,
		       const struct bl_watch_change *c)
{
	uint64_t step = (uint64_t)(w->interval_s * 1e6);
	char a[BL_ADDR_STRLEN];
	uint64_t lost = r->sent - r->delivered;

	printf("watch %s: %s -> %s (%s) udp port %u, %u flows (source ports", w->lab.name,
	       w->src_name, w->dst_name, bl_addr_str(w->opts.dst, a), r->dport, r->n_flows);
	for (unsigned k = 0; k < r->n_flows; k++)
		printf(" %u", r->flows[k].sport);
	printf("), %u probes/s\n", w->opts.rate);
	printf("%-15s %6s %9s %5s  lost per flow\n", "time (s)", "sent", "delivered", "lost");
	for (uint64_t t = 0; step && t <= r->end_us; t += step) {
		struct bl_watch_interval iv;
		char span[32];

		bl_watch_interval(r, t, t + step, &iv);
		snprintf(span, sizeof(span), "%.2f-%.2f", t / 1e6, (t + step) / 1e6);
		printf("%-15s %6llu %9llu %5llu ", span, (unsigned long long)iv.sent,
		       (unsigned long long)iv.delivered,
		       (unsigned long long)(iv.sent - iv.delivered));
		for (unsigned k = 0; k < r->n_flows; k++)
			printf(" %llu", (unsigned long long)iv.lost_per_flow[k]);
		if (c && c->start_s * 1e6 >= (double)t && c->start_s * 1e6 < (double)(t + step))
			printf("   <- %s", c->what);
		printf("\n");
	}
	for (unsigned k = 0; k < r->n_flows; k++) {
		const struct bl_watch_flow *f = &r->flows[k];

		printf("flow %u (source port %u): %llu sent, %llu delivered, %llu lost", k + 1,
		       f->sport, (unsigned long long)f->sent, (unsigned long long)f->delivered,
		       (unsigned long long)(f->sent - f->delivered));
		if (f->longest_run)
			printf("; longest outage %llu probes in a row = %.3f s at %.0f/s "
			       "(from %.3f s)", (unsigned long long)f->longest_run,
			       (double)f->longest_run / flow_rate(w), flow_rate(w),
			       f->longest_from_us / 1e6);
		printf("\n");
	}
	printf("in all: %llu sent, %llu delivered, %llu lost = %.3f s of probes at %u/s\n",
	       (unsigned long long)r->sent, (unsigned long long)r->delivered,
	       (unsigned long long)lost, (double)lost / w->opts.rate, w->opts.rate);
	if (c)
		printf("%s at %.3f s; routes converged at %.3f s (%.3f s after)\n", c->what,
		       c->start_s, c->converged_s, c->converged_s - c->start_s);
	printf("note: %s\n", note_of(c));
}

static void print_json(const struct bl_watch_setup *w, const struct bl_watch_result *r,
		       const struct bl_watch_change *c)
{
	uint64_t step = (uint64_t)(w->interval_s * 1e6);
	char a[BL_ADDR_STRLEN];
	bool first = true;

	printf("{\"lab\":");
	bl_json_string(stdout, w->lab.name);
	printf(",\"from\":\"%s\",\"to\":\"%s\",\"address\":\"%s\",\"port\":%u,\"rate\":%u,"
	       "\"interval_s\":%.3f,\"flows\":[", w->src_name, w->dst_name,
	       bl_addr_str(w->opts.dst, a), r->dport, w->opts.rate, w->interval_s);
	for (unsigned k = 0; k < r->n_flows; k++) {
		const struct bl_watch_flow *f = &r->flows[k];

		printf("%s{\"source_port\":%u,\"sent\":%llu,\"delivered\":%llu,\"lost\":%llu,"
		       "\"longest_outage_probes\":%llu,\"longest_outage_s\":%.3f,"
		       "\"longest_outage_from_s\":%.3f}", k ? "," : "", f->sport,
		       (unsigned long long)f->sent, (unsigned long long)f->delivered,
		       (unsigned long long)(f->sent - f->delivered),
		       (unsigned long long)f->longest_run, (double)f->longest_run / flow_rate(w),
		       f->longest_from_us / 1e6);
	}
	printf("],\"intervals\":[");
	for (uint64_t t = 0; step && t <= r->end_us; t += step) {
		struct bl_watch_interval iv;

		bl_watch_interval(r, t, t + step, &iv);
		printf("%s{\"from_s\":%.3f,\"sent\":%llu,\"delivered\":%llu,\"lost\":%llu,"
		       "\"lost_per_flow\":[", first ? "" : ",", t / 1e6,
		       (unsigned long long)iv.sent, (unsigned long long)iv.delivered,
		       (unsigned long long)(iv.sent - iv.delivered));
		for (unsigned k = 0; k < r->n_flows; k++)
			printf("%s%llu", k ? "," : "", (unsigned long long)iv.lost_per_flow[k]);
		printf("]}");
		first = false;
	}
	printf("],\"sent\":%llu,\"delivered\":%llu,\"lost\":%llu,\"lost_s\":%.3f",
	       (unsigned long long)r->sent, (unsigned long long)r->delivered,
	       (unsigned long long)(r->sent - r->delivered),
	       (double)(r->sent - r->delivered) / w->opts.rate);
	if (c) {
		printf(",\"change\":{\"what\":");
		bl_json_string(stdout, c->what);
		printf(",\"start_s\":%.3f,\"converged_s\":%.3f}", c->start_s, c->converged_s);
	}
	printf(",\"note\":");
	bl_json_string(stdout, note_of(c));
	printf("}\n");
}

void bl_watch_print(const struct bl_watch_setup *w, const struct bl_watch_result *r,
		    const struct bl_watch_change *change, bool json)
{
	if (json)
		print_json(w, r, change);
	else
		print_text(w, r, change);
	fflush(stdout);
}
