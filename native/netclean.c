/* netclean.c - `net-cleanup PLAN`: what `cloister gc` runs for each sandbox that is not running,
 * to undo what a killed monitor left of its network (see net_teardown). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "helper.h"

int cmd_net_cleanup(const char *plan_path)
{
	struct plan p;
	int lockfd = -1, rc = 1;
	if (plan_load(&p, plan_path) < 0)
		goto err;
	const char *name = plan_str(&p, OP_NAME);
	const char *lock = plan_str(&p, OP_LOCK_FILE);
	if (net_plan_empty(&p.net)) {
		plan_free(&p);
		return 0;
	}
	/* A start in progress holds the sandbox's lock: leave it alone (no waiting). */
	if (lock) {
		lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
		if (lockfd < 0) {
			fail_errno("open %s", lock);
			goto err;
		}
		struct flock fl;
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(lockfd, F_OFD_SETLK, &fl) < 0) {
			if (errno != EAGAIN && errno != EACCES) {
				fail_errno("lock %s", lock);
				goto err;
			}
			rc = 3;
			goto out;
		}
	}
	struct state s;
	const char *run_dir = plan_str(&p, OP_RUN_DIR);
	int r = run_dir ? state_read(run_dir, &s) : 1;
	if (r < 0)
		goto err;
	if (r == 0) {
		unsigned long long t;
		int alive = proc_start_time(s.monitor_pid, &t) == 0 && t == s.monitor_start;
		state_free(&s);
		if (alive) {
			rc = 3;
			goto out;
		}
	}
	char nerr[512];
	if (net_teardown(&p.net, nerr, sizeof nerr) < 0) {
		fail("%s: network cleanup: %s", name ? name : plan_path, nerr);
		goto err;
	}
	rc = 0;
	goto out;
err:
	print_err();
	rc = 1;
out:
	if (lockfd >= 0)
		close(lockfd);
	plan_free(&p);
	return rc;
}
