/* state.c - the run-dir/state record and process start times. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "helper.h"

/* Field 22 (starttime) of /proc/PID/stat. -1 with errno ESRCH when the process is gone. */
int proc_start_time(pid_t pid, unsigned long long *ticks)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if (read_small_file(AT_FDCWD, path, buf, sizeof buf) < 0) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	char *c = strrchr(buf, ')');
	if (!c) {
		errno = EINVAL;
		return -1;
	}
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

int state_write(const char *run_dir, const struct state *s)
{
	char buf[1024 + MAX_CGROUPS * 4200];
	int n = snprintf(buf, sizeof buf, "monitor-pid %d\nmonitor-start %llu\ninit-pid %d\n"
			 "init-start %llu\n", (int)s->monitor_pid, s->monitor_start,
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
	if (have != 15 || s->monitor_pid <= 0 || s->init_pid <= 0)
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
