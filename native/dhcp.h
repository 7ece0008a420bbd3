/* dhcp.h - the DHCP server of a bridge (dhcp.c). */
#ifndef CLOISTER_DHCP_H
#define CLOISTER_DHCP_H

#include "netplan.h"

/* Starts the server of d's bridge unless one runs. 0 or -1 with g_err set. */
int dhcp_ensure(const struct net_plan *np, const struct net_dhcp *d);
/* Stops the bridge's server (if one runs) and removes its files. 1 stopped, 0 none, -1 error. */
int dhcp_stop(const struct net_plan *np, const char *bridge);

#endif
