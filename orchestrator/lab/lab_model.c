// SPDX-License-Identifier: GPL-2.0-or-later
#include "lab/lab_model.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/hash.h"
#include "common/report.h"
#include "lab/lab_state.h"

#define MODEL_FILE "model"

/* A rebuilt branchlab may compute another model from the same topology:
 * the binary's identity is part of the key. */
static uint64_t hash_binary(uint64_t h)
{
	struct stat st;

	if (stat("/proc/self/exe", &st) < 0)
		return h;
	h = bl_hash64(h, &st.st_dev, sizeof(st.st_dev));
	h = bl_hash64(h, &st.st_ino, sizeof(st.st_ino));
	h = bl_hash64(h, &st.st_size, sizeof(st.st_size));
	return bl_hash64(h, &st.st_mtim, sizeof(st.st_mtim));
}

static uint64_t model_key(const struct bl_topology *topo, const struct bl_failure *f,
			  size_t n)
{
	static const char format[] = "branchlab model 2";
	uint64_t h = bl_hash64(BL_HASH_START, format, sizeof(format));

	h = hash_binary(h);
	h = bl_hash64(h, &topo->source_len, sizeof(topo->source_len));
	h = bl_hash64(h, topo->source_text, topo->source_len);
	h = bl_hash64(h, &n, sizeof(n));
	for (size_t i = 0; i < n; i++) {
		char text[BL_FAILURE_STRLEN];

		bl_failure_str(&f[i], text, sizeof(text));
		h = bl_hash64(h, text, strlen(text) + 1);
	}
	return h;
}

/* 0 and the saved model, or -ENOENT / -ESTALE / -EBADMSG (a model to
 * compute, not an error to report), or -ENOMEM. */
static int read_saved(const char *path, const struct bl_topology *topo, uint64_t key,
		      struct bl_model **out)
{
	FILE *in = fopen(path, "rb");
	int r;

	if (!in)
		return -errno;
	r = bl_model_load(topo, key, in, out);
	fclose(in);
	return r;
}

/* Written whole or not at all (a rename), like the lab's other files. */
static int save(const char *path, const struct bl_model *m, uint64_t key)
{
	char tmp[PATH_MAX + 8];
	FILE *out;
	int r;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	out = fopen(tmp, "wb");
	if (!out)
		return -errno;
	r = bl_model_save(m, key, out);
	if (fclose(out) != 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

int bl_lab_model(const char *lab, const struct bl_topology *topo,
		 const struct bl_failure *f, size_t n, struct bl_model **out)
{
	char path[PATH_MAX];
	uint64_t key = model_key(topo, f, n);
	int r, w;

	bl_state_path(lab, MODEL_FILE, path, sizeof(path));
	r = read_saved(path, topo, key, out);
	if (r == 0) {
		bl_info("route model: read from %s", path);
		return 0;
	}
	if (r == -EBADMSG)
		bl_warn("%s is damaged: computing the route model again", path);
	else if (r != -ENOENT && r != -ESTALE && r != -ENOMEM)
		bl_warn("reading %s failed (%s): computing the route model again", path,
			strerror(-r));
	r = bl_model_compute_failed(topo, f, n, false, out);
	if (r < 0)
		return r == -ENOMEM ? bl_err_errno(r, "computing the route model of '%s' failed", lab)
				    : r;
	w = save(path, *out, key);
	if (w < 0)
		bl_warn("saving the route model to %s failed (%s): the next command computes it again",
			path, strerror(-w));
	else
		bl_info("route model: computed, saved to %s", path);
	return 0;
}
