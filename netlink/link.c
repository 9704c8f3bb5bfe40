// SPDX-License-Identifier: GPL-2.0-or-later
#include "netlink/link.h"
#include "netlink/nl_msg.h"
#include "netlink/nl_socket.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

static bool valid_ifname(const char *name)
{
	return name && name[0] && strlen(name) < IFNAMSIZ;
}

/* RTM_NEWLINK creating `name` of `kind`; the caller fills IFLA_INFO_DATA
 * between the returned nests (data may be NULL for kinds without one). */
static struct bl_nl_msg new_link(void *buf, size_t size, const char *name,
				 const char *kind, struct nlattr **linkinfo)
{
	struct ifinfomsg *ifi;
	struct bl_nl_msg m = bl_nl_msg_start(buf, size, RTM_NEWLINK,
					     NLM_F_CREATE | NLM_F_EXCL,
					     sizeof(*ifi), (void **)&ifi);

	if (ifi)
		ifi->ifi_family = AF_UNSPEC;
	bl_nl_put_str(&m, IFLA_IFNAME, name);
	*linkinfo = bl_nl_nest(&m, IFLA_LINKINFO);
	bl_nl_put_str(&m, IFLA_INFO_KIND, kind);
	return m;
}

int bl_nl_build_veth_add(void *buf, size_t size, const char *name, int netns_fd,
			 const char *peer, int peer_netns_fd)
{
	struct nlattr *linkinfo, *data, *peer_nest;
	struct bl_nl_msg m;
	struct ifinfomsg *peer_ifi;

	if (!valid_ifname(name) || !valid_ifname(peer))
		return -EINVAL;
	m = new_link(buf, size, name, "veth", &linkinfo);
	data = bl_nl_nest(&m, IFLA_INFO_DATA);
	peer_nest = bl_nl_nest(&m, VETH_INFO_PEER);
	/* The peer is described by a whole ifinfomsg of its own. */
	peer_ifi = bl_nl_reserve(&m, sizeof(*peer_ifi));
	if (peer_ifi)
		peer_ifi->ifi_family = AF_UNSPEC;
	bl_nl_put_str(&m, IFLA_IFNAME, peer);
	if (peer_netns_fd >= 0)
		bl_nl_put_u32(&m, IFLA_NET_NS_FD, (uint32_t)peer_netns_fd);
	bl_nl_nest_end(&m, peer_nest);
	bl_nl_nest_end(&m, data);
	bl_nl_nest_end(&m, linkinfo);
	if (netns_fd >= 0)
		bl_nl_put_u32(&m, IFLA_NET_NS_FD, (uint32_t)netns_fd);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_bridge_add(void *buf, size_t size, const char *name)
{
	struct nlattr *linkinfo;
	struct bl_nl_msg m;

	if (!valid_ifname(name))
		return -EINVAL;
	m = new_link(buf, size, name, "bridge", &linkinfo);
	bl_nl_nest_end(&m, linkinfo);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_vti_add(void *buf, size_t size, const struct bl_nl_vti *vti)
{
	struct nlattr *linkinfo, *data;
	struct bl_nl_msg m;

	if (!valid_ifname(vti->name))
		return -EINVAL;
	m = new_link(buf, size, vti->name, "vti", &linkinfo);
	data = bl_nl_nest(&m, IFLA_INFO_DATA);
	/* Keys and addresses go in network byte order: the kernel reads
	 * them as __be32 and turns the keys into the policy marks. */
	bl_nl_put_u32(&m, IFLA_VTI_IKEY, htonl(vti->ikey));
	bl_nl_put_u32(&m, IFLA_VTI_OKEY, htonl(vti->okey));
	bl_nl_put_u32(&m, IFLA_VTI_LOCAL, htonl(vti->local));
	bl_nl_put_u32(&m, IFLA_VTI_REMOTE, htonl(vti->remote));
	if (vti->link_ifindex > 0)
		bl_nl_put_u32(&m, IFLA_VTI_LINK, (uint32_t)vti->link_ifindex);
	bl_nl_nest_end(&m, data);
	bl_nl_nest_end(&m, linkinfo);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_xfrmi_add(void *buf, size_t size, const char *name,
			  uint32_t if_id, int link_ifindex)
{
	struct nlattr *linkinfo, *data;
	struct bl_nl_msg m;

	/* The kernel refuses if_id 0: it would match unbound SAs. */
	if (!valid_ifname(name) || if_id == 0)
		return -EINVAL;
	m = new_link(buf, size, name, "xfrm", &linkinfo);
	data = bl_nl_nest(&m, IFLA_INFO_DATA);
	bl_nl_put_u32(&m, IFLA_XFRM_IF_ID, if_id);
	if (link_ifindex > 0)
		bl_nl_put_u32(&m, IFLA_XFRM_LINK, (uint32_t)link_ifindex);
	bl_nl_nest_end(&m, data);
	bl_nl_nest_end(&m, linkinfo);
	return bl_nl_msg_end(&m);
}

/* RTM_SETLINK on the link called name (the kernel finds it by name when
 * ifi_index is 0). */
static struct bl_nl_msg set_link(void *buf, size_t size, const char *name,
				 struct ifinfomsg **ifi)
{
	struct bl_nl_msg m = bl_nl_msg_start(buf, size, RTM_SETLINK, 0,
					     sizeof(**ifi), (void **)ifi);

	if (*ifi)
		(*ifi)->ifi_family = AF_UNSPEC;
	bl_nl_put_str(&m, IFLA_IFNAME, name);
	return m;
}

int bl_nl_build_link_state(void *buf, size_t size, const char *name, bool up)
{
	struct ifinfomsg *ifi;
	struct bl_nl_msg m;

	if (!valid_ifname(name))
		return -EINVAL;
	m = set_link(buf, size, name, &ifi);
	if (ifi) {
		ifi->ifi_flags = up ? IFF_UP : 0;
		ifi->ifi_change = IFF_UP;
	}
	return bl_nl_msg_end(&m);
}

int bl_nl_build_link_up(void *buf, size_t size, const char *name)
{
	return bl_nl_build_link_state(buf, size, name, true);
}

/* IFLA_AF_SPEC > AF_INET > IFLA_INET_CONF > IPV4_DEVCONF_RP_FILTER: the
 * per-interface sysctl as a netlink request, so it batches with the rest
 * instead of entering the namespace to write /proc once per interface. */
int bl_nl_build_link_rp_filter(void *buf, size_t size, const char *name, uint32_t mode)
{
	struct nlattr *spec, *inet, *conf;
	struct ifinfomsg *ifi;
	struct bl_nl_msg m;

	if (!valid_ifname(name) || mode > 2)
		return -EINVAL;
	m = set_link(buf, size, name, &ifi);
	spec = bl_nl_nest(&m, IFLA_AF_SPEC);
	inet = bl_nl_nest(&m, AF_INET);
	conf = bl_nl_nest(&m, IFLA_INET_CONF);
	bl_nl_put_u32(&m, IPV4_DEVCONF_RP_FILTER, mode);
	bl_nl_nest_end(&m, conf);
	bl_nl_nest_end(&m, inet);
	bl_nl_nest_end(&m, spec);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_link_set_master(void *buf, size_t size, const char *name,
				int master_ifindex)
{
	struct ifinfomsg *ifi;
	struct bl_nl_msg m;

	if (!valid_ifname(name) || master_ifindex < 0)
		return -EINVAL;
	m = set_link(buf, size, name, &ifi);
	bl_nl_put_u32(&m, IFLA_MASTER, (uint32_t)master_ifindex);
	return bl_nl_msg_end(&m);
}

int bl_nl_build_link_del(void *buf, size_t size, const char *name)
{
	struct ifinfomsg *ifi;
	struct bl_nl_msg m;

	if (!valid_ifname(name))
		return -EINVAL;
	m = bl_nl_msg_start(buf, size, RTM_DELLINK, 0, sizeof(*ifi), (void **)&ifi);
	if (ifi)
		ifi->ifi_family = AF_UNSPEC;
	bl_nl_put_str(&m, IFLA_IFNAME, name);
	return bl_nl_msg_end(&m);
}

static int take_index(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == RTM_NEWLINK)
		*(int *)data = ifi->ifi_index;
	return 0;
}

int bl_nl_link_index(struct bl_nl_sock *s, const char *name, int *ifindex_out)
{
	char buf[256];
	struct ifinfomsg *ifi;
	struct bl_nl_msg m;
	int index = 0, r;

	if (!valid_ifname(name))
		return -EINVAL;
	m = bl_nl_msg_start(buf, sizeof(buf), RTM_GETLINK, 0, sizeof(*ifi), (void **)&ifi);
	if (ifi)
		ifi->ifi_family = AF_UNSPEC;
	bl_nl_put_str(&m, IFLA_IFNAME, name);
	r = bl_nl_msg_end(&m);
	if (r < 0)
		return r;
	r = bl_nl_query(s, m.nlh, take_index, &index, NULL);
	if (r < 0)
		return r;
	if (index <= 0)
		return -ENODEV;
	*ifindex_out = index;
	return 0;
}
