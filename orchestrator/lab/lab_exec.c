// SPDX-License-Identifier: GPL-2.0-or-later
/* `exec`: a command in the network namespace of one node of a lab. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "common/report.h"
#include "lab/lab.h"
#include "lab/lab_state.h"
#include "netlink/netns.h"

static int node_netns(const char *lab, const char *node, char *netns)
{
	struct bl_manifest *m = NULL;
	int r = bl_manifest_read_up(lab, &m);

	if (r < 0)
		return r;
	snprintf(netns, BL_NETNS_BUF, "%s-%s", lab, node);
	r = bl_manifest_has_netns(m, netns) ? 0 : -ENOENT;
	if (r < 0)
		bl_err("lab '%s' has no node '%s'", lab, node);
	bl_manifest_free(m);
	return r;
}

/* Only the network namespace changes: like `ip netns exec` minus its
 * /sys remount, which nothing here needs (commands talk netlink). */
int bl_lab_exec(const char *lab, const char *node, char **cmd)
{
	char netns[BL_NETNS_BUF];
	int fd, r = node_netns(lab, node, netns);

	if (r < 0)
		return r;
	r = bl_netns_open(netns, &fd);
	if (r < 0)
		return bl_err_errno(r, "opening namespace '%s' failed", netns);
	if (setns(fd, CLONE_NEWNET) < 0) {
		r = bl_err_errno(-errno, "entering namespace '%s' failed", netns);
		close(fd);
		return r;
	}
	close(fd);
	execvp(cmd[0], cmd);
	return bl_err_errno(-errno, "running '%s' in '%s' failed", cmd[0], netns);
}
