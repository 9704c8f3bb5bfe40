// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The files of IKEv2 keying in the state directory: the keying override
 * and each node's pre-shared keys (see lab_ike.h). Keys are random per
 * lab, written 0600 and never printed.
 */
#include "lab/lab_ike.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lab/lab_state.h"
#include "common/report.h"

enum { PSK_BYTES = 32, PSK_HEX = 2 * PSK_BYTES };

void bl_lab_ike_dir(const char *lab, char *buf, size_t size)
{
	bl_state_path(lab, "charon", buf, size);
}

void bl_lab_ike_tunnel_name(const struct bl_plan *p, const struct bl_plan_tunnel *t,
			    char name[BL_IKE_NAME_BUF])
{
	snprintf(name, BL_IKE_NAME_BUF, "%.30s-%.30s",
		 p->nodes[p->ifaces[t->site_iface].node].name,
		 p->nodes[p->ifaces[t->gw_iface].node].name);
}

bool bl_lab_ike_node(const struct bl_plan *p, size_t n)
{
	for (size_t i = 0; i < p->n_tunnels; i++)
		if (p->tunnels[i].keying == BL_KEYING_IKEV2 &&
		    (p->ifaces[p->tunnels[i].gw_iface].node == n ||
		     p->ifaces[p->tunnels[i].site_iface].node == n))
			return true;
	return false;
}

static int keying_stored(const char *lab)
{
	char path[PATH_MAX], word[16] = "";
	FILE *f;

	bl_state_path(lab, "keying", path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return BL_KEYING_TOPOLOGY;
	if (fscanf(f, "%15s", word) != 1)
		word[0] = '\0';
	fclose(f);
	if (!strcmp(word, "ikev2"))
		return BL_KEYING_IKEV2;
	return !strcmp(word, "static") ? BL_KEYING_STATIC : BL_KEYING_TOPOLOGY;
}

void bl_lab_keying_apply(const char *lab, int keying, struct bl_topology *topo,
			 struct bl_plan *plan)
{
	if (keying == BL_KEYING_TOPOLOGY)
		keying = keying_stored(lab);
	if (keying == BL_KEYING_TOPOLOGY)
		return;
	for (size_t s = 0; topo && s < topo->n_vpn_sites; s++)
		for (size_t k = 0; k < topo->vpn_sites[s].n_tunnels; k++)
			topo->vpn_sites[s].tunnels[k].keying = (enum bl_keying)keying;
	for (size_t i = 0; plan && i < plan->n_tunnels; i++)
		plan->tunnels[i].keying = (enum bl_keying)keying;
}

int bl_lab_keying_save(const char *lab, int keying)
{
	char path[PATH_MAX];
	FILE *f;

	if (keying == BL_KEYING_TOPOLOGY)
		return 0;
	bl_state_path(lab, "keying", path, sizeof(path));
	f = fopen(path, "w");
	if (!f)
		return bl_err_errno(-errno, "writing %s failed", path);
	fprintf(f, "%s\n", keying == BL_KEYING_IKEV2 ? "ikev2" : "static");
	if (fclose(f) != 0)
		return bl_err_errno(-errno, "writing %s failed", path);
	return 0;
}

/* One node's keys: up to one per tunnel of the plan. */
struct psk_file {
	char (*names)[BL_IKE_NAME_BUF];
	char (*keys)[PSK_HEX + 1];
	size_t n;
};

static void psk_path(const char *lab, const char *node, char *buf, size_t size)
{
	char file[BL_NAME_BUF + 16];

	snprintf(file, sizeof(file), "charon/%.*s.psk", BL_NAME_BUF - 1, node);
	bl_state_path(lab, file, buf, size);
}

static const char *psk_find(const struct psk_file *f, const char *tunnel)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], tunnel))
			return f->keys[i];
	return NULL;
}

/* Lines for tunnels that are not in the plan any more are dropped. */
static void psk_read(const char *path, struct psk_file *f, size_t cap)
{
	char line[256], name[BL_IKE_NAME_BUF], key[PSK_HEX + 2];
	FILE *in = fopen(path, "r");

	while (in && f->n < cap && fgets(line, sizeof(line), in)) {
		if (sscanf(line, "%63s %65s", name, key) != 2 || strlen(key) > PSK_HEX)
			continue;
		memcpy(f->names[f->n], name, sizeof(name));
		memcpy(f->keys[f->n++], key, strlen(key) + 1);
	}
	if (in)
		fclose(in);
	explicit_bzero(line, sizeof(line));
	explicit_bzero(key, sizeof(key));
}

static int psk_set(struct psk_file *f, size_t cap, const char *tunnel, const char *key)
{
	if (psk_find(f, tunnel))
		return 0;
	if (f->n >= cap)
		return -ENOSPC;
	snprintf(f->names[f->n], BL_IKE_NAME_BUF, "%s", tunnel);
	snprintf(f->keys[f->n++], PSK_HEX + 1, "%s", key);
	return 0;
}

static int psk_write(const char *path, const struct psk_file *f)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!out) {
		if (fd >= 0)
			close(fd);
		return bl_err_errno(-errno, "writing %s failed", path);
	}
	for (size_t i = 0; i < f->n; i++)
		fprintf(out, "%s %s\n", f->names[i], f->keys[i]);
	if (fclose(out) != 0)
		return bl_err_errno(-errno, "writing %s failed", path);
	return 0;
}

static int random_hex(char out[PSK_HEX + 1])
{
	uint8_t raw[PSK_BYTES];

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return bl_err_errno(-EIO, "generating a pre-shared key failed");
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	explicit_bzero(raw, sizeof(raw));
	return 0;
}

static int psk_alloc(struct psk_file *f, size_t cap)
{
	f->names = calloc(cap, sizeof(*f->names));
	f->keys = calloc(cap, sizeof(*f->keys));
	f->n = 0;
	return f->names && f->keys ? 0 : -ENOMEM;
}

static void psk_free(struct psk_file *f, size_t cap)
{
	if (f->keys)
		explicit_bzero(f->keys, cap * sizeof(*f->keys));
	free(f->keys);
	free(f->names);
	f->keys = NULL;
	f->names = NULL;
	f->n = 0;
}

/* Keys of every tunnel ending on node n: kept when the node has one, else
 * the peer's, else new. */
static int psk_sync_node(const char *lab, const struct bl_plan *p, size_t n)
{
	size_t cap = 2 * p->n_tunnels + 1;
	struct psk_file mine = { 0 }, peer = { 0 };
	char path[PATH_MAX], name[BL_IKE_NAME_BUF], fresh[PSK_HEX + 1];
	int r = psk_alloc(&mine, cap) < 0 || psk_alloc(&peer, cap) < 0 ? -ENOMEM : 0;

	if (r < 0)
		bl_err_errno(r, "reading pre-shared keys failed");
	psk_path(lab, p->nodes[n].name, path, sizeof(path));
	if (r >= 0)
		psk_read(path, &mine, cap);
	for (size_t i = 0; r >= 0 && i < p->n_tunnels; i++) {
		const struct bl_plan_tunnel *t = &p->tunnels[i];
		size_t a = p->ifaces[t->site_iface].node, b = p->ifaces[t->gw_iface].node;
		char peer_path[PATH_MAX];
		const char *key;

		if (t->keying != BL_KEYING_IKEV2 || (a != n && b != n))
			continue;
		bl_lab_ike_tunnel_name(p, t, name);
		psk_path(lab, p->nodes[a == n ? b : a].name, peer_path, sizeof(peer_path));
		peer.n = 0;
		psk_read(peer_path, &peer, cap);
		key = psk_find(&peer, name);
		r = key ? 0 : random_hex(fresh);
		if (r >= 0)
			r = psk_set(&mine, cap, name, key ? key : fresh);
	}
	explicit_bzero(fresh, sizeof(fresh));
	if (r >= 0)
		r = psk_write(path, &mine);
	psk_free(&mine, cap);
	psk_free(&peer, cap);
	return r;
}

int bl_lab_psk_sync(const char *lab, const struct bl_plan *p)
{
	int r = 0;

	for (size_t n = 0; r >= 0 && n < p->n_nodes; n++)
		if (bl_lab_ike_node(p, n))
			r = psk_sync_node(lab, p, n);
	return r;
}

int bl_lab_psk_get(const char *lab, const char *node, const char *tunnel,
		   char psk[65])
{
	char path[PATH_MAX], line[256], name[BL_IKE_NAME_BUF];
	FILE *in;
	int r = -ENOKEY;

	psk_path(lab, node, path, sizeof(path));
	in = fopen(path, "r");
	while (in && r < 0 && fgets(line, sizeof(line), in))
		if (sscanf(line, "%63s %64s", name, psk) == 2 && !strcmp(name, tunnel))
			r = 0;
	if (in)
		fclose(in);
	explicit_bzero(line, sizeof(line));
	return r;
}
