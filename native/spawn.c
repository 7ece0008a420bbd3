/*
 * spawn.c - the exec server: how `execute` (and connect, logs, reload, the ready check) start
 * a command inside a running sandbox.
 *
 * PID 1 forks the server right before it execs its command, after every init op, Landlock and
 * seccomp: the server, and so every command it starts, is in exactly PID 1's confinement (its
 * namespaces, cgroups, capabilities, Landlock domain, seccomp filter), not in a sibling domain
 * of its own. It is not dumpable and its memory is the host's helper's, so root inside can
 * neither trace it nor take its descriptors. It listens on run-dir/exec.sock, which the
 * monitor bound before the clone (run-dir is host root's, 0700): only host root connects.
 *
 * Nothing of the caller reaches the command: the caller sends pipes it made (stdin, stdout,
 * stderr) or asks for a pty, which the server opens from a detached clone of the sandbox's
 * devpts mount (made by PID 1 before anything inside ran; no path root inside controls is
 * opened) and whose master it sends back. The caller relays between those and its own fds.
 *
 * Protocol (SOCK_STREAM): the caller sends struct spawn_req (with SCM_RIGHTS of the three
 * pipe ends when not a tty) and the NUL-separated argv; then any number of struct spawn_msg
 * {SPAWN_SIGNAL, signo}. The server answers {SPAWN_MASTER} with the master (tty), then one of
 * {SPAWN_EXIT, wait status} or {SPAWN_ERROR, length} followed by the message. A caller that
 * goes away takes its command with it (SIGKILL).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "init.h"
#include "plan.h"
#include "pty.h"
#include "selinux.h"
#include "spawn.h"
#include "util.h"

#define MAX_ARGV_BYTES (1u << 20)
#define MAX_ARGC 65536

int spawn_socket_path(const struct plan *p, char *buf, size_t cap)
{
	const char *run_dir = plan_str(p, OP_RUN_DIR);
	int n = snprintf(buf, cap, "%s/" SPAWN_SOCKET, run_dir);
	if (n < 0 || (size_t)n >= cap || (size_t)n >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return fail_op(p->g[OP_RUN_DIR], "run-dir too long for its exec socket (at most %zu bytes)",
			       sizeof(((struct sockaddr_un *)0)->sun_path) - sizeof("/" SPAWN_SOCKET));
	return 0;
}

static void sockaddr_of(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof *sa);
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, strlen(path));
}

int spawn_listen(const struct plan *p)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	if (spawn_socket_path(p, path, sizeof path) < 0)
		return -1;
	struct sockaddr_un sa;
	sockaddr_of(&sa, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fail_errno("exec socket");
	mode_t old = umask(0077);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof sa);
	umask(old);
	if (rc < 0 || listen(fd, 64) < 0) {
		fail_errno("bind %s", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* ---- the server (inside the sandbox) ---- */

static int send_msg(int conn, int type, int value, const void *extra, size_t len)
{
	struct spawn_msg m = {type, value};
	if (send(conn, &m, sizeof m, MSG_NOSIGNAL) != (ssize_t)sizeof m)
		return -1;
	return len && send(conn, extra, len, MSG_NOSIGNAL) != (ssize_t)len ? -1 : 0;
}

static int send_fd(int conn, int type, int fd)
{
	struct spawn_msg m = {type, 0};
	struct iovec iov = {&m, sizeof m};
	char cbuf[CMSG_SPACE(sizeof(int))];
	memset(cbuf, 0, sizeof cbuf);
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	return sendmsg(conn, &mh, MSG_NOSIGNAL) == (ssize_t)sizeof m ? 0 : -1;
}

/* Reads the request: header with its fds, then argv. Returns argv (malloc) or NULL. */
static char **read_request(int conn, struct spawn_req *rq, int fds[3])
{
	char cbuf[CMSG_SPACE(3 * sizeof(int))];
	struct iovec iov = {rq, sizeof *rq};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof cbuf};
	ssize_t n = recvmsg(conn, &mh, MSG_CMSG_CLOEXEC | MSG_WAITALL);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (size_t i = 0; i < k && i < 3; i++)
				memcpy(&fds[i], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
		}
	if (n != (ssize_t)sizeof *rq || rq->magic != SPAWN_MAGIC || rq->argc == 0 ||
	    rq->argc > MAX_ARGC || rq->len == 0 || rq->len > MAX_ARGV_BYTES)
		return NULL;
	int want_fds = !(rq->flags & SPAWN_TTY);
	if (want_fds && (fds[0] < 0 || fds[1] < 0 || fds[2] < 0))
		return NULL;
	char *buf = malloc(rq->len + 1);
	char **argv = calloc(rq->argc + 1, sizeof(char *));
	if (!buf || !argv || read_all(conn, buf, rq->len) != (ssize_t)rq->len) {
		free(buf);
		free(argv);
		return NULL;
	}
	buf[rq->len] = 0;
	uint32_t k = 0;
	for (char *s = buf; s < buf + rq->len && k < rq->argc; s += strlen(s) + 1)
		argv[k++] = s;
	if (k != rq->argc || buf[rq->len - 1] != 0) {
		free(buf);
		free(argv);
		return NULL;
	}
	return argv;
}

static void command_child(const struct plan *p, const struct spawn_req *rq, char **argv, int slave,
			  const int fds[3], int err_fd)
{
	if (setsid() < 0) {
		fail_errno("setsid");
		child_fail(err_fd);
	}
	if (slave >= 0 && ioctl(slave, TIOCSCTTY, 0) < 0) {
		fail_errno("make the pty the controlling terminal");
		child_fail(err_fd);
	}
	for (int i = 0; i < 3; i++)
		if (dup2(slave >= 0 ? slave : fds[i], i) < 0) {
			fail_errno("dup fd %d", i);
			child_fail(err_fd);
		}
	if ((err_fd > 3 && syscall(SYS_close_range, 3, err_fd - 1, 0) < 0) ||
	    syscall(SYS_close_range, err_fd + 1, ~0U, 0) < 0) {
		fail_errno("close_range");
		child_fail(err_fd);
	}
	if (!(rq->flags & SPAWN_NOSECLABEL) && selinux_set_exec_label(p) < 0)
		child_fail(err_fd);
	exec_cmd(p, NULL, argv);
	child_fail(err_fd);
}

/* One request, in a process of its own: start the command, forward signals, report its end. */
static void session(const struct plan *p, int conn, int ptsfd)
{
	struct spawn_req rq;
	int fds[3] = {-1, -1, -1}, master = -1, slave = -1, err[2];
	signal(SIGCHLD, SIG_DFL);
	char **argv = read_request(conn, &rq, fds);
	if (!argv)
		_exit(1);
	if (rq.flags & SPAWN_TTY) {
		if (ptsfd < 0)
			fail("the sandbox has no devpts: no pty for a command");
		/* through the detached devpts mount: root inside cannot swap it */
		if (ptsfd < 0 || pty_open_at(ptsfd, "ptmx", O_NOFOLLOW, &master, &slave) < 0)
			goto error;
		struct winsize ws = {rq.rows, rq.cols, 0, 0};
		if (rq.rows && rq.cols)
			(void)ioctl(master, TIOCSWINSZ, &ws);
		if (send_fd(conn, SPAWN_MASTER, master) < 0)
			_exit(1);
		close(master);
	}
	if (pipe2(err, O_CLOEXEC) < 0) {
		fail_errno("pipe");
		goto error;
	}
	int pidfd = -1;
	pid_t pid = clone_fork(0, -1, &pidfd);
	if (pid < 0) {
		fail_errno("fork");
		goto error;
	}
	if (pid == 0) {
		close(err[0]);
		close(conn);
		command_child(p, &rq, argv, slave, fds, err[1]);
	}
	close(err[1]);
	if (slave >= 0)
		close(slave);
	for (int i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	char msg[sizeof g_err];
	ssize_t n = read_all(err[0], msg, sizeof msg - 1);
	close(err[0]);
	int status = 0;
	if (n > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		(void)send_msg(conn, SPAWN_ERROR, (int)n, msg, (size_t)n);
		_exit(0);
	}
	int killed = 0;
	for (;;) {
		struct pollfd pf[2] = {{pidfd, POLLIN, 0}, {conn, killed ? 0 : POLLIN, 0}};
		if (poll(pf, 2, -1) < 0 && errno != EINTR)
			break;
		if (pf[0].revents) {
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			(void)send_msg(conn, SPAWN_EXIT, status, NULL, 0);
			_exit(0);
		}
		if (pf[1].revents) {
			struct spawn_msg m;
			ssize_t k = recv(conn, &m, sizeof m, MSG_WAITALL);
			if (k == (ssize_t)sizeof m && m.type == SPAWN_SIGNAL && m.value > 0 && m.value < 65)
				(void)xpidfd_send_signal(pidfd, m.value);
			else if (k <= 0 || k != (ssize_t)sizeof m) {
				/* the caller is gone: so is its command */
				(void)xpidfd_send_signal(pidfd, SIGKILL);
				killed = 1;
			}
		}
	}
	_exit(1);
error:
	(void)send_msg(conn, SPAWN_ERROR, (int)strlen(g_err), g_err, strlen(g_err));
	_exit(0);
}

void spawn_server(const struct plan *p, int listen_fd, int ptsfd, int null_fd)
{
	/* no controlling terminal, no console: the console stays PID 1's */
	(void)setsid();
	for (int i = 0; i < 3; i++)
		(void)dup2(null_fd, i);
	close(null_fd);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	(void)prctl(PR_SET_NAME, "cloister-exec", 0, 0, 0);
	signal(SIGCHLD, SIG_IGN); /* sessions are reaped by the kernel */
	for (;;) {
		int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) {
			if (errno != EINTR && errno != ECONNABORTED)
				(void)poll(NULL, 0, 100); /* EMFILE and friends: do not spin */
			continue;
		}
		pid_t pid = fork();
		if (pid == 0) {
			close(listen_fd);
			session(p, c, ptsfd);
		}
		close(c);
	}
}
