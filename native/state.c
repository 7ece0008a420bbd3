/* state.c - the runtime records (run-dir/state, the exit record) and process start times. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "plan.h"
#include "state.h"
#include "util.h"

/* Fields 3 (state) and 22 (starttime) of /proc/PID/stat. -1 with errno ESRCH when the
 * process is gone. */
static int proc_stat(pid_t pid, char *state, unsigned long long *ticks)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_small_file(AT_FDCWD, path, buf, sizeof buf) < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	/* the command name (field 2) may hold spaces and parentheses: count from the last ')' */
	char *c = strrchr(buf, ')');
	if (!c || c[1] != ' ' || !c[2]) {
		errno = EINVAL;
		return -1;
	}
	*state = c[2];
	c++;
	/* after ")" come fields 3..: skip to field 22 */
	for (int field = 2; field < 21; field++) {
		c = strchr(c + 1, ' ');
		if (!c) {
			errno = EINVAL;
			return -1;
		}
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(c + 1, &end, 10);
	if (errno || end == c + 1) {
		errno = EINVAL;
		return -1;
	}
	*ticks = v;
	return 0;
}

int proc_start_time(pid_t pid, unsigned long long *ticks)
{
	char state;
	return proc_stat(pid, &state, ticks);
}

int proc_alive(pid_t pid, unsigned long long start)
{
	char state;
	unsigned long long t;
	/* a zombie (or a task being reaped) has ended: only its parent's wait is missing */
	return pid > 0 && proc_stat(pid, &state, &t) == 0 && t == start && state != 'Z' && state != 'X';
}

int state_write(const char *run_dir, const struct state *s)
{
	char buf[1024 + MAX_CGROUPS * 4200];
	int n = snprintf(buf, sizeof buf, "monitor-pid %d\nmonitor-start %llu\n", (int)s->monitor_pid,
			 s->monitor_start);
	/* without PID 1 yet: the record of a start in progress (its cgroups, for a cleanup) */
	if (s->init_pid > 0 && n > 0 && (size_t)n < sizeof buf)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "init-pid %d\ninit-start %llu\n",
			      (int)s->init_pid, s->init_start);
	for (int i = 0; i < s->ncg && n > 0 && (size_t)n < sizeof buf; i++)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "cgroup %s\n", s->cgroups[i]);
	if (n > 0 && (size_t)n < sizeof buf)
		n += snprintf(buf + n, sizeof buf - (size_t)n, "started %lld\n", s->started);
	if (n < 0 || (size_t)n >= sizeof buf)
		return fail("state record too long");
	char *path = xasprintf("%s/state", run_dir);
	if (!path)
		return -1;
	int rc = write_file_atomic(path, buf, 0644);
	if (rc < 0)
		fail_errno("write %s", path);
	free(path);
	return rc;
}

static int parse_num(const char *s, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

int state_read(const char *run_dir, struct state *s)
{
	memset(s, 0, sizeof *s);
	char *path = xasprintf("%s/state", run_dir);
	if (!path)
		return -1;
	char *buf = malloc(64 * 1024);
	if (!buf) {
		free(path);
		return fail_errno("out of memory");
	}
	int rc = 0;
	if (read_small_file(AT_FDCWD, path, buf, 64 * 1024) < 0) {
		rc = errno == ENOENT ? 1 : fail_errno("read %s", path);
		goto out;
	}
	int have = 0;
	for (char *line = buf, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl) {
			rc = fail("%s: truncated", path);
			goto out;
		}
		*nl = 0;
		char *sp = strchr(line, ' ');
		if (!sp) {
			rc = fail("%s: bad line '%s'", path, line);
			goto out;
		}
		*sp++ = 0;
		long long v = 0;
		if (strcmp(line, "cgroup") == 0) {
			if (s->ncg >= MAX_CGROUPS || sp[0] != '/') {
				rc = fail("%s: bad cgroup line", path);
				goto out;
			}
			if (!(s->cgroups[s->ncg] = xstrdup(sp))) {
				rc = -1;
				goto out;
			}
			s->ncg++;
			continue;
		}
		if (parse_num(sp, &v)) {
			rc = fail("%s: bad number in '%s'", path, line);
			goto out;
		}
		if (strcmp(line, "monitor-pid") == 0)
			s->monitor_pid = (pid_t)v, have |= 1;
		else if (strcmp(line, "monitor-start") == 0)
			s->monitor_start = (unsigned long long)v, have |= 2;
		else if (strcmp(line, "init-pid") == 0)
			s->init_pid = (pid_t)v, have |= 4;
		else if (strcmp(line, "init-start") == 0)
			s->init_start = (unsigned long long)v, have |= 8;
		else if (strcmp(line, "started") == 0)
			s->started = v;
		/* unknown keys are ignored: newer writers may add lines */
	}
	if ((have & 3) != 3 || s->monitor_pid <= 0 || ((have & 12) && (have & 12) != 12) ||
	    ((have & 4) && s->init_pid <= 0))
		rc = fail("%s: incomplete state record", path);
out:
	if (rc < 0)
		state_free(s);
	free(buf);
	free(path);
	return rc;
}

void state_free(struct state *s)
{
	for (int i = 0; i < s->ncg; i++)
		free(s->cgroups[i]);
	s->ncg = 0;
}

/*
 * The exit record is one line ("exited 0 T", "signaled 9 T", "started T", "lost T",
 * "created T") in a file that create writes: it is rewritten in place (pwrite, then truncate
 * to the line), so recording an exit never needs a free block and a full disk loses nothing.
 * A writer killed between the two calls leaves the new line first: readers take line one.
 */
int exit_record_write(const char *path, const char *line)
{
	size_t len = strlen(line);
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
	if (fd < 0 && errno == ENOENT)   /* made by an older create: the first write allocates */
		return write_file_atomic(path, line, 0644);
	if (fd < 0)
		return -1;
	ssize_t w;
	do
		w = pwrite(fd, line, len, 0);
	while (w < 0 && errno == EINTR);
	int rc = w == (ssize_t)len && ftruncate(fd, (off_t)len) == 0 ? 0 : -1;
	int e = w >= 0 && w != (ssize_t)len ? EIO : errno;
	close(fd);
	errno = e;
	return rc;
}

/* 1 when the record says a run started and no end was recorded since; 0 otherwise. */
int exit_record_started(const char *path)
{
	char buf[128];
	if (read_small_file(AT_FDCWD, path, buf, sizeof buf) < 0)
		return 0;
	return strncmp(buf, "started ", 8) == 0;
}
