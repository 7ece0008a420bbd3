/*
 * enter.c - `execute`: run a command inside a running sandbox, through its exec server
 * (spawn.c), and relay its stdio. The command never holds one of our descriptors: it gets
 * pipes we made, or a pty of the sandbox's devpts whose master the server sends us.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "enter.h"
#include "plan.h"
#include "pty.h"
#include "selinux.h"
#include "spawn.h"
#include "state.h"
#include "util.h"

#define RELAY_BUF 16384

static const char *sandbox_name(const struct plan *p)
{
	return plan_str(p, OP_NAME) ? plan_str(p, OP_NAME) : plan_str(p, OP_RUN_DIR);
}

static int connect_server(const struct plan *p)
{
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (spawn_socket_path(p, sa.sun_path, sizeof sa.sun_path) < 0)
		return -1;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno("socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		close(fd);
		if (e == ENOENT || e == ECONNREFUSED) {
			struct state s = {0};
			int r = state_read(plan_str(p, OP_RUN_DIR), &s);
			pid_t init = s.init_pid;
			state_free(&s);
			if (r == 0 && init <= 0)
				return fail("%s is still starting: try again once `cloister start` has returned",
					    sandbox_name(p));
			if (r == 0)
				return fail("%s runs but its exec server is gone (ended from inside?): restart it",
					    sandbox_name(p));
			return r < 0 ? -1 : fail("%s is not running", sandbox_name(p));
		}
		errno = e;
		return fail_errno("connect %s", sa.sun_path);
	}
	return fd;
}

/* The request: flags, argv, and (without a tty) the command's ends of our three pipes. */
static int send_request(int conn, uint32_t flags, char **argv, const int child_fds[3])
{
	struct spawn_req rq;
	memset(&rq, 0, sizeof rq);
	rq.magic = SPAWN_MAGIC;
	rq.flags = flags;
	size_t len = 0;
	for (char **a = argv; *a; a++, rq.argc++)
		len += strlen(*a) + 1;
	rq.len = (uint32_t)len;
	struct winsize ws;
	if ((flags & SPAWN_TTY) && isatty(0) && ioctl(0, TIOCGWINSZ, &ws) == 0) {
		rq.rows = ws.ws_row;
		rq.cols = ws.ws_col;
	}
	struct iovec iov = {&rq, sizeof rq};
	char cbuf[CMSG_SPACE(3 * sizeof(int))];
	memset(cbuf, 0, sizeof cbuf);
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	if (!(flags & SPAWN_TTY)) {
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof cbuf;
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(3 * sizeof(int));
		memcpy(CMSG_DATA(c), child_fds, 3 * sizeof(int));
	}
	if (sendmsg(conn, &mh, MSG_NOSIGNAL) != (ssize_t)sizeof rq)
		return fail_errno("send the request to the exec server");
	for (char **a = argv; *a; a++)
		if (write_all(conn, *a, strlen(*a) + 1) < 0)
			return fail_errno("send the request to the exec server");
	return 0;
}

/* The server's next message; a master fd that comes with it goes to *fd. */
static int read_msg(int conn, struct spawn_msg *m, int *fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {m, sizeof *m};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf};
	ssize_t n;
	do
		n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	while (n < 0 && errno == EINTR);
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	if (n > 0 && c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
		int got;
		memcpy(&got, CMSG_DATA(c), sizeof got);
		if (fd && *fd < 0)
			*fd = got;
		else
			close(got);
	}
	if (n != (ssize_t)sizeof *m)
		return fail("the exec server ended the session (the sandbox stopped?)");
	return 0;
}

/* A final message: the command's wait status, or why it could not start (-1, in g_err). */
static int final_status(int conn, const struct spawn_msg *m, int *status)
{
	if (m->type == SPAWN_EXIT) {
		*status = m->value;
		return 0;
	}
	if (m->type == SPAWN_ERROR && m->value > 0 && (size_t)m->value < sizeof g_err) {
		char msg[sizeof g_err];
		if (read_all(conn, msg, (size_t)m->value) == m->value) {
			msg[m->value] = 0;
			snprintf(g_err, sizeof g_err, "%s", msg);
			return -1;
		}
	}
	return fail("unexpected message %d from the exec server", (int)m->type);
}

static void forward_signals(int sigfd, int conn, int master, int *gone)
{
	struct signalfd_siginfo si;
	while (read(sigfd, &si, sizeof si) == (ssize_t)sizeof si) {
		int sig = (int)si.ssi_signo;
		if (sig == SIGWINCH) {
			if (master >= 0 && isatty(0))
				tty_copy_winsize(0, master);
		} else if (sig != SIGCHLD && !*gone) {
			struct spawn_msg m = {SPAWN_SIGNAL, sig};
			if (send(conn, &m, sizeof m, MSG_NOSIGNAL) != (ssize_t)sizeof m)
				*gone = 1;
		}
	}
}

/* Relays until the server reports the end; returns the wait status or -1. */
static int relay_session(int conn, int sigfd, struct chan *chans, int nchan, int master)
{
	char buf[RELAY_BUF];
	int gone = 0;
	for (;;) {
		struct pollfd pf[2 + RELAY_CHANS];
		int n = 0, ci[RELAY_CHANS];
		pf[n++] = (struct pollfd){conn, POLLIN, 0};
		pf[n++] = (struct pollfd){sigfd, POLLIN, 0};
		for (int i = 0; i < nchan; i++) {
			ci[i] = -1;
			if (chans[i].open) {
				ci[i] = n;
				pf[n++] = (struct pollfd){chans[i].src, POLLIN, 0};
			}
		}
		if (poll(pf, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno("poll");
		}
		if (pf[1].revents)
			forward_signals(sigfd, conn, master, &gone);
		for (int i = 0; i < nchan; i++)
			if (ci[i] >= 0 && pf[ci[i]].revents && chans[i].open &&
			    chan_pump(&chans[i], buf) && chans[i].src == master)
				for (int j = 0; j < nchan; j++)
					chans[j].open = 0; /* EIO: every slave fd is closed */
		if (pf[0].revents) {
			struct spawn_msg m;
			int status;
			if (read_msg(conn, &m, NULL) < 0 || final_status(conn, &m, &status) < 0)
				return -1;
			chans_drain(chans, nchan, buf);
			return status;
		}
	}
}

int cmd_execute(const char *plan_path, int noseclabel, int tty, char **argv)
{
	struct plan p;
	int rc = 1, conn = -1, master = -1, sigfd = -1;
	int pipes[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
	int ours[3] = {-1, -1, -1}, theirs[3] = {-1, -1, -1};
	sigset_t mask;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		fail_errno("PR_SET_DUMPABLE");
		print_err();
		return 1;
	}
	if (plan_load(&p, plan_path) < 0 || selinux_enter_level(&p) < 0)
		goto out;
	if ((conn = connect_server(&p)) < 0)
		goto out;
	if (tty < 0)
		tty = isatty(0);
	if (!tty) {
		int merged = same_output(); /* 2>&1: one pipe keeps the order of the command's output */
		for (int i = 0; i < 3; i++) {
			if (i == 2 && merged) {
				if ((theirs[2] = fcntl(theirs[1], F_DUPFD_CLOEXEC, 3)) < 0) {
					fail_errno("dup");
					goto out;
				}
				break;
			}
			if (pipe2(pipes[i], O_CLOEXEC) < 0) {
				fail_errno("pipe");
				goto out;
			}
			theirs[i] = pipes[i][i == 0 ? 0 : 1];
			ours[i] = pipes[i][i == 0 ? 1 : 0];
		}
	}
	uint32_t flags = (tty ? SPAWN_TTY : 0) | (noseclabel ? SPAWN_NOSECLABEL : 0);
	if ((sigfd = signalfd_block(&mask, tty)) < 0 || send_request(conn, flags, argv, theirs) < 0)
		goto out;
	for (int i = 0; i < 3; i++)
		if (theirs[i] >= 0) {
			close(theirs[i]);
			theirs[i] = -1;
		}
	struct chan chans[RELAY_CHANS];
	int nchan = 0;
	if (tty) {
		struct spawn_msg m;
		if (read_msg(conn, &m, &master) < 0)
			goto out;
		if (m.type != SPAWN_MASTER || master < 0) {
			int st;
			if (final_status(conn, &m, &st) == 0)
				fail("the exec server sent no pty");
			rc = 127;
			goto out;
		}
		chans[nchan++] = (struct chan){master, 1, 0, 0, 1, NULL};
		chans[nchan++] = (struct chan){0, master, 1, 0, 1, NULL};
	} else {
		chans[nchan++] = (struct chan){0, ours[0], 1, 1, 1, NULL};
		ours[0] = -1; /* the channel closes it at the end of our stdin */
		chans[nchan++] = (struct chan){ours[1], 1, 0, 0, 1, NULL};
		if (ours[2] >= 0)
			chans[nchan++] = (struct chan){ours[2], 2, 0, 0, 1, NULL};
	}
	struct termios saved;
	int raw = tty && isatty(0) && tty_make_raw(0, &saved) == 0;
	int status = relay_session(conn, sigfd, chans, nchan, master);
	if (raw)
		tty_restore(0, &saved);
	if (status < 0) {
		rc = 127;
		goto out;
	}
	rc = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	g_err[0] = 0;
	if (!tty && chans[0].open && chans[0].dst >= 0)
		close(chans[0].dst);
out:
	if (g_err[0] && rc != 0)
		print_err();
	int fds[] = {conn, master, sigfd, ours[0], ours[1], ours[2], theirs[0], theirs[1], theirs[2]};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	plan_free(&p);
	return rc;
}
