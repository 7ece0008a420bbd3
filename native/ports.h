/* ports.h - the published ports the monitor holds while the sandbox runs (ports.c). */
#ifndef CLOISTER_PORTS_H
#define CLOISTER_PORTS_H

#include "netplan.h"

int add_hold(struct net_plan *np, char **fields);   /* publish-hold PROTO IP PORT: 1 or -1 */
int ports_hold(const struct net_plan *np);          /* all or none; 0 or -1 */
void ports_release(void);

#endif
