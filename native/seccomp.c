/* seccomp.c - load the plan's precompiled BPF filter (no libseccomp). */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "plan.h"
#include "seccomp.h"
#include "util.h"

int seccomp_load(const struct plan *p)
{
	if (!p->bpf)
		return 0;
	struct sock_fprog prog;
	prog.len = (unsigned short)(p->bpf_len / sizeof(struct sock_filter));
	prog.filter = (struct sock_filter *)(void *)p->bpf;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return fail_op_errno(p->seccomp, "load filter %s%s",
				     p->seccomp->argv[0], errno == EACCES ?
				     " (needs CAP_SYS_ADMIN in the namespace or no-new-privs)" : "");
	return 0;
}
