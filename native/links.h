/* links.h - bridges, veths, addresses and routes over rtnetlink (links.c). Each returns 0 or
 * -1 with g_err set (util.h). */
#ifndef CLOISTER_LINKS_H
#define CLOISTER_LINKS_H

#include "netlink.h"
#include "netplan.h"

/* 1 deleted, 0 did not exist, -1 error (errno; g_err untouched). One end of a veth takes the pair. */
int link_del(struct nl_sock *s, const char *name);
/* The bridge exists, has its address and is up (created when absent). */
int link_ensure_bridge(struct nl_sock *s, const struct net_bridge *b);
/* The host end, up on its bridge; the peer born in the netns nsfd refers to. */
int link_create_veth(struct nl_sock *s, const struct net_veth *v, int nsfd);
/* A netlink socket of the netns nsfd refers to (the caller's netns is kept). */
int link_open_in_netns(struct nl_sock *in, int nsfd);
/* Inside, over in: the plan's addresses, then links up, then routes. */
int link_configure_inside(struct nl_sock *in, const struct net_plan *np);
/* Deletes bridge NAME when it has no ports: 1 gone (or absent), 0 kept (ports, or not a bridge). */
int link_release_bridge(struct nl_sock *s, const char *name);
/* Deletes bridge NAME if it has no ports left; absent is fine, a non-bridge is left alone.
 * Callers serialise with net_setup through the net-lock file (net_teardown does). 0 or -1. */
int net_bridge_release(const char *name);

#endif
