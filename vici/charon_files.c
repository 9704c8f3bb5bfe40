// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The files of one daemon: where they are, the configuration, and the
 * reading of its pid file and log.
 */
#include "vici/charon.h"
#include "vici/charon_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int path_of(char *buf, size_t size, const char *dir, const char *node,
		   const char *suffix)
{
	int n = snprintf(buf, size, "%s/%s.%s", dir, node, suffix);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int bl_charon_paths(const char *state_dir, const char *node,
		    struct bl_charon_paths *out)
{
	struct bl_charon_paths p;

	if (!*node || strchr(node, '/') || state_dir[0] != '/')
		return -EINVAL;
	if (path_of(p.conf, sizeof(p.conf), state_dir, node, "conf") ||
	    path_of(p.socket, sizeof(p.socket), state_dir, node, "vici") ||
	    path_of(p.log, sizeof(p.log), state_dir, node, "log") ||
	    path_of(p.pid, sizeof(p.pid), state_dir, node, "pid"))
		return -ENAMETOOLONG;
	*out = p;
	return 0;
}

int bl_charon_conf_write(FILE *out, const struct bl_charon_paths *p)
{
	int n = fprintf(out,
		"# Written by branchlab for one charon; see docs/ikev2.md.\n"
		"charon {\n"
		"\tload = " BL_CHARON_PLUGINS "\n"
		"\t# The lab installs every route itself (route model).\n"
		"\tinstall_routes = no\n"
		"\tinstall_virtual_ip = no\n"
		"\tplugins {\n"
		"\t\tvici {\n"
		"\t\t\tsocket = unix://%s\n"
		"\t\t}\n"
		"\t}\n"
		"\tfilelog {\n"
		"\t\tbranchlab {\n"
		"\t\t\tpath = %s\n"
		"\t\t\tappend = yes\n"
		"\t\t\tflush_line = yes\n"
		"\t\t\ttime_format = %%b %%e %%T\n"
		"\t\t\tike_name = yes\n"
		"\t\t\tdefault = 1\n"
		"\t\t}\n"
		"\t}\n"
		"}\n", p->socket, p->log);

	return n < 0 || fflush(out) ? -EIO : 0;
}

int bl_charon_pidfile_read(const char *path, pid_t *pid, unsigned long long *start)
{
	FILE *f = fopen(path, "re");
	long long p;
	int r;

	if (!f)
		return -errno;
	r = fscanf(f, "%lld %llu", &p, start) == 2 && p > 1 ? 0 : -EBADMSG;
	fclose(f);
	if (r == 0)
		*pid = (pid_t)p;
	return r;
}

/*
 * /proc/<pid>/stat: "pid (comm) state f4 ... f22=starttime ...". comm may
 * hold spaces and parentheses, so fields are counted from the last ')'.
 */
int bl_charon_proc_parse(const char *stat, struct bl_charon_proc *out)
{
	const char *open = strchr(stat, '('), *close = strrchr(stat, ')');
	struct bl_charon_proc p = { 0 };
	const char *s;
	size_t len;

	if (!open || !close || close < open || close[1] != ' ')
		return -EBADMSG;
	len = (size_t)(close - open - 1);
	if (len >= sizeof(p.comm))
		len = sizeof(p.comm) - 1;
	memcpy(p.comm, open + 1, len);
	p.state = close[2];
	s = close + 2;
	for (int field = 3; field < 22; field++) {
		s = strchr(s, ' ');
		if (!s)
			return -EBADMSG;
		s++;
	}
	p.start_time = strtoull(s, NULL, 10);
	*out = p;
	return 0;
}

int bl_charon_proc_read(pid_t pid, struct bl_charon_proc *out)
{
	char path[64], stat[1024];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(stat, 1, sizeof(stat) - 1, f);
	fclose(f);
	stat[n] = '\0';
	return bl_charon_proc_parse(stat, out);
}

/* Keep the last n lines seen, in a ring of n slots. */
static void tail_push(char **ring, size_t n, size_t *seen, const char *line)
{
	char *copy = strdup(line);
	size_t slot = *seen % n;

	if (!copy)
		return;
	copy[strcspn(copy, "\n")] = '\0';
	free(ring[slot]);
	ring[slot] = copy;
	(*seen)++;
}

static void tail_join(char **ring, size_t n, size_t seen, char *buf, size_t size)
{
	size_t first = seen > n ? seen - n : 0, used = 0;

	buf[0] = '\0';
	for (size_t i = first; i < seen && used < size; i++) {
		int w = snprintf(buf + used, size - used, "%s%s",
				 i > first ? " | " : "", ring[i % n]);

		used += w > 0 ? (size_t)w : 0;
	}
}

int bl_charon_log_tail(const char *state_dir, const char *node, size_t n,
		       char *buf, size_t size)
{
	struct bl_charon_paths p;
	char line[1024], **ring;
	size_t seen = 0;
	FILE *f;
	int r = bl_charon_paths(state_dir, node, &p);

	if (r < 0 || !n || !size)
		return r < 0 ? r : -EINVAL;
	f = fopen(p.log, "re");
	if (!f)
		return -errno;
	ring = calloc(n, sizeof(*ring));
	if (!ring) {
		fclose(f);
		return -ENOMEM;
	}
	while (fgets(line, sizeof(line), f))
		tail_push(ring, n, &seen, line);
	fclose(f);
	tail_join(ring, n, seen, buf, size);
	for (size_t i = 0; i < n; i++)
		free(ring[i]);
	free(ring);
	return 0;
}
