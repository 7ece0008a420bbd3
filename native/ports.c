/*
 * ports.c - `publish-hold PROTO IP PORT`: while a sandbox runs, its monitor holds a socket bound
 * to every host port the sandbox publishes (the DNAT of its nft table takes the traffic first). A second sandbox publishing the same port, in this instance or another, fails to
 * start, and a host service cannot bind it later; a port a host service already holds fails the
 * start. Either way the error names who holds the port.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include "netplan.h"
#include "ports.h"
#include "util.h"

static int held[NET_MAX_HOLDS];

/* A small /proc file, NUL-terminated; its length or -1. */
static ssize_t read_proc(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, cap - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}
static int nheld;

int add_hold(struct net_plan *np, char **f)
{
	if (np->nhold == NET_MAX_HOLDS)
		return fail("publish-hold: more than %d ports", NET_MAX_HOLDS);
	struct net_hold *h = &np->hold[np->nhold];
	char *end = NULL;
	long port = strtol(f[2], &end, 10);
	if ((strcmp(f[0], "tcp") && strcmp(f[0], "udp")) || inet_pton(AF_INET, f[1], &h->ip) != 1 ||
	    *end || end == f[2] || port < 1 || port > 65535)
		return fail("publish-hold: want tcp|udp IPV4 PORT, got '%s %s %s'", f[0], f[1], f[2]);
	h->udp = !strcmp(f[0], "udp");
	h->port = (unsigned)port;
	np->nhold++;
	return 1;
}

/* The inode of a socket bound to PORT in /proc/net/FILE, or 0. */
static unsigned long bound_inode(const char *file, unsigned port)
{
	char path[64], line[512];
	snprintf(path, sizeof path, "/proc/net/%s", file);
	FILE *f = fopen(path, "re");
	if (!f)
		return 0;
	unsigned long inode = 0;
	while (!inode && fgets(line, sizeof line, f)) {
		char local[64];
		unsigned long ino;
		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
		if (sscanf(line, " %*s %63s %*s %*s %*s %*s %*s %*s %*s %lu", local, &ino) != 2)
			continue;
		char *colon = strrchr(local, ':');
		if (colon && strtoul(colon + 1, NULL, 16) == port && ino != 0)
			inode = ino;
	}
	fclose(f);
	return inode;
}

/* "pid N (comm)", or "sandbox NAME (its monitor, pid N)", of the process holding INODE. */
static void holder(unsigned long inode, char *out, size_t cap)
{
	char want[64];
	snprintf(want, sizeof want, "socket:[%lu]", inode);
	snprintf(out, cap, "a process this helper cannot see");
	DIR *proc = opendir("/proc");
	struct dirent *p;
	while (proc && (p = readdir(proc))) {
		int pid = atoi(p->d_name);
		if (pid <= 0)
			continue;
		char dir[64];
		snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
		DIR *fds = opendir(dir);
		struct dirent *d;
		int found = 0;
		while (fds && !found && (d = readdir(fds))) {
			char target[64];
			ssize_t n = readlinkat(dirfd(fds), d->d_name, target, sizeof target - 1);
			if (n > 0) {
				target[n] = 0;
				found = !strcmp(target, want);
			}
		}
		if (fds)
			closedir(fds);
		if (!found)
			continue;
		char buf[4096], comm[64] = "?";
		snprintf(dir, sizeof dir, "/proc/%d/cmdline", pid);
		ssize_t n = read_proc(dir, buf, sizeof buf);
		for (ssize_t i = 0; i + 1 < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		snprintf(dir, sizeof dir, "/proc/%d/comm", pid);
		if (read_proc(dir, comm, sizeof comm) > 0)
			comm[strcspn(comm, "\n")] = 0;
		char *meta = n > 0 && strstr(buf, "cloister-helper start ") ? strstr(buf, "/.meta/") : NULL;
		char *plan = meta ? strstr(meta + 7, "/start.plan") : NULL;
		if (plan)
			snprintf(out, cap, "sandbox %.*s (its monitor, pid %d)", (int)(plan - meta - 7), meta + 7, pid);
		else
			snprintf(out, cap, "pid %d (%s)", pid, comm);
		break;
	}
	if (proc)
		closedir(proc);
}

static void why_in_use(const struct net_hold *h, char *out, size_t cap)
{
	unsigned long inode = bound_inode(h->udp ? "udp" : "tcp", h->port);
	if (!inode)
		inode = bound_inode(h->udp ? "udp6" : "tcp6", h->port);
	if (inode)
		holder(inode, out, cap);
	else
		snprintf(out, cap, "a socket this helper cannot find");
}

int ports_hold(const struct net_plan *np)
{
	for (int i = 0; i < np->nhold; i++) {
		const struct net_hold *h = &np->hold[i];
		int fd = socket(AF_INET, (h->udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
		struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)h->port), .sin_addr = h->ip};
		/* TCP listens too (backlog 0): a bound socket that does not listen is invisible in
		 * /proc/net/tcp, and `ss -ltnp` should show who holds the port. The DNAT takes every
		 * connection to it before the socket could. */
		if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 && (h->udp || listen(fd, 0) == 0)) {
			held[nheld++] = fd;
			continue;
		}
		int e = errno;
		char ip[INET_ADDRSTRLEN], who[256] = "";
		inet_ntop(AF_INET, &h->ip, ip, sizeof ip);
		if (e == EADDRINUSE)
			why_in_use(h, who, sizeof who);
		fail("published port %s:%u/%s: %s%s%s", ip, h->port, h->udp ? "udp" : "tcp",
		     e == EADDRINUSE ? "already held by " : strerror(e), who,
		     e == EADDRINUSE ? ": publish another host port, or stop it first" : "");
		if (fd >= 0)
			close(fd);
		ports_release();
		return -1;
	}
	return 0;
}

void ports_release(void)
{
	while (nheld > 0)
		close(held[--nheld]);
}
