/* sysctl.c - the host sysctls a plan turns on: route_localnet of its bridges, ip_forward. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "netplan.h"
#include "sysctl.h"
#include "util.h"

/* Writes "1" to a sysctl under /proc/sys/net/ipv4 (names were checked: no '/'). */
static int sysctl_on(const char *rel)
{
	char path[128];
	(void)snprintf(path, sizeof path, "/proc/sys/net/ipv4/%s", rel);
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return fail_errno("open %s", path);
	ssize_t w = write(fd, "1\n", 2);
	int e = errno;
	(void)close(fd);
	errno = e;
	return w == 2 ? 0 : fail_errno("write 1 to %s", path);
}

int sysctl_apply(const struct net_plan *np)
{
	for (int i = 0; i < np->nlocalnet; i++) {
		char rel[64];
		if (!net_plan_has_bridge(np, np->localnet[i]))
			return fail("route-localnet %s: not a bridge of the plan", np->localnet[i]);
		(void)snprintf(rel, sizeof rel, "conf/%s/route_localnet", np->localnet[i]);
		if (sysctl_on(rel) < 0)
			return -1;
	}
	if (np->ip_forward && sysctl_on("ip_forward") < 0)
		return -1;
	return 0;
}
