/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What this machine can run. Each kernel feature is tried for real in a
 * throwaway namespace "bl-doctor-<pid>" (always removed), because
 * /proc/config.gz may be absent and a module may load on demand; each
 * userspace piece is looked for where Debian installs it.
 *
 * `up` calls bl_doctor_require() with bl_doctor_needs() of its topology
 * before touching anything, so a kernel without ESP or VTI stops the lab
 * with doctor's own words instead of a netlink errno half-way through.
 */
#ifndef BL_DOCTOR_H
#define BL_DOCTOR_H

#include <stdbool.h>

struct bl_topology;

enum bl_feature {
	BL_FEAT_ROOT,
	BL_FEAT_NETNS,
	BL_FEAT_VETH,
	BL_FEAT_BRIDGE,
	BL_FEAT_MULTIPATH,
	BL_FEAT_XFRM,
	BL_FEAT_ESP_GCM,
	BL_FEAT_ESP_CBC,
	BL_FEAT_VTI,
	BL_FEAT_XFRMI,
	BL_FEAT_CHARON,
	BL_FEAT_SWANCTL,
	BL_FEAT_LIBVICI,
	BL_FEAT_QEMU,
	BL_FEAT_VM_KERNEL,
	BL_FEAT_COUNT
};

#define BL_FEAT_BIT(f) (1u << (f))
/* What every lab needs, tunnels or not. */
#define BL_NEEDS_BASE (BL_FEAT_BIT(BL_FEAT_ROOT) | BL_FEAT_BIT(BL_FEAT_NETNS) | \
		       BL_FEAT_BIT(BL_FEAT_VETH) | BL_FEAT_BIT(BL_FEAT_BRIDGE) | \
		       BL_FEAT_BIT(BL_FEAT_MULTIPATH))

struct bl_check {
	enum bl_feature feature;
	const char *name;  /* "ESP rfc4106(gcm(aes))", ... */
	bool ok;
	char detail[160];  /* what was found, in plain words */
	char remedy[640];  /* what to do about it; "" when ok */
};

/*
 * Run the checks in mask `which` (bits BL_FEAT_BIT(f); ~0u: all) and fill
 * results[f] for each. Returns the mask of those that failed (0: all ok).
 * Prints nothing.
 */
unsigned bl_doctor_check(unsigned which, struct bl_check results[BL_FEAT_COUNT]);

/* The features a topology needs: base, plus XFRM/ESP with its algorithms,
 * VTI or xfrm interfaces per tunnel kind, charon/swanctl/libvici when a
 * tunnel uses IKEv2. */
unsigned bl_doctor_needs(const struct bl_topology *topo);

/*
 * Check `needs`; for each missing feature report once (bl_err) what doctor
 * would say: "<feature>: <detail>; <remedy>". Returns 0 or -EOPNOTSUPP
 * (-EPERM when only root is missing).
 */
int bl_doctor_require(unsigned needs);

/*
 * The command that runs this very binary inside the test VM, to be
 * followed by its arguments: "<source tree>/ci/vm-run -- <this binary>",
 * both absolute, so it works as printed from any folder. Without the
 * source tree it was built from, a sentence saying what to get instead.
 */
void bl_doctor_vm_command(char *buf, size_t size);

/* The name of feature f, for tables. */
const char *bl_feature_name(enum bl_feature f);

#endif
