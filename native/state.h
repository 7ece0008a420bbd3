/* state.h - the runtime record of a running sandbox (its monitor, PID 1, cgroups) and its exit record. */
#ifndef CLOISTER_STATE_H
#define CLOISTER_STATE_H

#include <sys/types.h>
#include "plan.h"

struct state {
	pid_t monitor_pid;
	unsigned long long monitor_start;
	pid_t init_pid;
	unsigned long long init_start;
	char *cgroups[MAX_CGROUPS];
	int ncg;
	long long started;
};
int proc_start_time(pid_t pid, unsigned long long *ticks);
int proc_alive(pid_t pid, unsigned long long start);   /* 1: that process runs (a zombie does not) */
int state_write(const char *run_dir, const struct state *s);
int state_read(const char *run_dir, struct state *s); /* 0 ok, 1 missing, -1 error */
void state_free(struct state *s);
int exit_record_write(const char *path, const char *line);
int exit_record_started(const char *path);

#endif
