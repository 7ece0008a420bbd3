/* links.c - the sandbox's link to its bridge over rtnetlink (no `ip`). Host side: ensure the
 * bridge, create the veth pair with its peer born inside PID 1's netns, delete a bridge without
 * ports. Inside: addresses, links up, routes, through a netlink socket opened in that netns.
 * Errors follow util.h; the kernel's extended-ack text is appended (nl_fail). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include "links.h"
#include "netlink.h"
#include "netplan.h"
#include "util.h"

/* ---- one link, address or route ---- */

struct link_info {
	int index;
	int master;
	char kind[16];
};

static int link_reply(const struct nlmsghdr *h, void *arg)
{
	struct link_info *li = arg;
	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return 0;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const char *attrs = (const char *)ifi + NLMSG_ALIGN(sizeof *ifi);
	size_t len = NLMSG_PAYLOAD(h, sizeof *ifi);
	li->index = ifi->ifi_index;
	const struct rtattr *a = nl_attr_find(attrs, len, IFLA_MASTER);
	if (a && RTA_PAYLOAD(a) >= sizeof(uint32_t))
		memcpy(&li->master, RTA_DATA(a), sizeof(uint32_t));
	a = nl_attr_find(attrs, len, IFLA_LINKINFO);
	if (a)
		a = nl_attr_find(RTA_DATA(a), RTA_PAYLOAD(a), IFLA_INFO_KIND);
	if (a) {
		size_t n = strnlen(RTA_DATA(a), RTA_PAYLOAD(a));
		if (n >= sizeof li->kind)
			n = sizeof li->kind - 1;
		memcpy(li->kind, RTA_DATA(a), n);
		li->kind[n] = '\0';
	}
	return 0;
}

/* 1 found, 0 no such link, -1 error. */
static int link_get(struct nl_sock *s, const char *name, struct link_info *li)
{
	struct nl_msg m;
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
	memset(li, 0, sizeof *li);
	nl_msg_init(&m, RTM_GETLINK, 0, &ifi, sizeof ifi);
	nl_put_str(&m, IFLA_IFNAME, name);
	if (nl_transact(s, &m, link_reply, li) < 0)
		return errno == ENODEV ? 0 : -1;
	return li->index > 0;
}

static int link_up(struct nl_sock *s, int index)
{
	struct nl_msg m;
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_index = index,
				.ifi_flags = IFF_UP, .ifi_change = IFF_UP};
	nl_msg_init(&m, RTM_NEWLINK, 0, &ifi, sizeof ifi);
	return nl_transact(s, &m, NULL, NULL);
}

/* 1 deleted, 0 did not exist, -1 error. Deleting one end of a veth deletes the pair. */
int link_del(struct nl_sock *s, const char *name)
{
	struct nl_msg m;
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
	nl_msg_init(&m, RTM_DELLINK, 0, &ifi, sizeof ifi);
	nl_put_str(&m, IFLA_IFNAME, name);
	if (nl_transact(s, &m, NULL, NULL) < 0)
		return errno == ENODEV ? 0 : -1;
	return 1;
}

static int addr_add(struct nl_sock *s, int index, struct in_addr a, int prefix,
		    const struct in_addr *brd)
{
	struct nl_msg m;
	struct ifaddrmsg ifa = {.ifa_family = AF_INET, .ifa_prefixlen = (unsigned char)prefix,
				.ifa_scope = RT_SCOPE_UNIVERSE, .ifa_index = (unsigned)index};
	nl_msg_init(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
	nl_put(&m, IFA_LOCAL, &a, sizeof a);
	nl_put(&m, IFA_ADDRESS, &a, sizeof a);
	if (brd)
		nl_put(&m, IFA_BROADCAST, brd, sizeof *brd);
	return nl_transact(s, &m, NULL, NULL);
}

/* ---- host side ---- */

int link_ensure_bridge(struct nl_sock *s, const struct net_bridge *b)
{
	struct link_info li;
	int r = link_get(s, b->name, &li);
	if (r < 0)
		return nl_fail(s, "bridge %s: look up", b->name);
	if (r == 0) {
		struct nl_msg m;
		struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
		nl_msg_init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
		nl_put_str(&m, IFLA_IFNAME, b->name);
		size_t info = nl_nest_begin(&m, IFLA_LINKINFO);
		nl_put_str(&m, IFLA_INFO_KIND, "bridge");
		nl_nest_end(&m, info);
		/* EEXIST: another monitor without a shared net-lock won the race; use its bridge */
		if (nl_transact(s, &m, NULL, NULL) < 0 && errno != EEXIST)
			return nl_fail(s, "bridge %s: create", b->name);
		r = link_get(s, b->name, &li);
		if (r <= 0)
			return r < 0 ? nl_fail(s, "bridge %s: look up", b->name)
				     : fail("bridge %s: vanished after creation", b->name);
	}
	if (strcmp(li.kind, "bridge"))
		return fail("bridge %s: the interface exists and is not a bridge",
			    b->name);
	char ip[INET_ADDRSTRLEN];
	if (addr_add(s, li.index, b->addr, b->prefix, NULL) < 0 && errno != EEXIST)
		return nl_fail(s, "bridge %s: add address %s/%d", b->name,
			       inet_ntop(AF_INET, &b->addr, ip, sizeof ip), b->prefix);
	if (link_up(s, li.index) < 0)
		return nl_fail(s, "bridge %s: set up", b->name);
	return 0;
}

/* Host end: up, enslaved to the bridge. Peer: named and (optionally) addressed, born in the
 * netns nsfd refers to, so it never exists on the host under the sandbox's chosen name. */
int link_create_veth(struct nl_sock *s, const struct net_veth *v, int nsfd)
{
	struct link_info br;
	int r = link_get(s, v->bridge, &br);
	if (r < 0)
		return nl_fail(s, "veth %s: look up bridge %s", v->host, v->bridge);
	if (r == 0 || strcmp(br.kind, "bridge"))
		return fail("veth %s: %s is not an existing bridge", v->host, v->bridge);
	/* A leftover of this sandbox's previous run whose netns is still being torn down. */
	if (link_del(s, v->host) < 0)
		return nl_fail(s, "veth %s: delete stale link", v->host);

	struct nl_msg m;
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC, .ifi_flags = IFF_UP, .ifi_change = IFF_UP};
	nl_msg_init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
	nl_put_str(&m, IFLA_IFNAME, v->host);
	nl_put_u32(&m, IFLA_MASTER, (uint32_t)br.index);
	size_t info = nl_nest_begin(&m, IFLA_LINKINFO);
	nl_put_str(&m, IFLA_INFO_KIND, "veth");
	size_t data = nl_nest_begin(&m, IFLA_INFO_DATA);
	size_t peer = nl_nest_begin(&m, VETH_INFO_PEER);
	struct ifinfomsg pifi = {.ifi_family = AF_UNSPEC};
	nl_put_raw(&m, &pifi, sizeof pifi);
	nl_put_str(&m, IFLA_IFNAME, v->peer);
	nl_put_u32(&m, IFLA_NET_NS_FD, (uint32_t)nsfd);
	if (v->has_mac)
		nl_put(&m, IFLA_ADDRESS, v->mac, sizeof v->mac);
	nl_nest_end(&m, peer);
	nl_nest_end(&m, data);
	nl_nest_end(&m, info);
	if (nl_transact(s, &m, NULL, NULL) < 0)
		return nl_fail(s, "veth %s: create (peer %s in the sandbox)", v->host,
			       v->peer);
	return 0;
}

/* ---- inside the sandbox ---- */

/* A netlink socket belongs to the netns it was created in: create it there, come back. */
int link_open_in_netns(struct nl_sock *in, int nsfd)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return fail_errno("open /proc/self/ns/net");
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		fail_errno("enter the sandbox's network namespace");
		(void)close(self);
		return -1;
	}
	int r = nl_open(in), e = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		fail_errno("return to the host network namespace");
		nl_close(in);
		(void)close(self);
		return -1;
	}
	(void)close(self);
	errno = e;
	return r < 0 ? fail_errno("netlink socket in the sandbox") : 0;
}

static int inside_index(struct nl_sock *in, const char *op, const char *name)
{
	struct link_info li;
	int r = link_get(in, name, &li);
	if (r < 0)
		return nl_fail(in, "%s %s: look up", op, name);
	if (r == 0)
		return fail("%s %s: no such interface in the sandbox", op, name);
	return li.index;
}

static int route_add(struct nl_sock *in, const struct net_route *r)
{
	struct nl_msg m;
	struct rtmsg rt = {.rtm_family = AF_INET, .rtm_dst_len = (unsigned char)r->prefix,
			   .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
			   .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST};
	nl_msg_init(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rt, sizeof rt);
	if (r->prefix)
		nl_put(&m, RTA_DST, &r->dst, sizeof r->dst);
	nl_put(&m, RTA_GATEWAY, &r->gw, sizeof r->gw);
	return nl_transact(in, &m, NULL, NULL);
}

/* Addresses first, then links up (which adds the prefix routes), then gateway routes. */
int link_configure_inside(struct nl_sock *in, const struct net_plan *np)
{
	char ip[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	for (int i = 0; i < np->naddr; i++) {
		const struct net_addr *a = &np->addr[i];
		int idx = inside_index(in, "address", a->ifname);
		if (idx < 0)
			return -1;
		if (addr_add(in, idx, a->addr, a->prefix, a->has_brd ? &a->brd : NULL) < 0)
			return nl_fail(in, "address %s %s/%d", a->ifname,
				       inet_ntop(AF_INET, &a->addr, ip, sizeof ip), a->prefix);
	}
	for (int i = 0; i < np->nup; i++) {
		int idx = inside_index(in, "link-up", np->up[i]);
		if (idx < 0)
			return -1;
		if (link_up(in, idx) < 0)
			return nl_fail(in, "link-up %s", np->up[i]);
	}
	for (int i = 0; i < np->nroute; i++) {
		const struct net_route *r = &np->route[i];
		if (route_add(in, r) < 0)
			return nl_fail(in, "route %s/%d via %s",
				       inet_ntop(AF_INET, &r->dst, ip, sizeof ip), r->prefix,
				       inet_ntop(AF_INET, &r->gw, gw, sizeof gw));
	}
	return 0;
}

/* ---- bridge release ---- */

struct port_count {
	int bridge;
	int ports;
};

static int count_port(const struct nlmsghdr *h, void *arg)
{
	struct port_count *pc = arg;
	struct link_info li;
	memset(&li, 0, sizeof li);
	(void)link_reply(h, &li);   /* never fails: unparseable messages leave li zero */
	if (li.master == pc->bridge)
		pc->ports++;
	return 0;
}

int link_release_bridge(struct nl_sock *s, const char *name)
{
	struct link_info li;
	int r = link_get(s, name, &li);
	if (r < 0)
		return nl_fail(s, "bridge %s: look up", name);
	if (r == 0)
		return 1;
	if (strcmp(li.kind, "bridge"))
		return 0;
	struct nl_msg m;
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
	struct port_count pc = {.bridge = li.index};
	nl_msg_init(&m, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi);
	if (nl_transact(s, &m, count_port, &pc) < 0)
		return nl_fail(s, "bridge %s: list ports", name);
	if (pc.ports > 0)
		return 0;
	struct ifinfomsg del = {.ifi_family = AF_UNSPEC, .ifi_index = li.index};
	nl_msg_init(&m, RTM_DELLINK, 0, &del, sizeof del);
	if (nl_transact(s, &m, NULL, NULL) < 0 && errno != ENODEV)
		return nl_fail(s, "bridge %s: delete", name);
	return 1;
}

int net_bridge_release(const char *name)
{
	struct nl_sock s;
	if (nl_open(&s) < 0)
		return fail_errno("netlink socket");
	int r = link_release_bridge(&s, name);
	nl_close(&s);
	return r < 0 ? -1 : 0;
}
