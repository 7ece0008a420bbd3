/* helper.h - shared declarations of the Cloister helper modules. */
#ifndef CLOISTER_HELPER_H
#define CLOISTER_HELPER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>
#include <termios.h>
#include "plan.h"

#define PROG "cloister-helper"

/* ---- util.c: error buffer and small I/O helpers ---- */
extern char g_err[4096];
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail_op(const struct op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_op_errno(const struct op *op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
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

/* ---- state.c ---- */
struct state {
	pid_t monitor_pid;
	unsigned long long monitor_start;
	pid_t init_pid;
	unsigned long long init_start;
	char *cgroups[MAX_CGROUPS];
	int ncg;
	long long started;
};
int proc_start_time(pid_t pid, unsigned long long *ticks);
int proc_alive(pid_t pid, unsigned long long start);   /* 1: that process runs (a zombie does not) */
int state_write(const char *run_dir, const struct state *s);
int state_read(const char *run_dir, struct state *s); /* 0 ok, 1 missing, -1 error */
void state_free(struct state *s);
int exit_record_write(const char *path, const char *line);
int exit_record_started(const char *path);

/* ---- cgroup.c ---- */
int cgroups_resolve(struct plan *p);
int cgroups_create(struct plan *p);
/* PID 1's way into its cgroups: v1 "tasks" fds it writes 0 to, the v2 cgroup it is cloned into */
struct cgroup_entry {
	int tasks[MAX_CGROUPS];
	int ntasks;
	int v2fd;
};
int cgroups_open_entry(struct plan *p, struct cgroup_entry *e);
void cgroups_close_entry(struct cgroup_entry *e);
int cgroups_enter_self(const struct cgroup_entry *e);   /* in PID 1 */
int cgroups_add_pid(struct plan *p, pid_t pid);   /* the cgroups PID 1 did not enter */
int cgroup_join(const char *dir, const char *leaf, int *v2fd); /* v1 joined; v2 (its LEAF child): an fd for clone_fork */
int cgroup_remove(const char *dir, int timeout_ms);  /* ENOENT is success */
int cgroups_destroy(struct plan *p);   /* the created ones; -1: the first failure */

/* ---- systemd.c (plan ops systemd-unit, machine) ---- */
int systemd_enter_unit(struct plan *p);        /* the monitor into its delegated unit */
int machine_register(const struct plan *p, pid_t leader);
int machine_unregister(const struct plan *p);   /* NoSuchMachine is success */

/* ---- userns.c ---- */
int userns_write_maps(const struct plan *p, pid_t pid);
int userns_idmap_fd(const struct plan *p);   /* fd of a user ns with the plan's mapping */

/* ---- owner.c: PID 1 below a user namespace the sandbox's host uid owns (userns-parent) ---- */
pid_t owner_clone_pid1(const struct plan *p, int cgroup_fd, int *pidfd); /* 0 in PID 1 */

/* ---- mounts.c ---- */
int resolve_in_root(int rootfd, const char *abspath, int oflags);     /* O_PATH fd */
int resolve_parent(int rootfd, const char *abspath, int create, const char **leaf);
int open_host_path(const char *path, int oflags);
int mount_root_tmpfs(const struct plan *p, const char *rootfs, int *rootfd);
int run_mount_ops(const struct plan *p, int rootfd, int idmap_fd);
int mount_root_readonly(const struct plan *p, int rootfd);
int bind_fd_onto(const struct op *op, int rootfd, int srcfd, const char *dst, int create);
int fs_mount_at(const struct op *op, int dstfd, const char *fstype, const char *options,
		unsigned attrs);
unsigned mf_to_attr(unsigned mf);
int mount_mask(const struct op *op, int rootfd);
int mount_readonly(const struct op *op, int rootfd);
int cmd_check_bind(const char *plan_path, int nsrc, char **srcs);

/* ---- pty.c ---- */
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

/* ---- spawn.c: the exec server inside the sandbox, and its protocol ---- */
#define SPAWN_SOCKET "exec.sock"     /* in run-dir */
#define SPAWN_MAGIC 0x58454c43u      /* "CLEX" */
#define SPAWN_TTY 1u
#define SPAWN_NOSECLABEL 2u
struct spawn_req {
	uint32_t magic, flags, argc, len;   /* len: bytes of the NUL-separated argv that follow */
	uint16_t rows, cols;                /* initial window size of a tty (0: none) */
};
enum spawn_type { SPAWN_SIGNAL = 1, SPAWN_MASTER, SPAWN_EXIT, SPAWN_ERROR };
struct spawn_msg {
	int32_t type, value;                /* SIGNAL: signo; EXIT: wait status; ERROR: length */
};
int spawn_socket_path(const struct plan *p, char *buf, size_t cap);
int spawn_listen(const struct plan *p);                 /* the monitor, before the clone */
void spawn_server(const struct plan *p, int listen_fd, int ptsfd, int null_fd)
	__attribute__((noreturn));                      /* forked by PID 1 before its exec */

/* ---- notify.c ---- */
int notify_open(const struct plan *p);
int notify_drain(int fd);
int notify_wait_ready(const struct plan *p, int fd, int sigfd, pid_t pid, int pidfd);
void notify_supervisor(pid_t mainpid);

/* ---- caps.c ---- */
int caps_bound(const struct op *op);
int caps_set(const struct op *op);

/* ---- landlock.c ---- */
int landlock_apply(const struct plan *p);
int selinux_exec_label(const struct op *o);
int selinux_set_exec_label(const struct plan *p);
int selinux_enter_level(const struct plan *p);

/* ---- seccomp.c ---- */
int seccomp_load(const struct plan *p);

/* ---- init.c (PID 1) ---- */
struct pid1_ctx {
	int go_fd;             /* read end: a byte from the monitor means "maps written, go" */
	int err_fd;            /* write end, close-on-exec: error message on failure */
	int monitor_pidfd;     /* readable once the monitor has exited */
	int console_fd;        /* pty slave or -1 */
	int stdio[3];          /* without a console: pipes to the monitor, dup'd to 0-2 (or -1) */
	int spawn_fd;          /* the exec server's listening socket, or -1 */
	mode_t umask;          /* the caller's umask, restored before exec */
	sigset_t sigmask;      /* to restore before exec */
	const struct cgroup_entry *cgroups;   /* entered first thing */
};
void pid1_main(struct plan *p, struct pid1_ctx *c) __attribute__((noreturn));
void child_fail(int err_fd) __attribute__((noreturn));
int exec_cmd(const struct plan *p, const struct op *op, char *const argv[]);

/* ---- start.c / monitor.c / enter.c ---- */
int cmd_start(const char *plan_path, int attach);
int cmd_execute(const char *plan_path, int noseclabel, int tty, char **argv);
int cmd_stop(const char *plan_path, int timeout_ms);   /* timeout_ms -1: the plan's stop-timeout */
int cmd_check(const char *plan_path);        /* check.c */
int cmd_ops(void);                           /* check.c */
int cmd_copy_tree(int argc, char **argv);   /* copy.c; 2 = usage error */
int image_mount(const char *image, const char *dir);
int image_unmount(const char *dir);
int monitor_run(struct plan *p, struct relay *r, const struct termios *saved_tty);
int monitor_finish(struct plan *p, int status);   /* exit record + cleanup; exit code */
int cleanup_run_dir(const struct plan *p);

/* ---- stop.c: the one stop, of `stop` and of a start whose ready check failed ---- */
/* timeout_ms -1: the plan's stop-timeout. 1 stopped (gone now), 0 no live monitor, -1 error */
int monitor_stop(const struct plan *p, const struct state *s, int timeout_ms);

/* ---- cleanup.c: what a sandbox holds while it runs, released in one order ---- */
int sandbox_cleanup(struct plan *p, const struct state *s);   /* s: a killed monitor's record */
int plan_lock(const struct plan *p, int wait);   /* the sandbox's lock: fd, -1 error, -2 busy */
/* caller holds the lock: 0 cleaned up (*cleaned: a killed monitor's) or nothing to do,
 * 1 a monitor runs, -1 error */
int cleanup_after_monitor(struct plan *p, int *cleaned);
int cmd_cleanup(const char *plan_path);
int cmd_net_release(int argc, char **argv);

#endif
