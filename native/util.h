/* util.h - the helper's one error convention, and small checked I/O helpers (util.c).
 *
 * Errors: a function that fails sets the message in g_err with one of the fail* calls and
 * returns -1 (or NULL); a caller either passes the -1 on (the message stands) or adds its
 * context in front with fail_wrap. main prints g_err once, with print_err. fail_op names the
 * plan line and its op; the *_errno forms append ": strerror(errno)" and keep errno. */
#ifndef CLOISTER_UTIL_H
#define CLOISTER_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROG "cloister-helper"

struct op;

extern char g_err[4096];
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail_op(const struct op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_op_errno(const struct op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_wrap(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* "CONTEXT: <g_err>" */
void print_err(void);                       /* "cloister-helper: <g_err>\n" to stderr */
int write_all(int fd, const void *buf, size_t len);
ssize_t read_all(int fd, void *buf, size_t cap);
/* reads a whole small file (one read usually); buf is NUL-terminated */
ssize_t read_small_file(int dirfd, const char *path, char *buf, size_t cap);
int write_str_file(int dirfd, const char *path, const char *data);
int write_file_atomic(const char *path, const char *data, mode_t mode);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
pid_t clone_fork(uint64_t flags, int cgroup_fd, int *pidfd); /* clone3, fork-like; cgroup_fd -1: the parent's */
int xpidfd_open(pid_t pid);
int xpidfd_send_signal(int pidfd, int sig);

#endif
