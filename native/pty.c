/* pty.c - pseudo-terminals, raw mode, and the poll loop that relays a pty and signals. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "notify.h"
#include "pty.h"
#include "util.h"

#define RELAY_BUF 16384

/* A new pty from the multiplexer PATH beneath DIRFD (AT_FDCWD: a path of the caller's), opened with
 * FLAGS added (O_NOFOLLOW where the path is not ours to trust). */
int pty_open_at(int dirfd, const char *ptmx, int flags, int *master, int *slave)
{
	int unlock = 0, n;
	*master = *slave = -1;
	int m = openat(dirfd, ptmx, O_RDWR | O_NOCTTY | O_CLOEXEC | flags);
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

int pty_open(const char *ptmx, int *master, int *slave)
{
	return pty_open_at(AT_FDCWD, ptmx, 0, master, slave);
}

/* Whether our stdout and stderr are one file (`2>&1`): the child then gets one pipe for both, so
 * that its output keeps its order. */
int same_output(void)
{
	struct stat a, b;
	return fstat(1, &a) == 0 && fstat(2, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
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

/* Before writing LEN more bytes to a log at its limit: PATH → PATH.1, a new PATH on the same fd number. */
static void rotate(struct chan *c, size_t len)
{
	struct log_sink *l = c->sink;
	if (!l || !l->max || l->size + (long long)len <= l->max)
		return;
	char old[4200];
	snprintf(old, sizeof old, "%s.1", l->path);
	int fd = -1;
	if (rename(l->path, old) == 0)
		fd = open(l->path, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	if (fd >= 0) {
		(void)dup3(fd, c->dst, O_CLOEXEC);
		close(fd);
		l->size = 0;
	} else if (ftruncate(c->dst, 0) == 0) {
		l->size = 0; /* cannot rotate: start over rather than grow */
	}
}

/* Copies what src has now into dst; 0 while the channel is open, 1 once src has ended. */
int chan_pump(struct chan *c, char *buf)
{
	ssize_t k = read(c->src, buf, RELAY_BUF);
	if (k < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (k <= 0) {
		/* EOF, or EIO from a pty master whose every slave is closed */
		c->open = 0;
		if (c->close_dst && c->dst >= 0) {
			close(c->dst);
			c->dst = -1;
		}
		return 1;
	}
	if (c->dst >= 0)
		rotate(c, (size_t)k);
	if (c->dst >= 0 && c->sink)
		c->sink->size += k;
	if (c->dst >= 0 && write_all(c->dst, buf, (size_t)k) < 0) {
		if (c->input) {
			/* the child does not read its input any more */
			if (c->close_dst)
				close(c->dst);
			c->dst = -1;
			c->open = 0;
			return 1;
		}
		c->dst = -1; /* our reader is gone: keep reading so the writer does not block */
	}
	return 0;
}

/*
 * After the child exited, its last output may still be on its way (the tty layer pushes it to
 * the master asynchronously): read each output channel until it ends, or until nothing came
 * for 50 ms (a process left in the sandbox still holds the other end).
 */
void chans_drain(struct chan *chans, int n, char *buf)
{
	for (int i = 0; i < n; i++) {
		struct chan *c = &chans[i];
		if (!c->open || c->input)
			continue;
		int fl = fcntl(c->src, F_GETFL);
		if (fl >= 0)
			(void)fcntl(c->src, F_SETFL, fl | O_NONBLOCK);
		while (c->open) {
			struct pollfd pf = {c->src, POLLIN, 0};
			int p = poll(&pf, 1, 50);
			if (p < 0 && errno == EINTR)
				continue;
			if (p <= 0)
				break;
			(void)chan_pump(c, buf);
		}
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
				if (r->winsize_from >= 0 && r->master >= 0)
					tty_copy_winsize(r->winsize_from, r->master);
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
	/* a child that exited before the loop started still left its SIGCHLD pending */
	while (!done) {
		struct pollfd pf[2 + RELAY_CHANS];
		int n = 0, in = -1, ci[RELAY_CHANS];
		pf[n++] = (struct pollfd){r->sigfd, POLLIN, 0};
		if (r->notify_fd >= 0) {
			in = n;
			pf[n++] = (struct pollfd){r->notify_fd, POLLIN, 0};
		}
		for (int i = 0; i < r->nchan; i++) {
			ci[i] = -1;
			if (r->chan[i].open) {
				ci[i] = n;
				pf[n++] = (struct pollfd){r->chan[i].src, POLLIN, 0};
			}
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
		for (int i = 0; i < r->nchan; i++)
			if (ci[i] >= 0 && pf[ci[i]].revents && r->chan[i].open &&
			    chan_pump(&r->chan[i], buf) && r->chan[i].src == r->master)
				for (int j = 0; j < r->nchan; j++)
					r->chan[j].open = 0; /* EIO: every slave fd is closed */
	}
	chans_drain(r->chan, r->nchan, buf);
	return 0;
}
