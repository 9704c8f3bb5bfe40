// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel half of doctor: each feature is tried for real, in order,
 * inside one throwaway namespace, because only the kernel knows (a
 * module may load on demand; /proc/config.gz may not exist).
 */
#include "lab/doctor_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "netlink/addr_route.h"
#include "netlink/link.h"
#include "netlink/netns.h"
#include "netlink/nl_socket.h"
#include "netlink/xfrm.h"

#define A(a, b, c, d) ((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

struct probe {
	int fd;
	struct bl_nl_sock *rt;
	struct bl_nl_sock *xf;
	struct bl_nl_batch *batch;
	struct bl_nl_error err;
};

struct kernel_check {
	enum bl_feature feature;
	int (*try)(struct probe *p);
	int needs;             /* a feature this one builds on, or -1 */
	const char *missing;   /* plain words when the kernel lacks it */
	const char *config;
	const char *module;
	const char *works;     /* detail when it works */
};

/* One request, sent and acked; the kernel's reason lands in p->err. */
static int send_one(struct probe *p, int built)
{
	int r = bl_nl_batch_seal(p->batch, built, "probe");

	if (r < 0)
		return r;
	return bl_nl_batch_send(p->rt, p->batch, &p->err);
}

static void *room(struct probe *p)
{
	size_t size;

	return bl_nl_batch_room(p->batch, &size);
}

static int try_veth(struct probe *p)
{
	static const char *const up[] = { "dr0", "dr1", "lo" };
	int r = send_one(p, bl_nl_build_veth_add(room(p), BL_NL_MSG_ROOM, "dr0", -1, "dr1", -1));

	for (size_t i = 0; i < 3 && r == 0; i++)
		r = send_one(p, bl_nl_build_link_up(room(p), BL_NL_MSG_ROOM, up[i]));
	return r;
}

static int try_bridge(struct probe *p)
{
	return send_one(p, bl_nl_build_bridge_add(room(p), BL_NL_MSG_ROOM, "drbr0"));
}

static int add_address(struct probe *p, const char *dev, uint32_t addr)
{
	int idx, r = bl_nl_link_index(p->rt, dev, &idx);

	return r < 0 ? r : send_one(p, bl_nl_build_addr_add(room(p), BL_NL_MSG_ROOM, idx, addr, 24));
}

static int try_multipath(struct probe *p)
{
	struct bl_nl_route rt = {
		.dst = A(10, 254, 0, 0), .dst_len = 24, .n_nexthops = 2,
		.nexthops = { { .gateway = A(10, 255, 0, 2) }, { .gateway = A(10, 255, 1, 2) } },
	};
	int r = add_address(p, "dr0", A(10, 255, 0, 1));

	if (r == 0)
		r = add_address(p, "dr1", A(10, 255, 1, 1));
	return r < 0 ? r : send_one(p, bl_nl_build_route_add(room(p), BL_NL_MSG_ROOM, &rt));
}

static int send_xfrm(struct probe *p, int built)
{
	int r = bl_nl_batch_seal(p->batch, built, "probe");

	return r < 0 ? r : bl_nl_batch_send(p->xf, p->batch, &p->err);
}

static int try_xfrm(struct probe *p)
{
	struct bl_nl_xfrm_policy pol = { .dir = BL_NL_XFRM_OUT, .dst = A(10, 253, 0, 0),
					 .dst_len = 24, .tmpl_src = A(10, 255, 0, 1),
					 .tmpl_dst = A(10, 255, 0, 2), .reqid = 1 };

	if (!p->xf) {
		int r = bl_nl_open(NETLINK_XFRM, p->fd, &p->xf);

		if (r < 0)
			return r;
	}
	return send_xfrm(p, bl_nl_build_xfrm_policy_add(room(p), BL_NL_MSG_ROOM, &pol));
}

static int try_esp(struct probe *p, enum bl_nl_esp alg, uint32_t spi)
{
	struct bl_nl_xfrm_state st = { .src = A(10, 255, 0, 1), .dst = A(10, 255, 0, 2),
				       .spi = spi, .reqid = 1, .alg = alg,
				       .enc_key_len = alg == BL_NL_ESP_AES_GCM ? 20 : 16,
				       .auth_key_len = 32 };

	return send_xfrm(p, bl_nl_build_xfrm_state_add(room(p), BL_NL_MSG_ROOM, &st));
}

static int try_esp_gcm(struct probe *p)
{
	return try_esp(p, BL_NL_ESP_AES_GCM, 0x101);
}

static int try_esp_cbc(struct probe *p)
{
	return try_esp(p, BL_NL_ESP_AES_CBC_SHA256, 0x102);
}

static int try_vti(struct probe *p)
{
	struct bl_nl_vti vti = { .name = "drvti0", .local = A(10, 255, 0, 1),
				 .remote = A(10, 255, 0, 2), .ikey = 1, .okey = 1 };

	return send_one(p, bl_nl_build_vti_add(room(p), BL_NL_MSG_ROOM, &vti));
}

static int try_xfrmi(struct probe *p)
{
	return send_one(p, bl_nl_build_xfrmi_add(room(p), BL_NL_MSG_ROOM, "drxfrm0", 1, 0));
}

static const struct kernel_check checks[] = {
	{ BL_FEAT_VETH, try_veth, -1, "kernel has no veth", "CONFIG_VETH", "veth",
	  "veth pair created and up" },
	{ BL_FEAT_BRIDGE, try_bridge, -1, "kernel has no bridge", "CONFIG_BRIDGE", "bridge",
	  "bridge created" },
	{ BL_FEAT_MULTIPATH, try_multipath, BL_FEAT_VETH, "kernel has no multipath routes",
	  "CONFIG_IP_ROUTE_MULTIPATH", NULL, "two-nexthop route installed" },
	{ BL_FEAT_XFRM, try_xfrm, -1, "kernel has no xfrm netlink", "CONFIG_XFRM_USER",
	  "xfrm_user", "xfrm policy installed" },
	{ BL_FEAT_ESP_GCM, try_esp_gcm, BL_FEAT_XFRM, "no ESP", "CONFIG_INET_ESP", "esp4",
	  "ESP state with rfc4106(gcm(aes)) installed" },
	{ BL_FEAT_ESP_CBC, try_esp_cbc, BL_FEAT_XFRM, "no ESP", "CONFIG_INET_ESP", "esp4",
	  "ESP state with cbc(aes)+hmac(sha256) installed" },
	{ BL_FEAT_VTI, try_vti, -1, "kernel has no VTI", "CONFIG_NET_IPVTI", "ip_vti",
	  "vti link created" },
	{ BL_FEAT_XFRMI, try_xfrmi, -1, "kernel has no xfrm interfaces",
	  "CONFIG_XFRM_INTERFACE", "xfrm_interface", "xfrm interface created" },
};

void bl_doctor_kernel_remedy(const char *config, const char *module, char *out, size_t size)
{
	struct utsname u;
	char dir[128] = "";

	if (uname(&u) == 0)
		snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	if (module && dir[0] && access(dir, F_OK) == 0)
		snprintf(out, size, "modprobe %s (or use a kernel with %s)", module, config);
	else
	{
		char vm[PATH_MAX * 2 + 16];

		bl_doctor_vm_command(vm, sizeof(vm));
		snprintf(out, size, "kernel built without %s: use a kernel with it, or run "
			 "inside the test VM: %s ...", config, vm);
	}
}

/* errno as the kernel means it for these requests. */
static bool lacks_feature(int err)
{
	return err == -EOPNOTSUPP || err == -EPROTONOSUPPORT || err == -ENOENT ||
	       err == -EAFNOSUPPORT;
}

/* An algorithm missing from the crypto API (-ENOSYS) is not missing ESP. */
static void describe_alg(const struct kernel_check *c, struct bl_check *out)
{
	bool gcm = c->feature == BL_FEAT_ESP_GCM;

	snprintf(out->detail, sizeof(out->detail), "no %s in the kernel crypto API",
		 gcm ? "rfc4106(gcm(aes))" : "cbc(aes) or hmac(sha256)");
	bl_doctor_kernel_remedy(gcm ? "CONFIG_CRYPTO_GCM" : "CONFIG_CRYPTO_CBC and CONFIG_CRYPTO_SHA256",
				gcm ? "gcm" : "cbc", out->remedy, sizeof(out->remedy));
}

static void describe(const struct kernel_check *c, int r, const struct probe *p,
		     struct bl_check *out)
{
	out->ok = r == 0;
	out->remedy[0] = '\0';
	if (r == 0) {
		snprintf(out->detail, sizeof(out->detail), "%s", c->works);
	} else if (r == -ENOSYS && c->feature >= BL_FEAT_ESP_GCM && c->feature <= BL_FEAT_ESP_CBC) {
		describe_alg(c, out);
	} else if (lacks_feature(r)) {
		snprintf(out->detail, sizeof(out->detail), "%s (%s)", c->missing, c->config);
		bl_doctor_kernel_remedy(c->config, c->module, out->remedy, sizeof(out->remedy));
	} else if (r == -EPERM) {
		snprintf(out->detail, sizeof(out->detail), "not permitted to try");
		snprintf(out->remedy, sizeof(out->remedy), "run as root");
	} else {
		snprintf(out->detail, sizeof(out->detail), "the kernel refused the test: %.100s",
			 p->err.text[0] ? p->err.text : strerror(-r));
		snprintf(out->remedy, sizeof(out->remedy), "report this with `branchlab -v doctor`");
	}
}

static void not_tried(struct bl_check *out, const char *why, const char *remedy)
{
	out->ok = false;
	snprintf(out->detail, sizeof(out->detail), "not tried: needs %s", why);
	snprintf(out->remedy, sizeof(out->remedy), "%s", remedy);
}

static void run_checks(struct probe *p, unsigned which, struct bl_check results[])
{
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct kernel_check *c = &checks[i];
		int r;

		if (!(which & BL_FEAT_BIT(c->feature)))
			continue;
		if (c->needs >= 0 && !results[c->needs].ok) {
			char remedy[64];

			snprintf(remedy, sizeof(remedy), "see %s above",
				 bl_feature_name((enum bl_feature)c->needs));
			not_tried(&results[c->feature], bl_feature_name((enum bl_feature)c->needs),
				  remedy);
			continue;
		}
		memset(&p->err, 0, sizeof(p->err));
		r = c->try(p);
		describe(c, r, p, &results[c->feature]);
	}
}

static int open_probe(struct probe *p)
{
	int r;

	/* Unnamed: nothing is left behind even if doctor is killed. */
	r = bl_netns_new_anonymous(&p->fd);
	if (r == 0)
		r = bl_nl_open(NETLINK_ROUTE, p->fd, &p->rt);
	if (r == 0)
		r = bl_nl_batch_new(&p->batch);
	return r;
}

static void close_probe(struct probe *p)
{
	bl_nl_close(p->rt);
	bl_nl_close(p->xf);
	bl_nl_batch_free(p->batch);
	/* The last reference: the namespace and every link in it go. */
	if (p->fd >= 0)
		close(p->fd);
}

void bl_doctor_check_kernel(unsigned which, struct bl_check results[BL_FEAT_COUNT])
{
	struct probe p = { .fd = -1 };
	int r = open_probe(&p);

	if (which & BL_FEAT_BIT(BL_FEAT_NETNS)) {
		results[BL_FEAT_NETNS].ok = r == 0;
		snprintf(results[BL_FEAT_NETNS].detail, sizeof(results[0].detail), "%s%s",
			 r == 0 ? "throwaway namespace created" : "cannot create a namespace: ",
			 r == 0 ? "" : strerror(-r));
		snprintf(results[BL_FEAT_NETNS].remedy, sizeof(results[0].remedy), "%s",
			 r == 0 ? "" : r == -EPERM ? "run as root" :
			 "use a kernel with CONFIG_NET_NS, as root");
	}
	if (r < 0) {
		for (int f = 0; f < BL_FEAT_COUNT; f++)
			if ((which & BL_FEAT_KERNEL_MASK & BL_FEAT_BIT(f)) && f != BL_FEAT_NETNS)
				not_tried(&results[f], "a throwaway namespace",
					  r == -EPERM ? "run as root" : "see network namespaces");
	} else {
		run_checks(&p, which, results);
	}
	close_probe(&p);
}
