/* dhcp.c - the DHCP server of a bridge (dhcp-server): one per bridge, shared by every sandbox
 * on it, started when none runs and stopped with the bridge. Its pid and lease files live in
 * the plan's net-run-dir. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "dhcp.h"
#include "netplan.h"
#include "prog.h"
#include "util.h"

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

static int ensure_run_dir(const struct net_plan *np)
{
	if (!np->run_dir[0])
		return fail("dhcp-server: the plan names no net-run-dir");
	if (mkdir(np->run_dir, 0700) < 0 && errno != EEXIST)
		return fail_errno("net-run-dir %s: mkdir", np->run_dir);
	int fd = open(np->run_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("net-run-dir %s: not a directory", np->run_dir);
	(void)close(fd);
	return 0;
}

/* One server per bridge, shared by every sandbox on it: started when none runs. */
int dhcp_ensure(const struct net_plan *np, const struct net_dhcp *d)
{
	char pidfile[PATH_MAX], out[400];
	if (!net_plan_has_bridge(np, d->bridge))
		return fail("dhcp-server %s: not a bridge of the plan", d->bridge);
	if (ensure_run_dir(np) < 0)
		return -1;
	dhcp_file(np, d->bridge, "pid", pidfile);
	if (dhcp_pid(pidfile) > 0)
		return 0;
	if (unlink(pidfile) < 0 && errno != ENOENT)
		return fail_errno("dhcp-server %s: remove stale %s", d->bridge, pidfile);
	char *argv[NET_MAX_DHCP_ARGS + 1];
	for (int i = 0; i < d->argc; i++)
		argv[i] = (char *)np->pool + d->argv[i];
	argv[d->argc] = NULL;
	int r = prog_run(argv, NULL, out, sizeof out);
	if (r < 0)
		return fail_errno("dhcp-server %s: run %s", d->bridge, argv[0]);
	if (r != 0)
		return fail("dhcp-server %s: %s exited with %d: %s", d->bridge, argv[0], r,
			    out[0] ? out : "(no message)");
	return 0;
}

/* Stops the bridge's server (if one runs) and removes its files. 1 stopped, 0 none, -1 error. */
int dhcp_stop(const struct net_plan *np, const char *bridge)
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
		return fail_errno("dhcp-server %s: remove %s", bridge, pidfile);
	if (unlink(leases) < 0 && errno != ENOENT)
		return fail_errno("dhcp-server %s: remove %s", bridge, leases);
	return stopped;
}
