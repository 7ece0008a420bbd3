/* copy.c - copy-tree: a directory tree copied with owners, modes, times and extended attributes.
 *
 * create copies the host's /etc into a new sandbox tree and clone copies a stopped sandbox's
 * tree; done from Java this was a third of create's time (16 syscalls and many objects per
 * file). Nothing is followed: every entry is opened relative to its parent's fd with
 * O_NOFOLLOW, symlinks are copied as links, and sockets, fifos and devices are skipped. The
 * destination's top directory may exist (a mounted image); everything below it is new.
 *
 * Filters: --world-readable keeps only symlinks and entries others may read (host files that
 * are not world-readable are secrets by convention); --empty REL makes the directory REL
 * (relative to the source) empty, with its owner and mode: a mount point for what is not copied;
 * --leave-out REL leaves that entry on the host (a host secret the sandbox gets its own of).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include "copy.h"
#include "util.h"

struct copy_opts {
	int world_readable;
	char **emptied;
	int nemptied;
	char **left_out;
	int nleft_out;
};

static int kept(const struct copy_opts *o, const struct stat *st)
{
	return !o->world_readable || S_ISLNK(st->st_mode) || (st->st_mode & S_IROTH);
}

static int in_list(char **list, int n, const char *rel)
{
	for (int i = 0; i < n; i++)
		if (strcmp(list[i], rel) == 0)
			return 1;
	return 0;
}

static int is_emptied(const struct copy_opts *o, const char *rel)
{
	return in_list(o->emptied, o->nemptied, rel);
}

/* Reads a list or value of the size the first call reports (NULL when there is none). */
static char *xattr_read(int fd, const char *name, ssize_t *len)
{
	*len = name ? fgetxattr(fd, name, NULL, 0) : flistxattr(fd, NULL, 0);
	char *buf = *len > 0 ? malloc((size_t)*len) : NULL;
	if (buf)
		*len = name ? fgetxattr(fd, name, buf, (size_t)*len) : flistxattr(fd, buf, (size_t)*len);
	if (buf && *len <= 0) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/* Best effort, like cp --preserve=xattr: a name the target filesystem refuses is left out. */
static void copy_xattrs(int from, int to)
{
	ssize_t len, n;
	char *names = xattr_read(from, NULL, &len);
	for (ssize_t i = 0; names && i < len; i += (ssize_t)strlen(names + i) + 1) {
		char *value = xattr_read(from, names + i, &n);
		if (value || n == 0)
			(void)fsetxattr(to, names + i, value ? value : "", value ? (size_t)n : 0, 0);
		free(value);
	}
	free(names);
}

/* Owner first: chown clears set-id bits, so the mode comes after it; times last. */
static int copy_attributes(int to, const struct stat *st, const char *rel)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	if (fchown(to, st->st_uid, st->st_gid) < 0 || fchmod(to, st->st_mode & 07777) < 0 ||
	    futimens(to, times) < 0)
		return fail_errno("copy-tree: setting the attributes of %s", rel);
	return 0;
}

/* Copies [off, end) at the same offsets: sendfile, or reads and writes where it has none. */
static int copy_range(int from, int to, off_t off, off_t end, const char *rel)
{
	if (lseek(to, off, SEEK_SET) < 0)
		return fail_errno("copy-tree: copying %s", rel);
	while (off < end) {
		ssize_t n = sendfile(to, from, &off, (size_t)(end - off < (1 << 30) ? end - off : (1 << 30)));
		if (n == 0)
			return 0; /* shrank while we copy */
		if (n > 0 || errno == EINTR)
			continue;
		if (errno != EINVAL && errno != ENOSYS)
			return fail_errno("copy-tree: copying %s", rel);
		char buf[65536]; /* a filesystem without sendfile */
		ssize_t r = pread(from, buf, sizeof buf < (size_t)(end - off) ? sizeof buf : (size_t)(end - off), off);
		if (r == 0)
			return 0;
		if (r < 0 || pwrite(to, buf, (size_t)r, off) != r)
			return fail_errno("copy-tree: copying %s", rel);
		off += r;
	}
	return 0;
}

/*
 * Only the file's data is copied (SEEK_DATA/SEEK_HOLE), the holes stay holes: a sparse file
 * root inside made costs the host no more than it costs the sandbox.
 */
static int copy_bytes(int from, int to, off_t size, const char *rel)
{
	off_t pos = 0;
	while (pos < size) {
		off_t data = lseek(from, pos, SEEK_DATA);
		if (data < 0 && errno == ENXIO)
			break; /* nothing but a hole up to the end */
		if (data < 0)
			data = pos; /* no hole support here: all of it is data */
		off_t hole = lseek(from, data, SEEK_HOLE);
		if (hole < 0 || hole > size)
			hole = size;
		if (copy_range(from, to, data, hole, rel) < 0)
			return -1;
		pos = hole;
	}
	if (ftruncate(to, size) < 0)
		return fail_errno("copy-tree: copying %s", rel);
	return 0;
}

static int copy_file(int sdir, int ddir, const char *name, const char *rel, const struct copy_opts *o)
{
	/* O_NONBLOCK: should a fifo have replaced the file since it was listed, open does not hang. */
	int from = openat(sdir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (from < 0)
		return errno == ENOENT ? 0 : fail_errno("copy-tree: opening %s", rel);
	struct stat st;
	int rc = -1, to = -1;
	if (fstat(from, &st) < 0) {
		fail_errno("copy-tree: %s", rel);
		goto out;
	}
	if (!S_ISREG(st.st_mode) || !kept(o, &st)) { /* changed since it was listed */
		rc = 0;
		goto out;
	}
	to = openat(ddir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (to < 0) {
		fail_errno("copy-tree: creating %s", rel);
		goto out;
	}
	if (copy_bytes(from, to, st.st_size, rel) < 0 || copy_attributes(to, &st, rel) < 0)
		goto out;
	copy_xattrs(from, to);
	rc = 0;
out:
	if (to >= 0)
		close(to);
	close(from);
	return rc;
}

static int copy_symlink(int sdir, int ddir, const char *name, const struct stat *st, const char *rel)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(sdir, name, target, sizeof target - 1);
	if (n < 0)
		return errno == ENOENT ? 0 : fail_errno("copy-tree: reading the link %s", rel);
	target[n] = '\0';
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	if (symlinkat(target, ddir, name) < 0 ||
	    fchownat(ddir, name, st->st_uid, st->st_gid, AT_SYMLINK_NOFOLLOW) < 0 ||
	    utimensat(ddir, name, times, AT_SYMLINK_NOFOLLOW) < 0)
		return fail_errno("copy-tree: making the link %s", rel);
	return 0;
}

/* Copies the directory open as sdir into ddir/name; rel is its path relative to the source
 * ("" at the top), in a buffer of PATH_MAX that the walk extends and restores. */
static int copy_dir(int sdir, int ddir, const char *name, char *rel, const struct copy_opts *o)
{
	const char *shown = rel[0] ? rel : ".";
	if (mkdirat(ddir, name, 0700) < 0 && errno != EEXIST)
		return fail_errno("copy-tree: creating %s", shown);
	int to = openat(ddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (to < 0)
		return fail_errno("copy-tree: opening the copy of %s", shown);
	int rc = -1;
	struct stat st;
	if (fstat(sdir, &st) < 0) {
		fail_errno("copy-tree: %s", shown);
		goto out;
	}
	if (!is_emptied(o, rel)) {
		int listed = dup(sdir);
		DIR *d = listed < 0 ? NULL : fdopendir(listed);
		if (!d) {
			if (listed >= 0)
				close(listed);
			fail_errno("copy-tree: listing %s", shown);
			goto out;
		}
		size_t len = strlen(rel);
		struct dirent *e;
		int failed = 0;
		while (!failed && (errno = 0, e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (len + 1 + strlen(e->d_name) >= PATH_MAX) {
				failed = fail("copy-tree: path too long under %s", shown);
				break;
			}
			snprintf(rel + len, PATH_MAX - len, "%s%s", len ? "/" : "", e->d_name);
			struct stat est;
			if (fstatat(sdir, e->d_name, &est, AT_SYMLINK_NOFOLLOW) < 0) {
				if (errno != ENOENT) /* removed while we copy (apt regenerating links) */
					failed = fail_errno("copy-tree: %s", rel);
			} else if (!kept(o, &est) || in_list(o->left_out, o->nleft_out, rel)) {
				/* left on the host */
			} else if (S_ISDIR(est.st_mode)) {
				int child = openat(sdir, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
				if (child < 0 && errno != ENOENT)
					failed = fail_errno("copy-tree: opening %s", rel);
				if (child >= 0) {
					failed = copy_dir(child, to, e->d_name, rel, o) < 0;
					close(child);
				}
			} else if (S_ISREG(est.st_mode)) {
				failed = copy_file(sdir, to, e->d_name, rel, o) < 0;
			} else if (S_ISLNK(est.st_mode)) {
				failed = copy_symlink(sdir, to, e->d_name, &est, rel) < 0;
			}
			rel[len] = '\0';
		}
		if (!failed && errno != 0)
			failed = fail_errno("copy-tree: listing %s", shown);
		closedir(d);
		if (failed)
			goto out;
	}
	/* After the content, so the directory's mtime is the source's. */
	if (copy_attributes(to, &st, shown) < 0)
		goto out;
	copy_xattrs(sdir, to);
	rc = 0;
out:
	close(to);
	return rc;
}

/* copy-tree [--world-readable] [--empty REL]... [--leave-out REL]... SOURCE TARGET; argv starts after "copy-tree". */
int cmd_copy_tree(int argc, char **argv)
{
	char *emptied[argc > 0 ? argc : 1];
	char *left_out[argc > 0 ? argc : 1];
	struct copy_opts o = { 0, emptied, 0, left_out, 0 };
	int i = 0;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--world-readable") == 0)
			o.world_readable = 1;
		else if (strcmp(argv[i], "--empty") == 0 && i + 1 < argc)
			o.emptied[o.nemptied++] = argv[++i];
		else if (strcmp(argv[i], "--leave-out") == 0 && i + 1 < argc)
			o.left_out[o.nleft_out++] = argv[++i];
		else
			return 2;
	}
	if (argc - i != 2)
		return 2;
	int rc = -1;
	int src = open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (src < 0) {
		fail_errno("copy-tree: opening %s", argv[i]);
	} else {
		char rel[PATH_MAX] = "";
		umask(0); /* the copy's modes are the source's, not the umask's */
		rc = copy_dir(src, AT_FDCWD, argv[i + 1], rel, &o);
		close(src);
	}
	if (rc < 0) {
		print_err();
		return 1;
	}
	return 0;
}
