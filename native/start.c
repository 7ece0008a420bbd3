/* start.c - `start`: checks under the lock, the detach handshake, and building the
 * sandbox up to PID 1's exec. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "cgroup.h"
#include "cleanup.h"
#include "enter.h"
#include "image.h"
#include "init.h"
#include "monitor.h"
#include "mounts.h"
#include "net.h"
#include "netplan.h"
#include "notify.h"
#include "owner.h"
#include "plan.h"
#include "pty.h"
#include "selinux.h"
#include "spawn.h"
#include "start.h"
#include "state.h"
#include "stop.h"
#include "systemd.h"
#include "userns.h"
#include "util.h"

/* A live monitor is an error; a dead one's leftovers are removed (cleanup.c). A delete that
 * won the lock first has taken the plan away. */
static int check_previous(struct plan *p, const char *plan_path)
{
	const char *name = plan_str(p, OP_NAME) ? plan_str(p, OP_NAME) : plan_path;
	struct stat st;
	if (stat(plan_path, &st) < 0)
		return fail_errno("%s: its plan %s is gone (deleted meanwhile?)", name, plan_path);
	int cleaned;
	int r = cleanup_after_monitor(p, &cleaned);
	if (r == 1)
		return fail("%s is already running", name);
	if (r < 0) {
		char e[sizeof g_err];
		memcpy(e, g_err, sizeof e);
		return fail("cannot clean up after a killed monitor: %s", e);
	}
	return cleanup_run_dir(p);
}

/* The monitor's record before PID 1 exists: the cgroups it is about to make, so that a
 * cleanup after a kill knows them (they are resolved against this process's cgroups). */
static int record_start(const struct plan *p)
{
	struct state s;
	memset(&s, 0, sizeof s);
	s.monitor_pid = getpid();
	for (int i = 0; i < p->ncg; i++)
		s.cgroups[s.ncg++] = p->cg[i].dir;
	s.started = (long long)time(NULL);
	if (proc_start_time(s.monitor_pid, &s.monitor_start) < 0)
		return fail_errno("read process start time");
	return state_write(plan_str(p, OP_RUN_DIR), &s);
}

/* "started T" in the exit record: a monitor killed from now on leaves a run whose end is
 * unknown, and the cleanup after it says so ("lost"). */
static int record_run(const struct plan *p, long long started)
{
	const char *exit_file = plan_str(p, OP_EXIT_FILE);
	char rec[64];
	snprintf(rec, sizeof rec, "started %lld\n", started);
	if (exit_file && exit_record_write(exit_file, rec) < 0)
		return fail_op_errno(p->g[OP_EXIT_FILE], "write %s", exit_file);
	return 0;
}

struct build {
	int rootfd, idmap_fd, hostmnt, master, slave, log_fd, sigfd, pidfd, selfpidfd, notify_fd, spawn_fd;
	int child_stdio[3], our_stdio[3];   /* without a console: PID 1's pipe ends, and ours */
	pid_t pid;
	int in_private_ns, run_dir_made;
	struct cgroup_entry cgroups;
	sigset_t oldmask;
};

static struct log_sink console_log;

static int open_log(const struct plan *p)
{
	const char *path = plan_str(p, OP_LOG_FILE);
	if (!path)
		return -1;
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	if (fd < 0)
		return fail_op_errno(p->g[OP_LOG_FILE], "open %s", path) - 1;
	struct stat st;
	const struct op *o = p->g[OP_LOG_FILE];
	console_log = (struct log_sink){path, o->argc == 2 ? (long long)o->num[0] : 0,
					fstat(fd, &st) == 0 ? (long long)st.st_size : 0};
	return fd;
}

static int setup_console(struct plan *p, struct build *b, int tty)
{
	if (pty_open("/dev/ptmx", &b->master, &b->slave) < 0)
		return fail_op(p->console, "console: %s", g_err);
	/* owned by root of the sandbox so that its processes may reopen /dev/console */
	if (p->have_userns && fchown(b->slave, (uid_t)p->uid_out, (gid_t)p->uid_out) < 0)
		return fail_op_errno(p->console, "chown console");
	if (tty) {
		struct termios t;
		if (tcgetattr(0, &t) == 0)
			(void)tcsetattr(b->slave, TCSANOW, &t);
		tty_copy_winsize(0, b->master);
	}
	return bind_fd_onto(p->console, b->rootfd, b->slave, p->console->argv[0], 1);
}

static void close_fds(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

/*
 * Without a console PID 1 gets pipes the monitor relays (to the caller's stdio with --attach,
 * to the log otherwise): never the caller's own descriptors, which a process inside could
 * take (pidfd_getfd) to read the administrator's terminal.
 */
static int stdio_pipes(struct build *b, int merged)
{
	for (int i = 0; i < 3; i++) {
		int fd[2];
		if (i == 2 && merged) {
			/* one file for both (the log, or the caller's 2>&1): one pipe keeps the order */
			if ((b->child_stdio[2] = fcntl(b->child_stdio[1], F_DUPFD_CLOEXEC, 3)) < 0)
				return fail_errno("dup");
			return 0;
		}
		if (pipe2(fd, O_CLOEXEC) < 0)
			return fail_errno("pipe");
		b->child_stdio[i] = i == 0 ? fd[0] : fd[1];
		b->our_stdio[i] = i == 0 ? fd[1] : fd[0];
	}
	return 0;
}

/* What the monitor relays once PID 1 runs: the console's master, or PID 1's pipes. */
static void relay_chans(struct relay *r, struct build *b, int attach, int tty)
{
	int out = attach ? 1 : b->log_fd;
	struct log_sink *log = attach || b->log_fd < 0 ? NULL : &console_log;
	if (b->master >= 0) {
		r->chan[r->nchan++] = (struct chan){b->master, out, 0, 0, 1, log};
		if (tty)
			r->chan[r->nchan++] = (struct chan){0, b->master, 1, 0, 1, NULL};
		return;
	}
	r->chan[r->nchan++] = (struct chan){b->our_stdio[1], out, 0, 0, 1, log};
	if (b->our_stdio[2] >= 0)
		r->chan[r->nchan++] = (struct chan){b->our_stdio[2], attach ? 2 : b->log_fd, 0, 0, 1, log};
	if (attach)
		r->chan[r->nchan++] = (struct chan){0, b->our_stdio[0], 1, 1, 1, NULL};
	else
		close_fds(&b->our_stdio[0], 1);
}

/* Everything up to PID 1's successful exec. On failure the caller undoes it. */
static int build_sandbox(struct plan *p, struct build *b, int attach, int tty, int lockfd,
			 int status_fd)
{
	const char *run_dir = plan_str(p, OP_RUN_DIR);
	char rootfs[4200];
	snprintf(rootfs, sizeof rootfs, "%s/rootfs", run_dir);
	if (systemd_enter_unit(p) < 0)
		return -1;
	mode_t old_umask = umask(0);

	if (mkdir(run_dir, 0700) < 0)
		return fail_op_errno(p->g[OP_RUN_DIR], "mkdir %s", run_dir);
	b->run_dir_made = 1;
	if (p->g[OP_NOTIFY_SOCKET] && (b->notify_fd = notify_open(p)) < 0)
		return -1;
	if ((b->spawn_fd = spawn_listen(p)) < 0)
		return -1;
	b->hostmnt = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (b->hostmnt < 0)
		return fail_errno("open /proc/self/ns/mnt");
	if (unshare(CLONE_NEWNS) < 0)
		return fail_errno("unshare mount namespace");
	b->in_private_ns = 1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail_errno("make / private");
	if (p->has_idmap && (b->idmap_fd = userns_idmap_fd(p)) < 0)
		return -1;
	if (mount_root_tmpfs(p, rootfs, &b->rootfd) < 0 || run_mount_ops(p, b->rootfd, b->idmap_fd) < 0)
		return -1;
	if (b->idmap_fd >= 0) {
		close(b->idmap_fd);
		b->idmap_fd = -1;
	}
	if (cgroups_resolve(p) < 0 || record_start(p) < 0 || cgroups_create(p) < 0 ||
	    cgroups_open_entry(p, &b->cgroups) < 0)
		return -1;
	if (p->console && (!attach || tty) && setup_console(p, b, tty) < 0)
		return -1;
	if (mount_root_readonly(p, b->rootfd) < 0)
		return -1;
	if (!attach && (b->log_fd = open_log(p)) < -1)
		return -1;
	if (b->master < 0 && stdio_pipes(b, !attach || same_output()) < 0)
		return -1;
	if ((b->sigfd = signalfd_block(&b->oldmask, tty)) < 0)
		return -1;

	if ((b->selfpidfd = xpidfd_open(getpid())) < 0)
		return fail_errno("pidfd_open");
	int go[2], err[2];
	if (pipe2(go, O_CLOEXEC) < 0)
		return fail_errno("pipe");
	if (pipe2(err, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		return fail_errno("pipe");
	}
	/* PID 1 starts with the staging root as its working directory (see init.c) */
	if (fchdir(b->rootfd) < 0) {
		close(go[0]);
		close(go[1]);
		close(err[0]);
		close(err[1]);
		return fail_errno("chdir to the staging root");
	}
	b->pid = p->g[OP_USERNS_PARENT] ? owner_clone_pid1(p, b->cgroups.v2fd, &b->pidfd)
		: clone_fork((uint64_t)(p->ns_flags & ~CLONE_NEWCGROUP), b->cgroups.v2fd, &b->pidfd);
	if (b->pid == 0) {
		struct pid1_ctx c = {go[0], err[1], b->selfpidfd, b->slave,
				     {b->child_stdio[0], b->child_stdio[1], b->child_stdio[2]}, b->spawn_fd,
				     old_umask, b->oldmask, &b->cgroups};
		close(go[1]);
		close(err[0]);
		if (lockfd >= 0)
			close(lockfd);
		if (status_fd >= 0)
			close(status_fd);
		pid1_main(p, &c);
	}
	int e = errno;
	close(go[0]);
	close(err[1]);
	cgroups_close_entry(&b->cgroups);
	close_fds(b->child_stdio, 3);
	close_fds(&b->spawn_fd, 1); /* the exec server inside holds it now */
	if (b->pid < 0) {
		close(go[1]);
		close(err[0]);
		errno = e;
		return p->g[OP_USERNS_PARENT] ? -1 : fail_errno("clone PID 1 (namespaces 0x%x)", (unsigned)p->ns_flags);
	}
	umask(old_umask);
	/* PID 1 has its own copies now; ours would only pin the private namespace's mounts */
	close(b->rootfd);
	close(b->selfpidfd);
	b->rootfd = b->selfpidfd = -1;
	if (chdir("/") < 0) {
		fail_errno("chdir /");
		goto fail_pipes;
	}
	/* back to the host's mount namespace: only PID 1's namespace holds the new root now */
	if (setns(b->hostmnt, CLONE_NEWNS) < 0) {
		fail_errno("return to the host mount namespace");
		goto fail_pipes;
	}
	b->in_private_ns = 0;
	close(b->hostmnt);
	b->hostmnt = -1;
	/* with userns-parent, PID 1's maps are its owner's to write (owner.c) */
	if ((p->ns_flags & CLONE_NEWUSER) && !p->g[OP_USERNS_PARENT] && userns_write_maps(p, b->pid) < 0)
		goto fail_pipes;
	if (cgroups_add_pid(p, b->pid) < 0)
		goto fail_pipes;
	if (!net_plan_empty(&p->net)) {
		if (net_setup(&p->net, b->pid) < 0) {
			fail_wrap("network");
			goto fail_pipes;
		}
	}
	if (machine_register(p, b->pid) < 0)
		goto fail_pipes;
	if (write_all(go[1], "g", 1) < 0) {
		fail_errno("start PID 1");
		goto fail_pipes;
	}
	close(go[1]);
	char msg[sizeof g_err];
	ssize_t n = read_all(err[0], msg, sizeof msg - 1);
	close(err[0]);
	if (n < 0)
		return fail_errno("read PID 1's status");
	if (n > 0) {
		msg[n] = 0;
		snprintf(g_err, sizeof g_err, "%s", msg);
		return -1;
	}
	return 0;
fail_pipes:
	close(go[1]);
	close(err[0]);
	return -1;
}

static void undo_build(struct plan *p, struct build *b)
{
	const char *run_dir = plan_str(p, OP_RUN_DIR);
	char saved[sizeof g_err];
	memcpy(saved, g_err, sizeof saved);
	if (b->pid > 0) {
		if (b->pidfd >= 0)
			(void)xpidfd_send_signal(b->pidfd, SIGKILL);
		while (waitpid(b->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (b->in_private_ns) {
		char rootfs[4200];
		snprintf(rootfs, sizeof rootfs, "%s/rootfs", run_dir);
		(void)umount2(rootfs, MNT_DETACH);
		if (b->hostmnt >= 0 && setns(b->hostmnt, CLONE_NEWNS) == 0)
			b->in_private_ns = 0;
	}
	if (b->run_dir_made && !b->in_private_ns && sandbox_cleanup(p, NULL) < 0)
		print_err();   /* the record stays: `cloister gc` finishes it */
	memcpy(g_err, saved, sizeof saved);
}

static void close_build(struct build *b)
{
	cgroups_close_entry(&b->cgroups);
	close_fds(b->child_stdio, 3);
	close_fds(b->our_stdio, 3);
	int *fds[] = {&b->rootfd, &b->idmap_fd, &b->hostmnt, &b->slave, &b->log_fd, &b->selfpidfd,
		      &b->notify_fd, &b->spawn_fd};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		if (*fds[i] >= 0) {
			close(*fds[i]);
			*fds[i] = -1;
		}
}

/*
 * The plan's ready-check (e.g. "did every requested unit start?") runs inside the running
 * sandbox like `execute`, in a child, because entering the sandbox's namespaces is one-way.
 * Its output says why when it fails. 0: passed (or no check).
 */
static int ready_check_passes(const struct plan *p)
{
	const struct op *o = p->g[OP_READY_CHECK];
	if (!o)
		return 1;
	pid_t c = fork();
	if (c < 0) {
		fail_errno("fork ready-check");
		return 0;
	}
	if (c == 0)
		_exit(cmd_execute(p->path, 0, 0, o->argv));
	int st = 0;
	while (waitpid(c, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	fprintf(stderr, "cloister-helper: %s did not come up: stopping it\n",
		plan_str(p, OP_NAME) ? plan_str(p, OP_NAME) : "the sandbox");
	snprintf(g_err, sizeof g_err, "start failed: the sandbox's ready check failed");
	return 0;
}

/* The monitor: builds the sandbox, reports, relays until PID 1 exits, cleans up. */
static int run_monitor(struct plan *p, int lockfd, int status_fd, int attach)
{
	struct build b;
	memset(&b, 0, sizeof b);
	b.rootfd = b.idmap_fd = b.hostmnt = b.master = b.slave = b.log_fd = b.sigfd = b.pidfd =
		b.selfpidfd = b.notify_fd = b.spawn_fd = b.cgroups.v2fd = -1;
	for (int i = 0; i < 3; i++)
		b.child_stdio[i] = b.our_stdio[i] = -1;
	int tty = attach && p->console && isatty(0);
	if (build_sandbox(p, &b, attach, tty, lockfd, status_fd) < 0) {
		undo_build(p, &b);
		close_build(&b);
		if (b.master >= 0)
			close(b.master);
		if (b.sigfd >= 0)
			close(b.sigfd);
		if (b.pidfd >= 0)
			close(b.pidfd);
		if (status_fd >= 0) {
			(void)write_all(status_fd, g_err, strlen(g_err));
			close(status_fd);
		} else {
			print_err();
		}
		if (lockfd >= 0)
			close(lockfd);
		return attach ? 125 : 1;
	}
	struct state s;
	memset(&s, 0, sizeof s);
	s.monitor_pid = getpid();
	s.init_pid = b.pid;
	s.started = (long long)time(NULL);
	for (int i = 0; i < p->ncg; i++)
		s.cgroups[s.ncg++] = p->cg[i].dir;
	int ok = proc_start_time(s.monitor_pid, &s.monitor_start) == 0 &&
		 proc_start_time(s.init_pid, &s.init_start) == 0;
	if (!ok)
		fail_errno("read process start time");
	if (ok && state_write(plan_str(p, OP_RUN_DIR), &s) < 0)
		ok = 0;
	if (ok && record_run(p, s.started) < 0)
		ok = 0;
	/* systemd as PID 1: success means READY=1 (state is already there for execute/list) */
	if (ok && b.notify_fd >= 0 && notify_wait_ready(p, b.notify_fd, b.sigfd, b.pid, b.pidfd) < 0)
		ok = 0;
	/* attached (the host unit), its supervisor hears READY=1 only once the requested units are up */
	if (ok && attach && !ready_check_passes(p))
		ok = 0;
	if (!ok) {
		/* PID 1 runs but cannot be recorded or never became ready: stop it */
		undo_build(p, &b);
		if (status_fd >= 0)
			(void)write_all(status_fd, g_err, strlen(g_err));
		else
			print_err();
		return attach ? 125 : 1;
	}
	notify_supervisor(getpid());
	if (status_fd >= 0) {
		char msg[32];
		int n = snprintf(msg, sizeof msg, "ok %d\n", (int)b.pid);
		(void)write_all(status_fd, msg, (size_t)n);
		close(status_fd);
	}
	if (lockfd >= 0)
		close(lockfd);
	struct termios saved;
	int raw = tty && tty_make_raw(0, &saved) == 0;
	struct relay r;
	memset(&r, 0, sizeof r);
	r.sigfd = b.sigfd;
	r.master = b.master;
	r.winsize_from = tty ? 0 : -1;
	r.child = b.pid;
	r.child_pidfd = b.pidfd;
	r.stop_signal = p->stop_signal;
	r.notify_fd = b.notify_fd;
	relay_chans(&r, &b, attach, tty);
	/* the monitor keeps the slave open: the console never hangs up while PID 1 reopens it */
	int rc = monitor_run(p, &r, raw ? &saved : NULL);
	close_build(&b);
	if (b.master >= 0)
		close(b.master);
	close(b.sigfd);
	close(b.pidfd);
	return attach ? rc : 0;
}

/*
 * A detached start whose check fails stops the sandbox as `stop` does (stop signal, SIGKILL
 * after the plan's stop-timeout); the monitor, our child, cleans up and is reaped here.
 */
static int ready_check(const struct plan *p, pid_t monitor)
{
	if (ready_check_passes(p))
		return 0;
	char why[sizeof g_err];
	memcpy(why, g_err, sizeof why);
	struct state s;
	int r = state_read(plan_str(p, OP_RUN_DIR), &s);
	if (r == 0) {
		r = monitor_stop(p, &s, -1);
		state_free(&s);
	}
	if (r < 0)
		print_err();   /* the monitor may still run: it is not waited for */
	else
		while (waitpid(monitor, NULL, 0) < 0 && errno == EINTR)
			;
	memcpy(g_err, why, sizeof why);
	return 1;
}

int cmd_start(const char *plan_path, int attach)
{
	struct plan p;
	int lockfd = -1, rc = 1;
	if (plan_load(&p, plan_path) < 0 || plan_read_seccomp(&p) < 0 || selinux_enter_level(&p) < 0)
		goto err;
	if ((lockfd = plan_lock(&p, 1)) < 0 || check_previous(&p, plan_path) < 0)
		goto err;
	/* a size-limited tree lives in an image: mount it where the binds expect the tree (after a reboot) */
	const struct op *image = p.g[OP_TREE_IMAGE];
	if (image && image_mount(image->argv[0], image->argv[1]) < 0)
		goto err;
	if (attach) {
		rc = run_monitor(&p, lockfd, -1, 1);
		plan_free(&p);
		return rc;
	}
	int st[2];
	if (pipe2(st, O_CLOEXEC) < 0) {
		fail_errno("pipe");
		goto err;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fail_errno("fork monitor");
		close(st[0]);
		close(st[1]);
		goto err;
	}
	if (pid == 0) {
		close(st[0]);
		int nul = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (nul < 0 || setsid() < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 ||
		    dup2(nul, 2) < 0) {
			fail_errno("detach monitor");
			(void)write_all(st[1], g_err, strlen(g_err));
			_exit(1);
		}
		close(nul);
		int r = run_monitor(&p, lockfd, st[1], 0);
		plan_free(&p);
		_exit(r);
	}
	close(st[1]);
	char msg[sizeof g_err];
	ssize_t n = 0, k;
	while ((size_t)n < sizeof msg - 1 && (k = read(st[0], msg + n, sizeof msg - 1 - (size_t)n)) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		n += k;
		if (memchr(msg, '\n', (size_t)n))
			break;
	}
	close(st[0]);
	msg[n] = 0;
	if (strncmp(msg, "ok ", 3) == 0) {
		rc = ready_check(&p, pid);
		if (rc == 0) {
			printf("started %d\n", atoi(msg + 3));
			fflush(stdout);
		}
	} else {
		snprintf(g_err, sizeof g_err, "%s", n > 0 ? msg : "the monitor died while starting");
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	if (rc)
		print_err();
	close(lockfd);
	plan_free(&p);
	return rc;
err:
	print_err();
	if (lockfd >= 0)
		close(lockfd);
	plan_free(&p);
	return 1;
}
