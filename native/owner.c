/*
 * owner.c - `userns-parent`: PID 1's user namespace is made one level below a namespace owned
 * by the sandbox's own host uid (the userns op's OUTSIDE), whose per-namespace limits the plan
 * sets. Two things follow, both enforced by the kernel's ucounts:
 *
 *  - everything the sandbox's users count against a per-user limit (user namespaces, inotify
 *    instances and watches, POSIX message-queue bytes, processes) is charged to the sandbox's
 *    own host uid, never to host root's (the owner of a namespace is charged for all of it);
 *  - the parent's limits (/proc/sys/user/max_*, written here, in the parent) bound the whole
 *    sandbox, and root inside cannot raise them: it has no capability in the parent.
 *
 * An "owner" process O is forked into the sandbox's cgroup; it becomes the sandbox's host uid
 * (keeping its capabilities for the call only), unshares the parent namespace, which the
 * monitor maps (OUTSIDE..+COUNT onto itself), writes the limits, and clones PID 1 with every
 * namespace of the plan and CLONE_PARENT, so that PID 1 is the monitor's child as before. O
 * writes PID 1's maps (INSIDE → OUTSIDE, relative to the parent, the same ids as without a
 * parent), reports PID 1's pid and exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "owner.h"
#include "plan.h"
#include "util.h"

static int write_map(pid_t pid, const char *file, uint64_t in, uint64_t out, uint64_t count)
{
	char path[64], map[96];
	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	snprintf(map, sizeof map, "%llu %llu %llu\n", (unsigned long long)in, (unsigned long long)out,
		 (unsigned long long)count);
	return write_str_file(AT_FDCWD, path, map);
}

/* The sandbox's host uid, with the capabilities of host root kept for unshare (a kernel that
 * restricts unprivileged user namespaces then still allows it), then the parent namespace. */
static int become_owner(const struct plan *p)
{
	uid_t owner = (uid_t)p->uid_out;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setgroups(0, NULL) < 0 ||
	    setresgid(owner, owner, owner) < 0 || setresuid(owner, owner, owner) < 0)
		return fail_op_errno(p->g[OP_USERNS_PARENT], "become the sandbox's host uid %u", (unsigned)owner);
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return fail_errno("capget");
	for (int i = 0; i < 2; i++)
		d[i].effective = d[i].permitted;
	if (syscall(SYS_capset, &h, d) < 0)
		return fail_errno("capset");
	if (unshare(CLONE_NEWUSER) < 0)
		return fail_op_errno(p->g[OP_USERNS_PARENT], "unshare the sandbox's parent user namespace");
	return 0;
}

/* NAME=VALUE,… of the op, each written to /proc/sys/user/NAME: the parent's limits. */
static int write_limits(const struct op *o)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", o->argv[0]);
	for (char *save = NULL, *item = strtok_r(buf, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq)
			return fail_op(o, "'%s' is not NAME=VALUE", item);
		*eq = 0;
		char path[128];
		snprintf(path, sizeof path, "/proc/sys/user/%s", item);
		char value[32];
		snprintf(value, sizeof value, "%s\n", eq + 1);
		if (write_str_file(AT_FDCWD, path, value) < 0)
			return fail_op_errno(o, "write %s", path);
	}
	return 0;
}

/* O: the steps above; returns 0 in PID 1, never in O. */
static int owner_main(const struct plan *p, int up, int down)
{
	char c = 'u';
	pid_t pid = -1;
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (become_owner(p) < 0)
		goto fail;
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0); /* the uid change cleared it */
	/* the monitor maps us; then we are the parent namespace's uid OUTSIDE, with its capabilities */
	if (write_all(up, &c, 1) < 0 || read(down, &c, 1) != 1 || c != 'm') {
		fail("the monitor did not map the parent user namespace");
		goto fail;
	}
	if (write_limits(p->g[OP_USERNS_PARENT]) < 0)
		goto fail;
	/* PID 1's /proc files must be ours to write its maps: it stays dumpable until the monitor's
	 * "go" (nothing else runs as the sandbox's uid yet), then makes itself non-dumpable */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) {
		fail_errno("PR_SET_DUMPABLE");
		goto fail;
	}
	pid = clone_fork((uint64_t)(p->ns_flags & ~CLONE_NEWCGROUP) | CLONE_PARENT, -1, NULL);
	if (pid < 0) {
		fail_errno("clone PID 1 (namespaces 0x%x)", (unsigned)p->ns_flags);
		goto fail;
	}
	if (pid == 0) {
		close(up);
		close(down);
		return 0;
	}
	if (write_map(pid, "uid_map", p->uid_in, p->uid_out, p->uid_count) < 0 ||
	    write_map(pid, "gid_map", p->uid_in, p->uid_out, p->uid_count) < 0) {
		fail_op_errno(p->g[OP_USERNS], "write PID 1's uid and gid maps");
		(void)kill(pid, SIGKILL);
		goto fail;
	}
	c = 'p';
	if (write_all(up, &c, 1) < 0 || write_all(up, &pid, sizeof pid) < 0)
		_exit(1);
	_exit(0);
fail:
	c = 'E';
	(void)write_all(up, &c, 1);
	(void)write_all(up, g_err, strlen(g_err));
	_exit(1);
}

/* The monitor's side: 0 in PID 1, PID 1's pid here (*pidfd its pidfd), -1 with g_err. */
pid_t owner_clone_pid1(const struct plan *p, int cgroup_fd, int *pidfd)
{
	int up[2], down[2];
	if (pipe2(up, O_CLOEXEC) < 0)
		return fail_errno("pipe");
	if (pipe2(down, O_CLOEXEC) < 0) {
		close(up[0]);
		close(up[1]);
		return fail_errno("pipe");
	}
	/* into the sandbox's v2 cgroup now: O cannot, once it is no longer host root */
	pid_t o = clone_fork(0, cgroup_fd, NULL);
	if (o == 0) {
		close(up[0]);
		close(down[1]);
		return owner_main(p, up[1], down[0]);
	}
	close(up[1]);
	close(down[0]);
	pid_t pid = -1;
	char c = 0;
	if (o < 0) {
		fail_errno("fork the owner of the sandbox's user namespace");
		goto out;
	}
	if (read(up[0], &c, 1) == 1 && c == 'u') {
		if (write_map(o, "uid_map", p->uid_out, p->uid_out, p->uid_count) < 0 ||
		    write_map(o, "gid_map", p->uid_out, p->uid_out, p->uid_count) < 0) {
			fail_op_errno(p->g[OP_USERNS_PARENT], "map the parent user namespace");
			goto out;
		}
		c = 'm';
		if (write_all(down[1], &c, 1) < 0 || read(up[0], &c, 1) != 1) {
			fail("the owner of the sandbox's user namespace died");
			goto out;
		}
	}
	if (c == 'p' && read_all(up[0], &pid, sizeof pid) == (ssize_t)sizeof pid) {
		*pidfd = xpidfd_open(pid); /* our child (CLONE_PARENT): its pid cannot be reused yet */
		if (*pidfd < 0) {
			fail_errno("pidfd_open PID 1");
			(void)kill(pid, SIGKILL);
			pid = -1;
		}
	} else if (c == 'E') {
		char msg[sizeof g_err];
		ssize_t n = read_all(up[0], msg, sizeof msg - 1);
		msg[n > 0 ? n : 0] = 0;
		snprintf(g_err, sizeof g_err, "%s", n > 0 ? msg : "the owner of the user namespace failed");
	} else {
		fail("the owner of the sandbox's user namespace died");
	}
out:
	if (o > 0) {
		if (pid < 0)
			(void)kill(o, SIGKILL);
		while (waitpid(o, NULL, 0) < 0 && errno == EINTR)
			;
	}
	close(up[0]);
	close(down[1]);
	if (pid < 0)
		errno = EPERM;
	return pid;
}
