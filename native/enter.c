/* enter.c - `execute`: run a command inside a running sandbox. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "helper.h"

static int apply_cred_ops(const struct plan *p, const struct op **cwd)
{
	for (size_t i = 0; i < p->nops; i++) {
		const struct op *o = &p->ops[i];
		if (o->id == OP_CAP_BOUND && caps_bound(o) < 0)
			return -1;
		if (o->id == OP_CAPS && caps_set(o) < 0)
			return -1;
		if (o->id == OP_NO_NEW_PRIVS && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return fail_op_errno(o, "prctl");
		if (o->id == OP_CWD)
			*cwd = o;
	}
	return 0;
}

/*
 * Entered by the child after the fork, as the last namespaces: the fork puts it into the
 * sandbox's v2 cgroup (CLONE_INTO_CGROUP), which checks the caller's rights as host root in
 * the host's user and cgroup namespaces.
 */
#define LATE_NS (CLONE_NEWUSER | CLONE_NEWCGROUP)

static int enter_late_namespaces(const struct plan *p, int pidfd)
{
	if ((p->ns_flags & LATE_NS) && setns(pidfd, p->ns_flags & LATE_NS) < 0)
		return fail_op_errno(p->g[OP_NAMESPACES], "setns into the user and cgroup namespaces");
	if (p->ns_flags & CLONE_NEWUSER) {
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0 || setgroups(0, NULL) < 0)
			return fail_errno("become root in the user namespace");
		/* a uid change resets it; root of the sandbox must not ptrace us */
		if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
			return fail_errno("PR_SET_DUMPABLE");
	}
	return 0;
}

static void child(const struct plan *p, int pidfd, int noseclabel, int slave, int err_fd,
		  const sigset_t *mask, char **argv)
{
	const struct op *cwd = NULL;
	if (enter_late_namespaces(p, pidfd) < 0)
		child_fail(err_fd);
	if (slave >= 0) {
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
			fail_errno("make the pty the controlling terminal");
			child_fail(err_fd);
		}
		for (int i = 0; i < 3; i++)
			if (dup2(slave, i) < 0) {
				fail_errno("dup pty");
				child_fail(err_fd);
			}
	}
	if (apply_cred_ops(p, &cwd) < 0)
		child_fail(err_fd);
	if (cwd && chdir(cwd->argv[0]) < 0) {
		fail_op_errno(cwd, "chdir %s", cwd->argv[0]);
		child_fail(err_fd);
	}
	if ((err_fd > 3 && syscall(SYS_close_range, 3, err_fd - 1, 0) < 0) ||
	    syscall(SYS_close_range, err_fd + 1, ~0U, 0) < 0) {
		fail_errno("close_range");
		child_fail(err_fd);
	}
	if (sigprocmask(SIG_SETMASK, mask, NULL) < 0) {
		fail_errno("sigprocmask");
		child_fail(err_fd);
	}
	if ((!noseclabel && (selinux_set_exec_label(p) < 0 || landlock_apply(p, 0) < 0)) || seccomp_load(p) < 0)
		child_fail(err_fd);
	exec_cmd(p, NULL, argv);
	child_fail(err_fd);
}

/* Joins the sandbox's cgroups (its v2 one is left for the fork: *v2fd) and its namespaces but LATE_NS. */
static int enter_namespaces(const struct plan *p, const struct state *s, int *pidfd, int *v2fd)
{
	*pidfd = xpidfd_open(s->init_pid);
	unsigned long long t;
	if (*pidfd < 0 || proc_start_time(s->init_pid, &t) < 0 || t != s->init_start)
		return fail("%s is not running (PID 1 %d is gone)", plan_str(p, OP_NAME) ?
			    plan_str(p, OP_NAME) : plan_str(p, OP_RUN_DIR), (int)s->init_pid);
	/* the state lists the cgroups in plan order */
	for (int i = 0; i < s->ncg; i++)
		if (cgroup_join(s->cgroups[i], i < p->ncg ? p->cg[i].execute_leaf : NULL, v2fd) < 0)
			return -1;
	if ((p->ns_flags & ~LATE_NS) && setns(*pidfd, p->ns_flags & ~LATE_NS) < 0)
		return fail_op_errno(p->g[OP_NAMESPACES], "setns into PID %d", (int)s->init_pid);
	return 0;
}

int cmd_execute(const char *plan_path, int noseclabel, int tty, char **argv)
{
	struct plan p;
	struct state s = {0};
	int rc = 1, pidfd = -1, v2fd = -1, master = -1, slave = -1, sigfd = -1, cpidfd = -1, err[2] = {-1, -1};
	sigset_t mask;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		fail_errno("PR_SET_DUMPABLE");
		print_err();
		return 1;
	}
	if (plan_load(&p, plan_path) < 0 || plan_read_seccomp(&p) < 0)
		goto out;
	int r = state_read(plan_str(&p, OP_RUN_DIR), &s);
	if (r != 0) {
		if (r == 1)
			fail("%s is not running", plan_str(&p, OP_NAME) ? plan_str(&p, OP_NAME)
			     : plan_str(&p, OP_RUN_DIR));
		goto out;
	}
	if (s.init_pid <= 0) {
		fail("%s is still starting: try again once `cloister start` has returned",
		     plan_str(&p, OP_NAME) ? plan_str(&p, OP_NAME) : plan_str(&p, OP_RUN_DIR));
		goto out;
	}
	if (enter_namespaces(&p, &s, &pidfd, &v2fd) < 0)
		goto out;
	if (tty < 0)
		tty = isatty(0);
	if (tty && pty_open("/dev/ptmx", &master, &slave) < 0)
		goto out;
	if ((sigfd = signalfd_block(&mask, tty)) < 0)
		goto out;
	if (pipe2(err, O_CLOEXEC) < 0) {
		fail_errno("pipe");
		goto out;
	}
	pid_t pid = clone_fork(0, v2fd, &cpidfd);
	if (pid < 0) {
		fail_errno("fork");
		goto out;
	}
	if (pid == 0) {
		close(err[0]);
		child(&p, pidfd, noseclabel, slave, err[1], &mask, argv);
	}
	close(err[1]);
	err[1] = -1;
	if (slave >= 0) {
		close(slave);
		slave = -1;
	}
	char msg[sizeof g_err];
	ssize_t n = read_all(err[0], msg, sizeof msg - 1);
	if (n > 0) {
		msg[n] = 0;
		snprintf(g_err, sizeof g_err, "%s", msg);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		rc = 127;
		goto out;
	}
	struct termios saved;
	int raw = tty && isatty(0) && tty_make_raw(0, &saved) == 0;
	if (tty && isatty(0))
		tty_copy_winsize(0, master);
	struct relay rl = {sigfd, master, tty ? 0 : -1, tty ? 1 : -1, pid, cpidfd, 0, -1, 0};
	int lr = relay_run(&rl);
	if (raw)
		tty_restore(0, &saved);
	if (lr < 0) {
		(void)xpidfd_send_signal(cpidfd, SIGKILL);
		while (waitpid(pid, &rl.status, 0) < 0 && errno == EINTR)
			;
		print_err();
	}
	rc = WIFSIGNALED(rl.status) ? 128 + WTERMSIG(rl.status) : WEXITSTATUS(rl.status);
	g_err[0] = 0;
out:
	if (g_err[0] && rc != 0)
		print_err();
	int fds[] = {pidfd, v2fd, master, slave, sigfd, cpidfd, err[0], err[1]};
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	state_free(&s);
	plan_free(&p);
	return rc;
}
