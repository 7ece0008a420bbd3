/* net.c - network ops: parse them from the plan, then build the sandbox's link to its bridge
 * with rtnetlink (no `ip`). Host side: ensure the bridge, create the veth pair with its peer
 * born inside PID 1's netns. Inside: addresses, links up, routes, through a netlink socket
 * opened in that netns. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include "net.h"
#include "netlink.h"

/* ---- errors ---- */

static int msg(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends ": strerror(errno)" and the kernel's own words when it gave some. */
static int sysmsg(char *err, size_t errlen, const struct nl_sock *s, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int sysmsg(char *err, size_t errlen, const struct nl_sock *s, const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < errlen) {
		if (s && s->ext_msg[0])
			(void)snprintf(err + n, errlen - (size_t)n, ": %s (%s)", strerror(e), s->ext_msg);
		else
			(void)snprintf(err + n, errlen - (size_t)n, ": %s", strerror(e));
	}
	errno = e;
	return -1;
}

/* ---- parsing ---- */

void net_plan_init(struct net_plan *np)
{
	memset(np, 0, sizeof *np);
}

void net_plan_free(struct net_plan *np)
{
	free(np->pool);
	np->pool = NULL;
	np->pool_len = 0;
}

int net_plan_empty(const struct net_plan *np)
{
	return np->nbr + np->nveth + np->naddr + np->nroute + np->nup + np->nnft + np->ndhcp +
	       np->nlocalnet + np->ip_forward + np->nhold == 0;
}

/* Copies s into the plan's pool; the offset, or (size_t)-1 when the pool is full. */
static size_t pool_add(struct net_plan *np, const char *s)
{
	size_t n = strlen(s) + 1;
	if (!np->pool && !(np->pool = malloc(NET_POOL)))
		return (size_t)-1;
	if (n > NET_POOL - np->pool_len)
		return (size_t)-1;
	memcpy(np->pool + np->pool_len, s, n);
	np->pool_len += n;
	return np->pool_len - n;
}

/* The kernel's dev_valid_name, restricted to printable ASCII. */
static int parse_ifname(const char *s, char out[IFNAMSIZ])
{
	size_t n = strlen(s);
	if (n == 0 || n >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f || s[i] == '/' || s[i] == ':')
			return -1;
	memcpy(out, s, n + 1);
	return 0;
}

static int parse_ip4(const char *s, struct in_addr *a)
{
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;   /* dotted quad only */
}

static int parse_prefix(const char *s, int *prefix)
{
	size_t n = strlen(s);
	if (n == 0 || n > 2 || (n == 2 && s[0] == '0'))
		return -1;
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 32)
		return -1;
	*prefix = v;
	return 0;
}

/* "A.B.C.D/N"; "default" (= 0.0.0.0/0) only when allowed. */
static int parse_cidr(const char *s, struct in_addr *a, int *prefix, int allow_default)
{
	if (allow_default && !strcmp(s, "default")) {
		a->s_addr = 0;
		*prefix = 0;
		return 0;
	}
	const char *slash = strchr(s, '/');
	char ip[INET_ADDRSTRLEN];
	if (!slash || (size_t)(slash - s) >= sizeof ip)
		return -1;
	memcpy(ip, s, (size_t)(slash - s));
	ip[slash - s] = '\0';
	return parse_ip4(ip, a) < 0 || parse_prefix(slash + 1, prefix) < 0 ? -1 : 0;
}

static uint32_t netmask(int prefix)
{
	return prefix == 0 ? 0 : htonl(0xffffffffu << (32 - prefix));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "xx:xx:xx:xx:xx:xx", unicast and not all-zero (what the kernel would accept). */
static int parse_mac(const char *s, unsigned char mac[6])
{
	if (strlen(s) != 17)
		return -1;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);
		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -1;
		mac[i] = (unsigned char)(hi << 4 | lo);
	}
	if (mac[0] & 1)
		return -1;
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) ? 0 : -1;
}

static int bad(char *err, size_t errlen, const char *op, const char *what, const char *field)
{
	return msg(err, errlen, "%s: bad %s '%.64s'", op, what, field);
}

static int add_bridge(struct net_plan *np, char **f, char *err, size_t errlen)
{
	if (np->nbr == NET_MAX_BRIDGES)
		return msg(err, errlen, "bridge: more than %d bridges", NET_MAX_BRIDGES);
	struct net_bridge *b = &np->br[np->nbr];
	if (parse_ifname(f[0], b->name) < 0)
		return bad(err, errlen, "bridge", "interface name", f[0]);
	if (parse_cidr(f[1], &b->addr, &b->prefix, 0) < 0 || b->prefix == 0)
		return bad(err, errlen, "bridge", "address (want A.B.C.D/1-32)", f[1]);
	np->nbr++;
	return 1;
}

static int add_veth(struct net_plan *np, char **f, int n, char *err, size_t errlen)
{
	if (np->nveth == NET_MAX_VETHS)
		return msg(err, errlen, "veth: more than %d veths", NET_MAX_VETHS);
	struct net_veth *v = &np->veth[np->nveth];
	if (parse_ifname(f[0], v->host) < 0)
		return bad(err, errlen, "veth", "host interface name", f[0]);
	if (parse_ifname(f[1], v->bridge) < 0)
		return bad(err, errlen, "veth", "bridge name", f[1]);
	if (parse_ifname(f[2], v->peer) < 0)
		return bad(err, errlen, "veth", "peer name", f[2]);
	if (n == 4) {
		if (parse_mac(f[3], v->mac) < 0)
			return bad(err, errlen, "veth", "MAC (want unicast xx:xx:xx:xx:xx:xx)", f[3]);
		v->has_mac = 1;
	}
	np->nveth++;
	return 1;
}

static int add_address(struct net_plan *np, char **f, int n, char *err, size_t errlen)
{
	if (np->naddr == NET_MAX_ADDRS)
		return msg(err, errlen, "address: more than %d addresses", NET_MAX_ADDRS);
	struct net_addr *a = &np->addr[np->naddr];
	if (parse_ifname(f[0], a->ifname) < 0)
		return bad(err, errlen, "address", "interface name", f[0]);
	if (parse_cidr(f[1], &a->addr, &a->prefix, 0) < 0 || a->prefix == 0)
		return bad(err, errlen, "address", "address (want A.B.C.D/1-32)", f[1]);
	if (n == 3) {
		if (parse_ip4(f[2], &a->brd) < 0)
			return bad(err, errlen, "address", "broadcast", f[2]);
		a->has_brd = 1;
	}
	np->naddr++;
	return 1;
}

static int add_route(struct net_plan *np, char **f, char *err, size_t errlen)
{
	if (np->nroute == NET_MAX_ROUTES)
		return msg(err, errlen, "route: more than %d routes", NET_MAX_ROUTES);
	struct net_route *r = &np->route[np->nroute];
	if (parse_cidr(f[0], &r->dst, &r->prefix, 1) < 0)
		return bad(err, errlen, "route", "destination (want A.B.C.D/N or default)", f[0]);
	if (r->dst.s_addr & ~netmask(r->prefix))
		return bad(err, errlen, "route", "destination (host bits set)", f[0]);
	if (parse_ip4(f[1], &r->gw) < 0)
		return bad(err, errlen, "route", "gateway", f[1]);
	np->nroute++;
	return 1;
}

static int add_up(struct net_plan *np, char **f, char *err, size_t errlen)
{
	if (np->nup == NET_MAX_UPS)
		return msg(err, errlen, "link-up: more than %d links", NET_MAX_UPS);
	if (parse_ifname(f[0], np->up[np->nup]) < 0)
		return bad(err, errlen, "link-up", "interface name", f[0]);
	np->nup++;
	return 1;
}

static int add_path(const char *op, char *out, size_t size, const char *f, char *err, size_t errlen)
{
	size_t n = strlen(f);
	if (f[0] != '/' || n >= size || strstr(f, "/../") || strstr(f, "/./"))
		return bad(err, errlen, op, "path (want an absolute path)", f);
	memcpy(out, f, n + 1);
	return 1;
}

static int add_lock(struct net_plan *np, char **f, char *err, size_t errlen)
{
	return add_path("net-lock", np->lock_path, sizeof np->lock_path, f[0], err, errlen);
}

/* An nft table name: [A-Za-z_][A-Za-z0-9_]*, so that it needs no quoting in a script. */
static int parse_table(const char *s, char out[NET_TABLE_MAX])
{
	size_t n = strlen(s);
	if (n == 0 || n >= NET_TABLE_MAX || (s[0] >= '0' && s[0] <= '9'))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return -1;
	memcpy(out, s, n + 1);
	return 0;
}

static int add_nft(struct net_plan *np, char **f, char *err, size_t errlen)
{
	if (np->nnft == NET_MAX_TABLES)
		return msg(err, errlen, "nft-table: more than %d tables", NET_MAX_TABLES);
	struct net_nft *t = &np->nft[np->nnft];
	if (strcmp(f[0], "-") == 0)
		t->scope[0] = '\0';
	else if (parse_ifname(f[0], t->scope) < 0)
		return bad(err, errlen, "nft-table", "scope (want - or a bridge name)", f[0]);
	if (parse_table(f[1], t->table) < 0)
		return bad(err, errlen, "nft-table", "table name (want [A-Za-z_][A-Za-z0-9_]*)", f[1]);
	for (int i = 0; i < np->nnft; i++)
		if (!strcmp(np->nft[i].table, t->table))
			return bad(err, errlen, "nft-table", "table name (given twice)", f[1]);
	const char *family = f[2];
	if (strcmp(family, "ip") && strcmp(family, "netdev") && strcmp(family, "bridge") && strcmp(family, "inet"))
		return bad(err, errlen, "nft-table", "family (want ip, netdev, bridge or inet)", family);
	if ((t->rules = pool_add(np, "")) == (size_t)-1)
		return msg(err, errlen, "nft-table %s: the rules do not fit (%d bytes for all)",
			   t->table, NET_POOL);
	snprintf(t->family, sizeof t->family, "%s", family);
	np->nnft++;
	return 1;
}

/* nft-line TABLE WORD...: one line of the body of the table of the last nft-table op (its
 * body is the pool's last string, so the line extends it): the words joined by spaces. */
static int add_nft_line(struct net_plan *np, char **f, int n, char *err, size_t errlen)
{
	struct net_nft *t = np->nnft ? &np->nft[np->nnft - 1] : NULL;
	if (!t || strcmp(t->table, f[0]) ||
	    t->rules + strlen(np->pool + t->rules) + 1 != np->pool_len)
		return bad(err, errlen, "nft-line", "table (want that of the nft-table right before)", f[0]);
	size_t len = 0;
	for (int i = 1; i < n; i++)
		len += strlen(f[i]) + 1;
	if (len > NET_POOL - np->pool_len)
		return msg(err, errlen, "nft-line %s: the rules do not fit (%d bytes for all)", t->table,
			   NET_POOL);
	char *p = np->pool + np->pool_len - 1;   /* over the body's NUL */
	for (int i = 1; i < n; i++) {
		size_t w = strlen(f[i]);
		memcpy(p, f[i], w);
		p[w] = i + 1 < n ? ' ' : '\n';
		p += w + 1;
	}
	*p = '\0';
	np->pool_len += len;
	return 1;
}

static int add_dhcp(struct net_plan *np, char **f, int n, char *err, size_t errlen)
{
	if (np->ndhcp == NET_MAX_BRIDGES)
		return msg(err, errlen, "dhcp-server: more than %d servers", NET_MAX_BRIDGES);
	struct net_dhcp *d = &np->dhcp[np->ndhcp];
	if (parse_ifname(f[0], d->bridge) < 0)
		return bad(err, errlen, "dhcp-server", "bridge name", f[0]);
	if (f[1][0] != '/')
		return bad(err, errlen, "dhcp-server", "program (want an absolute path)", f[1]);
	if (n - 1 > NET_MAX_DHCP_ARGS)
		return msg(err, errlen, "dhcp-server %s: more than %d arguments", d->bridge,
			   NET_MAX_DHCP_ARGS);
	for (int i = 1; i < n; i++)
		if ((d->argv[i - 1] = pool_add(np, f[i])) == (size_t)-1)
			return msg(err, errlen, "dhcp-server %s: the arguments do not fit", d->bridge);
	d->argc = n - 1;
	np->ndhcp++;
	return 1;
}

static int add_localnet(struct net_plan *np, char **f, char *err, size_t errlen)
{
	if (np->nlocalnet == NET_MAX_BRIDGES)
		return msg(err, errlen, "route-localnet: more than %d bridges", NET_MAX_BRIDGES);
	if (parse_ifname(f[0], np->localnet[np->nlocalnet]) < 0)
		return bad(err, errlen, "route-localnet", "bridge name", f[0]);
	np->nlocalnet++;
	return 1;
}

/* The network ops and their field counts; net_plan_add's switch follows this order. */
static const struct { const char *name; int min, max; } ops[] = {
	{"bridge", 2, 2}, {"veth", 3, 4}, {"address", 2, 3},
	{"route", 2, 2}, {"link-up", 1, 1}, {"net-lock", 1, 1},
	{"net-run-dir", 1, 1}, {"nft-binary", 1, 1}, {"nft-table", 3, 3},
	{"dhcp-server", 2, NET_MAX_DHCP_ARGS + 1}, {"route-localnet", 1, 1}, {"publish-hold", 3, 3},
	{"ip-forward", 0, 0}, {"nft-line", 2, NET_MAX_NFT_WORDS + 1},
};

const char *net_op_name(size_t i)
{
	return i < sizeof ops / sizeof ops[0] ? ops[i].name : NULL;
}

int net_plan_add(struct net_plan *np, const char *op, char **f, int n, char *err, size_t errlen)
{
	size_t i = 0;
	while (i < sizeof ops / sizeof ops[0] && strcmp(op, ops[i].name))
		i++;
	if (i == sizeof ops / sizeof ops[0])
		return 0;
	if (n < ops[i].min || n > ops[i].max)
		return msg(err, errlen, "%s: expected %d to %d fields, got %d", op, ops[i].min,
			   ops[i].max, n);
	switch (i) {
	case 0: return add_bridge(np, f, err, errlen);
	case 1: return add_veth(np, f, n, err, errlen);
	case 2: return add_address(np, f, n, err, errlen);
	case 3: return add_route(np, f, err, errlen);
	case 4: return add_up(np, f, err, errlen);
	case 5: return add_lock(np, f, err, errlen);
	case 6: return add_path("net-run-dir", np->run_dir, sizeof np->run_dir, f[0], err, errlen);
	case 7: return add_path("nft-binary", np->nft_bin, sizeof np->nft_bin, f[0], err, errlen);
	case 8: return add_nft(np, f, err, errlen);
	case 9: return add_dhcp(np, f, n, err, errlen);
	case 10: return add_localnet(np, f, err, errlen);
	case 11: return add_hold(np, f, err, errlen);
	case 12: np->ip_forward = 1; return 1;
	default: return add_nft_line(np, f, n, err, errlen);
	}
}

/* ---- links ---- */

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
static int link_del(struct nl_sock *s, const char *name)
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

static int ensure_bridge(struct nl_sock *s, const struct net_bridge *b, char *err, size_t errlen)
{
	struct link_info li;
	int r = link_get(s, b->name, &li);
	if (r < 0)
		return sysmsg(err, errlen, s, "bridge %s: look up", b->name);
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
			return sysmsg(err, errlen, s, "bridge %s: create", b->name);
		r = link_get(s, b->name, &li);
		if (r <= 0)
			return r < 0 ? sysmsg(err, errlen, s, "bridge %s: look up", b->name)
				     : msg(err, errlen, "bridge %s: vanished after creation", b->name);
	}
	if (strcmp(li.kind, "bridge"))
		return msg(err, errlen, "bridge %s: the interface exists and is not a bridge",
			   b->name);
	char ip[INET_ADDRSTRLEN];
	if (addr_add(s, li.index, b->addr, b->prefix, NULL) < 0 && errno != EEXIST)
		return sysmsg(err, errlen, s, "bridge %s: add address %s/%d", b->name,
			      inet_ntop(AF_INET, &b->addr, ip, sizeof ip), b->prefix);
	if (link_up(s, li.index) < 0)
		return sysmsg(err, errlen, s, "bridge %s: set up", b->name);
	return 0;
}

/* Host end: up, enslaved to the bridge. Peer: named and (optionally) addressed, born in the
 * netns nsfd refers to, so it never exists on the host under the sandbox's chosen name. */
static int create_veth(struct nl_sock *s, const struct net_veth *v, int nsfd, char *err,
		       size_t errlen)
{
	struct link_info br;
	int r = link_get(s, v->bridge, &br);
	if (r < 0)
		return sysmsg(err, errlen, s, "veth %s: look up bridge %s", v->host, v->bridge);
	if (r == 0 || strcmp(br.kind, "bridge"))
		return msg(err, errlen, "veth %s: %s is not an existing bridge", v->host, v->bridge);
	/* A leftover of this sandbox's previous run whose netns is still being torn down. */
	if (link_del(s, v->host) < 0)
		return sysmsg(err, errlen, s, "veth %s: delete stale link", v->host);

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
		return sysmsg(err, errlen, s, "veth %s: create (peer %s in the sandbox)", v->host,
			      v->peer);
	return 0;
}

/* Serialises bridge creation/attachment with bridge release across monitors. */
static int take_lock(const struct net_plan *np, int *fd, char *err, size_t errlen)
{
	*fd = -1;
	if (!np->lock_path[0])
		return 0;
	*fd = open(np->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*fd < 0)
		return sysmsg(err, errlen, NULL, "net-lock %s: open", np->lock_path);
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			sysmsg(err, errlen, NULL, "net-lock %s: lock", np->lock_path);
			(void)close(*fd);
			*fd = -1;
			return -1;
		}
	}
	return 0;
}

/* ---- inside the sandbox ---- */

/* A netlink socket belongs to the netns it was created in: create it there, come back. */
static int open_in_netns(struct nl_sock *in, int nsfd, char *err, size_t errlen)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return sysmsg(err, errlen, NULL, "open /proc/self/ns/net");
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		sysmsg(err, errlen, NULL, "enter the sandbox's network namespace");
		(void)close(self);
		return -1;
	}
	int r = nl_open(in), e = errno;
	if (setns(self, CLONE_NEWNET) < 0) {
		sysmsg(err, errlen, NULL, "return to the host network namespace");
		nl_close(in);
		(void)close(self);
		return -1;
	}
	(void)close(self);
	errno = e;
	return r < 0 ? sysmsg(err, errlen, NULL, "netlink socket in the sandbox") : 0;
}

static int inside_index(struct nl_sock *in, const char *op, const char *name, char *err,
			size_t errlen)
{
	struct link_info li;
	int r = link_get(in, name, &li);
	if (r < 0)
		return sysmsg(err, errlen, in, "%s %s: look up", op, name);
	if (r == 0)
		return msg(err, errlen, "%s %s: no such interface in the sandbox", op, name);
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
static int configure_inside(struct nl_sock *in, const struct net_plan *np, char *err,
			    size_t errlen)
{
	char ip[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	for (int i = 0; i < np->naddr; i++) {
		const struct net_addr *a = &np->addr[i];
		int idx = inside_index(in, "address", a->ifname, err, errlen);
		if (idx < 0)
			return -1;
		if (addr_add(in, idx, a->addr, a->prefix, a->has_brd ? &a->brd : NULL) < 0)
			return sysmsg(err, errlen, in, "address %s %s/%d", a->ifname,
				      inet_ntop(AF_INET, &a->addr, ip, sizeof ip), a->prefix);
	}
	for (int i = 0; i < np->nup; i++) {
		int idx = inside_index(in, "link-up", np->up[i], err, errlen);
		if (idx < 0)
			return -1;
		if (link_up(in, idx) < 0)
			return sysmsg(err, errlen, in, "link-up %s", np->up[i]);
	}
	for (int i = 0; i < np->nroute; i++) {
		const struct net_route *r = &np->route[i];
		if (route_add(in, r) < 0)
			return sysmsg(err, errlen, in, "route %s/%d via %s",
				      inet_ntop(AF_INET, &r->dst, ip, sizeof ip), r->prefix,
				      inet_ntop(AF_INET, &r->gw, gw, sizeof gw));
	}
	return 0;
}

/* ---- programs: nft and the DHCP server ---- */

/* Runs argv[0] (absolute) with a clean environment, default signal handling, input on stdin
 * and stderr captured into out (for messages). A daemon it spawns must not keep stderr open
 * (dnsmasq re-points its standard fds at /dev/null): only what is there when the direct child
 * exits is read. Returns the exit status (0-255), or -1 with errno. */
static int run_prog(char *const argv[], const char *input, char *out, size_t outlen)
{
	int in[2] = {-1, -1}, er[2] = {-1, -1};
	out[0] = '\0';
	if (pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(er, O_CLOEXEC) < 0) {
		int e = errno;
		(void)close(in[0]);
		(void)close(in[1]);
		errno = e;
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		static char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL};
		sigset_t none;
		sigemptyset(&none);
		for (int sig = 1; sig < NSIG; sig++)
			(void)signal(sig, SIG_DFL);
		(void)sigprocmask(SIG_SETMASK, &none, NULL);
		int nul = open("/dev/null", O_WRONLY);
		if (dup2(in[0], 0) < 0 || dup2(nul >= 0 ? nul : er[1], 1) < 0 || dup2(er[1], 2) < 0)
			_exit(127);
		(void)syscall(SYS_close_range, 3U, ~0U, 0U);
		execve(argv[0], argv, envp);
		dprintf(2, "cannot run %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	int e = errno;
	(void)close(in[0]);
	(void)close(er[1]);
	if (pid < 0) {
		(void)close(in[1]);
		(void)close(er[0]);
		errno = e;
		return -1;
	}
	size_t left = input ? strlen(input) : 0;
	const char *p = input;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	while (left > 0) {
		ssize_t w = write(in[1], p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;   /* the program stopped reading: its status says why */
		p += w;
		left -= (size_t)w;
	}
	(void)close(in[1]);
	(void)signal(SIGPIPE, old);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			e = errno;
			(void)close(er[0]);
			errno = e;
			return -1;
		}
	(void)fcntl(er[0], F_SETFL, O_NONBLOCK);
	ssize_t n = read(er[0], out, outlen - 1);
	(void)close(er[0]);
	if (n > 0) {
		out[n] = '\0';
		while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
			out[--n] = '\0';
		for (char *c = out; *c; c++)
			if (*c == '\n')
				*c = ' ';
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Appends to a fixed buffer; a script that does not fit is refused by the caller. */
struct text {
	char *buf;
	size_t cap, len;
	int overflow;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		t->overflow = 1;
	else
		t->len += (size_t)n;
}

/* Runs an nft script (one transaction: all of it or nothing). */
static int nft_run(const struct net_plan *np, const char *script, const char *what, char *err,
		   size_t errlen)
{
	char out[400];
	char *argv[] = {(char *)np->nft_bin, "-f", "-", NULL};
	if (!np->nft_bin[0])
		return msg(err, errlen, "%s: the plan names no nft-binary", what);
	int r = run_prog(argv, script, out, sizeof out);
	if (r < 0)
		return sysmsg(err, errlen, NULL, "%s: run %s", what, np->nft_bin);
	if (r != 0)
		return msg(err, errlen, "%s: %s exited with %d: %s", what, np->nft_bin, r,
			   out[0] ? out : "(no message)");
	return 0;
}

/* "add" then "delete": removes the table whether or not it exists. */
static void nft_drop(struct text *t, const struct net_nft *n)
{
	text_add(t, "add table %s %s\ndelete table %s %s\n", n->family, n->table, n->family, n->table);
}

static int has_bridge(const struct net_plan *np, const char *name)
{
	for (int i = 0; i < np->nbr; i++)
		if (!strcmp(np->br[i].name, name))
			return 1;
	return 0;
}

/* Loads every table of the plan, each replacing its previous version, in one transaction. */
static int nft_load(const struct net_plan *np, char *err, size_t errlen)
{
	if (np->nnft == 0)
		return 0;
	static char buf[NET_POOL + 8192];
	struct text t = {buf, sizeof buf, 0, 0};
	for (int i = 0; i < np->nnft; i++) {
		const struct net_nft *n = &np->nft[i];
		if (n->scope[0] && !has_bridge(np, n->scope))
			return msg(err, errlen, "nft-table %s: scope %s is not a bridge of the plan",
				   n->table, n->scope);
		nft_drop(&t, n);
		text_add(&t, "table %s %s {\n%s}\n", n->family, n->table, np->pool + n->rules);
	}
	if (t.overflow)
		return msg(err, errlen, "nft-table: the script is too long");
	return nft_run(np, buf, "nft-table", err, errlen);
}

/* Writes "1" to a sysctl under /proc/sys/net/ipv4 (names were checked: no '/'). */
static int sysctl_on(const char *rel, char *err, size_t errlen)
{
	char path[128];
	(void)snprintf(path, sizeof path, "/proc/sys/net/ipv4/%s", rel);
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return sysmsg(err, errlen, NULL, "open %s", path);
	ssize_t w = write(fd, "1\n", 2);
	int e = errno;
	(void)close(fd);
	errno = e;
	return w == 2 ? 0 : sysmsg(err, errlen, NULL, "write 1 to %s", path);
}

static void dhcp_file(const struct net_plan *np, const char *bridge, const char *suffix,
		      char out[PATH_MAX])
{
	(void)snprintf(out, PATH_MAX, "%s/%s.dhcp.%s", np->run_dir, bridge, suffix);
}

/* The pid in pidfile when that process is alive and names pidfile in its command line (so a
 * recycled pid is never taken for our server); 0 otherwise. */
static pid_t dhcp_pid(const char *pidfile)
{
	char buf[64];
	int fd = open(pidfile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	(void)close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	char *end;
	long pid = strtol(buf, &end, 10);
	if (pid <= 1 || pid > 0x3fffffff || (*end && *end != '\n'))
		return 0;
	static char cmd[8192];
	(void)snprintf(buf, sizeof buf, "/proc/%ld/cmdline", pid);
	fd = open(buf, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, cmd, sizeof cmd - 1);
	(void)close(fd);
	if (n <= 0)
		return 0;   /* a zombie has no command line */
	cmd[n] = '\0';
	size_t plen = strlen(pidfile);
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(cmd + i) + 1) {
		size_t alen = strlen(cmd + i);
		if (alen >= plen && !strcmp(cmd + i + alen - plen, pidfile))
			return (pid_t)pid;
	}
	return 0;
}

static int ensure_run_dir(const struct net_plan *np, char *err, size_t errlen)
{
	if (!np->run_dir[0])
		return msg(err, errlen, "dhcp-server: the plan names no net-run-dir");
	if (mkdir(np->run_dir, 0700) < 0 && errno != EEXIST)
		return sysmsg(err, errlen, NULL, "net-run-dir %s: mkdir", np->run_dir);
	int fd = open(np->run_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return sysmsg(err, errlen, NULL, "net-run-dir %s: not a directory", np->run_dir);
	(void)close(fd);
	return 0;
}

/* One server per bridge, shared by every sandbox on it: started when none runs. */
static int dhcp_ensure(const struct net_plan *np, const struct net_dhcp *d, char *err,
		       size_t errlen)
{
	char pidfile[PATH_MAX], out[400];
	if (!has_bridge(np, d->bridge))
		return msg(err, errlen, "dhcp-server %s: not a bridge of the plan", d->bridge);
	if (ensure_run_dir(np, err, errlen) < 0)
		return -1;
	dhcp_file(np, d->bridge, "pid", pidfile);
	if (dhcp_pid(pidfile) > 0)
		return 0;
	if (unlink(pidfile) < 0 && errno != ENOENT)
		return sysmsg(err, errlen, NULL, "dhcp-server %s: remove stale %s", d->bridge, pidfile);
	char *argv[NET_MAX_DHCP_ARGS + 1];
	for (int i = 0; i < d->argc; i++)
		argv[i] = (char *)np->pool + d->argv[i];
	argv[d->argc] = NULL;
	int r = run_prog(argv, NULL, out, sizeof out);
	if (r < 0)
		return sysmsg(err, errlen, NULL, "dhcp-server %s: run %s", d->bridge, argv[0]);
	if (r != 0)
		return msg(err, errlen, "dhcp-server %s: %s exited with %d: %s", d->bridge, argv[0], r,
			   out[0] ? out : "(no message)");
	return 0;
}

/* Stops the bridge's server (if one runs) and removes its files. 1 stopped, 0 none, -1 error. */
static int dhcp_stop(const struct net_plan *np, const char *bridge, char *err, size_t errlen)
{
	char pidfile[PATH_MAX], leases[PATH_MAX];
	if (!np->run_dir[0])
		return 0;
	dhcp_file(np, bridge, "pid", pidfile);
	dhcp_file(np, bridge, "leases", leases);
	pid_t pid = dhcp_pid(pidfile);
	int stopped = 0;
	if (pid > 0) {
		(void)kill(pid, SIGTERM);
		for (int i = 0; i < 200 && dhcp_pid(pidfile) == pid; i++)
			(void)usleep(10000);
		if (dhcp_pid(pidfile) == pid)
			(void)kill(pid, SIGKILL);
		stopped = 1;
	}
	if (unlink(pidfile) < 0 && errno != ENOENT)
		return sysmsg(err, errlen, NULL, "dhcp-server %s: remove %s", bridge, pidfile);
	if (unlink(leases) < 0 && errno != ENOENT)
		return sysmsg(err, errlen, NULL, "dhcp-server %s: remove %s", bridge, leases);
	return stopped;
}

int net_setup(const struct net_plan *np, pid_t init_pid, char *err, size_t errlen)
{
	if (net_plan_empty(np))
		return 0;
	struct nl_sock host = {.fd = -1}, in = {.fd = -1};
	int rc = -1, lockfd = -1, nsfd = -1, created = 0;
	char path[64];

	if (take_lock(np, &lockfd, err, errlen) < 0)
		goto out;
	/* first: a port someone else holds fails the start before anything is made */
	if (ports_hold(np, err, errlen) < 0)
		goto out;
	if (nl_open(&host) < 0) {
		sysmsg(err, errlen, NULL, "netlink socket");
		goto out;
	}
	for (int i = 0; i < np->nbr; i++)
		if (ensure_bridge(&host, &np->br[i], err, errlen) < 0)
			goto out;
	for (int i = 0; i < np->nlocalnet; i++) {
		char rel[64];
		if (!has_bridge(np, np->localnet[i])) {
			msg(err, errlen, "route-localnet %s: not a bridge of the plan", np->localnet[i]);
			goto out;
		}
		(void)snprintf(rel, sizeof rel, "conf/%s/route_localnet", np->localnet[i]);
		if (sysctl_on(rel, err, errlen) < 0)
			goto out;
	}
	if (np->ip_forward && sysctl_on("ip_forward", err, errlen) < 0)
		goto out;
	for (int i = 0; i < np->ndhcp; i++)
		if (dhcp_ensure(np, &np->dhcp[i], err, errlen) < 0)
			goto out;
	(void)snprintf(path, sizeof path, "/proc/%d/ns/net", (int)init_pid);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0) {
		sysmsg(err, errlen, NULL, "open %s", path);
		goto out;
	}
	for (; created < np->nveth; created++)
		if (create_veth(&host, &np->veth[created], nsfd, err, errlen) < 0)
			goto out;
	if (open_in_netns(&in, nsfd, err, errlen) < 0 || configure_inside(&in, np, err, errlen) < 0)
		goto out;
	/* last: a failure before leaves no table behind, and the load itself is atomic */
	if (nft_load(np, err, errlen) < 0)
		goto out;
	rc = 0;
out:
	/* Undo our veths on failure; the error already in err is the one worth reporting, and
	 * the kernel removes the pairs with the netns anyway, so a failed delete is not fatal. */
	for (int i = 0; rc < 0 && i < created && host.fd >= 0; i++)
		(void)link_del(&host, np->veth[i].host);
	if (rc < 0)
		ports_release();
	nl_close(&in);
	nl_close(&host);
	if (nsfd >= 0)
		(void)close(nsfd);
	if (lockfd >= 0)
		(void)close(lockfd);   /* releases the flock */
	return rc;
}

/* ---- release ---- */

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

static int release_on(struct nl_sock *s, const char *name, char *err, size_t errlen)
{
	struct link_info li;
	int r = link_get(s, name, &li);
	if (r < 0)
		return sysmsg(err, errlen, s, "bridge %s: look up", name);
	if (r == 0)
		return 1;
	if (strcmp(li.kind, "bridge"))
		return 0;
	struct nl_msg m;
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC};
	struct port_count pc = {.bridge = li.index};
	nl_msg_init(&m, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof ifi);
	if (nl_transact(s, &m, count_port, &pc) < 0)
		return sysmsg(err, errlen, s, "bridge %s: list ports", name);
	if (pc.ports > 0)
		return 0;
	struct ifinfomsg del = {.ifi_family = AF_UNSPEC, .ifi_index = li.index};
	nl_msg_init(&m, RTM_DELLINK, 0, &del, sizeof del);
	if (nl_transact(s, &m, NULL, NULL) < 0 && errno != ENODEV)
		return sysmsg(err, errlen, s, "bridge %s: delete", name);
	return 1;
}

int net_bridge_release(const char *name, char *err, size_t errlen)
{
	struct nl_sock s;
	if (nl_open(&s) < 0)
		return sysmsg(err, errlen, NULL, "netlink socket");
	int r = release_on(&s, name, err, errlen);
	nl_close(&s);
	return r < 0 ? -1 : 0;
}

/* Keeps the first error; later ones are only counted. */
static void keep_first(int *rc, char *err, size_t errlen, const char *e)
{
	if (*rc == 0)
		(void)snprintf(err, errlen, "%s", e);
	*rc = -1;
}

int net_teardown(const struct net_plan *np, char *err, size_t errlen)
{
	if (net_plan_empty(np))
		return 0;
	struct nl_sock s = {.fd = -1};
	int rc = 0, lockfd = -1, gone[NET_MAX_BRIDGES] = {0};
	char e[512];
	if (take_lock(np, &lockfd, err, errlen) < 0)
		return -1;
	if (nl_open(&s) < 0) {
		sysmsg(err, errlen, NULL, "netlink socket");
		rc = -1;
		goto out;
	}
	/* Each step is tried even when an earlier one failed: leave as little as possible. */
	for (int i = 0; i < np->nveth; i++)
		if (link_del(&s, np->veth[i].host) < 0) {
			sysmsg(e, sizeof e, &s, "veth %s: delete", np->veth[i].host);
			keep_first(&rc, err, errlen, e);
		}
	for (int i = 0; i < np->nbr; i++) {
		int r = release_on(&s, np->br[i].name, e, sizeof e);
		if (r < 0)
			keep_first(&rc, err, errlen, e);
		gone[i] = r == 1;
	}
	/* The sandbox's own tables, and the tables of the bridges that are gone now. */
	static char buf[8192];
	struct text t = {buf, sizeof buf, 0, 0};
	ports_release();
	for (int i = 0; i < np->nnft; i++) {
		int drop = !np->nft[i].scope[0];
		for (int b = 0; b < np->nbr && !drop; b++)
			drop = gone[b] && !strcmp(np->br[b].name, np->nft[i].scope);
		if (drop)
			nft_drop(&t, &np->nft[i]);
	}
	if (t.len > 0 && (t.overflow || nft_run(np, buf, "nft-table", e, sizeof e) < 0))
		keep_first(&rc, err, errlen, t.overflow ? "nft-table: the script is too long" : e);
	for (int b = 0; b < np->nbr; b++)
		if (gone[b] && dhcp_stop(np, np->br[b].name, e, sizeof e) < 0)
			keep_first(&rc, err, errlen, e);
out:
	nl_close(&s);
	if (lockfd >= 0)
		(void)close(lockfd);
	return rc;
}
