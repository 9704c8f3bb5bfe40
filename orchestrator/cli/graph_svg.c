// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SVG through Graphviz's `dot` program rather than libgvc: the picture is
 * one feature of a tool that runs as root, and a missing `dot` should cost
 * only this feature, not the lab (libgvc would tie the binary to a dozen
 * Graphviz libraries and their plugin configuration).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/graph.h"
#include "common/report.h"

/* Run `dot -Tsvg` with stdin from a pipe and stdout on out's descriptor. */
static int start_dot(FILE *out, int *to_dot, pid_t *pid)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	fflush(out);
	*pid = fork();
	if (*pid < 0) {
		int e = errno;

		close(fds[0]);
		close(fds[1]);
		return -e;
	}
	if (*pid == 0) {
		if (dup2(fds[0], STDIN_FILENO) < 0 || dup2(fileno(out), STDOUT_FILENO) < 0)
			_exit(126);
		execlp("dot", "dot", "-Tsvg", (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(fds[0]);
	*to_dot = fds[1];
	return 0;
}

static int wait_dot(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return bl_err_errno(-errno, "waiting for Graphviz's dot failed");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		bl_err("drawing the SVG failed: no `dot' program (install the graphviz package)");
		return -ENOENT;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		bl_err("drawing the SVG failed: Graphviz's dot exited with status %d",
		       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return -EIO;
	}
	return 0;
}

int bl_graph_svg(const struct bl_plan *plan, const struct bl_graph_overlay *overlay,
		 FILE *out)
{
	void (*old_pipe)(int) = signal(SIGPIPE, SIG_IGN); /* a dot that died early */
	FILE *to = NULL;
	pid_t pid = -1;
	int fd = -1, r = start_dot(out, &fd, &pid);

	if (r < 0) {
		signal(SIGPIPE, old_pipe);
		return bl_err_errno(r, "starting Graphviz's dot failed");
	}
	to = fdopen(fd, "w");
	if (!to) {
		r = -errno;
		close(fd);
	} else {
		r = bl_graph_write(plan, BL_GRAPH_DOT, overlay, to);
		if (fclose(to) != 0 && r == 0)
			r = -EIO;
	}
	/* dot's own status names the failure better than a broken pipe. */
	int w = wait_dot(pid);

	signal(SIGPIPE, old_pipe);
	if (w < 0)
		return w;
	if (r < 0)
		return bl_err_errno(r, "writing to Graphviz's dot failed");
	return 0;
}
