// SPDX-License-Identifier: GPL-2.0-or-later
/* The per-lab lock, the interrupt flag and the lab-name rule (lab_guard.h). */
#include "lab/lab_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/lab_state.h"
#include "common/report.h"
#include "topology/topology.h"

static const int caught_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[3];
static volatile sig_atomic_t interrupted_by;

static void on_signal(int sig)
{
	interrupted_by = sig;
}

void bl_lab_signals_catch(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	interrupted_by = 0;
	for (size_t i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		sigaction(caught_signals[i], &sa, &saved_actions[i]);
}

void bl_lab_signals_restore(void)
{
	for (size_t i = 0; i < sizeof(caught_signals) / sizeof(caught_signals[0]); i++)
		sigaction(caught_signals[i], &saved_actions[i], NULL);
}

int bl_lab_interrupted(void)
{
	return interrupted_by;
}

bool bl_lab_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (!len || len > BL_LAB_NAME_MAX || name[0] == '-')
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static void report_busy(const char *lab, int fd, const char *path)
{
	char pid[32] = "";
	ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);

	pid[n > 0 ? n : 0] = '\0';
	pid[strcspn(pid, "\n")] = '\0';
	bl_err("lab '%s' is busy: another up or down (pid %s) holds %s",
	       lab, *pid ? pid : "unknown", path);
}

/* Locked the file that is at path now, not one a finishing holder has
 * just unlinked (whose lock would exclude nobody). */
static bool still_linked(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int lock_once(const char *lab, struct bl_lab_lock *lock)
{
	lock->fd = open(lock->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (lock->fd < 0)
		return bl_err_errno(-errno, "opening %s failed", lock->path);
	if (flock(lock->fd, LOCK_EX | LOCK_NB) < 0) {
		int r = -errno;

		if (r == -EWOULDBLOCK)
			report_busy(lab, lock->fd, lock->path);
		else
			bl_err_errno(r, "locking %s failed", lock->path);
		close(lock->fd);
		lock->fd = -1;
		return r == -EWOULDBLOCK ? -EBUSY : r;
	}
	if (still_linked(lock->fd, lock->path))
		return 0;
	close(lock->fd);
	lock->fd = -1;
	return -EAGAIN;
}

int bl_lab_lock(const char *lab, struct bl_lab_lock *lock)
{
	char pid[32];
	int r, len;

	lock->fd = -1;
	if (mkdir(bl_state_root(), 0700) < 0 && errno != EEXIST)
		return bl_err_errno(-errno, "creating %s failed", bl_state_root());
	snprintf(lock->path, sizeof(lock->path), "%s/%s.lock", bl_state_root(), lab);
	do
		r = lock_once(lab, lock);
	while (r == -EAGAIN);
	if (r < 0)
		return r;
	len = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(lock->fd, 0) < 0 || pwrite(lock->fd, pid, (size_t)len, 0) != len)
		bl_info("could not note pid in %s: %s", lock->path, strerror(errno));
	return 0;
}

void bl_lab_unlock(struct bl_lab_lock *lock)
{
	char dir[PATH_MAX];
	size_t n;

	if (lock->fd < 0)
		return;
	n = strlen(lock->path) - strlen(".lock");
	snprintf(dir, sizeof(dir), "%.*s", (int)n, lock->path);
	/* Unlinked while still held: a waiter re-checks the path (above). */
	if (access(dir, F_OK) < 0 && errno == ENOENT)
		unlink(lock->path);
	close(lock->fd);
	lock->fd = -1;
}
