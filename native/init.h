/* init.h - PID 1, from the clone to the exec of the plan's command. */
#ifndef CLOISTER_INIT_H
#define CLOISTER_INIT_H

#include <signal.h>
#include <sys/types.h>
#include "cgroup.h"
#include "plan.h"

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

#endif
