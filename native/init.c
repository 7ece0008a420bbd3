/* init.c - PID 1 of the sandbox: init ops, pivot_root, privileges, exec. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "caps.h"
#include "cgroup.h"
#include "init.h"
#include "landlock.h"
#include "mounts.h"
#include "plan.h"
#include "seccomp.h"
#include "selinux.h"
#include "spawn.h"
#include "util.h"

void child_fail(int err_fd)
{
	(void)write_all(err_fd, g_err, strlen(g_err));
	_exit(127);
}

int exec_cmd(const struct plan *p, const struct op *op, char *const argv[])
{
	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, p->envp);
		return op ? fail_op_errno(op, "execute %s", argv[0])
			  : fail_errno("execute %s", argv[0]);
	}
	const char *path = plan_env_get(p, "PATH");
	if (!path)
		return op ? fail_op(op, "%s: no PATH in the plan's env to search", argv[0])
			  : fail("%s: no PATH in the plan's env to search", argv[0]);
	int eacces = 0;
	char buf[4096];
	for (const char *c = path; *c;) {
		const char *e = strchrnul(c, ':');
		size_t n = (size_t)(e - c);
		if (n > 0 && n + strlen(argv[0]) + 2 <= sizeof buf) {
			memcpy(buf, c, n);
			buf[n] = '/';
			strcpy(buf + n + 1, argv[0]);
			execve(buf, argv, p->envp);
			if (errno == EACCES)
				eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return op ? fail_op_errno(op, "execute %s", buf)
					  : fail_errno("execute %s", buf);
		}
		c = *e ? e + 1 : e;
	}
	errno = eacces ? EACCES : ENOENT;
	return op ? fail_op_errno(op, "%s not found in PATH", argv[0])
		  : fail_errno("%s not found in PATH", argv[0]);
}

/* A kernel filesystem at the op's DST, with the op's options (devpts: its second field) and flags. */
static int mount_at(const struct op *op, int rootfd, const char *fstype)
{
	int fd = resolve_in_root(rootfd, op->argv[0], O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fail_op_errno(op, "open %s", op->argv[0]);
	int rc = fs_mount_at(op, fd, fstype, op->argc == 3 ? op->argv[1] : NULL, mf_to_attr(op->flags));
	close(fd);
	return rc;
}

/* The staging root was mounted by the monitor, so in our user namespace it is a locked
 * mount and pivot_root refuses it. A recursive bind of it onto itself made from inside
 * the namespace is not locked (the mounts beneath stay locked). */
static int rebind_root(const struct op *op, int *rootfd)
{
	int mfd = (int)syscall(SYS_open_tree, *rootfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			       AT_RECURSIVE | AT_EMPTY_PATH);
	if (mfd < 0)
		return fail_op_errno(op, "clone staging root");
	if (syscall(SYS_move_mount, mfd, "", *rootfd, "",
		    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0) {
		fail_op_errno(op, "attach staging root");
		close(mfd);
		return -1;
	}
	close(*rootfd);
	*rootfd = mfd; /* the attached clone's root: the new top of the staging root */
	return 0;
}

static int do_pivot(const struct op *op, int *rootfd)
{
	if (fchdir(*rootfd) < 0)
		return fail_op_errno(op, "chdir to the new root");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail_op_errno(op, "pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return fail_op_errno(op, "detach the old root");
	if (chdir("/") < 0)
		return fail_op_errno(op, "chdir /");
	close(*rootfd);
	*rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*rootfd < 0)
		return fail_op_errno(op, "open /");
	return 0;
}

static int do_console(const struct op *op, int console_fd)
{
	if (console_fd < 0)
		return 0; /* passthrough stdio */
	if (setsid() < 0)
		return fail_op_errno(op, "setsid");
	if (ioctl(console_fd, TIOCSCTTY, 0) < 0)
		return fail_op_errno(op, "make the console the controlling terminal");
	for (int i = 0; i < 3; i++)
		if (dup2(console_fd, i) < 0)
			return fail_op_errno(op, "dup console to fd %d", i);
	return 0;
}

/* Closes every fd from 3 up but those in keep (-1 entries are ignored). */
static int close_other_fds(const int *keep, int nkeep)
{
	unsigned from = 3;
	for (;;) {
		unsigned next = ~0U;
		for (int i = 0; i < nkeep; i++)
			if (keep[i] >= (int)from && (unsigned)keep[i] < next)
				next = (unsigned)keep[i];
		if (next > from && syscall(SYS_close_range, from, next == ~0U ? ~0U : next - 1, 0) < 0)
			return fail_errno("close_range");
		if (next == ~0U)
			return 0;
		from = next + 1;
	}
}

/*
 * The exec server opens ptys through a detached clone of the devpts mount: a clone no one
 * can mount over or replace, so root inside cannot swap /dev/ptmx or /dev/pts under it.
 */
static int keep_devpts(const struct op *op, int rootfd, int *ptsfd)
{
	int fd = resolve_in_root(rootfd, op->argv[0], O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fail_op_errno(op, "open %s", op->argv[0]);
	int mfd = (int)syscall(SYS_open_tree, fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);
	close(fd);
	if (mfd < 0)
		return fail_op_errno(op, "clone the devpts mount for the exec server");
	if (*ptsfd >= 0)
		close(*ptsfd);
	*ptsfd = mfd;
	return 0;
}

static int run_init_ops(struct plan *p, struct pid1_ctx *c, int *rootfd, const struct op **cwd, int *ptsfd)
{
	for (size_t i = 0; i < p->nops; i++) {
		const struct op *o = &p->ops[i];
		int rc = 0;
		switch (o->id) {
		case OP_HOSTNAME:
			if (sethostname(o->argv[0], strlen(o->argv[0])) < 0)
				rc = fail_op_errno(o, "sethostname");
			break;
		case OP_PROC:
			rc = mount_at(o, *rootfd, "proc");
			break;
		case OP_SYSFS:
			rc = mount_at(o, *rootfd, "sysfs");
			break;
		case OP_DEVPTS:
			rc = mount_at(o, *rootfd, "devpts");
			if (rc == 0 && c->spawn_fd >= 0)
				rc = keep_devpts(o, *rootfd, ptsfd);
			break;
		case OP_MQUEUE:
			rc = mount_at(o, *rootfd, "mqueue");
			break;
		case OP_CGROUPFS:
			rc = mount_at(o, *rootfd, "cgroup2");
			break;
		case OP_MASK:
			rc = mount_mask(o, *rootfd);
			break;
		case OP_READONLY:
			rc = mount_readonly(o, *rootfd);
			break;
		case OP_CONSOLE:
			rc = do_console(o, c->console_fd);
			break;
		case OP_PIVOT:
			rc = do_pivot(o, rootfd);
			break;
		case OP_CAP_BOUND:
			rc = caps_bound(o);
			break;
		case OP_CAPS:
			rc = caps_set(o);
			break;
		case OP_NO_NEW_PRIVS:
			if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
				rc = fail_op_errno(o, "prctl");
			break;
		case OP_LANDLOCK_FS: case OP_LANDLOCK_PATH: case OP_LANDLOCK_SCOPE:
			/* one block (plan.c): the domain is enforced at its last line */
			if (o == p->landlock_end)
				rc = landlock_apply(p);
			break;
		case OP_SELINUX_EXEC:
			rc = selinux_exec_label(o);
			break;
		case OP_SECCOMP_LOAD:
			rc = seccomp_load(p);
			break;
		case OP_CWD:
			*cwd = o;
			break;
		default:
			break; /* env, exec: used below; globals/mount ops: not ours */
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Forks the exec server (spawn.c) in PID 1's final confinement, right before the exec. */
static int start_exec_server(const struct plan *p, struct pid1_ctx *c, int ptsfd)
{
	/* nothing of root inside has run yet: /dev/null is still the plan's bind */
	int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (null_fd < 0)
		return fail_errno("open /dev/null for the exec server");
	pid_t pid = fork();
	if (pid < 0) {
		close(null_fd);
		return fail_errno("fork the exec server");
	}
	if (pid == 0) {
		close(c->err_fd);
		spawn_server(p, c->spawn_fd, ptsfd, null_fd);
	}
	close(null_fd);
	close(c->spawn_fd);
	c->spawn_fd = -1;
	if (ptsfd >= 0)
		close(ptsfd);
	return 0;
}

void pid1_main(struct plan *p, struct pid1_ctx *c)
{
	char go;
	const struct op *cwd = NULL;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) {
		fail_errno("PR_SET_PDEATHSIG");
		child_fail(c->err_fd);
	}
	if (cgroups_enter_self(c->cgroups) < 0)
		child_fail(c->err_fd);
	/* EOF instead of the byte: the monitor died (also covers the pdeathsig race) */
	ssize_t n;
	do
		n = read(c->go_fd, &go, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		_exit(127);
	close(c->go_fd);
	/* maps written: nothing may trace us from now on (owner.c left us dumpable for them) */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
		fail_errno("PR_SET_DUMPABLE");
		child_fail(c->err_fd);
	}
	if (p->ns_flags & CLONE_NEWUSER) {
		if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
			fail_op_errno(p->g[OP_USERNS], "become root in the user namespace");
			child_fail(c->err_fd);
		}
		if (setgroups(0, NULL) < 0) {
			fail_op_errno(p->g[OP_USERNS], "setgroups");
			child_fail(c->err_fd);
		}
	}
	/* credential changes clear the parent-death signal: arm it again, then make sure the
	 * monitor did not die before that */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) {
		fail_errno("PR_SET_PDEATHSIG");
		child_fail(c->err_fd);
	}
	struct pollfd pf = {c->monitor_pidfd, POLLIN, 0};
	if (poll(&pf, 1, 0) != 0)
		_exit(127);
	close(c->monitor_pidfd);
	/* the cgroup namespace is created now that we are in our cgroups */
	if ((p->ns_flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0) {
		fail_op_errno(p->g[OP_NAMESPACES], "unshare cgroup namespace");
		child_fail(c->err_fd);
	}
	for (int i = 0; i < 3; i++)
		if (c->stdio[i] >= 0 && dup2(c->stdio[i], i) < 0) {
			fail_errno("dup the monitor's pipe to fd %d", i);
			child_fail(c->err_fd);
		}
	/* the monitor cloned us with the staging root as working directory: run-dir itself
	 * (0700, host root) is not searchable from our user namespace */
	int rootfd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		fail_errno("open the staging root");
		child_fail(c->err_fd);
	}
	for (size_t i = 0; i < p->nops; i++)
		if (p->ops[i].id == OP_PIVOT && rebind_root(&p->ops[i], &rootfd) < 0)
			child_fail(c->err_fd);
	int ptsfd = -1;
	if (run_init_ops(p, c, &rootfd, &cwd, &ptsfd) < 0)
		child_fail(c->err_fd);
	int keep[] = {c->err_fd, c->spawn_fd, ptsfd};
	if (close_other_fds(keep, 3) < 0)
		child_fail(c->err_fd);
	if (cwd && chdir(cwd->argv[0]) < 0) {
		fail_op_errno(cwd, "chdir %s", cwd->argv[0]);
		child_fail(c->err_fd);
	}
	umask(c->umask);
	if (sigprocmask(SIG_SETMASK, &c->sigmask, NULL) < 0) {
		fail_errno("sigprocmask");
		child_fail(c->err_fd);
	}
	if (c->spawn_fd >= 0 && start_exec_server(p, c, ptsfd) < 0)
		child_fail(c->err_fd);
	exec_cmd(p, p->exec, p->exec->argv);
	child_fail(c->err_fd);
}
