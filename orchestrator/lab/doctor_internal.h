/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by doctor.c (userspace, orchestration) and doctor_kernel.c (the
 * kernel features, tried in a throwaway namespace). */
#ifndef BL_DOCTOR_INTERNAL_H
#define BL_DOCTOR_INTERNAL_H

#include <stddef.h>

#include "lab/doctor.h"

#define BL_FEAT_KERNEL_MASK                                                        \
	(BL_FEAT_BIT(BL_FEAT_NETNS) | BL_FEAT_BIT(BL_FEAT_VETH) |                  \
	 BL_FEAT_BIT(BL_FEAT_BRIDGE) | BL_FEAT_BIT(BL_FEAT_MULTIPATH) |            \
	 BL_FEAT_BIT(BL_FEAT_XFRM) | BL_FEAT_BIT(BL_FEAT_ESP_GCM) |                \
	 BL_FEAT_BIT(BL_FEAT_ESP_CBC) | BL_FEAT_BIT(BL_FEAT_VTI) |                 \
	 BL_FEAT_BIT(BL_FEAT_XFRMI))

/* What to tell a user whose kernel lacks something: modprobe when the
 * kernel has modules, else another kernel or the test VM. */
void bl_doctor_kernel_remedy(const char *config, const char *module, char *out,
			     size_t size);

/* Try the kernel features of `which` in namespace "bl-doctor-<pid>",
 * removed before returning; fill results[f] for each. */
void bl_doctor_check_kernel(unsigned which, struct bl_check results[BL_FEAT_COUNT]);

#endif
