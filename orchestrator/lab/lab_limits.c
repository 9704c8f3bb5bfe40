// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/lab_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "common/report.h"

/* Each node holds a namespace descriptor, two netlink sockets (libmnl) and
 * a libnl reader while up runs: a lab of a thousand sites needs far more
 * than the usual soft limit of 1024 open files. */
#define FDS_PER_NODE 4
#define FDS_SPARE 64

int bl_lab_raise_open_files(size_t n_nodes)
{
	rlim_t need = (rlim_t)n_nodes * FDS_PER_NODE + FDS_SPARE;
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) < 0)
		return bl_err_errno(-errno, "reading the open-file limit failed");
	if (lim.rlim_cur >= need)
		return 0;
	if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < need) {
		bl_err("a lab of %zu nodes needs %llu open files; the hard limit is %llu: "
		       "raise it (ulimit -Hn, or LimitNOFILE= for a service)",
		       n_nodes, (unsigned long long)need, (unsigned long long)lim.rlim_max);
		return -EMFILE;
	}
	lim.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &lim) < 0)
		return bl_err_errno(-errno, "raising the open-file limit to %llu failed",
				    (unsigned long long)need);
	return 0;
}

#define NEIGH_DIR "/proc/sys/net/ipv4/neigh/default/"

/* Most links have one neighbour (a veth's other end), a bridge port a few
 * more: two per link for the soft limit, four for the hard one. */
#define NEIGH_SOFT_PER_LINK 2
#define NEIGH_HARD_PER_LINK 4

static long read_long(const char *path)
{
	char buf[32];
	FILE *f = fopen(path, "re");
	long v = -1;

	if (f && fgets(buf, sizeof(buf), f))
		v = strtol(buf, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

static int write_long(const char *path, long v)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CLOEXEC), len, r = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%ld", v);
	n = write(fd, buf, (size_t)len);
	if (n != len)
		r = n < 0 ? -errno : -EIO;
	close(fd);
	return r;
}

/* Raise one threshold to want unless it is there already: 0, or -errno
 * (-ENOENT when it cannot be read: not the initial namespace). */
static int raise_thresh(const char *name, long want, long *was)
{
	char path[96];

	snprintf(path, sizeof(path), NEIGH_DIR "%s", name);
	*was = read_long(path);
	if (*was < 0)
		return -ENOENT;
	return *was >= want ? 0 : write_long(path, want);
}

/* The kernel's default gc_thresh3: below it there is nothing to say. */
#define NEIGH_KERNEL_DEFAULT 1024

void bl_lab_raise_neigh_limits(size_t n_links)
{
	long soft = (long)n_links * NEIGH_SOFT_PER_LINK;
	long hard = (long)n_links * NEIGH_HARD_PER_LINK;
	long was2 = -1, was3 = -1;
	/* Hard first: gc_thresh2 above gc_thresh3 would be refused. */
	int r = raise_thresh("gc_thresh3", hard, &was3);

	if (r == 0)
		r = raise_thresh("gc_thresh2", soft, &was2);
	if (r == 0) {
		if (was3 < hard)
			bl_info("raised the kernel's neighbour table limits (net.ipv4.neigh."
				"default.gc_thresh2/3) from %ld/%ld to %ld/%ld for %zu links",
				was2, was3, soft, hard, n_links);
		return;
	}
	if (hard <= NEIGH_KERNEL_DEFAULT && (was3 < 0 || was3 >= hard))
		return;
	bl_warn("a lab of %zu links may keep %ld neighbour entries; raising the kernel's "
		"limit failed (%s): if pings are lost, set net.ipv4.neigh.default.gc_thresh3 "
		"to %ld as root in the initial namespace", n_links, hard,
		r == -ENOENT ? "it is not visible in this namespace" : strerror(-r), hard);
}

#define BACKLOG_PATH "/proc/sys/net/core/netdev_max_backlog"
/* A broadcast on a bridge of P ports puts P frames at once into the
 * per-CPU input queue of the veths behind it (net.core.netdev_max_backlog,
 * 1000 by default, kernel-wide); past it the kernel drops them. An ARP
 * request on the "internet" bridge of a 1000-site lab (902 ports) nearly
 * fills it, and verify starts 128 pairs at once: in the test VM, raising
 * it to 3608 cut the neighbour resolutions that failed during a 3000-pair
 * verify from 1107 to 662 (docs/lab.md). Room for a few broadcasts at
 * once. */
#define BACKLOG_PER_PORT 4

void bl_lab_raise_backlog(size_t bridge_ports)
{
	long want = (long)bridge_ports * BACKLOG_PER_PORT;
	long was = read_long(BACKLOG_PATH);
	int r;

	if (was < 0 || was >= want)
		return;
	r = write_long(BACKLOG_PATH, want);
	if (r == 0) {
		bl_info("raised the kernel's input queue (net.core.netdev_max_backlog) from %ld "
			"to %ld for a bridge of %zu ports", was, want, bridge_ports);
		return;
	}
	bl_warn("a bridge of %zu ports floods each broadcast into a queue of %ld packets; "
		"raising it failed (%s): if pings are lost, set net.core.netdev_max_backlog to "
		"%ld as root", bridge_ports, was, strerror(-r), want);
}
