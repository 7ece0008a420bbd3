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

int cmd_stop(const char *plan_path, int timeout_ms)
{
	struct plan p;
	struct state s;
	if (plan_load(&p, plan_path) < 0) {
		print_err();
		return 1;
	}
	const char *name = plan_str(&p, OP_NAME) ? plan_str(&p, OP_NAME) : plan_path;
	int r = state_read(plan_str(&p, OP_RUN_DIR), &s);
	if (r != 0) {
		if (r < 0)
			print_err();
		else
			printf("%s was not running\n", name);
		plan_free(&p);
		return r < 0 ? 1 : 0;
	}
	int rc = 0;
	int monitor = pidfd_if_same(s.monitor_pid, s.monitor_start);
	if (monitor < 0) {
		/* the monitor died without cleaning up: start and gc deal with that */
		printf("%s was not running (its monitor is gone)\n", name);
		goto out;
	}
	if (xpidfd_send_signal(monitor, SIGTERM) < 0 && errno != ESRCH) {
		fail_errno("signal monitor %d", (int)s.monitor_pid);
		rc = 1;
		goto out;
	}
	if (!wait_exit(monitor, timeout_ms)) {
		int init = pidfd_if_same(s.init_pid, s.init_start);
		if (init >= 0) {
			(void)xpidfd_send_signal(init, SIGKILL);
			close(init);
		}
		if (!wait_exit(monitor, 10000)) {
			fail("%s did not stop: its monitor (pid %d) is still running", name, (int)s.monitor_pid);
			rc = 1;
		}
	}
	if (rc == 0)
		printf("stopped %s\n", name);
out:
	if (rc)
		print_err();
	if (monitor >= 0)
		close(monitor);
	state_free(&s);
	plan_free(&p);
	return rc;
}
