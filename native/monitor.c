/* monitor.c - the monitor's life after PID 1 runs: relay, exit record, cleanup. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include "cleanup.h"
#include "monitor.h"
#include "plan.h"
#include "pty.h"
#include "spawn.h"
#include "state.h"
#include "util.h"

#define EXIT_REBOOT 133

/* Removes run-dir (the notify socket, state, state.tmp, rootfs, the directory). Missing is
 * fine. */
int cleanup_run_dir(const struct plan *p)
{
	const char *run_dir = plan_str(p, OP_RUN_DIR);
	const char *sock = plan_str(p, OP_NOTIFY_SOCKET);
	if (sock && unlink(sock) < 0 && errno != ENOENT)
		return fail_op_errno(p->g[OP_NOTIFY_SOCKET], "remove %s", sock);
	int dfd = open(run_dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return errno == ENOENT ? 0 : fail_errno("open %s", run_dir);
	static const char *const files[] = {"state", "state.tmp", SPAWN_SOCKET};
	for (size_t i = 0; i < 3; i++)
		if (unlinkat(dfd, files[i], 0) < 0 && errno != ENOENT) {
			fail_errno("remove %s/%s", run_dir, files[i]);
			close(dfd);
			return -1;
		}
	if (unlinkat(dfd, "rootfs", AT_REMOVEDIR) < 0 && errno != ENOENT) {
		fail_errno("remove %s/rootfs", run_dir);
		close(dfd);
		return -1;
	}
	close(dfd);
	if (rmdir(run_dir) < 0 && errno != ENOENT)
		return fail_errno("remove %s", run_dir);
	return 0;
}

int monitor_finish(struct plan *p, int status)
{
	char rec[96];
	int code;
	long long now = (long long)time(NULL);
	if (WIFSIGNALED(status)) {
		snprintf(rec, sizeof rec, "signaled %d %lld\n", WTERMSIG(status), now);
		code = 128 + WTERMSIG(status);
		/* the kernel ends a PID namespace's init this way when it calls reboot(2): a clean
		 * halt or poweroff is success, a reboot is systemd-nspawn's 133 (restart me) */
		if (WTERMSIG(status) == SIGINT)
			code = 0;
		else if (WTERMSIG(status) == SIGHUP)
			code = EXIT_REBOOT;
	} else {
		snprintf(rec, sizeof rec, "exited %d %lld\n", WEXITSTATUS(status), now);
		code = WEXITSTATUS(status);
	}
	const char *exit_file = plan_str(p, OP_EXIT_FILE);
	if (exit_file && exit_record_write(exit_file, rec) < 0) {
		fail_op_errno(p->g[OP_EXIT_FILE], "write %s", exit_file);
		print_err();
	}
	if (sandbox_cleanup(p, NULL) < 0)
		print_err();   /* the run directory stays: `cloister gc` finishes the cleanup */
	return code;
}

int monitor_run(struct plan *p, struct relay *r, const struct termios *saved_tty)
{
	int rc = relay_run(r);
	if (saved_tty)
		tty_restore(0, saved_tty);
	if (rc < 0) {
		/* the loop itself failed: make sure PID 1 does not outlive its monitor */
		print_err();
		(void)xpidfd_send_signal(r->child_pidfd, SIGKILL);
		while (waitpid(r->child, &r->status, 0) < 0 && errno == EINTR)
			;
	}
	return monitor_finish(p, r->status);
}
