/* netplan.h - the network ops of a start plan, parsed and checked (netplan.c; the ops are in
 * docs/plan-format.md, "Network ops"). Nothing here touches the system. */
#ifndef CLOISTER_NETPLAN_H
#define CLOISTER_NETPLAN_H

#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>

#define NET_MAX_BRIDGES 8
#define NET_MAX_VETHS   8
#define NET_MAX_ADDRS   32
#define NET_MAX_ROUTES  32
#define NET_MAX_UPS     (NET_MAX_VETHS + 1)
#define NET_MAX_TABLES  (NET_MAX_BRIDGES + NET_MAX_VETHS + 1)
#define NET_MAX_DHCP_ARGS 32
#define NET_MAX_NFT_WORDS 256   /* words of one nft-line */
#define NET_TABLE_MAX   64
#define NET_MAX_HOLDS   32
#define NET_POOL        65536   /* nft rules and dhcp-server arguments, NUL-separated */

struct net_bridge {             /* bridge NAME ADDR/PREFIX (host) */
	char name[IFNAMSIZ];
	struct in_addr addr;
	int prefix;
};

struct net_veth {               /* veth HOSTNAME BRIDGE PEERNAME [MAC] */
	char host[IFNAMSIZ];
	char bridge[IFNAMSIZ];
	char peer[IFNAMSIZ];
	unsigned char mac[6];
	int has_mac;
};

struct net_addr {               /* address IFNAME IP/PREFIX [BROADCAST] (inside) */
	char ifname[IFNAMSIZ];
	struct in_addr addr, brd;
	int prefix;
	int has_brd;
};

struct net_hold {               /* publish-hold PROTO IP PORT (host: the monitor holds the port) */
	int udp;
	struct in_addr ip;
	unsigned port;
};

struct net_route {              /* route DEST/PREFIX GATEWAY (inside); prefix 0 = default */
	struct in_addr dst, gw;
	int prefix;
};

struct net_nft {                /* nft-table SCOPE TABLE FAMILY, then its nft-line ops */
	char scope[IFNAMSIZ];   /* a bridge of the plan, or "" for the sandbox's own table */
	char family[8];         /* ip, netdev, bridge or inet */
	char table[NET_TABLE_MAX];
	size_t rules;           /* offset of the table's body in pool: its nft-line ops, one a line */
};

struct net_dhcp {               /* dhcp-server BRIDGE ARG0 ARG... */
	char bridge[IFNAMSIZ];
	int argc;
	size_t argv[NET_MAX_DHCP_ARGS];   /* offsets in pool */
};

/* Filled op by op by net_plan_add; fixed arrays but the pool (allocated on first use: the
 * monitor keeps its plan for the sandbox's lifetime, and a zeroed 64 KiB array would stay
 * resident in every monitor). */
struct net_plan {
	char lock_path[PATH_MAX];   /* net-lock PATH, "" when absent */
	char run_dir[PATH_MAX - 64]; /* net-run-dir PATH: DHCP pid and lease files, "" when absent */
	char nft_bin[PATH_MAX];     /* nft-binary PATH, "" when absent */
	struct net_nft nft[NET_MAX_TABLES];
	struct net_dhcp dhcp[NET_MAX_BRIDGES];
	char localnet[NET_MAX_BRIDGES][IFNAMSIZ];   /* route-localnet BRIDGE */
	int nnft, ndhcp, nlocalnet, ip_forward;
	char *pool;                 /* NET_POOL bytes, NULL until the first string */
	size_t pool_len;
	struct net_bridge br[NET_MAX_BRIDGES];
	struct net_veth veth[NET_MAX_VETHS];
	struct net_addr addr[NET_MAX_ADDRS];
	struct net_route route[NET_MAX_ROUTES];
	char up[NET_MAX_UPS][IFNAMSIZ];   /* link-up IFNAME (inside) */
	struct net_hold hold[NET_MAX_HOLDS];
	int nbr, nveth, naddr, nroute, nup, nhold;
};

void net_plan_init(struct net_plan *np);
void net_plan_free(struct net_plan *np);
int net_plan_empty(const struct net_plan *np);

/* Offers one decoded plan line to the network layer: 1 = it was a network op and is now in
 * np, 0 = not a network op (np untouched), -1 = a malformed network op (g_err says why,
 * beginning with the op's name). */
int net_plan_add(struct net_plan *np, const char *op, char **fields, int nfields);

/* The name of network op I (0, 1, ...), NULL past the last: the table net_plan_add parses by. */
const char *net_op_name(size_t i);

/* 1 when NAME is a bridge op of the plan. */
int net_plan_has_bridge(const struct net_plan *np, const char *name);

#endif
