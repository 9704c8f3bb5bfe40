// SPDX-License-Identifier: GPL-2.0-or-later
/* Starting, finding and stopping one BIRD daemon: see bird_daemon.h. */
#include "bird/bird_daemon.h"
#include "bird/bird_ctl.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fail(char *why, size_t size, int err, const char *fmt, const char *arg)
{
	if (why && size)
		snprintf(why, size, fmt, arg);
	return err;
}

int bl_bird_paths(const char *dir, const char *node, struct bl_bird_paths *out)
{
	int n = snprintf(out->socket, sizeof(out->socket), "%s/%s.ctl", dir, node);

	if (n < 0 || (size_t)n >= sizeof(out->socket))
		return -ENAMETOOLONG;
	snprintf(out->conf, sizeof(out->conf), "%s/%s.conf", dir, node);
	snprintf(out->pid, sizeof(out->pid), "%s/%s.pid", dir, node);
	snprintf(out->log, sizeof(out->log), "%s/%s.log", dir, node);
	return 0;
}

static void sleep_ms(unsigned ms)
{
	struct timespec t = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&t, NULL);
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* The text BIRD wrote to stderr before it exited, trimmed. */
static void read_errors(int fd, char *why, size_t size)
{
	size_t len = 0;
	ssize_t k;

	while (len + 1 < size && (k = read(fd, why + len, size - 1 - len)) > 0)
		len += (size_t)k;
	why[len] = '\0';
	while (len && (why[len - 1] == '\n' || why[len - 1] == ' '))
		why[--len] = '\0';
	for (char *c = why; *c; c++)
		if (*c == '\n')
			*c = ' ';
}

int bl_bird_launch(const struct bl_bird_paths *p, const char *netns, struct bl_bird_launch *l,
		   char *why, size_t why_size)
{
	char ns_path[PATH_MAX];
	char *argv[] = { "bird", "-c", (char *)p->conf, "-s", (char *)p->socket, "-P",
			 (char *)p->pid, NULL };
	char *envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	int pipefd[2], ns_fd;
	pid_t pid;

	*l = (struct bl_bird_launch){ .pid = -1, .err_fd = -1 };
	if (access(BL_BIRD_BIN, X_OK) < 0)
		return fail(why, why_size, -ENOENT,
			    "%s not found: install the package " BL_BIRD_PACKAGE, BL_BIRD_BIN);
	snprintf(ns_path, sizeof(ns_path), "/run/netns/%s", netns);
	ns_fd = open(ns_path, O_RDONLY | O_CLOEXEC);
	if (ns_fd < 0)
		return fail(why, why_size, -errno, "opening %s failed", ns_path);
	if (pipe2(pipefd, O_CLOEXEC) < 0) {
		int err = -errno;

		close(ns_fd);
		return fail(why, why_size, err, "%s", strerror(-err));
	}
	/* A socket file left by a daemon that died would be refused. */
	unlink(p->socket);
	pid = fork();
	if (pid == 0) {
		if (setns(ns_fd, CLONE_NEWNET) < 0) {
			dprintf(pipefd[1], "entering the network namespace: %s", strerror(errno));
			_exit(127);
		}
		dup2(pipefd[1], STDERR_FILENO);
		execve(BL_BIRD_BIN, argv, envp);
		dprintf(pipefd[1], "executing %s: %s", BL_BIRD_BIN, strerror(errno));
		_exit(127);
	}
	close(ns_fd);
	close(pipefd[1]);
	if (pid < 0) {
		int err = -errno;

		close(pipefd[0]);
		return fail(why, why_size, err, "%s", strerror(-err));
	}
	l->pid = pid;
	l->err_fd = pipefd[0];
	return 0;
}

int bl_bird_launched(const struct bl_bird_paths *p, struct bl_bird_launch *l,
		     unsigned timeout_ms, char *why, size_t why_size)
{
	pid_t waited;
	int status;

	if (l->pid <= 0)
		return fail(why, why_size, -EINVAL, "%s", "no BIRD was launched");
	while ((waited = waitpid(l->pid, &status, 0)) < 0 && errno == EINTR)
		;
	if (waited < 0) {
		int err = -errno;

		close(l->err_fd);
		return fail(why, why_size, err, "waiting for bird: %s", strerror(-err));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* Nothing of BIRD runs: every writer of the pipe is gone. */
		char text[512];

		read_errors(l->err_fd, text, sizeof(text));
		close(l->err_fd);
		return fail(why, why_size, -EINVAL, "%s", text[0] ? text : "bird exited at once");
	}
	close(l->err_fd);
	/* Daemonized: wait for the control socket. */
	for (long end = now_ms() + timeout_ms;;) {
		struct bl_bird_ctl *c = NULL;
		char reason[128];

		if (bl_bird_ctl_open(p->socket, 1000, &c, reason, sizeof(reason)) == 0) {
			bl_bird_ctl_close(c);
			return 0;
		}
		if (now_ms() > end)
			return fail(why, why_size, -ETIMEDOUT,
				    "its control socket did not answer in time (%s)", reason);
		sleep_ms(20);
	}
}

int bl_bird_start(const struct bl_bird_paths *p, const char *netns, unsigned timeout_ms,
		  char *why, size_t why_size)
{
	struct bl_bird_launch l;
	int r = bl_bird_launch(p, netns, &l, why, why_size);

	return r < 0 ? r : bl_bird_launched(p, &l, timeout_ms, why, why_size);
}

/* Is pid a live (not zombie) BIRD started with this configuration? */
static bool is_ours(pid_t pid, const char *conf)
{
	char path[64], buf[4096], *state;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "re")))
		return false;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	state = strrchr(buf, ')');
	if (!state || strncmp(buf + strcspn(buf, "("), "(bird)", 6) != 0 || state[1] != ' ' ||
	    state[2] == 'Z' || state[2] == 'X')
		return false;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	if (!(f = fopen(path, "re")))
		return false;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[len] = '\0';
	/* argv is NUL-separated: look for the configuration among them. */
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		if (!strcmp(buf + i, conf))
			return true;
	return false;
}

int bl_bird_state(const struct bl_bird_paths *p, enum bl_bird_state *state, pid_t *pid)
{
	FILE *f = fopen(p->pid, "re");
	int v = 0;

	if (pid)
		*pid = 0;
	if (!f) {
		*state = BL_BIRD_ABSENT;
		return errno == ENOENT ? 0 : -errno;
	}
	if (fscanf(f, "%d", &v) != 1)
		v = 0;
	fclose(f);
	if (pid)
		*pid = v;
	*state = v > 0 && is_ours(v, p->conf) ? BL_BIRD_RUNNING : BL_BIRD_DEAD;
	return 0;
}

int bl_bird_stop(const struct bl_bird_paths *p, unsigned timeout_ms, char *why,
		 size_t why_size)
{
	enum bl_bird_state state;
	pid_t pid;
	int r = bl_bird_state(p, &state, &pid);

	if (r < 0)
		return fail(why, why_size, r, "reading %s failed", p->pid);
	if (state == BL_BIRD_RUNNING) {
		long end = now_ms() + timeout_ms;

		kill(pid, SIGTERM);
		while (is_ours(pid, p->conf) && now_ms() < end)
			sleep_ms(20);
		if (is_ours(pid, p->conf)) {
			kill(pid, SIGKILL);
			for (int i = 0; i < 100 && is_ours(pid, p->conf); i++)
				sleep_ms(10);
		}
		if (is_ours(pid, p->conf))
			return fail(why, why_size, -EBUSY, "BIRD of %s survived SIGKILL", p->conf);
	}
	unlink(p->pid);
	unlink(p->socket);
	return 0;
}
