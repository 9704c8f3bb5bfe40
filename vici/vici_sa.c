// SPDX-License-Identifier: GPL-2.0-or-later
#include "vici/vici_sa.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bl_vici_sas_clear(struct bl_vici_sas *sas)
{
	free(sas->ike);
	sas->ike = NULL;
	sas->n_ike = 0;
}

const struct bl_vici_ike_sa *bl_vici_sas_find(const struct bl_vici_sas *sas,
					      const char *name)
{
	for (size_t i = 0; i < sas->n_ike; i++)
		if (strcmp(sas->ike[i].name, name) == 0)
			return &sas->ike[i];
	return NULL;
}

bool bl_vici_ike_child_installed(const struct bl_vici_ike_sa *ike,
				 const char *child)
{
	for (size_t i = 0; i < ike->n_children; i++)
		if (strcmp(ike->children[i].name, child) == 0 &&
		    strcmp(ike->children[i].state, "INSTALLED") == 0)
			return true;
	return false;
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* Algorithm pieces arrive in charon's order (encryption, key size,
 * integrity, DH group): join them as one proposal string. */
static void append_alg(char *dst, size_t size, const char *sep, const char *v)
{
	size_t used = strlen(dst);

	if (used < size)
		snprintf(dst + used, size - used, "%s%s", used ? sep : "", v);
}

static void set_ike_value(struct bl_vici_ike_sa *ike, const char *key,
			  const char *v)
{
	if (!strcmp(key, "state"))
		copy(ike->state, sizeof(ike->state), v);
	else if (!strcmp(key, "local-host"))
		copy(ike->local_host, sizeof(ike->local_host), v);
	else if (!strcmp(key, "remote-host"))
		copy(ike->remote_host, sizeof(ike->remote_host), v);
	else if (!strcmp(key, "established"))
		ike->established_s = strtol(v, NULL, 10);
	else if (!strcmp(key, "rekey-time"))
		ike->rekey_in_s = strtol(v, NULL, 10);
	else if (!strcmp(key, "encr-alg") || !strcmp(key, "integ-alg") ||
		 !strcmp(key, "dh-group"))
		append_alg(ike->proposal, sizeof(ike->proposal), "/", v);
	else if (!strcmp(key, "encr-keysize"))
		append_alg(ike->proposal, sizeof(ike->proposal), "-", v);
}

static void set_child_value(struct bl_vici_child_sa *c, const char *key,
			    const char *v)
{
	if (!strcmp(key, "name"))
		copy(c->name, sizeof(c->name), v);
	else if (!strcmp(key, "state"))
		copy(c->state, sizeof(c->state), v);
	else if (!strcmp(key, "spi-in"))
		c->spi_in = strtoul(v, NULL, 16);
	else if (!strcmp(key, "spi-out"))
		c->spi_out = strtoul(v, NULL, 16);
	else if (!strcmp(key, "bytes-in"))
		c->bytes_in = strtoull(v, NULL, 10);
	else if (!strcmp(key, "bytes-out"))
		c->bytes_out = strtoull(v, NULL, 10);
	else if (!strcmp(key, "packets-in"))
		c->packets_in = strtoull(v, NULL, 10);
	else if (!strcmp(key, "packets-out"))
		c->packets_out = strtoull(v, NULL, 10);
	else if (!strcmp(key, "rekey-time"))
		c->rekey_in_s = strtol(v, NULL, 10);
	else if (!strcmp(key, "install-time"))
		c->installed_s = strtol(v, NULL, 10);
	else if (!strcmp(key, "encr-alg") || !strcmp(key, "integ-alg"))
		append_alg(c->esp, sizeof(c->esp), "/", v);
	else if (!strcmp(key, "encr-keysize"))
		append_alg(c->esp, sizeof(c->esp), "-", v);
}

static int add_ike(struct bl_vici_sas *sas, const char *name, size_t len)
{
	struct bl_vici_ike_sa *a = realloc(sas->ike, (sas->n_ike + 1) * sizeof(*a));
	struct bl_vici_ike_sa *ike;

	if (!a)
		return -ENOMEM;
	sas->ike = a;
	ike = memset(&a[sas->n_ike++], 0, sizeof(*ike));
	snprintf(ike->name, sizeof(ike->name), "%.*s", (int)len, name);
	ike->established_s = ike->rekey_in_s = -1;
	return 0;
}

/* A new CHILD_SA section starts: the next slot, or none when full. */
static struct bl_vici_child_sa *add_child(struct bl_vici_ike_sa *ike)
{
	struct bl_vici_child_sa *c;

	if (ike->n_children == BL_VICI_MAX_CHILDREN) {
		ike->n_children_dropped++;
		return NULL;
	}
	c = &ike->children[ike->n_children++];
	c->rekey_in_s = c->installed_s = -1;
	return c;
}

/*
 * An event is one section per IKE_SA: "<ike>.key" for its values and
 * "<ike>.child-sas.<unique>.key" for each CHILD_SA's.
 */
int bl_vici_sas_add_event(struct bl_vici_sas *sas, const struct bl_vici_msg *ev)
{
	const char *child_section = NULL, *ike_name = NULL;
	struct bl_vici_child_sa *child = NULL;
	size_t ike_len = 0;

	for (size_t i = 0; i < ev->n_entries; i++) {
		const struct bl_vici_entry *e = &ev->entries[i];
		const char *dot = strchr(e->section, '.');
		size_t len = dot ? (size_t)(dot - e->section) : strlen(e->section);
		struct bl_vici_ike_sa *ike;

		if (!len)
			continue; /* top-level values belong to no SA */
		if (!ike_name || len != ike_len || strncmp(ike_name, e->section, len) != 0) {
			if (add_ike(sas, e->section, len) < 0)
				return -ENOMEM;
			ike_name = e->section;
			ike_len = len;
			child_section = NULL;
		}
		ike = &sas->ike[sas->n_ike - 1];
		if (!dot) {
			set_ike_value(ike, e->key, e->value);
			continue;
		}
		if (strncmp(dot + 1, "child-sas.", 10) != 0)
			continue; /* other sub-sections: tasks, ... */
		if (!child_section || strcmp(child_section, e->section) != 0) {
			child_section = e->section;
			child = add_child(ike);
		}
		if (child && e->kind == BL_VICI_VALUE)
			set_child_value(child, e->key, e->value);
	}
	return ike_name ? 0 : -EINVAL;
}
