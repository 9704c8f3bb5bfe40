/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Limits of the process and of the kernel that a large lab outgrows, raised
 * by `up` before it builds (never lowered).
 */
#ifndef BL_LAB_LIMITS_H
#define BL_LAB_LIMITS_H

#include <stddef.h>

/* The soft open-file limit, to what n_nodes namespaces need; -EMFILE
 * (reported) when the hard limit is below that. */
int bl_lab_raise_open_files(size_t n_nodes);

/*
 * The kernel's neighbour (ARP) table limits, to what n_links links may
 * hold. Those tables are shared by every namespace, and past gc_thresh3
 * entries the kernel refuses new neighbours and drops the packets that
 * needed them: a lab of a thousand sites loses pings at random. Raising
 * them needs the initial namespace; when that is not possible a warning
 * says what to raise, and up goes on.
 */
void bl_lab_raise_neigh_limits(size_t n_links);

/*
 * The kernel's per-CPU input queue (net.core.netdev_max_backlog), to what
 * a broadcast on the lab's largest bridge (bridge_ports ports) needs: a
 * flood larger than the queue loses frames, ARP among them. Kernel-wide;
 * when it cannot be raised a warning says what to set, and up goes on.
 */
void bl_lab_raise_backlog(size_t bridge_ports);

#endif
