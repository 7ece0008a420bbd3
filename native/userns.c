/* userns.c - uid/gid maps and the short-lived user namespace used for idmapped binds. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "plan.h"
#include "userns.h"
#include "util.h"

int userns_write_maps(const struct plan *p, pid_t pid)
{
	char path[64], map[96];
	snprintf(map, sizeof map, "%llu %llu %llu\n", (unsigned long long)p->uid_in,
		 (unsigned long long)p->uid_out, (unsigned long long)p->uid_count);
	static const char *const files[] = {"uid_map", "gid_map"};
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, files[i]);
		if (write_str_file(AT_FDCWD, path, map) < 0)
			return fail_op_errno(p->g[OP_USERNS], "write %s", path);
	}
	return 0;
}

/* A child is cloned straight into a new user namespace and waits on a pipe; we write its
 * maps, keep a reference to the namespace, then let it exit and reap it. */
int userns_idmap_fd(const struct plan *p)
{
	int pp[2];
	if (pipe2(pp, O_CLOEXEC) < 0)
		return fail_errno("idmap user namespace: pipe");
	pid_t pid = clone_fork(CLONE_NEWUSER, -1, NULL);
	if (pid < 0) {
		int e = errno;
		close(pp[0]);
		close(pp[1]);
		errno = e;
		return fail_errno("idmap user namespace: clone");
	}
	if (pid == 0) {
		char c;
		close(pp[1]);
		while (read(pp[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(pp[0]);
	int fd = -1;
	if (userns_write_maps(p, pid) == 0) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/ns/user", (int)pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fail_errno("idmap user namespace: open %s", path);
	}
	close(pp[1]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return fd;
}
