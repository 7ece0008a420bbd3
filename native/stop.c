/*
 * stop: the plan's stop signal reaches PID 1 through the monitor (SIGTERM to the monitor,
 * which forwards it), then SIGKILL to PID 1 after the timeout (the caller's, else the plan's
 * stop-timeout); returns once the monitor has cleaned up and exited, or, when it had been
 * killed, once what it left is cleaned up. Every stop runs this: `cloister stop` (with or
 * without the JVM), the host unit's ExecStop (which is `cloister stop`), delete --force, and
 * a detached start whose ready check failed. Pids are taken only with their recorded start
 * times, and signalled through pidfds, so a recycled pid is never hit.
 */
#include "cleanup.h"
#include "plan.h"
#include "state.h"
#include "stop.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

/* A pidfd for pid, only if it is still the process that started at `start`. */
static int pidfd_if_same(pid_t pid, unsigned long long start)
{
	int fd = xpidfd_open(pid);
	if (fd < 0)
		return -1;
	unsigned long long t;
	if (proc_start_time(pid, &t) < 0 || t != start) {
		close(fd);
		return -1;
	}
	return fd;
}

/* 1 when the process behind fd exited within ms, 0 on timeout. */
static int wait_exit(int fd, int ms)
{
	struct pollfd pfd = {fd, POLLIN, 0};
	int r;
	while ((r = poll(&pfd, 1, ms)) < 0 && errno == EINTR)
		;
	return r > 0;
}

/* The caller's timeout, else the plan's stop-timeout: the helper has none of its own. */
static int stop_timeout(const struct plan *p, int timeout_ms)
{
	if (timeout_ms >= 0)
		return timeout_ms;
	if (p->stop_timeout_ms >= 0)
		return p->stop_timeout_ms;
	/* a plan compiled before plans carried the line */
	const char *name = plan_str(p, OP_NAME) ? plan_str(p, OP_NAME) : p->path;
	return fail("%s: the plan has no stop-timeout line: run `cloister upgrade %s`, or give the "
		    "timeout (`cloister stop %s --timeout SECONDS`)", p->path, name, name);
}

int monitor_stop(const struct plan *p, const struct state *s, int timeout_ms)
{
	int monitor = pidfd_if_same(s->monitor_pid, s->monitor_start);
	if (monitor >= 0 && !proc_alive(s->monitor_pid, s->monitor_start)) {
		close(monitor);   /* a zombie: killed, only not yet reaped */
		monitor = -1;
	}
	if (monitor < 0)
		return 0;
	int rc = 1;
	if ((timeout_ms = stop_timeout(p, timeout_ms)) < 0) {
		rc = -1;
	} else if (xpidfd_send_signal(monitor, SIGTERM) < 0 && errno != ESRCH) {
		rc = fail_errno("signal monitor %d", (int)s->monitor_pid);
	} else if (!wait_exit(monitor, timeout_ms)) {
		int init = s->init_pid > 0 ? pidfd_if_same(s->init_pid, s->init_start) : -1;
		if (init >= 0) {
			(void)xpidfd_send_signal(init, SIGKILL);
			close(init);
		}
		/* PID 1 is gone now: what is left is the monitor's own cleanup */
		if (!wait_exit(monitor, 10000))
			rc = fail("%s did not stop: its monitor (pid %d) is still running",
				  plan_str(p, OP_NAME) ? plan_str(p, OP_NAME) : p->path,
				  (int)s->monitor_pid);
	}
	close(monitor);
	return rc;
}

/*
 * After the monitor is gone (stopped now, or killed earlier), what it left is released under
 * the sandbox's lock (a start in progress finishes first). 0 clean, 1 a monitor runs again
 * (a start won the lock), -1 error.
 */
static int clean_after(struct plan *p, int *cleaned)
{
	int lockfd = plan_lock(p, 1);
	if (lockfd < 0)
		return -1;
	int r = cleanup_after_monitor(p, cleaned);
	close(lockfd);
	return r;
}

int cmd_stop(const char *plan_path, int timeout_ms)
{
	struct plan p;
	struct state s;
	if (plan_load(&p, plan_path) < 0) {
		print_err();
		return 1;
	}
	const char *name = plan_str(&p, OP_NAME) ? plan_str(&p, OP_NAME) : plan_path;
	int rc = 0, stopped = 0, cleaned = 0;
	for (int round = 0; round < 3; round++) {
		int r = state_read(plan_str(&p, OP_RUN_DIR), &s);
		if (r < 0) {
			rc = 1;
			break;
		}
		if (r == 1)
			break;
		int m = monitor_stop(&p, &s, timeout_ms);
		if (m < 0)
			rc = 1;
		stopped |= m == 1;
		state_free(&s);
		if (rc)
			break;
		/* the monitor cleans up as it exits; a killed one leaves that to us */
		int c = clean_after(&p, &cleaned);
		if (c < 0)
			rc = 1;
		if (c != 1)
			break;
	}
	if (rc)
		print_err();
	else if (stopped)
		printf("stopped %s\n", name);
	else if (cleaned)
		printf("%s was not running (its monitor had been killed: cleaned up after it)\n", name);
	else
		printf("%s was not running\n", name);
	plan_free(&p);
	return rc;
}
