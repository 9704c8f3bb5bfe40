// SPDX-License-Identifier: GPL-2.0-or-later
/* The libcyaml schema of a topology file (the keys are documented in
 * docs/topology.md) and the raw load that uses it. */
#include "topology/topology_schema.h"
#include "topology/topology.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define OPT CYAML_FLAG_OPTIONAL
#define REQ CYAML_FLAG_DEFAULT
#define SEQ_PTR (CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL)
#define STR(key, flags, type, member) \
	CYAML_FIELD_STRING_PTR(key, flags, type, member, 0, BL_TOPO_MAX_STR)

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, BL_TOPO_MAX_STR),
};

static const cyaml_strval_t preference_names[] = {
	{ "expressroute", BL_PREFER_EXPRESSROUTE },
	{ "vpn", BL_PREFER_VPN },
	{ "aspath", BL_PREFER_ASPATH },
};

static const cyaml_strval_t limits_names[] = {
	{ "azure", BL_LIMITS_AZURE },
	{ "relaxed", BL_LIMITS_RELAXED },
};

static const cyaml_strval_t interface_names[] = {
	{ "xfrmi", BL_TUNNEL_XFRMI },
	{ "vti", BL_TUNNEL_VTI },
};

static const cyaml_strval_t keying_names[] = {
	{ "static", BL_KEYING_STATIC },
	{ "ikev2", BL_KEYING_IKEV2 },
};

static const cyaml_strval_t control_plane_names[] = {
	{ "static", BL_CONTROL_STATIC },
	{ "bird", BL_CONTROL_BIRD },
};

static const cyaml_strval_t esp_names[] = {
	{ "aes-gcm", BL_ESP_AES_GCM },
	{ "aes-cbc-sha256", BL_ESP_AES_CBC_SHA256 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const cyaml_schema_field_t host_fields[] = {
	STR("name", REQ, struct raw_host, name),
	STR("address", OPT, struct raw_host, address),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t host_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_host, host_fields),
};

static const cyaml_schema_field_t subnet_fields[] = {
	STR("name", REQ, struct raw_subnet, name),
	STR("prefix", OPT, struct raw_subnet, prefix),
	CYAML_FIELD_SEQUENCE("vms", SEQ_PTR, struct raw_subnet, vms, &host_entry,
			     0, BL_TOPO_MAX_HOSTS),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t subnet_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_subnet, subnet_fields),
};

static const cyaml_schema_field_t hub_fields[] = {
	STR("name", OPT, struct raw_vnet, name),
	CYAML_FIELD_SEQUENCE("address_space", SEQ_PTR, struct raw_vnet,
			     address_space, &string_entry, 1, BL_TOPO_MAX_PREFIXES),
	STR("gateway_subnet", OPT, struct raw_vnet, gateway_subnet),
	STR("route_server_subnet", OPT, struct raw_vnet, route_server_subnet),
	CYAML_FIELD_SEQUENCE("subnets", SEQ_PTR, struct raw_vnet, subnets,
			     &subnet_entry, 0, BL_TOPO_MAX_SUBNETS),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t spoke_fields[] = {
	STR("name", REQ, struct raw_vnet, name),
	CYAML_FIELD_SEQUENCE("address_space", SEQ_PTR, struct raw_vnet,
			     address_space, &string_entry, 1, BL_TOPO_MAX_PREFIXES),
	CYAML_FIELD_BOOL_PTR("gateway_transit", OPT, struct raw_vnet,
			     gateway_transit),
	CYAML_FIELD_SEQUENCE("subnets", SEQ_PTR, struct raw_vnet, subnets,
			     &subnet_entry, 0, BL_TOPO_MAX_SUBNETS),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t spoke_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_vnet, spoke_fields),
};

static const cyaml_schema_field_t vpngw_instance_fields[] = {
	STR("name", OPT, struct raw_vpngw_instance, name),
	STR("address", OPT, struct raw_vpngw_instance, address),
	STR("public", OPT, struct raw_vpngw_instance, public),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t vpngw_instance_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_vpngw_instance,
			    vpngw_instance_fields),
};

static const cyaml_schema_field_t vpn_gateway_fields[] = {
	CYAML_FIELD_BOOL_PTR("active_active", OPT, struct raw_vpn_gateway,
			     active_active),
	CYAML_FIELD_UINT_PTR("asn", OPT, struct raw_vpn_gateway, asn),
	CYAML_FIELD_SEQUENCE("instances", SEQ_PTR, struct raw_vpn_gateway,
			     instances, &vpngw_instance_entry, 0, 2),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t er_gateway_fields[] = {
	CYAML_FIELD_UINT_PTR("instances", OPT, struct raw_er_gateway, instances),
	CYAML_FIELD_UINT_PTR("asn", OPT, struct raw_er_gateway, asn),
	CYAML_FIELD_SEQUENCE("names", SEQ_PTR, struct raw_er_gateway, names,
			     &string_entry, 0, 2),
	CYAML_FIELD_SEQUENCE("addresses", SEQ_PTR, struct raw_er_gateway,
			     addresses, &string_entry, 0, 2),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t route_server_fields[] = {
	CYAML_FIELD_BOOL_PTR("branch_to_branch", OPT, struct raw_route_server,
			     branch_to_branch),
	CYAML_FIELD_ENUM_PTR("preference", OPT, struct raw_route_server,
			     preference, preference_names, N(preference_names)),
	CYAML_FIELD_UINT_PTR("asn", OPT, struct raw_route_server, asn),
	STR("name", OPT, struct raw_route_server, name),
	CYAML_FIELD_SEQUENCE("addresses", SEQ_PTR, struct raw_route_server,
			     addresses, &string_entry, 0, 2),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t tunnel_fields[] = {
	CYAML_FIELD_UINT_PTR("instance", OPT, struct raw_tunnel, instance),
	CYAML_FIELD_UINT_PTR("weight", OPT, struct raw_tunnel, weight),
	CYAML_FIELD_UINT_PTR("prepend", OPT, struct raw_tunnel, prepend),
	CYAML_FIELD_ENUM_PTR("interface", OPT, struct raw_tunnel, interface,
			     interface_names, N(interface_names)),
	CYAML_FIELD_ENUM_PTR("keying", OPT, struct raw_tunnel, keying,
			     keying_names, N(keying_names)),
	CYAML_FIELD_ENUM_PTR("esp", OPT, struct raw_tunnel, esp, esp_names,
			     N(esp_names)),
	STR("ike", OPT, struct raw_tunnel, ike),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t tunnel_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_tunnel, tunnel_fields),
};

static const cyaml_schema_field_t vpn_site_fields[] = {
	STR("name", REQ, struct raw_vpn_site, name),
	STR("router", OPT, struct raw_vpn_site, router),
	CYAML_FIELD_UINT_PTR("asn", OPT, struct raw_vpn_site, asn),
	CYAML_FIELD_BOOL_PTR("bgp", OPT, struct raw_vpn_site, bgp),
	STR("public", OPT, struct raw_vpn_site, public),
	STR("bgp_address", OPT, struct raw_vpn_site, bgp_address),
	STR("lan", OPT, struct raw_vpn_site, lan),
	STR("lan_gateway", OPT, struct raw_vpn_site, lan_gateway),
	CYAML_FIELD_SEQUENCE("advertise", SEQ_PTR, struct raw_vpn_site, advertise,
			     &string_entry, 0, BL_TOPO_MAX_PREFIXES),
	CYAML_FIELD_SEQUENCE("static_prefixes", SEQ_PTR, struct raw_vpn_site,
			     static_prefixes, &string_entry, 0,
			     BL_TOPO_MAX_PREFIXES),
	CYAML_FIELD_SEQUENCE("tunnels", SEQ_PTR, struct raw_vpn_site, tunnels,
			     &tunnel_entry, 0, 2),
	CYAML_FIELD_SEQUENCE("hosts", SEQ_PTR, struct raw_vpn_site, hosts,
			     &host_entry, 0, BL_TOPO_MAX_HOSTS),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t vpn_site_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_vpn_site,
			    vpn_site_fields),
};

static const cyaml_schema_field_t er_circuit_fields[] = {
	STR("name", REQ, struct raw_er_circuit, name),
	STR("msee", OPT, struct raw_er_circuit, msee),
	STR("ce", OPT, struct raw_er_circuit, ce),
	CYAML_FIELD_UINT_PTR("customer_asn", OPT, struct raw_er_circuit,
			     customer_asn),
	CYAML_FIELD_UINT_PTR("weight", OPT, struct raw_er_circuit, weight),
	CYAML_FIELD_UINT_PTR("prepend", OPT, struct raw_er_circuit, prepend),
	STR("primary", OPT, struct raw_er_circuit, primary),
	STR("secondary", OPT, struct raw_er_circuit, secondary),
	STR("lan", OPT, struct raw_er_circuit, lan),
	STR("lan_gateway", OPT, struct raw_er_circuit, lan_gateway),
	CYAML_FIELD_SEQUENCE("advertise", SEQ_PTR, struct raw_er_circuit,
			     advertise, &string_entry, 0, BL_TOPO_MAX_PREFIXES),
	CYAML_FIELD_SEQUENCE("hosts", SEQ_PTR, struct raw_er_circuit, hosts,
			     &host_entry, 0, BL_TOPO_MAX_HOSTS),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t er_circuit_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_er_circuit,
			    er_circuit_fields),
};

static const cyaml_schema_field_t reach_fields[] = {
	STR("from", REQ, struct raw_reach, from),
	STR("to", REQ, struct raw_reach, to),
	CYAML_FIELD_BOOL_PTR("ok", OPT, struct raw_reach, ok),
	STR("why", OPT, struct raw_reach, why),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t paths_fields[] = {
	STR("from", REQ, struct raw_paths, from),
	STR("to", REQ, struct raw_paths, to),
	CYAML_FIELD_SEQUENCE("any_of", CYAML_FLAG_POINTER, struct raw_paths,
			     any_of, &string_entry, 1, BL_TOPO_MAX_PATHS),
	STR("why", OPT, struct raw_paths, why),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t route_fields[] = {
	STR("node", REQ, struct raw_route, node),
	STR("prefix", REQ, struct raw_route, prefix),
	CYAML_FIELD_BOOL_PTR("present", OPT, struct raw_route, present),
	CYAML_FIELD_SEQUENCE("next_hops", SEQ_PTR, struct raw_route, next_hops,
			     &string_entry, 0, BL_TOPO_MAX_PATHS),
	STR("why", OPT, struct raw_route, why),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t tunnel_expect_fields[] = {
	STR("site", REQ, struct raw_tunnel_expect, site),
	CYAML_FIELD_UINT_PTR("instance", REQ, struct raw_tunnel_expect, instance),
	STR("from", REQ, struct raw_tunnel_expect, from),
	STR("to", REQ, struct raw_tunnel_expect, to),
	CYAML_FIELD_BOOL_PTR("carries", OPT, struct raw_tunnel_expect, carries),
	STR("why", OPT, struct raw_tunnel_expect, why),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t expect_fields[] = {
	CYAML_FIELD_MAPPING_PTR("reach", OPT, struct raw_expect, reach,
				reach_fields),
	CYAML_FIELD_MAPPING_PTR("paths", OPT, struct raw_expect, paths,
				paths_fields),
	CYAML_FIELD_MAPPING_PTR("route", OPT, struct raw_expect, route,
				route_fields),
	CYAML_FIELD_MAPPING_PTR("tunnel", OPT, struct raw_expect, tunnel,
				tunnel_expect_fields),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t expect_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_expect, expect_fields),
};

static const cyaml_schema_field_t scenario_fields[] = {
	STR("name", REQ, struct raw_scenario, name),
	STR("why", OPT, struct raw_scenario, why),
	CYAML_FIELD_SEQUENCE("fail", CYAML_FLAG_POINTER, struct raw_scenario, fail,
			     &string_entry, 1, BL_TOPO_MAX_SCENARIO_FAILS),
	CYAML_FIELD_SEQUENCE("expect", SEQ_PTR, struct raw_scenario, expect,
			     &expect_entry, 0, BL_TOPO_MAX_EXPECT),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t scenario_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct raw_scenario, scenario_fields),
};

static const cyaml_schema_field_t topology_fields[] = {
	STR("name", REQ, struct raw_topology, name),
	STR("transit_pool", OPT, struct raw_topology, transit_pool),
	STR("internet", OPT, struct raw_topology, internet),
	CYAML_FIELD_ENUM_PTR("limits", OPT, struct raw_topology, limits,
			     limits_names, N(limits_names)),
	CYAML_FIELD_ENUM_PTR("control_plane", OPT, struct raw_topology, control_plane,
			     control_plane_names, N(control_plane_names)),
	CYAML_FIELD_MAPPING_PTR("hub", OPT, struct raw_topology, hub, hub_fields),
	CYAML_FIELD_SEQUENCE("spokes", SEQ_PTR, struct raw_topology, spokes,
			     &spoke_entry, 0, BL_TOPO_MAX_SPOKES),
	CYAML_FIELD_MAPPING_PTR("vpn_gateway", OPT, struct raw_topology,
				vpn_gateway, vpn_gateway_fields),
	CYAML_FIELD_MAPPING_PTR("er_gateway", OPT, struct raw_topology,
				er_gateway, er_gateway_fields),
	CYAML_FIELD_MAPPING_PTR("route_server", OPT, struct raw_topology,
				route_server, route_server_fields),
	CYAML_FIELD_SEQUENCE("vpn_sites", SEQ_PTR, struct raw_topology, vpn_sites,
			     &vpn_site_entry, 0, BL_TOPO_RELAXED_SITES),
	CYAML_FIELD_SEQUENCE("er_circuits", SEQ_PTR, struct raw_topology,
			     er_circuits, &er_circuit_entry, 0,
			     BL_TOPO_RELAXED_CIRCUITS),
	CYAML_FIELD_SEQUENCE("expect", SEQ_PTR, struct raw_topology, expect,
			     &expect_entry, 0, BL_TOPO_RELAXED_EXPECT),
	CYAML_FIELD_SEQUENCE("scenarios", SEQ_PTR, struct raw_topology, scenarios,
			     &scenario_entry, 0, BL_TOPO_MAX_SCENARIOS),
	CYAML_FIELD_END
};

const cyaml_schema_value_t bl_topo_schema = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_POINTER, struct raw_topology,
			    topology_fields),
};

struct log_capture {
	char *buf;
	size_t size;
};

/* libcyaml logs its reason, then a backtrace; keep the first line only,
 * the positions walk already located the problem when it could. */
static void capture_log(cyaml_log_t level, void *ctx, const char *fmt,
			va_list args)
{
	struct log_capture *cap = ctx;

	if (level < CYAML_LOG_ERROR || !cap->size || cap->buf[0])
		return;
	vsnprintf(cap->buf, cap->size, fmt, args);
	cap->buf[strcspn(cap->buf, "\n")] = '\0';
}

static cyaml_config_t raw_config(struct log_capture *cap)
{
	return (cyaml_config_t){
		.log_fn = capture_log,
		.log_ctx = cap,
		.mem_fn = cyaml_mem,
		.log_level = CYAML_LOG_ERROR,
		.flags = CYAML_CFG_NO_ALIAS,
	};
}

int bl_topo_raw_load_lenient(const char *buf, size_t len, struct raw_topology **out)
{
	char msg[256];
	struct log_capture cap = { msg, sizeof(msg) };
	cyaml_config_t config = raw_config(&cap);
	struct raw_topology *raw = NULL;
	cyaml_err_t err;

	config.flags |= CYAML_CFG_IGNORE_UNKNOWN_KEYS;
	err = cyaml_load_data((const uint8_t *)buf, len, &config, &bl_topo_schema,
			      (cyaml_data_t **)&raw, NULL);
	if (err != CYAML_OK || !raw)
		return err == CYAML_ERR_OOM ? -ENOMEM : -EINVAL;
	*out = raw;
	return 0;
}

int bl_topo_raw_load(const char *buf, size_t len, struct raw_topology **out,
		     char *msg, size_t msg_size)
{
	struct log_capture cap = { msg, msg_size };
	cyaml_config_t config = raw_config(&cap);
	struct raw_topology *raw = NULL;
	cyaml_err_t err;

	if (msg_size)
		msg[0] = '\0';
	err = cyaml_load_data((const uint8_t *)buf, len, &config,
			      &bl_topo_schema, (cyaml_data_t **)&raw, NULL);
	if (err != CYAML_OK) {
		if (msg_size && !msg[0])
			snprintf(msg, msg_size, "%s", cyaml_strerror(err));
		return err == CYAML_ERR_OOM ? -ENOMEM : -EINVAL;
	}
	if (!raw) {
		/* An empty document loads as NULL. */
		snprintf(msg, msg_size, "the file holds no topology");
		return -EINVAL;
	}
	*out = raw;
	return 0;
}

void bl_topo_raw_free(struct raw_topology *raw)
{
	struct log_capture cap = { NULL, 0 };
	cyaml_config_t config = raw_config(&cap);

	if (raw)
		cyaml_free(&config, &bl_topo_schema, raw, 0);
}
