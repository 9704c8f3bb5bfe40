// SPDX-License-Identifier: GPL-2.0-or-later
/* What this machine can run: the userspace half, and the glue `up` uses
 * to refuse a lab early with doctor's words. */
#include "lab/doctor_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/report.h"
#include "topology/topology.h"

#define CHARON_PATH "/usr/lib/ipsec/charon"
#define LIBVICI_PATH "/usr/lib/ipsec/libvici.so.0"
#define DEFAULT_CACHE "/var/cache/branchlab"

static const char *const feature_names[BL_FEAT_COUNT] = {
	[BL_FEAT_ROOT] = "root privileges",
	[BL_FEAT_NETNS] = "network namespaces",
	[BL_FEAT_VETH] = "veth",
	[BL_FEAT_BRIDGE] = "bridge",
	[BL_FEAT_MULTIPATH] = "multipath routes",
	[BL_FEAT_XFRM] = "xfrm netlink",
	[BL_FEAT_ESP_GCM] = "ESP rfc4106(gcm(aes))",
	[BL_FEAT_ESP_CBC] = "ESP cbc(aes)+hmac(sha256)",
	[BL_FEAT_VTI] = "VTI link",
	[BL_FEAT_XFRMI] = "xfrm interface",
	[BL_FEAT_CHARON] = "charon",
	[BL_FEAT_SWANCTL] = "swanctl",
	[BL_FEAT_LIBVICI] = "libvici",
	[BL_FEAT_QEMU] = "qemu-system-x86_64",
	[BL_FEAT_VM_KERNEL] = "test VM kernel",
};

const char *bl_feature_name(enum bl_feature f)
{
	return (unsigned)f < BL_FEAT_COUNT ? feature_names[f] : "?";
}

/* An executable named name on $PATH (or in the sbin folders a non-root
 * PATH often lacks); its path goes to found. */
static bool find_program(const char *name, char *found, size_t size)
{
	const char *env = getenv("PATH");
	char path[4096];

	snprintf(path, sizeof(path), "%s:/usr/sbin:/sbin", env ? env : "/usr/bin:/bin");
	for (char *save = NULL, *dir = strtok_r(path, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		snprintf(found, size, "%s/%s", dir, name);
		if (access(found, X_OK) == 0)
			return true;
	}
	return false;
}

static void check_file(struct bl_check *c, const char *path, int mode, const char *remedy)
{
	c->ok = access(path, mode) == 0;
	snprintf(c->detail, sizeof(c->detail), "%.140s %s", path, c->ok ? "found" : "not found");
	snprintf(c->remedy, sizeof(c->remedy), "%s", c->ok ? "" : remedy);
}

static void check_program(struct bl_check *c, const char *name, const char *remedy)
{
	char found[4200];

	c->ok = find_program(name, found, sizeof(found));
	snprintf(c->detail, sizeof(c->detail), "%.*s", (int)sizeof(c->detail) - 1,
		 c->ok ? found : "not on PATH");
	snprintf(c->remedy, sizeof(c->remedy), "%s", c->ok ? "" : remedy);
}

static void check_root(struct bl_check *c)
{
	c->ok = geteuid() == 0;
	snprintf(c->detail, sizeof(c->detail), "%s", c->ok ? "running as root" :
		 "not root: namespaces and netlink writes need CAP_SYS_ADMIN and CAP_NET_ADMIN");
	snprintf(c->remedy, sizeof(c->remedy), "%s", c->ok ? "" : "run as root (sudo branchlab ...)");
}

void bl_doctor_vm_command(char *buf, size_t size)
{
	char exe[PATH_MAX], runner[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		snprintf(exe, sizeof(exe), "branchlab");
	else
		exe[n] = '\0';
	/* The test VM is part of the source tree, not of an installed
	 * branchlab: a binary built from a tree knows where it is. */
	snprintf(runner, sizeof(runner), "%s/ci/vm-run", BL_SOURCE_DIR);
	if (access(runner, X_OK) == 0)
		snprintf(buf, size, "%s -- %s", runner, exe);
	else
		snprintf(buf, size, "ci/vm-run (of branchlab's source tree, after its "
			 "ci/setup.sh) -- %s", exe);
}

/* Where ci/vm-run looks: $BRANCHLAB_CACHE/kernel/current. */
static void check_vm_kernel(struct bl_check *c)
{
	const char *cache = getenv("BRANCHLAB_CACHE");
	char path[4096];

	snprintf(path, sizeof(path), "%s/kernel/current",
		 cache && cache[0] ? cache : DEFAULT_CACHE);
	check_file(c, path, R_OK, "run ci/setup.sh (downloads Debian's stock kernel for the test VM)");
}

static void check_userspace(unsigned which, struct bl_check results[])
{
	static const char strongswan[] = "apt-get install strongswan-charon";
	static const char swanctl[] = "apt-get install strongswan-swanctl";

	if (which & BL_FEAT_BIT(BL_FEAT_ROOT))
		check_root(&results[BL_FEAT_ROOT]);
	if (which & BL_FEAT_BIT(BL_FEAT_CHARON))
		check_file(&results[BL_FEAT_CHARON], CHARON_PATH, X_OK, strongswan);
	if (which & BL_FEAT_BIT(BL_FEAT_SWANCTL))
		check_program(&results[BL_FEAT_SWANCTL], "swanctl", swanctl);
	if (which & BL_FEAT_BIT(BL_FEAT_LIBVICI))
		check_file(&results[BL_FEAT_LIBVICI], LIBVICI_PATH, R_OK, swanctl);
	if (which & BL_FEAT_BIT(BL_FEAT_QEMU))
		check_program(&results[BL_FEAT_QEMU], "qemu-system-x86_64",
			      "apt-get install qemu-system-x86 (or run ci/setup.sh)");
	if (which & BL_FEAT_BIT(BL_FEAT_VM_KERNEL))
		check_vm_kernel(&results[BL_FEAT_VM_KERNEL]);
}

/* A check that builds on another (ESP needs xfrm netlink, multipath
 * needs the veth it routes over) brings it along. */
static unsigned with_dependencies(unsigned which)
{
	if (which & BL_FEAT_BIT(BL_FEAT_MULTIPATH))
		which |= BL_FEAT_BIT(BL_FEAT_VETH);
	if (which & (BL_FEAT_BIT(BL_FEAT_ESP_GCM) | BL_FEAT_BIT(BL_FEAT_ESP_CBC)))
		which |= BL_FEAT_BIT(BL_FEAT_XFRM);
	if (which & BL_FEAT_KERNEL_MASK)
		which |= BL_FEAT_BIT(BL_FEAT_NETNS);
	return which;
}

unsigned bl_doctor_check(unsigned which, struct bl_check results[BL_FEAT_COUNT])
{
	unsigned failed = 0;

	which = with_dependencies(which & (BL_FEAT_BIT(BL_FEAT_COUNT) - 1));
	for (int f = 0; f < BL_FEAT_COUNT; f++) {
		memset(&results[f], 0, sizeof(results[f]));
		results[f].feature = (enum bl_feature)f;
		results[f].name = feature_names[f];
	}
	check_userspace(which, results);
	if (which & BL_FEAT_KERNEL_MASK)
		bl_doctor_check_kernel(which, results);
	for (int f = 0; f < BL_FEAT_COUNT; f++)
		if ((which & BL_FEAT_BIT(f)) && !results[f].ok)
			failed |= BL_FEAT_BIT(f);
	return failed;
}

static unsigned tunnel_needs(const struct bl_tunnel *t)
{
	unsigned needs = BL_FEAT_BIT(BL_FEAT_XFRM);

	needs |= BL_FEAT_BIT(t->esp == BL_ESP_AES_GCM ? BL_FEAT_ESP_GCM : BL_FEAT_ESP_CBC);
	needs |= BL_FEAT_BIT(t->kind == BL_TUNNEL_VTI ? BL_FEAT_VTI : BL_FEAT_XFRMI);
	if (t->keying == BL_KEYING_IKEV2)
		needs |= BL_FEAT_BIT(BL_FEAT_CHARON) | BL_FEAT_BIT(BL_FEAT_SWANCTL) |
			 BL_FEAT_BIT(BL_FEAT_LIBVICI);
	return needs;
}

unsigned bl_doctor_needs(const struct bl_topology *topo)
{
	unsigned needs = BL_NEEDS_BASE;

	for (size_t s = 0; s < topo->n_vpn_sites; s++)
		for (size_t t = 0; t < topo->vpn_sites[s].n_tunnels; t++)
			needs |= tunnel_needs(&topo->vpn_sites[s].tunnels[t]);
	return needs;
}

int bl_doctor_require(unsigned needs)
{
	struct bl_check results[BL_FEAT_COUNT];
	unsigned failed = bl_doctor_check(needs, results);

	if (!failed)
		return 0;
	for (int f = 0; f < BL_FEAT_COUNT; f++)
		if (failed & BL_FEAT_BIT(f))
			bl_err("this machine cannot run the lab: %s: %s%s%s", results[f].name,
			       results[f].detail, results[f].remedy[0] ? "; " : "",
			       results[f].remedy);
	return failed == BL_FEAT_BIT(BL_FEAT_ROOT) ? -EPERM : -EOPNOTSUPP;
}
