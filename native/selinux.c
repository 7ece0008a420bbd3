/*
 * selinux-exec: the SELinux label the next execve runs under. Java emits the op only where
 * the host enforces SELinux; writing /proc/thread-self/attr/exec is the kernel interface
 * (setexeccon(3) without libselinux).
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "helper.h"

int selinux_set_exec_label(const struct plan *p)
{
	for (size_t i = 0; i < p->nops; i++) {
		const struct op *o = &p->ops[i];
		if (o->id != OP_SELINUX_EXEC)
			continue;
		int fd = open("/proc/thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return fail_op_errno(o, "open /proc/thread-self/attr/exec");
		size_t len = strlen(o->argv[0]);
		ssize_t n = write(fd, o->argv[0], len);
		close(fd);
		if (n < 0 || (size_t)n != len)
			return fail_op_errno(o, "set exec label %s", o->argv[0]);
	}
	return 0;
}
