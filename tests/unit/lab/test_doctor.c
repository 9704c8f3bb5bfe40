// SPDX-License-Identifier: GPL-2.0-or-later
/* What a topology asks of the machine: tunnels bring their kind,
 * algorithm and keying along; a lab without tunnels needs only the base. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "lab/doctor.h"
#include "topology/topology.h"

#define BIT BL_FEAT_BIT
#define IKE_TOOLS (BIT(BL_FEAT_CHARON) | BIT(BL_FEAT_SWANCTL) | BIT(BL_FEAT_LIBVICI))

struct needs_case {
	const char *why;
	struct bl_tunnel tunnels[2];
	size_t n_tunnels;
	unsigned want;
};

static void tunnels_decide_the_needs(void **state)
{
	(void)state;
	const struct needs_case cases[] = {
		{ "no tunnels", { { 0 } }, 0, BL_NEEDS_BASE },
		{ "static GCM on xfrm interfaces",
		  { { .kind = BL_TUNNEL_XFRMI, .esp = BL_ESP_AES_GCM, .keying = BL_KEYING_STATIC } }, 1,
		  BL_NEEDS_BASE | BIT(BL_FEAT_XFRM) | BIT(BL_FEAT_ESP_GCM) | BIT(BL_FEAT_XFRMI) },
		{ "IKEv2 CBC on VTI",
		  { { .kind = BL_TUNNEL_VTI, .esp = BL_ESP_AES_CBC_SHA256, .keying = BL_KEYING_IKEV2 } }, 1,
		  BL_NEEDS_BASE | BIT(BL_FEAT_XFRM) | BIT(BL_FEAT_ESP_CBC) | BIT(BL_FEAT_VTI) | IKE_TOOLS },
		{ "one of each",
		  { { .kind = BL_TUNNEL_VTI, .esp = BL_ESP_AES_GCM },
		    { .kind = BL_TUNNEL_XFRMI, .esp = BL_ESP_AES_CBC_SHA256, .keying = BL_KEYING_IKEV2 } }, 2,
		  BL_NEEDS_BASE | BIT(BL_FEAT_XFRM) | BIT(BL_FEAT_ESP_GCM) | BIT(BL_FEAT_ESP_CBC) |
		  BIT(BL_FEAT_VTI) | BIT(BL_FEAT_XFRMI) | IKE_TOOLS },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bl_vpn_site site = { .n_tunnels = cases[i].n_tunnels };
		struct bl_topology topo = { .vpn_sites = &site, .n_vpn_sites = 1 };
		unsigned got;

		memcpy(site.tunnels, cases[i].tunnels, sizeof(site.tunnels));
		got = bl_doctor_needs(&topo);
		if (got != cases[i].want)
			fail_msg("%s: needs 0x%x, want 0x%x", cases[i].why, got, cases[i].want);
	}
}

static void every_feature_has_a_name(void **state)
{
	(void)state;
	for (int f = 0; f < BL_FEAT_COUNT; f++) {
		const char *name = bl_feature_name((enum bl_feature)f);

		assert_non_null(name);
		assert_true(name[0] != '\0');
	}
	assert_true(BL_FEAT_COUNT <= 32); /* the masks are unsigned */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tunnels_decide_the_needs),
		cmocka_unit_test(every_feature_has_a_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
