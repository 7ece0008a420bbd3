/* mounts.c - path resolution without symlinks and mounts with the new mount API. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include "mounts.h"
#include "plan.h"
#include "userns.h"
#include "util.h"

#define RES_DST (RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)
#define RES_SRC (RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

static int sys_openat2(int dirfd, const char *path, int flags, uint64_t resolve)
{
	struct open_how how;
	memset(&how, 0, sizeof how);
	how.flags = (uint64_t)(flags | O_CLOEXEC);
	how.resolve = resolve;
	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
}

static int sys_open_tree(int dirfd, const char *path, unsigned flags)
{
	return (int)syscall(SYS_open_tree, dirfd, path, flags | OPEN_TREE_CLOEXEC);
}

static int sys_move_mount(int from, int to)
{
	return (int)syscall(SYS_move_mount, from, "", to, "",
			    MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

static int sys_mount_setattr(int fd, unsigned flags, uint64_t set, int userns_fd)
{
	struct mount_attr a;
	memset(&a, 0, sizeof a);
	a.attr_set = set;
	if (set & MOUNT_ATTR_IDMAP)
		a.userns_fd = (uint64_t)userns_fd;
	return (int)syscall(SYS_mount_setattr, fd, "", flags | AT_EMPTY_PATH, &a, sizeof a);
}

int resolve_in_root(int rootfd, const char *abspath, int oflags)
{
	const char *rel = abspath[1] ? abspath + 1 : ".";
	return sys_openat2(rootfd, rel, oflags, RES_DST);
}

int open_host_path(const char *path, int oflags)
{
	return sys_openat2(AT_FDCWD, path, oflags, RES_SRC);
}

/* O_PATH fd of the parent directory of abspath, creating missing components (0755, the
 * caller's ids) one at a time without following symlinks. *leaf is the last component. */
int resolve_parent(int rootfd, const char *abspath, int create, const char **leaf)
{
	char comp[256];
	const char *c = abspath + 1;
	int dfd = sys_openat2(rootfd, ".", O_PATH | O_DIRECTORY, RES_DST);
	if (dfd < 0)
		return -1;
	for (;;) {
		const char *e = strchr(c, '/');
		if (!e) {
			*leaf = c;
			return dfd;
		}
		size_t n = (size_t)(e - c);
		memcpy(comp, c, n);
		comp[n] = 0;
		int fd = sys_openat2(dfd, comp, O_PATH | O_DIRECTORY, RES_DST);
		if (fd < 0 && errno == ENOENT && create) {
			if (mkdirat(dfd, comp, 0755) < 0 && errno != EEXIST) {
				int err = errno;
				close(dfd);
				errno = err;
				return -1;
			}
			fd = sys_openat2(dfd, comp, O_PATH | O_DIRECTORY, RES_DST);
		}
		int err = errno;
		close(dfd);
		if (fd < 0) {
			errno = err;
			return -1;
		}
		dfd = fd;
		c = e + 1;
	}
}

unsigned mf_to_attr(unsigned mf)
{
	unsigned a = 0;
	if (mf & MF_RO)
		a |= MOUNT_ATTR_RDONLY;
	if (mf & MF_NOSUID)
		a |= MOUNT_ATTR_NOSUID;
	if (mf & MF_NODEV)
		a |= MOUNT_ATTR_NODEV;
	if (mf & MF_NOEXEC)
		a |= MOUNT_ATTR_NOEXEC;
	return a;
}

/* Creates (if missing) the mount point DST as a directory or an empty 0644 file; returns an
 * O_PATH fd of it. */
static int make_target(const struct op *op, int rootfd, const char *dst, int isdir)
{
	const char *leaf;
	if (strcmp(dst, "/") == 0)
		return fail_op(op, "cannot mount over the new root itself");
	int pfd = resolve_parent(rootfd, dst, 1, &leaf);
	if (pfd < 0)
		return fail_op_errno(op, "resolve parent of %s", dst);
	if (isdir) {
		if (mkdirat(pfd, leaf, 0755) < 0 && errno != EEXIST) {
			fail_op_errno(op, "mkdir %s", dst);
			close(pfd);
			return -1;
		}
	} else {
		int fd = openat(pfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
				O_NOCTTY, 0644);
		if (fd < 0 && errno != EEXIST) {
			fail_op_errno(op, "create %s", dst);
			close(pfd);
			return -1;
		}
		if (fd >= 0)
			close(fd);
	}
	int fd = sys_openat2(pfd, leaf, O_PATH, RES_DST);
	if (fd < 0)
		fail_op_errno(op, "open %s", dst);
	close(pfd);
	return fd;
}

static int attach(const struct op *op, int mfd, int dstfd, const char *dst)
{
	if (sys_move_mount(mfd, dstfd) < 0)
		return fail_op_errno(op, "attach mount at %s", dst);
	return 0;
}

int bind_fd_onto(const struct op *op, int rootfd, int srcfd, const char *dst, int create)
{
	struct stat st;
	if (fstat(srcfd, &st) < 0)
		return fail_op_errno(op, "stat source");
	int dfd = create ? make_target(op, rootfd, dst, S_ISDIR(st.st_mode))
			 : resolve_in_root(rootfd, dst, O_PATH);
	if (dfd < 0)
		return create ? -1 : fail_op_errno(op, "open %s", dst);
	int mfd = sys_open_tree(srcfd, "", OPEN_TREE_CLONE | AT_EMPTY_PATH);
	int rc = mfd < 0 ? fail_op_errno(op, "clone mount for %s", dst) : attach(op, mfd, dfd, dst);
	if (mfd >= 0)
		close(mfd);
	close(dfd);
	return rc;
}

/* A detached copy of a bind's source with the op's attributes set (read-only, idmap, ...):
 * the fd of a mount not yet attached anywhere, or -1 (-2: an optional source is missing). */
static int clone_source(const struct op *o, int idmap_fd, struct stat *st)
{
	int rec = (o->flags & MF_REC) ? AT_RECURSIVE : 0;
	int src = open_host_path(o->argv[0], O_PATH);
	if (src < 0) {
		if (errno == ENOENT && (o->flags & MF_OPTIONAL))
			return -2;
		return fail_op_errno(o, "open source %s", o->argv[0]);
	}
	int mfd = -1;
	if (fstat(src, st) < 0) {
		fail_op_errno(o, "stat %s", o->argv[0]);
	} else if ((mfd = sys_open_tree(src, "", OPEN_TREE_CLONE | AT_EMPTY_PATH | (unsigned)rec)) < 0) {
		fail_op_errno(o, "clone mount of %s", o->argv[0]);
	} else {
		uint64_t set = mf_to_attr(o->flags) | ((o->flags & MF_IDMAP) ? MOUNT_ATTR_IDMAP : 0);
		if (set && sys_mount_setattr(mfd, (unsigned)rec, set, idmap_fd) < 0) {
			fail_op_errno(o, "set mount attributes on %s", o->argv[0]);
			close(mfd);
			mfd = -1;
		}
	}
	close(src);
	return mfd;
}

static int do_bind(const struct op *o, int rootfd, int idmap_fd)
{
	struct stat st;
	int mfd = clone_source(o, idmap_fd, &st);
	if (mfd == -2)
		return 0;
	if (mfd < 0)
		return -1;
	int rc = -1;
	int dfd = make_target(o, rootfd, o->argv[1], S_ISDIR(st.st_mode));
	if (dfd >= 0) {
		rc = attach(o, mfd, dfd, o->argv[1]);
		close(dfd);
	}
	close(mfd);
	return rc;
}

/*
 * `check-bind PLAN SRC...`: for each bind op of the plan whose source is SRC, everything start
 * does to it short of attaching it (open without following links, clone, set the attributes,
 * the idmap among them), so that create and upgrade refuse a source that start could not bind.
 * The detached mounts vanish with their fds. One line per failure, "SRC: reason"; 0 or 1.
 */
int cmd_check_bind(const char *plan_path, int nsrc, char **srcs)
{
	struct plan p;
	int idmap_fd = -1, rc = 0;
	if (plan_load(&p, plan_path) < 0 || (p.has_idmap && (idmap_fd = userns_idmap_fd(&p)) < 0)) {
		print_err();
		plan_free(&p);
		return 1;
	}
	for (int i = 0; i < nsrc; i++) {
		const struct op *o = NULL;
		for (size_t k = 0; k < p.nops && !o; k++)
			if (p.ops[k].id == OP_BIND && strcmp(p.ops[k].argv[0], srcs[i]) == 0)
				o = &p.ops[k];
		struct stat st;
		int mfd = o ? clone_source(o, idmap_fd, &st) : fail("no bind of it in %s", plan_path);
		if (mfd >= 0) {
			close(mfd);
			continue;
		}
		/* the reason without the "plan line N: bind: " prefix: the caller names the option */
		const char *why = strstr(g_err, ": bind: ");
		fprintf(stderr, "%s: %s\n", srcs[i], why ? why + 8 : g_err);
		rc = 1;
	}
	if (idmap_fd >= 0)
		close(idmap_fd);
	plan_free(&p);
	return rc;
}

/*
 * The next option of a comma list, splitting only outside double quotes: an SELinux context
 * holds commas in its level (context="u:r:t:s0:c1,c2"), as mount(8) writes it.
 */
static char *next_mount_option(char **cursor)
{
	char *start = *cursor, *c = start;
	int quoted = 0;
	if (!start || !*start)
		return NULL;
	for (; *c && (quoted || *c != ','); c++)
		if (*c == '"')
			quoted = !quoted;
	*cursor = *c ? c + 1 : NULL;
	*c = 0;
	return start;
}

/* fsconfig takes the value itself: the quotes were only for the comma list. */
static const char *unquote(char *value)
{
	size_t n = strlen(value);
	if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
		value[n - 1] = 0;
		return value + 1;
	}
	return value;
}

int fs_mount_at(const struct op *op, int dstfd, const char *fstype, const char *options,
		unsigned attrs)
{
	int rc = -1, mfd = -1;
	char *opts = NULL;
	int fsfd = (int)syscall(SYS_fsopen, fstype, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return fail_op_errno(op, "fsopen %s", fstype);
	if (options && strcmp(options, "-") != 0) {
		if (!(opts = xstrdup(options)))
			goto out;
		for (char *next = opts, *t; (t = next_mount_option(&next));) {
			char *eq = strchr(t, '=');
			int r;
			if (eq) {
				*eq = 0;
				r = (int)syscall(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, t,
						 unquote(eq + 1), 0);
			} else {
				r = (int)syscall(SYS_fsconfig, fsfd, FSCONFIG_SET_FLAG, t, NULL, 0);
			}
			if (r < 0) {
				fail_op_errno(op, "%s option '%s'", fstype, t);
				goto out;
			}
		}
	}
	if (syscall(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		int e = errno;
		char log[256];
		ssize_t n = read(fsfd, log, sizeof log - 1);
		log[n > 0 ? n : 0] = 0;
		if (n > 0 && log[n - 1] == '\n')
			log[n - 1] = 0;
		errno = e;
		fail_op_errno(op, "create %s%s%s", fstype, n > 0 ? " (" : "", n > 0 ? log : "");
		if (n > 0)
			strncat(g_err, ")", sizeof g_err - strlen(g_err) - 1);
		goto out;
	}
	mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attrs);
	if (mfd < 0) {
		fail_op_errno(op, "fsmount %s", fstype);
		goto out;
	}
	if (sys_move_mount(mfd, dstfd) < 0) {
		fail_op_errno(op, "attach %s", fstype);
		goto out;
	}
	rc = 0;
out:
	free(opts);
	if (mfd >= 0)
		close(mfd);
	close(fsfd);
	return rc;
}

int mount_root_tmpfs(const struct plan *p, const char *rootfs, int *rootfd)
{
	const struct op *o = p->root_tmpfs;
	if (mkdir(rootfs, 0700) < 0 && errno != EEXIST)
		return fail_op_errno(o, "mkdir %s", rootfs);
	int dfd = open(rootfs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return fail_op_errno(o, "open %s", rootfs);
	int rc = fs_mount_at(o, dfd, "tmpfs", o->argv[0], 0);
	close(dfd);
	if (rc < 0)
		return -1;
	*rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*rootfd < 0)
		return fail_op_errno(o, "open %s", rootfs);
	return 0;
}

static int do_tmpfs(const struct op *o, int rootfd)
{
	int dfd = make_target(o, rootfd, o->argv[0], 1);
	if (dfd < 0)
		return -1;
	int rc = fs_mount_at(o, dfd, "tmpfs", o->argv[1], mf_to_attr(o->flags));
	close(dfd);
	return rc;
}

static int do_mkdir(const struct op *o, int rootfd)
{
	const char *leaf;
	int pfd = resolve_parent(rootfd, o->argv[0], 1, &leaf);
	if (pfd < 0)
		return fail_op_errno(o, "resolve parent of %s", o->argv[0]);
	int rc = -1, fd = -1;
	if (mkdirat(pfd, leaf, (mode_t)o->num[0]) < 0 && errno != EEXIST) {
		fail_op_errno(o, "mkdir %s", o->argv[0]);
		goto out;
	}
	fd = sys_openat2(pfd, leaf, O_RDONLY | O_DIRECTORY, RES_DST);
	if (fd < 0) {
		fail_op_errno(o, "open %s", o->argv[0]);
		goto out;
	}
	if (fchown(fd, (uid_t)o->num[1], (gid_t)o->num[2]) < 0) {
		fail_op_errno(o, "chown %s", o->argv[0]);
		goto out;
	}
	if (fchmod(fd, (mode_t)o->num[0]) < 0) {
		fail_op_errno(o, "chmod %s", o->argv[0]);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	close(pfd);
	return rc;
}

static int do_symlink(const struct op *o, int rootfd)
{
	const char *leaf;
	int pfd = resolve_parent(rootfd, o->argv[1], 1, &leaf);
	if (pfd < 0)
		return fail_op_errno(o, "resolve parent of %s", o->argv[1]);
	int rc = 0;
	if (symlinkat(o->argv[0], pfd, leaf) < 0) {
		char cur[4096];
		ssize_t n;
		if (errno == EEXIST && (n = readlinkat(pfd, leaf, cur, sizeof cur - 1)) >= 0 &&
		    (cur[n] = 0, strcmp(cur, o->argv[0]) == 0))
			rc = 0; /* already the same link (e.g. inside a persistent bind) */
		else
			rc = fail_op_errno(o, "symlink %s", o->argv[1]);
	}
	close(pfd);
	return rc;
}

static int do_file(const struct op *o, int rootfd)
{
	const char *leaf;
	int pfd = resolve_parent(rootfd, o->argv[0], 1, &leaf);
	if (pfd < 0)
		return fail_op_errno(o, "resolve parent of %s", o->argv[0]);
	int rc = -1;
	int fd = openat(pfd, leaf, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
			(mode_t)o->num[0]);
	struct stat st;
	if (fd < 0) {
		fail_op_errno(o, "create %s", o->argv[0]);
	} else if (fstat(fd, &st) < 0) {
		fail_op_errno(o, "stat %s", o->argv[0]);
	} else if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
		fail_op(o, "%s exists and is not a plain file", o->argv[0]);
	} else if (ftruncate(fd, 0) < 0) {
		fail_op_errno(o, "truncate %s", o->argv[0]);
	} else if (write_all(fd, o->argv[2], strlen(o->argv[2])) < 0) {
		fail_op_errno(o, "write %s", o->argv[0]);
	} else if (fchmod(fd, (mode_t)o->num[0]) < 0) {
		fail_op_errno(o, "chmod %s", o->argv[0]);
	} else {
		rc = 0;
	}
	if (fd >= 0 && close(fd) < 0 && rc == 0)
		rc = fail_op_errno(o, "close %s", o->argv[0]);
	close(pfd);
	return rc;
}

/* root-readonly: after every other mount op (and the console bind), whatever its position */
int mount_root_readonly(const struct plan *p, int rootfd)
{
	if (p->root_readonly && sys_mount_setattr(rootfd, 0, MOUNT_ATTR_RDONLY, -1) < 0)
		return fail_op_errno(p->root_readonly, "make the root read-only");
	return 0;
}

int run_mount_ops(const struct plan *p, int rootfd, int idmap_fd)
{
	for (size_t i = 0; i < p->nops; i++) {
		const struct op *o = &p->ops[i];
		int rc = 0;
		switch (o->id) {
		case OP_BIND: rc = do_bind(o, rootfd, idmap_fd); break;
		case OP_TMPFS: rc = do_tmpfs(o, rootfd); break;
		case OP_MKDIR: rc = do_mkdir(o, rootfd); break;
		case OP_SYMLINK: rc = do_symlink(o, rootfd); break;
		case OP_FILE: rc = do_file(o, rootfd); break;
		default: break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- init-time helpers (PID 1, in its user namespace) ---- */

int mount_mask(const struct op *op, int rootfd)
{
	int fd = resolve_in_root(rootfd, op->argv[0], O_PATH);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail_op_errno(op, "open %s", op->argv[0]);
	struct stat st;
	int rc = -1, nfd = -1;
	if (fstat(fd, &st) < 0) {
		fail_op_errno(op, "stat %s", op->argv[0]);
	} else if (S_ISDIR(st.st_mode)) {
		rc = fs_mount_at(op, fd, "tmpfs", op->argv[1], mf_to_attr(op->flags));
	} else {
		struct stat ns;
		nfd = sys_open_tree(AT_FDCWD, "/dev/null", OPEN_TREE_CLONE | AT_SYMLINK_NOFOLLOW);
		if (nfd < 0)
			fail_op_errno(op, "clone /dev/null");
		else if (fstat(nfd, &ns) < 0 || !S_ISCHR(ns.st_mode) || ns.st_rdev != makedev(1, 3))
			fail_op(op, "/dev/null is not the null device");
		else
			rc = attach(op, nfd, fd, op->argv[0]);
	}
	if (nfd >= 0)
		close(nfd);
	close(fd);
	return rc;
}

int mount_readonly(const struct op *op, int rootfd)
{
	int fd = resolve_in_root(rootfd, op->argv[0], O_PATH);
	if (fd < 0)
		return errno == ENOENT ? 0 : fail_op_errno(op, "open %s", op->argv[0]);
	int rc = -1;
	int mfd = sys_open_tree(fd, "", OPEN_TREE_CLONE | AT_RECURSIVE | AT_EMPTY_PATH);
	if (mfd < 0)
		fail_op_errno(op, "clone mount %s", op->argv[0]);
	else if (sys_mount_setattr(mfd, AT_RECURSIVE, MOUNT_ATTR_RDONLY, -1) < 0)
		fail_op_errno(op, "make %s read-only", op->argv[0]);
	else
		rc = attach(op, mfd, fd, op->argv[0]);
	if (mfd >= 0)
		close(mfd);
	close(fd);
	return rc;
}
