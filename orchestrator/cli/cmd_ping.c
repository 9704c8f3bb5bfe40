// SPDX-License-Identifier: GPL-2.0-or-later
/* branchlab ping LAB SRC DST [--count N] [--json] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "probe/lab_probe.h"
#include "probe/probe.h"
#include "common/report.h"

static const char ping_usage[] = "usage: branchlab ping LAB SRC DST [--count N] [--json]";

static void print_result(const struct bl_live_lab *lab, size_t src, size_t dst, bl_addr addr,
			 const struct bl_ping_result *res, bool json)
{
	char a[BL_ADDR_STRLEN];
	unsigned loss = res->sent ? 100u * (res->sent - res->received) / res->sent : 0;

	if (json) {
		printf("{\"lab\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"address\":\"%s\","
		       "\"sent\":%u,\"received\":%u,\"loss_percent\":%u,\"icmp_errors\":%u,"
		       "\"rtt_ms\":{\"min\":%.3f,\"avg\":%.3f,\"max\":%.3f}}\n",
		       lab->name, lab->plan->nodes[src].name, lab->plan->nodes[dst].name,
		       bl_addr_str(addr, a), res->sent, res->received, loss, res->errors,
		       res->rtt_min_us / 1000.0, res->rtt_avg_us / 1000.0, res->rtt_max_us / 1000.0);
		return;
	}
	printf("ping %s -> %s (%s): %u sent, %u received, %u%% loss", lab->plan->nodes[src].name,
	       lab->plan->nodes[dst].name, bl_addr_str(addr, a), res->sent, res->received, loss);
	if (res->received)
		printf(", rtt min/avg/max %.3f/%.3f/%.3f ms", res->rtt_min_us / 1000.0,
		       res->rtt_avg_us / 1000.0, res->rtt_max_us / 1000.0);
	if (res->errors)
		printf(", %u ICMP errors (unreachable)", res->errors);
	printf("\n");
}

int cmd_ping(int argc, char **argv)
{
	const char *pos[3];
	int n_pos = 0;
	long count = 5;
	bool json = false;
	struct bl_live_lab lab = { 0 };
	struct bl_ping_result res;
	size_t src, dst;
	bl_addr addr;
	int r;

	for (int i = 1; i < argc; i++) {
		char *end = NULL;

		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			count = strtol(argv[++i], &end, 10);
			if (*end || count < 1 || count > 1000) {
				bl_err("--count takes a number from 1 to 1000, not `%s'", argv[i]);
				return 2;
			}
		} else if (n_pos < 3 && argv[i][0] != '-') {
			pos[n_pos++] = argv[i];
		} else {
			bl_err("%s", ping_usage);
			return 2;
		}
	}
	if (n_pos != 3) {
		bl_err("%s", ping_usage);
		return 2;
	}
	if (bl_live_lab_open_pair(pos, &lab, &src, &dst) < 0)
		return 1;
	if ((r = bl_live_lab_node_address(&lab, dst, &addr)) < 0)
		bl_err("node '%s' has no address to ping", pos[2]);
	else if ((r = bl_probe_ping(lab.plan->nodes[src].netns, addr, (unsigned)count, 200, 1000,
				    &res)) < 0)
		bl_err_errno(r, "pinging from '%s' failed", pos[1]);
	else
		print_result(&lab, src, dst, addr, &res, json);
	bl_live_lab_close(&lab);
	if (r < 0)
		return 1;
	return res.received ? 0 : 1;
}
