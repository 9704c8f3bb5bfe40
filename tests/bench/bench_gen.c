// SPDX-License-Identifier: GPL-2.0-or-later
/* bench-gen N LAB [--expect | --expect-pairs K]: print the N-site
 * topology (gen_sites.h), with reach expectations for every ordered pair
 * of sites' hosts, or for K of them spread evenly.
 * bench-gen N LAB --er-only [--expect]: the ExpressRoute-only lab of N
 * circuits, with reach expectations between each circuit's host and a
 * spoke VM. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/gen_sites.h"

static const char usage[] = "usage: bench-gen N LAB [--expect | --expect-pairs K]\n"
			    "       bench-gen N LAB --er-only [--expect]\n";

static int parse_count(const char *arg, unsigned long max, unsigned long *out)
{
	char *end;

	*out = strtoul(arg, &end, 10);
	return *end || !*arg || !*out || *out > max ? -EINVAL : 0;
}

static int er_only(int argc, char **argv)
{
	unsigned long n;
	int r;

	if (argc > 5 || (argc == 5 && strcmp(argv[4], "--expect"))) {
		fputs(usage, stderr);
		return 2;
	}
	if (parse_count(argv[1], BENCH_MAX_ER_CIRCUITS, &n) < 0) {
		fprintf(stderr, "bench-gen: N must be 1-%u circuits, not '%s'\n",
			BENCH_MAX_ER_CIRCUITS, argv[1]);
		return 2;
	}
	r = bench_write_er_topology(stdout, argv[2], (unsigned)n, argc == 5);
	if (r < 0)
		fprintf(stderr, "bench-gen: writing the topology failed: %s\n", strerror(-r));
	return r < 0;
}

int main(int argc, char **argv)
{
	unsigned long n, pairs = 0;
	int r;

	if (argc < 3 || argc > 5) {
		fputs(usage, stderr);
		return 2;
	}
	if (argc >= 4 && !strcmp(argv[3], "--er-only"))
		return er_only(argc, argv);
	if (parse_count(argv[1], BENCH_MAX_SITES, &n) < 0) {		fprintf(stderr, "bench-gen: N must be 1-%u, not '%s'\n", BENCH_MAX_SITES,
			argv[1]);
		return 2;
	}
	if (argc == 4 && !strcmp(argv[3], "--expect"))
		pairs = BENCH_ALL_PAIRS;
	else if (argc == 5 && !strcmp(argv[3], "--expect-pairs")) {
		if (parse_count(argv[4], BENCH_ALL_PAIRS - 1, &pairs) < 0) {
			fprintf(stderr, "bench-gen: K must be a positive count, not '%s'\n",
				argv[4]);
			return 2;
		}
	} else if (argc != 3) {
		fputs(usage, stderr);
		return 2;
	}
	r = bench_write_topology(stdout, argv[2], (unsigned)n, (unsigned)pairs);
	if (r < 0)
		fprintf(stderr, "bench-gen: writing the topology failed: %s\n", strerror(-r));
	return r < 0;
}
