// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Starting and stopping one charon: see charon.h for the why.
 */
#include "vici/charon.h"
#include "vici/charon_internal.h"
#include "vici/vici_io_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Everything the daemon's process needs, prepared before fork(): after
 * it, in a process that may have threads, only system calls are safe. */
struct launch {
	int netns_fd;
	int state_fd;        /* the state directory, to bind back over /run */
	int log_fd;          /* its stdout and stderr */
	int report_fd;       /* write end: a failed step, or EOF on exec */
	char state_dir[PATH_MAX];
	char state_fd_path[64];
	char env_conf[PATH_MAX + 20];
};

/* What the child reports when a step fails before exec. */
struct launch_report {
	int step;
	int err;
};

static const char *const launch_steps[] = {
	"entering the network namespace", "unsharing the mount namespace",
	"making / private", "mounting a private /run",
	"reopening or recreating the state directory", "binding the state directory back",
	/* One step: its words joined to the binary's path on purpose.
	 * NOLINTNEXTLINE(bugprone-suspicious-missing-comma) */
	"executing " BL_CHARON_BIN,
};

static void child_fail(const struct launch *l, int step)
{
	struct launch_report rep = { .step = step, .err = errno };

	if (write(l->report_fd, &rep, sizeof(rep)) < 0)
		_exit(126);
	_exit(127);
}

/* mkdir -p, in place on a copy of the path (no allocation after fork). */
static int mkdir_all(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

static bool under_run(const char *path)
{
	return !strncmp(path, "/run/", 5);
}

static void child_exec(struct launch *l)
{
	char *argv[] = { "charon", NULL };
	char *envp[] = { l->env_conf, "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };

	if (setns(l->netns_fd, CLONE_NEWNET) < 0)
		child_fail(l, 0);
	if (unshare(CLONE_NEWNS) < 0)
		child_fail(l, 1);
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		child_fail(l, 2);
	/* Reopen the directory in this mount namespace (a mount of another
	 * one cannot be bound here), at the descriptor the path names. */
	if (under_run(l->state_dir) &&
	    dup3(open(l->state_dir, O_PATH | O_DIRECTORY | O_CLOEXEC), l->state_fd,
		 O_CLOEXEC) < 0)
		child_fail(l, 4);
	if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
		child_fail(l, 3);
	if (under_run(l->state_dir) && mkdir_all(l->state_dir) < 0)
		child_fail(l, 4);
	if (under_run(l->state_dir) &&
	    mount(l->state_fd_path, l->state_dir, NULL, MS_BIND, NULL) < 0)
		child_fail(l, 5);
	umask(077);
	if (chdir("/") < 0 || dup2(l->log_fd, STDOUT_FILENO) < 0 ||
	    dup2(l->log_fd, STDERR_FILENO) < 0)
		child_fail(l, 6);
	execve(BL_CHARON_BIN, argv, envp);
	child_fail(l, 6);
}

/* Read exactly size bytes, or fail: EOF before them means the writer is
 * gone (for the report pipe: charon was executed). */
static bool read_all(int fd, void *buf, size_t size)
{
	ssize_t n;

	do
		n = read(fd, buf, size);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)size;
}

/*
 * Through an intermediate process, so the daemon is init's child: the
 * intermediate sends the daemon's pid on one pipe and exits; the daemon's
 * process reports a failed step on another, which closes on exec. Returns
 * the pid, or -errno with *step set when a step failed.
 */
static int spawn(struct launch *l, int *step)
{
	int pid_pipe[2], report_pipe[2], status;
	struct launch_report rep;
	pid_t mid, pid = 0;
	bool have_pid;

	if (pipe2(pid_pipe, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(report_pipe, O_CLOEXEC) < 0) {
		close(pid_pipe[0]);
		close(pid_pipe[1]);
		return -errno;
	}
	l->report_fd = report_pipe[1];
	mid = fork();
	if (mid == 0) {
		pid_t daemon_pid;

		setsid();
		daemon_pid = fork();
		if (daemon_pid == 0)
			child_exec(l);
		_exit(write(pid_pipe[1], &daemon_pid, sizeof(daemon_pid)) < 0);
	}
	close(pid_pipe[1]);
	close(report_pipe[1]);
	if (mid > 0)
		waitpid(mid, &status, 0);
	have_pid = mid > 0 && read_all(pid_pipe[0], &pid, sizeof(pid)) && pid > 0;
	close(pid_pipe[0]);
	if (have_pid && read_all(report_pipe[0], &rep, sizeof(rep))) {
		*step = rep.step;
		pid = -rep.err;
	}
	close(report_pipe[0]);
	if (mid < 0)
		return -EAGAIN;
	return have_pid ? pid : -ECHILD;
}

static int open_files(struct launch *l, const char *netns, const char *state_dir,
		      const struct bl_charon_paths *p)
{
	char ns_path[PATH_MAX];

	snprintf(ns_path, sizeof(ns_path), "/run/netns/%s", netns);
	l->netns_fd = open(ns_path, O_RDONLY | O_CLOEXEC);
	if (l->netns_fd < 0)
		return -errno;
	l->state_fd = open(state_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (l->state_fd < 0)
		return -errno;
	/* Created here with 0600: charon then only appends. */
	l->log_fd = open(p->log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
	if (l->log_fd < 0)
		return -errno;
	snprintf(l->state_dir, sizeof(l->state_dir), "%s", state_dir);
	snprintf(l->state_fd_path, sizeof(l->state_fd_path), "/proc/self/fd/%d",
		 l->state_fd);
	snprintf(l->env_conf, sizeof(l->env_conf), "STRONGSWAN_CONF=%s", p->conf);
	return 0;
}

static void close_files(struct launch *l)
{
	if (l->netns_fd >= 0)
		close(l->netns_fd);
	if (l->state_fd >= 0)
		close(l->state_fd);
	if (l->log_fd >= 0)
		close(l->log_fd);
}

static int write_conf(const struct bl_charon_paths *p)
{
	int fd = open(p->conf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;
	int r;

	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return -ENOMEM;
	}
	r = bl_charon_conf_write(f, p);
	return fclose(f) && !r ? -EIO : r;
}

static int write_pidfile(const char *path, pid_t pid)
{
	struct bl_charon_proc proc;
	FILE *f;
	int r = bl_charon_proc_read(pid, &proc);

	if (r < 0)
		return r;
	f = fopen(path, "we");
	if (!f)
		return -errno;
	fprintf(f, "%d %llu\n", (int)pid, proc.start_time);
	return fclose(f) ? -EIO : 0;
}

int bl_charon_state(const char *state_dir, const char *node,
		    enum bl_charon_state *state_out, pid_t *pid_out)
{
	enum bl_charon_state state = BL_CHARON_DEAD;
	struct bl_charon_paths p;
	struct bl_charon_proc proc;
	unsigned long long start;
	pid_t pid = 0;
	int r = bl_charon_paths(state_dir, node, &p);

	if (r < 0)
		return r;
	r = bl_charon_pidfile_read(p.pid, &pid, &start);
	if (r == -ENOENT)
		state = BL_CHARON_ABSENT;
	else if (r < 0)
		return r;
	/* Same pid, same start time, still charon, not a zombie. */
	else if (bl_charon_proc_read(pid, &proc) == 0 && proc.start_time == start &&
		 !strcmp(proc.comm, "charon") && proc.state != 'Z' && proc.state != 'X')
		state = BL_CHARON_RUNNING;
	*state_out = state;
	if (pid_out)
		*pid_out = pid;
	return 0;
}

/* Wait until the socket answers; give up early when the daemon died. */
static int wait_ready(const char *state_dir, const char *node,
		      const struct bl_charon_paths *p, unsigned timeout_ms,
		      const char *what, struct bl_vici_error *e)
{
	long deadline = bl_vici_now_ms() + timeout_ms;
	enum bl_charon_state state;
	char tail[400] = "";

	for (;;) {
		if (bl_vici_socket_answers(p->socket) == 0)
			return 0;
		if (bl_charon_state(state_dir, node, &state, NULL) == 0 &&
		    state != BL_CHARON_RUNNING) {
			bl_charon_log_tail(state_dir, node, 3, tail, sizeof(tail));
			return bl_vici_fail(e, -ESRCH, what, "charon exited at start (%s: %s)",
					    p->log, tail);
		}
		if (bl_vici_now_ms() >= deadline)
			return bl_vici_fail(e, -ETIMEDOUT, what,
					    "its vici socket %s did not answer within %u ms",
					    p->socket, timeout_ms);
		bl_vici_sleep_ms(20);
	}
}

static int prepare(const char *node, const char *state_dir,
		   struct bl_charon_paths *p, const char *what,
		   struct bl_vici_error *e)
{
	enum bl_charon_state state;
	pid_t pid;
	int r = bl_charon_paths(state_dir, node, p);

	if (r < 0)
		return bl_vici_fail(e, r, what, "state directory %s: %s", state_dir,
				    strerror(-r));
	r = bl_charon_state(state_dir, node, &state, &pid);
	if (r == 0 && state == BL_CHARON_RUNNING)
		return bl_vici_fail(e, -EEXIST, what, "charon already runs as pid %d",
				    (int)pid);
	if (unlink(p->socket) < 0 && errno != ENOENT)
		return bl_vici_fail(e, -errno, what, "removing %s: %s", p->socket,
				    strerror(errno));
	r = write_conf(p);
	if (r < 0)
		return bl_vici_fail(e, r, what, "writing %s: %s", p->conf, strerror(-r));
	return 0;
}

int bl_charon_start(const char *node, const char *netns, const char *state_dir,
		    unsigned timeout_ms, struct bl_vici_error *e)
{
	struct launch l = { .netns_fd = -1, .state_fd = -1, .log_fd = -1 };
	struct bl_charon_paths p;
	char what[160];
	int r, step = -1;

	snprintf(what, sizeof(what), "starting charon for '%s' in namespace '%s'",
		 node, netns);
	r = prepare(node, state_dir, &p, what, e);
	if (r < 0)
		return r;
	r = open_files(&l, netns, state_dir, &p);
	if (r < 0) {
		close_files(&l);
		return bl_vici_fail(e, r, what, "opening its namespace or files: %s",
				    strerror(-r));
	}
	r = spawn(&l, &step);
	close_files(&l);
	if (r < 0)
		return bl_vici_fail(e, r, what, "%s: %s",
				    step >= 0 ? launch_steps[step] : "forking",
				    strerror(-r));
	r = write_pidfile(p.pid, r);
	if (r == -ENOENT || r == -ESRCH) {
		char tail[400] = "";

		bl_charon_log_tail(state_dir, node, 3, tail, sizeof(tail));
		return bl_vici_fail(e, -ESRCH, what, "charon exited at once (%s: %s)",
				    p.log, tail);
	}
	if (r < 0)
		return bl_vici_fail(e, r, what, "recording its pid in %s: %s", p.pid,
				    strerror(-r));
	return wait_ready(state_dir, node, &p, timeout_ms, what, e);
}

static bool wait_gone(const char *state_dir, const char *node, unsigned timeout_ms)
{
	long deadline = bl_vici_now_ms() + timeout_ms;
	enum bl_charon_state state;

	while (bl_charon_state(state_dir, node, &state, NULL) == 0 &&
	       state == BL_CHARON_RUNNING) {
		if (bl_vici_now_ms() >= deadline)
			return false;
		bl_vici_sleep_ms(20);
	}
	return true;
}

int bl_charon_stop(const char *state_dir, const char *node, unsigned timeout_ms,
		   struct bl_vici_error *e)
{
	enum bl_charon_state state;
	struct bl_charon_paths p;
	char what[160];
	pid_t pid;
	int r;

	snprintf(what, sizeof(what), "stopping charon of '%s'", node);
	r = bl_charon_paths(state_dir, node, &p);
	if (r == 0)
		r = bl_charon_state(state_dir, node, &state, &pid);
	if (r != 0)
		return bl_vici_fail(e, r, what, "%s", strerror(-r));
	if (state == BL_CHARON_RUNNING) {
		kill(pid, SIGTERM);
		if (!wait_gone(state_dir, node, timeout_ms)) {
			kill(pid, SIGKILL);
			if (!wait_gone(state_dir, node, 2000))
				return bl_vici_fail(e, -EBUSY, what,
						    "pid %d survived SIGKILL", (int)pid);
		}
	}
	unlink(p.socket);
	unlink(p.pid);
	return 0;
}
