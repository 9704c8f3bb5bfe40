// SPDX-License-Identifier: GPL-2.0-or-later
/* branchlab ping [LAB|FILE] SRC DST [--count N] [--json]; SRC and DST are
 * a node, node/interface or an address. */
#include <stdio.h>

#include "cli/commands.h"
#include "common/json_out.h"
#include "probe/lab_probe.h"
#include "probe/probe.h"
#include "common/report.h"

const struct bl_opt bl_ping_opts[] = {
	{ "count", 'c', "N", 0, "echo requests to send, 1-1000 (default 5)" },
	{ "json", 0, NULL, 0, "one JSON object" },
	{ NULL, 0, NULL, 0, NULL },
};

/* The name of an end: the node, or the address when no node owns it. */
static const char *end_name(const struct bl_live_lab *lab, const struct bl_endpoint *e,
			    char *buf)
{
	return e->node == BL_PLAN_NONE ? bl_addr_str(e->addr, buf) : lab->plan->nodes[e->node].name;
}

/* Without a reply there is no round-trip time: null, not 0. */
static void print_json(const struct bl_live_lab *lab, const struct bl_endpoint *src,
		       const struct bl_endpoint *dst, const struct bl_ping_result *res,
		       unsigned loss)
{
	char a[BL_ADDR_STRLEN], b[BL_ADDR_STRLEN];

	printf("{\"lab\":");
	bl_json_string(stdout, lab->name);
	printf(",\"from\":\"%s\",\"to\":\"%s\",\"address\":\"%s\","
	       "\"sent\":%u,\"received\":%u,\"loss_percent\":%u,\"icmp_errors\":%u,\"rtt_ms\":",
	       end_name(lab, src, a), end_name(lab, dst, b), bl_addr_str(dst->addr, a), res->sent,
	       res->received, loss, res->errors);
	if (res->received)
		printf("{\"min\":%.3f,\"avg\":%.3f,\"max\":%.3f}}\n", res->rtt_min_us / 1000.0,
		       res->rtt_avg_us / 1000.0, res->rtt_max_us / 1000.0);
	else
		printf("null}\n");
}

static void print_result(const struct bl_live_lab *lab, const struct bl_endpoint *src,
			 const struct bl_endpoint *dst, const struct bl_ping_result *res,
			 bool json)
{
	char a[BL_ADDR_STRLEN], b[BL_ADDR_STRLEN];
	unsigned loss = res->sent ? 100u * (res->sent - res->received) / res->sent : 0;

	if (json) {
		print_json(lab, src, dst, res, loss);
		return;
	}
	printf("ping %s -> %s (%s): %u sent, %u received, %u%% loss", end_name(lab, src, a),
	       end_name(lab, dst, b), bl_addr_str(dst->addr, a), res->sent, res->received, loss);
	if (res->received)
		printf(", rtt min/avg/max %.3f/%.3f/%.3f ms", res->rtt_min_us / 1000.0,
		       res->rtt_avg_us / 1000.0, res->rtt_max_us / 1000.0);
	if (res->errors)
		printf(", %u ICMP errors (unreachable)", res->errors);
	printf("\n");
}

int cmd_ping(const struct bl_args *a)
{
	const char *const *ends;
	const char *lab_arg = bl_args_lab(a, 2, &ends);
	long count = 5;
	struct bl_live_lab lab = { 0 };
	struct bl_ping_result res;
	struct bl_endpoint src, dst;
	int r;

	if (bl_args_long(a, "count", 1, 1000, &count) < 0)
		return 2;
	if (bl_live_lab_open_pair(lab_arg, ends[0], ends[1], &lab, &src, &dst) < 0)
		return 1;
	r = bl_probe_ping(lab.plan->nodes[src.node].netns, dst.addr, (unsigned)count, 200, 1000,
			  &res);
	if (r < 0)
		bl_err_errno(r, "pinging from '%s' failed", ends[0]);
	else
		print_result(&lab, &src, &dst, &res, bl_args_has(a, "json"));
	bl_live_lab_close(&lab);
	if (r < 0)
		return 1;
	return res.received ? 0 : 1;
}
