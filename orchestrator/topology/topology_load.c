// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bl_topology_load(): read, walk (positions, schema), load (libcyaml),
 * resolve (defaults, allocation), validate (rules). Each stage reports
 * every problem it finds. Unknown keys do not stop the later stages
 * (they run on the rest); any other schema problem does, and the rule
 * checks run only on a clean resolve, since they could not make sense
 * of a value that could not be read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "topology/topology_internal.h"

int bl_topo_parse_addr(struct bl_topo_diag *d, const char *key,
		       const char *text, bl_addr *out)
{
	if (!bl_addr_parse(text, out))
		return 0;
	bl_topo_error(d, key, "address", "'%.60s' is not an IPv4 address", text);
	return -EINVAL;
}

int bl_topo_parse_prefix(struct bl_topo_diag *d, const char *key,
			 const char *text, struct bl_prefix *out)
{
	if (!bl_prefix_parse(text, out))
		return 0;
	bl_topo_error(d, key, "prefix",
		      "'%.60s' is not a prefix like 10.0.0.0/16 (host bits zero)",
		      text);
	return -EINVAL;
}

void bl_topo_copy_name(struct bl_topo_diag *d, const char *key, char *dst,
		       const char *src)
{
	if (strlen(src) >= BL_NAME_BUF)
		bl_topo_error(d, key, "name", "'%.40s...' is longer than %d bytes",
			      src, BL_NODE_NAME_MAX);
	snprintf(dst, BL_NAME_BUF, "%s", src);
}

static void free_hosts_of(struct bl_subnet *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].vms);
	free(s);
}

static void free_vnet(struct bl_vnet *v)
{
	free(v->address_space);
	free_hosts_of(v->subnets, v->n_subnets);
}

static void free_expectations(struct bl_expectation *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t p = 0; p < e[i].n_paths; p++)
			free(e[i].paths[p].hops);
		free(e[i].paths);
		free(e[i].next_hops);
	}
	free(e);
}

void bl_topology_free(struct bl_topology *t)
{
	if (!t)
		return;
	free_vnet(&t->hub);
	for (size_t i = 0; i < t->n_spokes; i++)
		free_vnet(&t->spokes[i]);
	free(t->spokes);
	for (size_t i = 0; i < t->n_vpn_sites; i++) {
		free(t->vpn_sites[i].advertise);
		free(t->vpn_sites[i].static_prefixes);
		free(t->vpn_sites[i].hosts);
	}
	free(t->vpn_sites);
	for (size_t i = 0; i < t->n_er_circuits; i++) {
		free(t->er_circuits[i].advertise);
		free(t->er_circuits[i].hosts);
	}
	free(t->er_circuits);
	free_expectations(t->expectations, t->n_expectations);
	for (size_t i = 0; i < t->n_scenarios; i++) {
		free(t->scenarios[i].failures);
		free_expectations(t->scenarios[i].expectations, t->scenarios[i].n_expectations);
	}
	free(t->scenarios);
	free(t->source_text);
	free(t);
}

/* Refuse what is plainly not a topology before any parser sees it. */
static int precheck(struct bl_topo_diag *d, const char *buf, size_t len)
{
	const char *nul;

	if (len > BL_TOPO_MAX_FILE) {
		bl_topo_error_at(d, 1, 1, "", "limit", "larger than %u MiB",
				 BL_TOPO_MAX_FILE >> 20);
		return -EINVAL;
	}
	/* An empty buffer may come as NULL, which memchr must not be given. */
	nul = len ? memchr(buf, '\0', len) : NULL;
	if (nul) {
		unsigned line = 1, col = 1;

		for (const char *p = buf; p < nul; p++, col++)
			if (*p == '\n')
				line++, col = 0;
		bl_topo_error_at(d, line, col, "", "schema",
				 "binary data (a NUL byte) is not YAML text");
		return -EINVAL;
	}
	return 0;
}

static int build(struct bl_topo_diag *d, const char *buf, size_t len,
		 struct bl_topology **out)
{
	struct raw_topology *raw = NULL;
	struct bl_topology *topo = NULL;
	char msg[256];
	unsigned before;
	int err;

	err = precheck(d, buf, len);
	if (err)
		return err;
	err = bl_positions_walk(buf, len, &bl_topo_schema, d);
	if (err == -EINVAL && d->n_errors == d->n_unknown_keys) {
		/* Only unknown keys (a typo, most often): they are reported,
		 * and the later stages still run on the rest, so that one run
		 * lists every problem. A wrong type, a limit or broken YAML
		 * stops here: nothing after it could be trusted. */
		err = bl_topo_raw_load_lenient(buf, len, &raw);
	} else if (!err) {
		err = bl_topo_raw_load(buf, len, &raw, msg, sizeof(msg));
		if (err == -EINVAL) /* the walk should have caught it */
			bl_topo_error_at(d, 1, 1, "", "schema", "%s", msg);
	}
	if (err)
		return err;
	topo = calloc(1, sizeof(*topo));
	if (!topo) {
		err = -ENOMEM;
		goto out;
	}
	snprintf(topo->source_path, sizeof(topo->source_path), "%s", d->file);
	topo->source_text = malloc(len ? len : 1);
	if (!topo->source_text) {
		err = -ENOMEM;
		goto out;
	}
	if (len) /* an empty file has no text to keep */
		memcpy(topo->source_text, buf, len);
	topo->source_len = len;
	before = d->n_errors;
	err = bl_topo_resolve(raw, d, topo);
	if (!err)
		err = bl_topo_resolve_expect(raw, d, topo);
	/* A value that could not be read would be checked as a zero and
	 * give false problems: validation needs a clean resolve. */
	if (!err && d->n_errors == before)
		bl_topo_validate(topo, raw, d);
	if (!err && d->n_errors)
		err = -EINVAL;
	if (!err) {
		*out = topo;
		topo = NULL;
	}
out:
	bl_topology_free(topo);
	bl_topo_raw_free(raw);
	return err;
}

int bl_topology_parse(const char *name, const char *buf, size_t len,
		      FILE *diag_out, struct bl_topology **out)
{
	struct bl_topo_diag d = { .file = name, .out = diag_out };
	int err = build(&d, buf, len, out);

	if (err == -ENOMEM && diag_out)
		fprintf(diag_out, "%s: out of memory\n", name);
	bl_positions_free(d.pos);
	return err;
}

int bl_topology_load_buffer(const char *name, const char *buf, size_t len,
			    struct bl_topology **out)
{
	return bl_topology_parse(name, buf, len, stderr, out);
}

/* Read at most limit + 1 bytes, so an oversized file is refused without
 * reading all of it. */
static int read_file(const char *path, size_t limit, char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0 || !b) {
		err = fd < 0 ? -errno : -ENOMEM;
		goto fail;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb = cap > limit ? NULL : realloc(b, cap * 2);

			if (!nb)
				break; /* over the limit: the caller refuses it */
			b = nb;
			cap *= 2;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(b);
	return err;
}

int bl_topology_load_to(const char *path, FILE *diag_out, struct bl_topology **out)
{
	char *buf = NULL;
	size_t len = 0;
	int err = read_file(path, BL_TOPO_MAX_FILE, &buf, &len);

	if (err) {
		fprintf(diag_out, "%s: cannot read: %s\n", path, strerror(-err));
		return err;
	}
	err = bl_topology_parse(path, buf, len, diag_out, out);
	free(buf);
	return err;
}

int bl_topology_load(const char *path, struct bl_topology **out)
{
	return bl_topology_load_to(path, stderr, out);
}
