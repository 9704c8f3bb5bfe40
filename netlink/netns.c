// SPDX-License-Identifier: GPL-2.0-or-later
#include "netlink/netns.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int netns_path(const char *name, char *buf, size_t size)
{
	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return -EINVAL;
	if ((size_t)snprintf(buf, size, "%s/%s", BL_NETNS_DIR, name) >= size)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Like iproute2: /run/netns must be a shared mount, so a namespace
 * mounted later is seen by every mount namespace (charon's private ones
 * included). A directory that is not a mount point yet is first bound
 * onto itself.
 */
static int prepare_netns_dir(void)
{
	if (mkdir(BL_NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (mount("", BL_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL)
		return -errno;
	if (mount(BL_NETNS_DIR, BL_NETNS_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
		return -errno;
	if (mount("", BL_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) < 0)
		return -errno;
	return 0;
}

int bl_netns_enter(int netns_fd, int *saved_out)
{
	int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);

	if (saved < 0)
		return -errno;
	if (setns(netns_fd, CLONE_NEWNET) < 0) {
		int r = -errno;

		close(saved);
		return r;
	}
	*saved_out = saved;
	return 0;
}

int bl_netns_leave(int saved_fd)
{
	int r = setns(saved_fd, CLONE_NEWNET) < 0 ? -errno : 0;

	close(saved_fd);
	return r;
}

/* Give the calling thread a new namespace and pin it at path. */
static int unshare_and_mount(const char *path)
{
	int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	int r = 0;

	if (saved < 0)
		return -errno;
	if (unshare(CLONE_NEWNET) < 0 ||
	    mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0)
		r = -errno;
	if (setns(saved, CLONE_NEWNET) < 0 && r == 0)
		r = -errno;
	close(saved);
	return r;
}

int bl_netns_new_anonymous(int *fd_out)
{
	int saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	int fd = -1, r = 0;

	if (saved < 0)
		return -errno;
	if (unshare(CLONE_NEWNET) < 0 ||
	    (fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)) < 0)
		r = -errno;
	if (setns(saved, CLONE_NEWNET) < 0 && r == 0)
		r = -errno;
	close(saved);
	if (r < 0) {
		if (fd >= 0)
			close(fd);
		return r;
	}
	*fd_out = fd;
	return 0;
}

int bl_netns_create(const char *name)
{
	char path[PATH_MAX];
	int fd, r;

	r = netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	r = prepare_netns_dir();
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	r = unshare_and_mount(path);
	if (r < 0)
		unlink(path);
	return r;
}

int bl_netns_delete(const char *name)
{
	char path[PATH_MAX];
	int r;

	r = netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	/* MNT_DETACH: a process still inside keeps the namespace alive;
	 * only the name goes, as with `ip netns delete`. */
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
		return -errno;
	if (unlink(path) < 0)
		return -errno;
	return 0;
}

int bl_netns_open(const char *name, int *fd_out)
{
	char path[PATH_MAX];
	int fd, r;

	r = netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*fd_out = fd;
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int append_name(char ***names, size_t *n, size_t *cap, const char *name)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		char **grown = realloc(*names, c * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		*names = grown;
		*cap = c;
	}
	(*names)[*n] = strdup(name);
	if (!(*names)[*n])
		return -ENOMEM;
	(*n)++;
	return 0;
}

int bl_netns_list(const char *prefix, char ***names_out, size_t *n_out)
{
	DIR *dir = opendir(BL_NETNS_DIR);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int r = 0;

	if (!dir && errno != ENOENT)
		return -errno;
	while (dir && r == 0 && (de = readdir(dir))) {
		if (de->d_name[0] == '.' || strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		r = append_name(&names, &n, &cap, de->d_name);
	}
	if (dir)
		closedir(dir);
	if (r < 0) {
		bl_netns_list_free(names, n);
		return r;
	}
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	*names_out = names;
	*n_out = n;
	return 0;
}

void bl_netns_list_free(char **names, size_t n)
{
	if (!names)
		return;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int write_sysctl(const char *key, const char *value)
{
	char path[PATH_MAX] = "/proc/sys/";
	size_t base = strlen(path);
	ssize_t len = (ssize_t)strlen(value);
	int fd, r = 0;

	if (base + strlen(key) >= sizeof(path) || strstr(key, ".."))
		return -EINVAL;
	for (size_t i = 0; key[i]; i++)
		path[base + i] = key[i] == '.' ? '/' : key[i];
	path[base + strlen(key)] = '\0';
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, value, (size_t)len);

	if (n != len)
		r = n < 0 ? -errno : -EIO; /* a short write leaves errno stale */
	close(fd);
	return r;
}

int bl_netns_sysctls(int netns_fd, const char *const (*sysctls)[2], size_t n,
		     size_t *failed_out)
{
	int saved = -1, r;
	size_t i;

	/* /proc/sys/net resolves to the namespace of the thread that opens
	 * it: enter, write, come back. */
	r = bl_netns_enter(netns_fd, &saved);
	if (r < 0) {
		*failed_out = 0;
		return r;
	}
	for (i = 0; r >= 0 && i < n; i++)
		r = write_sysctl(sysctls[i][0], sysctls[i][1]);
	*failed_out = i ? i - 1 : 0;
	int back = bl_netns_leave(saved);

	return r < 0 ? r : back;
}
