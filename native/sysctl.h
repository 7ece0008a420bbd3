/* sysctl.h - the host sysctls of a plan (sysctl.c). */
#ifndef CLOISTER_SYSCTL_H
#define CLOISTER_SYSCTL_H

#include "netplan.h"

/* route-localnet BRIDGE: net.ipv4.conf.BRIDGE.route_localnet=1; ip-forward: net.ipv4.ip_forward=1.
 * 0 or -1 with g_err set. */
int sysctl_apply(const struct net_plan *np);

#endif
