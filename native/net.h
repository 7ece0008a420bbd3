/* net.h - running a plan's network ops (net.c); the ops themselves are parsed by netplan.c. */
#ifndef CLOISTER_NET_H
#define CLOISTER_NET_H

#include <sys/types.h>
#include "netplan.h"

/* Run by the monitor (host root, host netns) once PID 1 exists in its new netns and before
 * PID 1 proceeds. On failure the host veths it created are deleted again. 0 or -1 with g_err
 * set (util.h). */
int net_setup(const struct net_plan *np, pid_t init_pid);

/* Run by the monitor after PID 1 has exited: deletes the plan's host veths (the kernel tears
 * the pair down with the netns, but asynchronously) and releases its bridges. Every step is
 * tried; 0, or -1 with the first failure in g_err. */
int net_teardown(const struct net_plan *np);

#endif
