// SPDX-License-Identifier: GPL-2.0-or-later
#include "vici/vici_cmd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#define ADDR_BUF INET_ADDRSTRLEN

static const char *addr_str(uint32_t a, char *buf)
{
	struct in_addr in = { .s_addr = htonl(a) };

	return inet_ntop(AF_INET, &in, buf, ADDR_BUF);
}

/* Hand over a finished message, or free it when building failed. */
static int finish(struct bl_vici_msg *m, struct bl_vici_msg **out)
{
	int r = bl_vici_msg_error(m);

	if (r < 0) {
		bl_vici_msg_free(m);
		return r;
	}
	*out = m;
	return 0;
}

static bool name_ok(const char *name)
{
	return name && *name && !strchr(name, '.');
}

static void add_endpoint(struct bl_vici_msg *m, const char *section,
			 const char *id)
{
	bl_vici_msg_begin_section(m, section);
	bl_vici_msg_add(m, "auth", "psk");
	bl_vici_msg_add(m, "id", "%s", id);
	bl_vici_msg_end_section(m);
}

/* The chosen ESP algorithm first; the other one stays acceptable so a
 * peer configured differently still agrees on something. */
static void add_esp_proposals(struct bl_vici_msg *m, enum bl_vici_esp esp)
{
	bool gcm = esp == BL_VICI_GCM_FIRST;

	const char *first = gcm ? BL_VICI_ESP_GCM : BL_VICI_ESP_CBC;
	const char *second = gcm ? BL_VICI_ESP_CBC : BL_VICI_ESP_GCM;

	bl_vici_msg_add_item(m, "esp_proposals", "%s", first);
	bl_vici_msg_add_item(m, "esp_proposals", "%s", second);
}

static void add_child(struct bl_vici_msg *m, const struct bl_vici_tunnel *t)
{
	bool xfrmi = t->kind == BL_VICI_XFRMI;

	bl_vici_msg_begin_section(m, "children");
	bl_vici_msg_begin_section(m, t->name);
	bl_vici_msg_add_item(m, "local_ts", "0.0.0.0/0");
	bl_vici_msg_add_item(m, "remote_ts", "0.0.0.0/0");
	add_esp_proposals(m, t->esp);
	bl_vici_msg_add(m, "mode", "tunnel");
	bl_vici_msg_add(m, xfrmi ? "if_id_in" : "mark_in", "%u", t->if_id);
	bl_vici_msg_add(m, xfrmi ? "if_id_out" : "mark_out", "%u", t->if_id);
	/* The inbound SA carries the mark too (charon puts it only on the
	 * policy by default), like the static-key SAs: `status` finds a
	 * tunnel's SAs by it. */
	if (!xfrmi)
		bl_vici_msg_add(m, "mark_in_sa", "yes");
	bl_vici_msg_add(m, "rekey_time", "%us", BL_VICI_CHILD_REKEY_S);
	bl_vici_msg_add(m, "start_action", "none");
	bl_vici_msg_add(m, "dpd_action", "restart");
	bl_vici_msg_end_section(m);
	bl_vici_msg_end_section(m);
}

int bl_vici_build_load_conn(const struct bl_vici_tunnel *t,
			    struct bl_vici_msg **out)
{
	char local[ADDR_BUF], remote[ADDR_BUF];
	struct bl_vici_msg *m;
	int r;

	if (!name_ok(t->name) || !t->if_id || !t->local || !t->remote)
		return -EINVAL;
	r = bl_vici_msg_new("load-conn", &m);
	if (r < 0)
		return r;
	addr_str(t->local, local);
	addr_str(t->remote, remote);
	bl_vici_msg_begin_section(m, t->name);
	bl_vici_msg_add(m, "version", "2");
	bl_vici_msg_add_item(m, "local_addrs", "%s", local);
	bl_vici_msg_add_item(m, "remote_addrs", "%s", remote);
	if (t->ike) {
		bl_vici_msg_add_item(m, "proposals", "%s", t->ike);
	} else {
		bl_vici_msg_add_item(m, "proposals", BL_VICI_IKE_PROPOSAL);
		bl_vici_msg_add_item(m, "proposals", BL_VICI_IKE_PROPOSAL_AZURE);
	}
	bl_vici_msg_add(m, "rekey_time", "%us", BL_VICI_IKE_REKEY_S);
	bl_vici_msg_add(m, "dpd_delay", "%us", BL_VICI_DPD_DELAY_S);
	/* Both ends have fixed addresses: nothing for MOBIKE to do. */
	bl_vici_msg_add(m, "mobike", "no");
	add_endpoint(m, "local", local);
	add_endpoint(m, "remote", remote);
	add_child(m, t);
	bl_vici_msg_end_section(m);
	return finish(m, out);
}

int bl_vici_build_unload_conn(const char *name, struct bl_vici_msg **out)
{
	struct bl_vici_msg *m;
	int r;

	if (!name_ok(name))
		return -EINVAL;
	r = bl_vici_msg_new("unload-conn", &m);
	if (r < 0)
		return r;
	bl_vici_msg_add(m, "name", "%s", name);
	return finish(m, out);
}

int bl_vici_build_load_psk(const char *name, uint32_t local, uint32_t remote,
			   const char *psk, struct bl_vici_msg **out)
{
	char l[ADDR_BUF], rm[ADDR_BUF];
	struct bl_vici_msg *m;
	int r;

	if (!name_ok(name) || !psk || !*psk || !local || !remote)
		return -EINVAL;
	r = bl_vici_msg_new("load-shared", &m);
	if (r < 0)
		return r;
	bl_vici_msg_add(m, "id", "psk-%s", name);
	bl_vici_msg_add(m, "type", "IKE");
	bl_vici_msg_add_secret(m, "data", psk);
	bl_vici_msg_add_item(m, "owners", "%s", addr_str(local, l));
	bl_vici_msg_add_item(m, "owners", "%s", addr_str(remote, rm));
	return finish(m, out);
}

int bl_vici_build_initiate(const char *ike, const char *child,
			   unsigned timeout_ms, int loglevel,
			   struct bl_vici_msg **out)
{
	struct bl_vici_msg *m;
	int r;

	if (!name_ok(ike) || !name_ok(child))
		return -EINVAL;
	r = bl_vici_msg_new("initiate", &m);
	if (r < 0)
		return r;
	bl_vici_msg_add(m, "child", "%s", child);
	bl_vici_msg_add(m, "ike", "%s", ike);
	bl_vici_msg_add(m, "timeout", "%u", timeout_ms);
	/* Fail at once instead of queueing behind a half-open SA limit. */
	bl_vici_msg_add(m, "init-limits", "no");
	bl_vici_msg_add(m, "loglevel", "%d", loglevel);
	return finish(m, out);
}

int bl_vici_build_terminate(const char *ike, unsigned timeout_ms,
			    struct bl_vici_msg **out)
{
	struct bl_vici_msg *m;
	int r;

	if (!name_ok(ike))
		return -EINVAL;
	r = bl_vici_msg_new("terminate", &m);
	if (r < 0)
		return r;
	bl_vici_msg_add(m, "ike", "%s", ike);
	bl_vici_msg_add(m, "timeout", "%u", timeout_ms);
	/* After the timeout, delete the SA anyway: a peer that restarted
	 * never answers the DELETE of an SA it does not know. */
	bl_vici_msg_add(m, "force", "yes");
	return finish(m, out);
}

int bl_vici_build_list_sas(const char *ike, struct bl_vici_msg **out)
{
	struct bl_vici_msg *m;
	int r;

	if (ike && !name_ok(ike))
		return -EINVAL;
	r = bl_vici_msg_new("list-sas", &m);
	if (r < 0)
		return r;
	bl_vici_msg_add(m, "noblock", "yes");
	if (ike)
		bl_vici_msg_add(m, "ike", "%s", ike);
	return finish(m, out);
}
