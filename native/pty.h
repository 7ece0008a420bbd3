/* pty.h - ptys, the caller's terminal, and the relay between the sandbox's stdio and the caller's. */
#ifndef CLOISTER_PTY_H
#define CLOISTER_PTY_H

#include <signal.h>
#include <sys/types.h>
#include <termios.h>

int pty_open(const char *ptmx, int *master, int *slave);
int pty_open_at(int dirfd, const char *ptmx, int flags, int *master, int *slave);
int same_output(void);   /* fds 1 and 2 are one file */
int tty_make_raw(int fd, struct termios *saved);
void tty_restore(int fd, const struct termios *saved);
void tty_copy_winsize(int from, int to);
/* A log file the relay rotates: at MAX bytes PATH becomes PATH.1 (the older one goes). */
struct log_sink {
	const char *path;
	long long max;       /* 0: unbounded */
	long long size;
};
/* One direction of a relay: what src yields is written to dst. */
struct chan {
	int src, dst;
	int input;         /* the caller's input to the child (not drained at the end) */
	int close_dst;     /* dst is ours: closed when src ends, so the child sees EOF */
	int open;
	struct log_sink *sink;   /* dst is this log, or NULL */
};
int chan_pump(struct chan *c, char *buf);     /* 1 once src has ended */
void chans_drain(struct chan *chans, int n, char *buf);
#define RELAY_CHANS 3
struct relay {
	int sigfd;         /* signalfd: SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT?, SIGWINCH */
	int master;        /* pty master or -1 */
	int winsize_from;  /* the caller's terminal, copied to master on SIGWINCH, or -1 */
	struct chan chan[RELAY_CHANS];
	int nchan;
	pid_t child;
	int child_pidfd;   /* for forwarding signals, or -1 */
	int stop_signal;   /* SIGTERM/SIGINT/SIGHUP are forwarded as this (0: as themselves) */
	int notify_fd;     /* sd_notify socket read and dropped, or -1 */
	int status;        /* wait status of child, set on return */
};
int relay_run(struct relay *r);
int signalfd_block(sigset_t *old, int winch);

#endif
