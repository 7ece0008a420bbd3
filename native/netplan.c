/* netplan.c - the network ops of a plan: each line parsed and checked into a struct net_plan
 * (fixed arrays and one string pool), before anything is made. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "netplan.h"
#include "ports.h"
#include "util.h"

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

static int bad(const char *op, const char *what, const char *field)
{
	return fail("%s: bad %s '%.64s'", op, what, field);
}

static int add_bridge(struct net_plan *np, char **f)
{
	if (np->nbr == NET_MAX_BRIDGES)
		return fail("bridge: more than %d bridges", NET_MAX_BRIDGES);
	struct net_bridge *b = &np->br[np->nbr];
	if (parse_ifname(f[0], b->name) < 0)
		return bad("bridge", "interface name", f[0]);
	if (parse_cidr(f[1], &b->addr, &b->prefix, 0) < 0 || b->prefix == 0)
		return bad("bridge", "address (want A.B.C.D/1-32)", f[1]);
	np->nbr++;
	return 1;
}

static int add_veth(struct net_plan *np, char **f, int n)
{
	if (np->nveth == NET_MAX_VETHS)
		return fail("veth: more than %d veths", NET_MAX_VETHS);
	struct net_veth *v = &np->veth[np->nveth];
	if (parse_ifname(f[0], v->host) < 0)
		return bad("veth", "host interface name", f[0]);
	if (parse_ifname(f[1], v->bridge) < 0)
		return bad("veth", "bridge name", f[1]);
	if (parse_ifname(f[2], v->peer) < 0)
		return bad("veth", "peer name", f[2]);
	if (n == 4) {
		if (parse_mac(f[3], v->mac) < 0)
			return bad("veth", "MAC (want unicast xx:xx:xx:xx:xx:xx)", f[3]);
		v->has_mac = 1;
	}
	np->nveth++;
	return 1;
}

static int add_address(struct net_plan *np, char **f, int n)
{
	if (np->naddr == NET_MAX_ADDRS)
		return fail("address: more than %d addresses", NET_MAX_ADDRS);
	struct net_addr *a = &np->addr[np->naddr];
	if (parse_ifname(f[0], a->ifname) < 0)
		return bad("address", "interface name", f[0]);
	if (parse_cidr(f[1], &a->addr, &a->prefix, 0) < 0 || a->prefix == 0)
		return bad("address", "address (want A.B.C.D/1-32)", f[1]);
	if (n == 3) {
		if (parse_ip4(f[2], &a->brd) < 0)
			return bad("address", "broadcast", f[2]);
		a->has_brd = 1;
	}
	np->naddr++;
	return 1;
}

static int add_route(struct net_plan *np, char **f)
{
	if (np->nroute == NET_MAX_ROUTES)
		return fail("route: more than %d routes", NET_MAX_ROUTES);
	struct net_route *r = &np->route[np->nroute];
	if (parse_cidr(f[0], &r->dst, &r->prefix, 1) < 0)
		return bad("route", "destination (want A.B.C.D/N or default)", f[0]);
	if (r->dst.s_addr & ~netmask(r->prefix))
		return bad("route", "destination (host bits set)", f[0]);
	if (parse_ip4(f[1], &r->gw) < 0)
		return bad("route", "gateway", f[1]);
	np->nroute++;
	return 1;
}

static int add_up(struct net_plan *np, char **f)
{
	if (np->nup == NET_MAX_UPS)
		return fail("link-up: more than %d links", NET_MAX_UPS);
	if (parse_ifname(f[0], np->up[np->nup]) < 0)
		return bad("link-up", "interface name", f[0]);
	np->nup++;
	return 1;
}

static int add_path(const char *op, char *out, size_t size, const char *f)
{
	size_t n = strlen(f);
	if (f[0] != '/' || n >= size || strstr(f, "/../") || strstr(f, "/./"))
		return bad(op, "path (want an absolute path)", f);
	memcpy(out, f, n + 1);
	return 1;
}

static int add_lock(struct net_plan *np, char **f)
{
	return add_path("net-lock", np->lock_path, sizeof np->lock_path, f[0]);
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

static int add_nft(struct net_plan *np, char **f)
{
	if (np->nnft == NET_MAX_TABLES)
		return fail("nft-table: more than %d tables", NET_MAX_TABLES);
	struct net_nft *t = &np->nft[np->nnft];
	if (strcmp(f[0], "-") == 0)
		t->scope[0] = '\0';
	else if (parse_ifname(f[0], t->scope) < 0)
		return bad("nft-table", "scope (want - or a bridge name)", f[0]);
	if (parse_table(f[1], t->table) < 0)
		return bad("nft-table", "table name (want [A-Za-z_][A-Za-z0-9_]*)", f[1]);
	for (int i = 0; i < np->nnft; i++)
		if (!strcmp(np->nft[i].table, t->table))
			return bad("nft-table", "table name (given twice)", f[1]);
	const char *family = f[2];
	if (strcmp(family, "ip") && strcmp(family, "netdev") && strcmp(family, "bridge") && strcmp(family, "inet"))
		return bad("nft-table", "family (want ip, netdev, bridge or inet)", family);
	if ((t->rules = pool_add(np, "")) == (size_t)-1)
		return fail("nft-table %s: the rules do not fit (%d bytes for all)",
			    t->table, NET_POOL);
	snprintf(t->family, sizeof t->family, "%s", family);
	np->nnft++;
	return 1;
}

/* nft-line TABLE WORD...: one line of the body of the table of the last nft-table op (its
 * body is the pool's last string, so the line extends it): the words joined by spaces. */
static int add_nft_line(struct net_plan *np, char **f, int n)
{
	struct net_nft *t = np->nnft ? &np->nft[np->nnft - 1] : NULL;
	if (!t || strcmp(t->table, f[0]) ||
	    t->rules + strlen(np->pool + t->rules) + 1 != np->pool_len)
		return bad("nft-line", "table (want that of the nft-table right before)", f[0]);
	size_t len = 0;
	for (int i = 1; i < n; i++)
		len += strlen(f[i]) + 1;
	if (len > NET_POOL - np->pool_len)
		return fail("nft-line %s: the rules do not fit (%d bytes for all)", t->table,
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

static int add_dhcp(struct net_plan *np, char **f, int n)
{
	if (np->ndhcp == NET_MAX_BRIDGES)
		return fail("dhcp-server: more than %d servers", NET_MAX_BRIDGES);
	struct net_dhcp *d = &np->dhcp[np->ndhcp];
	if (parse_ifname(f[0], d->bridge) < 0)
		return bad("dhcp-server", "bridge name", f[0]);
	if (f[1][0] != '/')
		return bad("dhcp-server", "program (want an absolute path)", f[1]);
	if (n - 1 > NET_MAX_DHCP_ARGS)
		return fail("dhcp-server %s: more than %d arguments", d->bridge,
			    NET_MAX_DHCP_ARGS);
	for (int i = 1; i < n; i++)
		if ((d->argv[i - 1] = pool_add(np, f[i])) == (size_t)-1)
			return fail("dhcp-server %s: the arguments do not fit", d->bridge);
	d->argc = n - 1;
	np->ndhcp++;
	return 1;
}

static int add_localnet(struct net_plan *np, char **f)
{
	if (np->nlocalnet == NET_MAX_BRIDGES)
		return fail("route-localnet: more than %d bridges", NET_MAX_BRIDGES);
	if (parse_ifname(f[0], np->localnet[np->nlocalnet]) < 0)
		return bad("route-localnet", "bridge name", f[0]);
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

int net_plan_add(struct net_plan *np, const char *op, char **f, int n)
{
	size_t i = 0;
	while (i < sizeof ops / sizeof ops[0] && strcmp(op, ops[i].name))
		i++;
	if (i == sizeof ops / sizeof ops[0])
		return 0;
	if (n < ops[i].min || n > ops[i].max)
		return fail("%s: expected %d to %d fields, got %d", op, ops[i].min,
			    ops[i].max, n);
	switch (i) {
	case 0: return add_bridge(np, f);
	case 1: return add_veth(np, f, n);
	case 2: return add_address(np, f, n);
	case 3: return add_route(np, f);
	case 4: return add_up(np, f);
	case 5: return add_lock(np, f);
	case 6: return add_path("net-run-dir", np->run_dir, sizeof np->run_dir, f[0]);
	case 7: return add_path("nft-binary", np->nft_bin, sizeof np->nft_bin, f[0]);
	case 8: return add_nft(np, f);
	case 9: return add_dhcp(np, f, n);
	case 10: return add_localnet(np, f);
	case 11: return add_hold(np, f);
	case 12: np->ip_forward = 1; return 1;
	default: return add_nft_line(np, f, n);
	}
}

int net_plan_has_bridge(const struct net_plan *np, const char *name)
{
	for (int i = 0; i < np->nbr; i++)
		if (!strcmp(np->br[i].name, name))
			return 1;
	return 0;
}
