/* cgroup.h - the plan's cgroups, made, entered, removed. */
#ifndef CLOISTER_CGROUP_H
#define CLOISTER_CGROUP_H

#include "plan.h"

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

#endif
