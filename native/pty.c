/* pty.c - pseudo-terminals, raw mode, and the poll loop that relays a pty and signals. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include "helper.h"

#define RELAY_BUF 16384

int pty_open(const char *ptmx, int *master, int *slave)
{
	int unlock = 0, n;
	*master = *slave = -1;
	int m = open(ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return fail_errno("open %s", ptmx);
	if (ioctl(m, TIOCGPTN, &n) < 0) {
		fail_errno("%s is not a pty multiplexer", ptmx);
		close(m);
		return -1;
	}
	if (ioctl(m, TIOCSPTLCK, &unlock) < 0) {
		fail_errno("unlock pty");
		close(m);
		return -1;
	}
	int s = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0) {
		fail_errno("open pty peer");
		close(m);
		return -1;
	}
	*master = m;
	*slave = s;
	return 0;
}

int tty_make_raw(int fd, struct termios *saved)
{
	struct termios t;
	if (tcgetattr(fd, saved) < 0)
		return fail_errno("tcgetattr");
	t = *saved;
	cfmakeraw(&t);
	if (tcsetattr(fd, TCSANOW, &t) < 0)
		return fail_errno("tcsetattr");
	return 0;
}

void tty_restore(int fd, const struct termios *saved)
{
	(void)tcsetattr(fd, TCSADRAIN, saved);
}

void tty_copy_winsize(int from, int to)
{
	struct winsize ws;
	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(to, TIOCSWINSZ, &ws);
}

int signalfd_block(sigset_t *old, int winch)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE); /* writes to a gone reader fail with EPIPE instead */
	if (winch)
		sigaddset(&set, SIGWINCH);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return fail_errno("sigprocmask");
	sigdelset(&set, SIGPIPE);
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return fail_errno("signalfd");
	return fd;
}

/*
 * After the child exited, its last output may still be on its way through the tty layer (the
 * kernel pushes it to the master asynchronously): read until EIO (every slave closed), or
 * until nothing came for 50 ms (a process left in the sandbox still holds the slave).
 */
static void drain_master(struct relay *r, char *buf)
{
	int fl = fcntl(r->master, F_GETFL);
	if (fl >= 0)
		(void)fcntl(r->master, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		struct pollfd pf = {r->master, POLLIN, 0};
		int p = poll(&pf, 1, 50);
		if (p < 0 && errno == EINTR)
			continue;
		if (p <= 0)
			break;
		ssize_t n = read(r->master, buf, RELAY_BUF);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		if (r->out_fd >= 0 && write_all(r->out_fd, buf, (size_t)n) < 0)
			r->out_fd = -1;
	}
}

static int handle_signals(struct relay *r, int *done)
{
	struct signalfd_siginfo si[8];
	for (;;) {
		ssize_t n = read(r->sigfd, si, sizeof si);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return fail_errno("read signalfd");
		}
		for (size_t i = 0; i < (size_t)n / sizeof si[0]; i++) {
			int sig = (int)si[i].ssi_signo;
			if (sig == SIGCHLD) {
				int st;
				pid_t w;
				while ((w = waitpid(-1, &st, WNOHANG)) > 0)
					if (w == r->child) {
						r->status = st;
						*done = 1;
					}
			} else if (sig == SIGWINCH) {
				if (r->in_fd >= 0 && r->master >= 0)
					tty_copy_winsize(r->in_fd, r->master);
			} else if (!*done) {
				int fwd = r->stop_signal ? r->stop_signal : sig;
				if (r->child_pidfd >= 0)
					(void)xpidfd_send_signal(r->child_pidfd, fwd);
				else
					(void)kill(r->child, fwd);
			}
		}
	}
}

int relay_run(struct relay *r)
{
	char buf[RELAY_BUF];
	int done = 0;
	int master_open = r->master >= 0, in_open = r->in_fd >= 0 && r->master >= 0;
	/* a child that exited before the loop started still left its SIGCHLD pending */
	while (!done) {
		struct pollfd pf[4];
		int n = 0, im = -1, ii = -1, in = -1;
		pf[n++] = (struct pollfd){r->sigfd, POLLIN, 0};
		if (r->notify_fd >= 0) {
			in = n;
			pf[n++] = (struct pollfd){r->notify_fd, POLLIN, 0};
		}
		if (master_open) {
			im = n;
			pf[n++] = (struct pollfd){r->master, POLLIN, 0};
		}
		if (in_open) {
			ii = n;
			pf[n++] = (struct pollfd){r->in_fd, POLLIN, 0};
		}
		if (poll(pf, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno("poll");
		}
		if (pf[0].revents && handle_signals(r, &done) < 0)
			return -1;
		if (in >= 0 && pf[in].revents)
			(void)notify_drain(r->notify_fd);
		if (im >= 0 && pf[im].revents) {
			ssize_t k = read(r->master, buf, sizeof buf);
			if (k > 0) {
				if (r->out_fd >= 0 && write_all(r->out_fd, buf, (size_t)k) < 0)
					r->out_fd = -1;
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				master_open = 0; /* EIO: every slave fd is closed */
				in_open = 0;
			}
		}
		if (ii >= 0 && pf[ii].revents && in_open) {
			ssize_t k = read(r->in_fd, buf, sizeof buf);
			if (k > 0) {
				if (write_all(r->master, buf, (size_t)k) < 0)
					in_open = 0;
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				in_open = 0;
			}
		}
	}
	if (master_open)
		drain_master(r, buf);
	return 0;
}
