/* notify.c - the sd_notify socket of a PID 1 that is systemd, and READY=1 to our own
 * supervisor when the helper itself runs under systemd. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "notify.h"
#include "plan.h"
#include "util.h"

int notify_open(const struct plan *p)
{
	const struct op *o = p->g[OP_NOTIFY_SOCKET];
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", o->argv[0]); /* length checked by plan.c */
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return fail_op_errno(o, "socket");
	/* mode 0777 (the monitor runs with umask 0 here): root of the sandbox must be able to
	 * send; the socket is reachable only where the plan binds it */
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		fail_op_errno(o, "bind %s", o->argv[0]);
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 when a datagram with a READY=1 line was read, 0 when none, -1 on error. */
int notify_drain(int fd)
{
	char buf[4096];
	int ready = 0;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? ready : -1;
		}
		buf[n] = 0;
		for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
			if (strncmp(l, "READY=1", 7) == 0 && (l[7] == '\n' || l[7] == 0))
				ready = 1;
	}
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int notify_wait_ready(const struct plan *p, int fd, int sigfd, pid_t pid, int pidfd)
{
	const struct op *o = p->g[OP_NOTIFY_SOCKET];
	long long deadline = now_ms() + (long long)p->notify_timeout * 1000;
	for (;;) {
		long long left = deadline - now_ms();
		if (left <= 0)
			return fail_op(o, "PID 1 did not send READY=1 within %d s", p->notify_timeout);
		struct pollfd pf[2] = {{fd, POLLIN, 0}, {sigfd, POLLIN, 0}};
		int r = poll(pf, 2, left > 60000 ? 60000 : (int)left);
		if (r < 0 && errno != EINTR)
			return fail_errno("poll");
		if (r <= 0)
			continue;
		if (pf[0].revents) {
			int ready = notify_drain(fd);
			if (ready < 0)
				return fail_op_errno(o, "read");
			if (ready)
				return 0;
		}
		if (pf[1].revents) {
			struct signalfd_siginfo si;
			while (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
				if (si.ssi_signo == SIGCHLD) {
					int st;
					if (waitpid(pid, &st, WNOHANG) == pid)
						return fail_op(o, "PID 1 %s %d before READY=1",
							       WIFSIGNALED(st) ? "was killed by signal"
									       : "exited with status",
							       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
				} else if (si.ssi_signo != SIGWINCH) {
					(void)xpidfd_send_signal(pidfd, p->stop_signal);
				}
			}
		}
	}
}

/* READY=1 and MAINPID to $NOTIFY_SOCKET of our own environment, if any (best effort). */
void notify_supervisor(pid_t mainpid)
{
	const char *path = getenv("NOTIFY_SOCKET");
	if (!path || (path[0] != '/' && path[0] != '@') || strlen(path) >= 108)
		return;
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	size_t len = strlen(path);
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = 0; /* abstract */
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	char msg[64];
	int n = snprintf(msg, sizeof msg, "READY=1\nMAINPID=%d\n", (int)mainpid);
	(void)sendto(fd, msg, (size_t)n, MSG_NOSIGNAL, (struct sockaddr *)&sa,
		     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len));
	close(fd);
}
