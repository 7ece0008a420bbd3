/* cgroup.c - resolving, creating, populating and removing the sandbox's cgroups. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cgroup.h"
#include "plan.h"
#include "util.h"

/* Path of this process's cgroup in the hierarchy whose controller field is `key`
 * ("" for the v2 line "0::"). */
static int self_cgroup_path(const char *self, const struct op *op, const char *key, int v2,
			    const char **path, size_t *len)
{
	for (const char *line = self; *line;) {
		const char *nl = strchr(line, '\n');
		size_t ll = nl ? (size_t)(nl - line) : strlen(line);
		const char *c1 = memchr(line, ':', ll);
		const char *c2 = c1 ? memchr(c1 + 1, ':', ll - (size_t)(c1 + 1 - line)) : NULL;
		if (c2) {
			size_t kl = (size_t)(c2 - c1 - 1);
			int hit = v2 ? (c1 - line == 1 && line[0] == '0' && kl == 0)
				     : (kl == strlen(key) && memcmp(c1 + 1, key, kl) == 0);
			if (hit) {
				*path = c2 + 1;
				*len = ll - (size_t)(c2 + 1 - line);
				return 0;
			}
		}
		if (!nl)
			break;
		line = nl + 1;
	}
	return fail_op(op, "no line for '%s' in /proc/self/cgroup", v2 ? "0::" : key);
}

int cgroups_resolve(struct plan *p)
{
	char self[8192];
	int have_self = 0;
	for (int i = 0; i < p->ncg; i++) {
		struct cgroup_ent *cg = &p->cg[i];
		char **a = cg->op->argv;
		if (!have_self && !(cg->kind == CG_V2 && p->unit_cgroup)) {
			if (read_small_file(AT_FDCWD, "/proc/self/cgroup", self, sizeof self) < 0)
				return fail_errno("read /proc/self/cgroup");
			have_self = 1;
		}
		const char *path = NULL;
		size_t len = 0;
		if (cg->kind == CG_V2 && p->unit_cgroup) {
			path = p->unit_cgroup; /* systemd-unit: beneath the unit, beside the monitor */
			len = strlen(path);
		} else if (self_cgroup_path(self, cg->op, a[1], cg->kind == CG_V2, &path, &len)) {
			return -1;
		}
		if (len == 0 || path[0] != '/')
			return fail_op(cg->op, "unexpected cgroup path in /proc/self/cgroup");
		if (len == 1)
			len = 0; /* the root: avoid "//" */
		const char *leaf = cg->kind == CG_V1 ? a[2] : a[1];
		if (!(cg->dir = xasprintf("%s%.*s/%s", strcmp(a[0], "/") == 0 ? "" : a[0],
					  (int)len, path, leaf)))
			return -1;
		if (strstr(cg->dir, "/../") || strstr(cg->dir, "/./"))
			return fail_op(cg->op, "refusing odd cgroup path %s", cg->dir);
	}
	return 0;
}

static int cgroup_empty(const char *dir)
{
	char path[4200], buf[64];
	snprintf(path, sizeof path, "%s/cgroup.procs", dir);
	ssize_t n = read_small_file(AT_FDCWD, path, buf, sizeof buf);
	if (n < 0 && errno == EFBIG)
		return 0;
	if (n < 0)
		return -1;
	return n == 0;
}

static int write_in(const struct op *op, const char *dir, const char *file, const char *val)
{
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0)
		return fail_op_errno(op, "open %s", dir);
	int rc = write_str_file(dfd, file, val);
	if (rc < 0)
		fail_op_errno(op, "write '%s' to %s/%s", val, dir, file);
	close(dfd);
	return rc;
}

static int enable_controllers(struct plan *p, struct cgroup_ent *cg)
{
	for (size_t i = 0; i < p->nops; i++) {
		const struct op *o = &p->ops[i];
		if (o->id != OP_CGROUP_ENABLE || strcmp(o->argv[0], cg->first) != 0)
			continue;
		char val[1024];
		size_t n = 0;
		for (const char *c = o->argv[1]; *c;) {
			const char *e = strchrnul(c, ',');
			int w = snprintf(val + n, sizeof val - n, "%s+%.*s", n ? " " : "",
					 (int)(e - c), c);
			if (w < 0 || (size_t)w >= sizeof val - n)
				return fail_op(o, "controller list too long");
			n += (size_t)w;
			c = *e ? e + 1 : e;
		}
		char *parent = xstrdup(cg->dir);
		if (!parent)
			return -1;
		*strrchr(parent, '/') = 0;
		int rc = write_in(o, parent[0] ? parent : "/", "cgroup.subtree_control", val);
		free(parent);
		if (rc)
			return -1;
	}
	return 0;
}

int cgroups_create(struct plan *p)
{
	for (int i = 0; i < p->ncg; i++) {
		struct cgroup_ent *cg = &p->cg[i];
		if (cg->kind == CG_V2)
			if (enable_controllers(p, cg))
				return -1;
		if (mkdir(cg->dir, 0755) < 0) {
			if (errno != EEXIST)
				return fail_op_errno(cg->op, "mkdir %s", cg->dir);
			int e = cgroup_empty(cg->dir);
			if (e < 0)
				return fail_op_errno(cg->op, "read %s/cgroup.procs", cg->dir);
			if (!e)
				return fail_op(cg->op, "cgroup %s exists and has processes", cg->dir);
		}
		cg->created = 1;
		for (size_t j = 0; j < p->nops; j++) {
			const struct op *o = &p->ops[j];
			if (o->id == OP_CGROUP_SET && strcmp(o->argv[0], cg->first) == 0)
				if (write_in(o, cg->dir, o->argv[1], o->argv[2]))
					return -1;
		}
		for (size_t j = 0; j < p->nops; j++) {
			const struct op *o = &p->ops[j];
			if (o->id != OP_CGROUP_OWNER || strcmp(o->argv[0], cg->first) != 0)
				continue;
			static const char *const files[] = {".", "cgroup.procs",
				"cgroup.subtree_control", "cgroup.threads", "tasks"};
			int dfd = open(cg->dir, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
			if (dfd < 0)
				return fail_op_errno(o, "open %s", cg->dir);
			for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
				int flags = k == 0 ? AT_EMPTY_PATH : AT_SYMLINK_NOFOLLOW;
				if (fchownat(dfd, k == 0 ? "" : files[k], (uid_t)o->num[0],
					     (gid_t)o->num[1], flags) < 0 && errno != ENOENT) {
					fail_op_errno(o, "chown %s/%s", cg->dir, files[k]);
					close(dfd);
					return -1;
				}
			}
			close(dfd);
		}
	}
	return 0;
}

/*
 * Moving a process by writing its pid to cgroup.procs takes the global cgroup_threadgroup_rwsem
 * for writing, and the first such write after an idle moment waits out an RCU grace period
 * (8-15 ms here: more than all the rest of an execute). Two moves skip that lock: writing 0
 * to a v1 hierarchy's "tasks" moves only the calling thread (the helper has one, so that is
 * the whole process), and clone3's CLONE_INTO_CGROUP starts a child in a v2 cgroup. So a v1
 * cgroup is joined here, and a v2 one is handed back (*v2fd, once) for the fork.
 */
int cgroup_join(const char *dir, const char *leaf, int *v2fd)
{
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (dfd < 0)
		return fail_errno("open cgroup %s", dir);
	if (leaf) {
		/* a delegated cgroup: its own processes are systemd's; ours go into a leaf beside them */
		int lfd = -1;
		if ((mkdirat(dfd, leaf, 0755) < 0 && errno != EEXIST) ||
		    (lfd = openat(dfd, leaf, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
			fail_errno("make cgroup %s/%s", dir, leaf);
			close(dfd);
			return -1;
		}
		close(dfd);
		dfd = lfd;
	}
	int rc = write_str_file(dfd, "tasks", "0");
	if (rc < 0 && errno == ENOENT && *v2fd < 0) {
		*v2fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		rc = *v2fd < 0 ? -1 : 0;
	} else if (rc < 0 && errno == ENOENT) {
		char pid[32]; /* a second v2 cgroup (no plan makes one): the locked way */
		snprintf(pid, sizeof pid, "%d", (int)getpid());
		rc = write_str_file(dfd, "cgroup.procs", pid);
	}
	if (rc < 0)
		fail_errno("join cgroup %s%s%s", dir, leaf ? "/" : "", leaf ? leaf : "");
	close(dfd);
	return rc;
}

/*
 * PID 1 enters its cgroups without the global lock as execute does (see cgroup_join): the
 * monitor opens each v1 cgroup's "tasks" before the clone, as host root, and PID 1 writes 0
 * to them first thing; the v2 cgroup is the clone's CLONE_INTO_CGROUP target. A cgroup left
 * over (a second v2 one) is joined by cgroups_add_pid.
 */
int cgroups_open_entry(struct plan *p, struct cgroup_entry *e)
{
	e->ntasks = 0;
	e->v2fd = -1;
	for (int i = 0; i < p->ncg; i++) {
		struct cgroup_ent *cg = &p->cg[i];
		int dfd = open(cg->dir, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (dfd < 0)
			return fail_op_errno(cg->op, "open cgroup %s", cg->dir);
		int fd = openat(dfd, "tasks", O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd >= 0) {
			e->tasks[e->ntasks++] = fd;
			cg->entered = 1;
		} else if (errno == ENOENT && e->v2fd < 0) {
			e->v2fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			cg->entered = e->v2fd >= 0;
		}
		int open_errno = errno;
		close(dfd);
		if (!cg->entered && open_errno != ENOENT) {
			errno = open_errno;
			return fail_op_errno(cg->op, "open cgroup %s", cg->dir);
		}
	}
	return 0;
}

void cgroups_close_entry(struct cgroup_entry *e)
{
	for (int i = 0; i < e->ntasks; i++)
		close(e->tasks[i]);
	e->ntasks = 0;
	if (e->v2fd >= 0)
		close(e->v2fd);
	e->v2fd = -1;
}

int cgroups_enter_self(const struct cgroup_entry *e)
{
	for (int i = 0; i < e->ntasks; i++) {
		ssize_t w;
		do
			w = write(e->tasks[i], "0", 1);
		while (w < 0 && errno == EINTR);
		if (w != 1)
			return fail_errno("enter the sandbox's cgroups");
		close(e->tasks[i]);
	}
	return 0;
}

int cgroups_add_pid(struct plan *p, pid_t pid)
{
	char val[32];
	snprintf(val, sizeof val, "%d", (int)pid);
	for (int i = 0; i < p->ncg; i++)
		if (!p->cg[i].entered && write_in(p->cg[i].op, p->cg[i].dir, "cgroup.procs", val))
			return -1;
	return 0;
}

/*
 * Removes the child cgroups a delegated subtree left (systemd inside creates init.scope,
 * system.slice, ...), deepest first. cgroupfs holds only control files and cgroup
 * directories, and nothing in it can be a symlink, so a plain walk is safe.
 */
static void remove_children(int dirfd, int depth)
{
	if (depth > 64)
		return;
	int fd = dup(dirfd);
	if (fd < 0)
		return;
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		int child = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (child >= 0) {
			remove_children(child, depth + 1);
			close(child);
		}
		unlinkat(dirfd, e->d_name, AT_REMOVEDIR);
	}
	closedir(d);
}

int cgroup_remove(const char *dir, int timeout_ms)
{
	struct timespec ts = {0, 5 * 1000 * 1000};
	for (int waited = 0;; waited += 5) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd >= 0) {
			remove_children(dfd, 0);
			close(dfd);
		}
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY || waited >= timeout_ms)
			return fail_errno("rmdir %s", dir);
		nanosleep(&ts, NULL);
	}
}

int cgroups_destroy(struct plan *p)
{
	int rc = 0;
	char first[sizeof g_err] = "";
	for (int i = p->ncg - 1; i >= 0; i--)
		if (p->cg[i].created && p->cg[i].dir) {
			if (cgroup_remove(p->cg[i].dir, 2000) < 0 && rc == 0) {
				memcpy(first, g_err, sizeof first);
				rc = -1;
			}
			p->cg[i].created = 0;
		}
	if (rc)
		memcpy(g_err, first, sizeof g_err);
	return rc;
}
