// SPDX-License-Identifier: GPL-2.0-or-later
/* bench-gen N LAB [--expect]: print the N-site topology (gen_sites.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/bench/gen_sites.h"

int main(int argc, char **argv)
{
	char *end;
	unsigned long n;
	int r;

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--expect"))) {
		fprintf(stderr, "usage: bench-gen N LAB [--expect]\n");
		return 2;
	}
	n = strtoul(argv[1], &end, 10);
	if (*end || !n || n > BENCH_MAX_SITES) {
		fprintf(stderr, "bench-gen: N must be 1-%u, not '%s'\n", BENCH_MAX_SITES,
			argv[1]);
		return 2;
	}
	r = bench_write_topology(stdout, argv[2], (unsigned)n, argc == 4);
	if (r < 0)
		fprintf(stderr, "bench-gen: writing the topology failed: %s\n", strerror(-r));
	return r < 0;
}
