/* net.c - the network ops of a start plan, in their order: run by the monitor as host root
 * once PID 1 exists in its new netns (net_setup), and after it has exited (net_teardown). The
 * steps themselves are links.c (rtnetlink), sysctl.c, dhcp.c, nft.c and ports.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include "dhcp.h"
#include "links.h"
#include "net.h"
#include "netlink.h"
#include "netplan.h"
#include "nft.h"
#include "ports.h"
#include "sysctl.h"
#include "util.h"

/* Serialises bridge creation/attachment with bridge release across monitors. */
static int take_lock(const struct net_plan *np, int *fd)
{
	*fd = -1;
	if (!np->lock_path[0])
		return 0;
	*fd = open(np->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (*fd < 0)
		return fail_errno("net-lock %s: open", np->lock_path);
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			fail_errno("net-lock %s: lock", np->lock_path);
			(void)close(*fd);
			*fd = -1;
			return -1;
		}
	}
	return 0;
}

int net_setup(const struct net_plan *np, pid_t init_pid)
{
	if (net_plan_empty(np))
		return 0;
	struct nl_sock host = {.fd = -1}, in = {.fd = -1};
	int rc = -1, lockfd = -1, nsfd = -1, created = 0;
	char path[64];

	if (take_lock(np, &lockfd) < 0)
		goto out;
	/* first: a port someone else holds fails the start before anything is made */
	if (ports_hold(np) < 0)
		goto out;
	if (nl_open(&host) < 0) {
		fail_errno("netlink socket");
		goto out;
	}
	for (int i = 0; i < np->nbr; i++)
		if (link_ensure_bridge(&host, &np->br[i]) < 0)
			goto out;
	if (sysctl_apply(np) < 0)
		goto out;
	for (int i = 0; i < np->ndhcp; i++)
		if (dhcp_ensure(np, &np->dhcp[i]) < 0)
			goto out;
	(void)snprintf(path, sizeof path, "/proc/%d/ns/net", (int)init_pid);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0) {
		fail_errno("open %s", path);
		goto out;
	}
	for (; created < np->nveth; created++)
		if (link_create_veth(&host, &np->veth[created], nsfd) < 0)
			goto out;
	if (link_open_in_netns(&in, nsfd) < 0 || link_configure_inside(&in, np) < 0)
		goto out;
	/* last: a failure before leaves no table behind, and the load itself is atomic */
	if (nft_load(np) < 0)
		goto out;
	rc = 0;
out:
	/* Undo our veths on failure; the error already in g_err is the one worth reporting, and
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

/* Keeps the first error; later ones are only counted. */
static void keep_first(int *rc, char first[sizeof g_err])
{
	if (*rc == 0)
		memcpy(first, g_err, sizeof g_err);
	*rc = -1;
}

int net_teardown(const struct net_plan *np)
{
	if (net_plan_empty(np))
		return 0;
	struct nl_sock s = {.fd = -1};
	int rc = 0, lockfd = -1, gone[NET_MAX_BRIDGES] = {0};
	char first[sizeof g_err];
	if (take_lock(np, &lockfd) < 0)
		return -1;
	if (nl_open(&s) < 0) {
		fail_errno("netlink socket");
		rc = -1;
		goto out;
	}
	/* Each step is tried even when an earlier one failed: leave as little as possible. */
	for (int i = 0; i < np->nveth; i++)
		if (link_del(&s, np->veth[i].host) < 0) {
			nl_fail(&s, "veth %s: delete", np->veth[i].host);
			keep_first(&rc, first);
		}
	for (int i = 0; i < np->nbr; i++) {
		int r = link_release_bridge(&s, np->br[i].name);
		if (r < 0)
			keep_first(&rc, first);
		gone[i] = r == 1;
	}
	ports_release();
	/* The sandbox's own tables, and the tables of the bridges that are gone now. */
	if (nft_drop_tables(np, gone) < 0)
		keep_first(&rc, first);
	for (int b = 0; b < np->nbr; b++)
		if (gone[b] && dhcp_stop(np, np->br[b].name) < 0)
			keep_first(&rc, first);
	nl_close(&s);
	if (rc < 0)
		memcpy(g_err, first, sizeof g_err);
out:
	if (lockfd >= 0)
		(void)close(lockfd);
	return rc;
}
