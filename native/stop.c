/*
 * stop: the plan's stop signal reaches PID 1 through the monitor (SIGTERM to the monitor,
 * which forwards it), then SIGKILL to PID 1 after the timeout; returns once the monitor has
 * cleaned up and exited. Pids are taken only with their recorded start times, and signalled
 * through pidfds, so a recycled pid is never hit.
 */
#include "helper.h"

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
		int monitor = pidfd_if_same(s.monitor_pid, s.monitor_start);
		if (monitor >= 0 && !proc_alive(s.monitor_pid, s.monitor_start)) {
			close(monitor);   /* a zombie: killed, only not yet reaped */
			monitor = -1;
		}
		if (monitor >= 0) {
			if (xpidfd_send_signal(monitor, SIGTERM) < 0 && errno != ESRCH) {
				fail_errno("signal monitor %d", (int)s.monitor_pid);
				rc = 1;
			} else if (!wait_exit(monitor, timeout_ms)) {
				int init = s.init_pid > 0 ? pidfd_if_same(s.init_pid, s.init_start) : -1;
				if (init >= 0) {
					(void)xpidfd_send_signal(init, SIGKILL);
					close(init);
				}
				if (!wait_exit(monitor, 10000)) {
					fail("%s did not stop: its monitor (pid %d) is still running", name,
					     (int)s.monitor_pid);
					rc = 1;
				}
			}
			close(monitor);
			stopped |= rc == 0;
		}
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
