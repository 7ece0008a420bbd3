/* util.c - error reporting and small, checked I/O helpers. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include "plan.h"
#include "util.h"

char g_err[4096];

static void vset(const struct op *op, int err, const char *fmt, va_list ap)
{
	size_t n = 0;
	if (op)
		n = (size_t)snprintf(g_err, sizeof g_err, "plan line %d: %s: ", op->line,
				     op_name(op->id));
	if (n >= sizeof g_err)
		n = sizeof g_err - 1;
	int m = vsnprintf(g_err + n, sizeof g_err - n, fmt, ap);
	if (m > 0)
		n += (size_t)m;
	if (n >= sizeof g_err)
		n = sizeof g_err - 1;
	if (err)
		snprintf(g_err + n, sizeof g_err - n, ": %s", strerror(err));
}

int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(NULL, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_errno(const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	vset(NULL, e, fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

/* Puts context in front of the message a callee left: g_err becomes "CONTEXT: <g_err>", as
 * crun's crun_error_wrap does. errno is kept. */
int fail_wrap(const char *fmt, ...)
{
	int e = errno;
	char inner[sizeof g_err];
	memcpy(inner, g_err, sizeof inner);
	va_list ap;
	va_start(ap, fmt);
	vset(NULL, 0, fmt, ap);
	va_end(ap);
	size_t n = strlen(g_err);
	(void)snprintf(g_err + n, sizeof g_err - n, ": %s", inner);
	errno = e;
	return -1;
}

int fail_op(const struct op *op, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset(op, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int fail_op_errno(const struct op *op, const char *fmt, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, fmt);
	vset(op, e, fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

void print_err(void)
{
	char buf[sizeof g_err + 64];
	int n = snprintf(buf, sizeof buf, PROG ": %s\n", g_err);
	if (n > 0)
		(void)write_all(2, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *b = buf;
	while (len > 0) {
		ssize_t w = write(fd, b, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += w;
		len -= (size_t)w;
	}
	return 0;
}

ssize_t read_all(int fd, void *buf, size_t cap)
{
	size_t n = 0;
	char *b = buf;
	while (n < cap) {
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	return (ssize_t)n;
}

ssize_t read_small_file(int dirfd, const char *path, char *buf, size_t cap)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return -1;
	ssize_t n = read_all(fd, buf, cap - 1);
	int e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return -1;
	}
	if ((size_t)n == cap - 1) {
		errno = EFBIG;
		return -1;
	}
	buf[n] = 0;
	return n;
}

int write_str_file(int dirfd, const char *path, const char *data)
{
	int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0)
		return -1;
	size_t len = strlen(data);
	ssize_t w;
	do
		w = write(fd, data, len);
	while (w < 0 && errno == EINTR);
	int e = errno;
	if (close(fd) < 0 && w >= 0) {
		return -1;
	}
	if (w < 0) {
		errno = e;
		return -1;
	}
	if ((size_t)w != len) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int write_file_atomic(const char *path, const char *data, mode_t mode)
{
	char *tmp = xasprintf("%s.tmp", path);
	if (!tmp)
		return -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		errno = e;
		return -1;
	}
	/* no fsync: these are runtime records; rename gives atomicity against a killed writer */
	int rc = write_all(fd, data, strlen(data));
	int e = errno;
	if (close(fd) < 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, path) < 0) {
		rc = -1;
		e = errno;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	errno = e;
	return rc;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		fail_errno("strdup");
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail_errno("out of memory");
		return NULL;
	}
	return s;
}

/* struct clone_args of clone3(2), defined here to avoid linux/sched.h vs sched.h clashes */
struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		set_tid, set_tid_size, cgroup;
};

pid_t clone_fork(uint64_t flags, int cgroup_fd, int *pidfd)
{
	struct clone_args_ a;
	memset(&a, 0, sizeof a);
	a.flags = flags;
	if (cgroup_fd >= 0) {
		a.flags |= 0x200000000ULL; /* CLONE_INTO_CGROUP */
		a.cgroup = (uint64_t)cgroup_fd;
	}
	if (pidfd) {
		a.flags |= 0x00001000ULL; /* CLONE_PIDFD */
		a.pidfd = (uint64_t)(uintptr_t)pidfd;
	}
	/* with CLONE_PARENT the child signals our parent as we do: clone3 wants 0 here */
	a.exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD;
	return (pid_t)syscall(SYS_clone3, &a, sizeof a);
}

int xpidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

int xpidfd_send_signal(int pidfd, int sig)
{
	return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
}
