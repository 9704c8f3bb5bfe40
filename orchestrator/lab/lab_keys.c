// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Static ESP keys: random per lab, kept in the state directory (0600) so
 * that `up` twice installs the same SAs, and never printed. One line per
 * tunnel: "<if_id> <hex to gateway> <hex to site>".
 */
#include "lab/lab_state.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "common/report.h"

static int hex_decode(const char *hex, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return -EINVAL;
		out[i] = (uint8_t)v;
	}
	return 0;
}

static void hex_encode(FILE *f, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", in[i]);
}

static int random_bytes(uint8_t *buf, size_t n)
{
	ssize_t got = getrandom(buf, n, 0);

	return got == (ssize_t)n ? 0 : -EIO;
}

/* Fill k->tunnels[i] from the file when it has the if_id. */
/* The keys a running lab uses, by if_id; a line that cannot be read is
 * skipped (its tunnel gets new keys, and a converging up replaces its SAs),
 * and counted for the warning. */
static unsigned read_existing(struct bl_keys *k, FILE *f)
{
	char line[512], a[2 * BL_KEY_BYTES + 1], b[2 * BL_KEY_BYTES + 1];
	uint8_t to_gw[BL_KEY_BYTES], to_site[BL_KEY_BYTES];
	unsigned if_id, unreadable = 0;

	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%u %104s %104s", &if_id, a, b) != 3 ||
		    strlen(a) != sizeof(a) - 1 || strlen(b) != sizeof(b) - 1 ||
		    hex_decode(a, to_gw, BL_KEY_BYTES) || hex_decode(b, to_site, BL_KEY_BYTES)) {
			unreadable++;
			continue;
		}
		for (size_t i = 0; i < k->n; i++) {
			if (k->tunnels[i].if_id != if_id)
				continue;
			memcpy(k->tunnels[i].to_gw, to_gw, BL_KEY_BYTES);
			memcpy(k->tunnels[i].to_site, to_site, BL_KEY_BYTES);
		}
	}
	explicit_bzero(to_gw, sizeof(to_gw));
	explicit_bzero(to_site, sizeof(to_site));
	return unreadable;
}

static int write_keys(const struct bl_keys *k, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return bl_err_errno(-errno, "writing %s failed", path);
	}
	for (size_t i = 0; i < k->n; i++) {
		fprintf(f, "%u ", k->tunnels[i].if_id);
		hex_encode(f, k->tunnels[i].to_gw, BL_KEY_BYTES);
		fputc(' ', f);
		hex_encode(f, k->tunnels[i].to_site, BL_KEY_BYTES);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		return bl_err_errno(-errno, "writing %s failed", path);
	return 0;
}

/* Every tunnel starts with fresh random keys; those found in the file
 * overwrite them, so existing tunnels keep theirs. */
int bl_keys_load(const struct bl_plan *plan, struct bl_keys **out)
{
	char path[PATH_MAX];
	struct bl_keys *k = calloc(1, sizeof(*k));
	FILE *f;
	int r = 0;

	if (!k || !(k->tunnels = calloc(plan->n_tunnels + 1, sizeof(*k->tunnels)))) {
		bl_keys_free(k);
		return -ENOMEM;
	}
	k->n = plan->n_tunnels;
	for (size_t i = 0; i < k->n && !r; i++) {
		k->tunnels[i].if_id = plan->tunnels[i].if_id;
		r = random_bytes(k->tunnels[i].to_gw, BL_KEY_BYTES);
		if (!r)
			r = random_bytes(k->tunnels[i].to_site, BL_KEY_BYTES);
	}
	if (r < 0) {
		bl_keys_free(k);
		return bl_err_errno(r, "generating ESP keys failed");
	}
	bl_state_path(plan->lab, "keys", path, sizeof(path));
	f = fopen(path, "r");
	if (f) {
		unsigned unreadable = read_existing(k, f);

		fclose(f);
		if (unreadable)
			bl_warn("%s: %u line(s) could not be read: the tunnels they keyed get new keys, and their SAs are replaced",
				path, unreadable);
	}
	r = write_keys(k, path);
	if (r < 0) {
		bl_keys_free(k);
		return r;
	}
	*out = k;
	return 0;
}

void bl_keys_free(struct bl_keys *k)
{
	if (!k)
		return;
	/* explicit_bzero takes no NULL, and bl_keys_load frees a k whose
	 * tunnels it could not allocate. */
	if (k->tunnels)
		explicit_bzero(k->tunnels, k->n * sizeof(*k->tunnels));
	free(k->tunnels);
	free(k);
}

const struct bl_tunnel_keys *bl_keys_find(const struct bl_keys *k, uint32_t if_id)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->tunnels[i].if_id == if_id)
			return &k->tunnels[i];
	return NULL;
}
