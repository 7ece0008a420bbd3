/*
 * cleanup.c - what a sandbox holds on the host while it runs, released in one order by every
 * path that finds PID 1 gone: the monitor when PID 1 exits or a start fails, `stop` and
 * `start` when the monitor was killed, and `cleanup` (cloister gc and delete). Each step is
 * tried even when an earlier one failed; the run directory (with the monitor's record) goes
 * last and only when every step before succeeded, so a failed cleanup is found and run again.
 * A further runtime resource (a systemd scope, a machined registration) is one more step.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cgroup.h"
#include "cleanup.h"
#include "monitor.h"
#include "net.h"
#include "netplan.h"
#include "plan.h"
#include "state.h"
#include "systemd.h"
#include "util.h"

struct cleanup {
	struct plan *p;
	const struct state *s;   /* a killed monitor's record; NULL in the monitor itself */
};

static int step_network(struct cleanup *c)
{
	if (net_plan_empty(&c->p->net) || net_teardown(&c->p->net) == 0)
		return 0;
	return fail_wrap("network teardown");
}

/* The record names the cgroups as the monitor made them (resolved against its own
 * /proc/self/cgroup, which need not be the caller's); the monitor knows its own. */
static int step_cgroups(struct cleanup *c)
{
	if (!c->s)
		return cgroups_destroy(c->p);
	int rc = 0;
	char first[sizeof g_err] = "";
	for (int i = c->s->ncg - 1; i >= 0; i--)
		if (cgroup_remove(c->s->cgroups[i], 5000) < 0 && rc == 0) {
			memcpy(first, g_err, sizeof first);
			rc = -1;
		}
	if (rc)
		memcpy(g_err, first, sizeof g_err);
	return rc;
}

/* A registration of a monitor that died with it: machined may still hold it (its leader gone). */
static int step_machine(struct cleanup *c)
{
	return machine_unregister(c->p);
}

static int step_run_dir(struct cleanup *c)
{
	return cleanup_run_dir(c->p);
}

static const struct {
	const char *what;
	int (*run)(struct cleanup *c);
} steps[] = {
	{"network", step_network},
	{"machine registration", step_machine},
	{"cgroups", step_cgroups},
	{"run directory", step_run_dir},   /* last: the record of what is still to clean */
};

int sandbox_cleanup(struct plan *p, const struct state *s)
{
	struct cleanup c = {p, s};
	char first[sizeof g_err] = "";
	const char *what = NULL;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (what && steps[i].run == step_run_dir)
			break;
		if (steps[i].run(&c) < 0 && !what) {
			what = steps[i].what;
			memcpy(first, g_err, sizeof first);
		}
	}
	if (!what)
		return 0;
	first[sizeof first - 64] = 0;
	return fail("cleaning up %s: %s", what, first);
}

int plan_lock(const struct plan *p, int wait)
{
	const char *path = plan_str(p, OP_LOCK_FILE);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
	if (fd < 0)
		return fail_op_errno(p->g[OP_LOCK_FILE], "open %s", path);
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	while (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) < 0) {
		int e = errno;
		if (e == EINTR)
			continue;
		close(fd);
		if (!wait && (e == EAGAIN || e == EACCES))
			return -2;
		errno = e;
		return fail_op_errno(p->g[OP_LOCK_FILE], "lock %s", path);
	}
	return fd;
}

int cleanup_after_monitor(struct plan *p, int *cleaned)
{
	struct state s;
	*cleaned = 0;
	int r = state_read(plan_str(p, OP_RUN_DIR), &s);
	if (r != 0)
		return r < 0 ? -1 : 0;   /* no record: no monitor ran or it cleaned up */
	if (proc_alive(s.monitor_pid, s.monitor_start)) {
		state_free(&s);
		return 1;
	}
	/* PID 1 died with its monitor (parent-death signal): its status is lost, say so */
	const char *exit_file = plan_str(p, OP_EXIT_FILE);
	if (exit_file && exit_record_started(exit_file)) {
		char rec[64];
		snprintf(rec, sizeof rec, "lost %lld\n", (long long)time(NULL));
		if (exit_record_write(exit_file, rec) < 0) {
			fail_op_errno(p->g[OP_EXIT_FILE], "write %s", exit_file);
			print_err();
		}
	}
	int rc = sandbox_cleanup(p, &s);
	*cleaned = 1;
	state_free(&s);
	return rc;
}

/* `cleanup PLAN`: what `cloister gc` and `delete` run for each sandbox. 0 clean, 3 running or
 * busy (a start or stop holds the lock: left alone), 1 error. */
int cmd_cleanup(const char *plan_path)
{
	struct plan p;
	int rc = 1, cleaned = 0;
	if (plan_load(&p, plan_path) < 0) {
		print_err();
		return 1;
	}
	int lockfd = plan_lock(&p, 0);
	if (lockfd == -2) {
		plan_free(&p);
		return 3;
	}
	if (lockfd >= 0) {
		int r = cleanup_after_monitor(&p, &cleaned);
		rc = r == 1 ? 3 : r < 0 ? 1 : 0;
		/* without a record there may still be network pieces an older cleanup left */
		if (r == 0 && !cleaned && sandbox_cleanup(&p, NULL) < 0)
			rc = 1;
		close(lockfd);
	}
	if (rc == 1)
		print_err();
	else if (rc == 0 && cleaned)
		printf("cleaned up after the killed monitor of %s\n",
		       plan_str(&p, OP_NAME) ? plan_str(&p, OP_NAME) : plan_path);
	plan_free(&p);
	return rc;
}
