// SPDX-License-Identifier: GPL-2.0-or-later
/* `routes --live`: one node's BIRD over its control socket (lab_bird_routes.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "bird/bird_daemon.h"
#include "common/report.h"
#include "lab/lab_bird.h"
#include "lab/lab_bird_routes.h"
#include "model/bird_conf.h"

#define CTL_MS 3000

static const char *const state_names[] = { "absent", "running", "dead" };

/* Why node has no BIRD to read, reported; 0 when it has one. */
static int check_node(const char *lab, const struct bl_topology *topo,
		      const struct bl_model *m, const char *node)
{
	if (topo->control_plane != BL_CONTROL_BIRD) {
		bl_err("--live: '%s' has no BIRD: lab '%s' runs the static control plane "
		       "(every route is the model's: branchlab routes %s %s)", node, lab, lab, node);
		return -ENOENT;
	}
	if (!bl_model_has_node(m, node)) {
		bl_err("--live: no node '%s' in the route model (VMs and routers only)", node);
		return -ENOENT;
	}
	if (!bl_model_bird_node(m, node)) {
		bl_err("--live: '%s' has no BIRD: it is no BGP speaker of the model (nor a VM "
		       "gateways program), or it is failed", node);
		return -ENOENT;
	}
	return 0;
}

/* One command's reply, the reason in why. */
static int ask(struct bl_bird_ctl *c, const char *cmd, struct bl_bird_reply *reply, char *why,
	       size_t size)
{
	int r = bl_bird_ctl_cmd(c, cmd, reply, why, size);

	if (r >= 0 && bl_bird_reply_failed(reply)) {
		snprintf(why, size, "`%s': %s", cmd, bl_bird_reply_text(reply, -1));
		r = -EINVAL;
	}
	return r;
}

static int read_and_print(const char *node, struct bl_bird_ctl *c, bool json, FILE *out,
			  char *why, size_t size)
{
	struct bl_bird_reply routes = { 0 }, protos = { 0 };
	struct bl_bird_route *rt = NULL;
	struct bl_bird_session *s = NULL;
	size_t n_rt = 0, n_s = 0;
	int r = ask(c, "show route all", &routes, why, size);

	if (r >= 0)
		r = ask(c, "show protocols all", &protos, why, size);
	if (r >= 0 && (r = bl_bird_routes_parse(&routes, &rt, &n_rt)) < 0)
		snprintf(why, size, "%s", r == -EPROTO ? "a route line that does not parse"
						       : "out of memory");
	if (r >= 0 && (r = bl_bird_sessions_parse(&protos, &s, &n_s)) < 0)
		snprintf(why, size, "out of memory");
	if (r >= 0 && (r = bl_bird_routes_print(node, rt, n_rt, s, n_s, json, out)) < 0)
		snprintf(why, size, "out of memory");
	free(rt);
	free(s);
	bl_bird_reply_clear(&routes);
	bl_bird_reply_clear(&protos);
	return r;
}

int bl_lab_bird_routes(const char *lab, const struct bl_topology *topo,
		       const struct bl_model *m, const char *node, bool json, FILE *out)
{
	struct bl_bird_paths paths;
	enum bl_bird_state state = BL_BIRD_ABSENT;
	struct bl_bird_ctl *c = NULL;
	char dir[PATH_MAX], why[640] = "";
	int r = check_node(lab, topo, m, node);

	if (r < 0)
		return r;
	bl_lab_bird_dir(lab, dir, sizeof(dir));
	if (bl_bird_paths(dir, node, &paths) < 0 || bl_bird_state(&paths, &state, NULL) < 0)
		state = BL_BIRD_ABSENT;
	if (state != BL_BIRD_RUNNING) {
		bl_err("--live: the BIRD of '%s' is %s ('branchlab up %s' starts it again)",
		       node, state_names[state], lab);
		return -ESRCH;
	}
	r = bl_bird_ctl_open(paths.socket, CTL_MS, &c, why, sizeof(why));
	if (r >= 0)
		r = read_and_print(node, c, json, out, why, sizeof(why));
	bl_bird_ctl_close(c);
	if (r < 0)
		bl_err("--live: reading the BIRD of '%s' failed: %s", node, why);
	return r;
}
