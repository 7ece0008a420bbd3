/* owner.h - PID 1 below a user namespace the sandbox's host uid owns (userns-parent). */
#ifndef CLOISTER_OWNER_H
#define CLOISTER_OWNER_H

#include <sys/types.h>
#include "plan.h"

pid_t owner_clone_pid1(const struct plan *p, int cgroup_fd, int *pidfd); /* 0 in PID 1 */

#endif
