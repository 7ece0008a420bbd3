/*
 * SELinux, where the host enforces it (Java emits these ops only there), through the kernel's
 * /proc/thread-self/attr files (setexeccon(3) and setcon(3) without libselinux):
 *   selinux-exec: the label the next execve runs under;
 *   selinux-level: the helper's own range becomes the sandbox's level, so that what it makes
 *   for the sandbox (pipes, sockets, ptys, the exec server) is at a level the sandbox's
 *   MCS-constrained processes may use. The type stays the helper's own.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "plan.h"
#include "selinux.h"
#include "util.h"

static int write_attr(const struct op *o, const char *file, const char *label, const char *what)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_op_errno(o, "open %s", file);
	size_t len = strlen(label);
	ssize_t n = write(fd, label, len);
	close(fd);
	if (n < 0 || (size_t)n != len)
		return fail_op_errno(o, "%s %s", what, label);
	return 0;
}

int selinux_enter_level(const struct plan *p)
{
	const struct op *o = p->g[OP_SELINUX_LEVEL];
	if (!o)
		return 0;
	char cur[512], next[640];
	int fd = open("/proc/thread-self/attr/current", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail_op_errno(o, "open /proc/thread-self/attr/current");
	ssize_t n = read(fd, cur, sizeof cur - 1);
	close(fd);
	if (n <= 0)
		return fail_op_errno(o, "read /proc/thread-self/attr/current");
	cur[n] = 0;
	cur[strcspn(cur, "\n")] = 0;
	/* user:role:type:range: keep the first three fields */
	char *c = cur;
	for (int field = 0; field < 3 && c; field++)
		c = strchr(c + (field > 0), ':');
	if (!c)
		return fail_op(o, "own label '%s' has no range", cur);
	*c = 0;
	if (snprintf(next, sizeof next, "%s:%s", cur, o->argv[0]) >= (int)sizeof next)
		return fail_op(o, "label too long");
	return write_attr(o, "/proc/thread-self/attr/current", next, "set own label");
}

/* PID 1, at the op's line */
int selinux_exec_label(const struct op *o)
{
	return write_attr(o, "/proc/thread-self/attr/exec", o->argv[0], "set exec label");
}

/* an executed command (spawn.c): the plan's one selinux-exec, if any */
int selinux_set_exec_label(const struct plan *p)
{
	for (size_t i = 0; i < p->nops; i++)
		if (p->ops[i].id == OP_SELINUX_EXEC)
			return selinux_exec_label(&p->ops[i]);
	return 0;
}
