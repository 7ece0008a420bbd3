/*
 * check_test.c - malformed plans, each rejected by `cloister-helper check` with its line and
 * reason. The cases follow what plan.c and net.c reject. Run as root, the helper runs as
 * nobody: check must need no privilege.
 * Usage: check-test HELPER
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* Lines 1-6 of every case that does not spell its plan out: valid, with user and net namespaces. */
#define HEAD "cloister-plan 1\nrun-dir /r\nlock-file /r/lock\nnamespaces user,mnt,pid,net\n" \
	     "userns 0 1879048192 65536\nroot-tmpfs mode=0755\n"
#define EXEC "exec /bin/true\n"
#define NOBODY 65534

struct tcase {
	const char *name;
	const char *text;
	size_t len;            /* text may hold a NUL */
	int line;              /* the line the error names; 0: an error of the whole plan */
	const char *reason;    /* a substring of the message */
};

#define CASE(name, text, line, reason) {name, text, sizeof text - 1, line, reason}

static const struct tcase cases[] = {
	/* the file and its lines */
	CASE("empty file", "", 0, "empty plan"),
	CASE("wrong header", "cloister-plan 2\n" EXEC, 1, "must be 'cloister-plan 1'"),
	CASE("no final newline", HEAD "exec /bin/true", 7, "missing final newline"),
	CASE("NUL byte", HEAD "env A=\0\n" EXEC, 0, "NUL byte in plan"),
	CASE("unknown op", HEAD "frobnicate /x\n" EXEC, 7, "unknown op 'frobnicate'"),
	CASE("op of an older plan", HEAD "seccomp /s.bpf\n" EXEC, 7,
	     "unknown op 'seccomp' (compiled by another version of cloister? `cloister upgrade NAME`"),
	CASE("two spaces", HEAD "mask  /proc/kcore - ro\n" EXEC, 7, "empty field"),
	CASE("trailing space", HEAD "mask /proc/kcore - ro \n" EXEC, 7, "empty field"),
	/* field counts */
	CASE("missing field", HEAD "bind /usr /usr\n" EXEC, 7, "bind: expected 3 field(s), got 2"),
	CASE("extra field", HEAD "pivot now\n" EXEC, 7, "pivot: expected 0 field(s), got 1"),
	CASE("exec without command", HEAD "exec\n", 7, "exec: expected 1 or more field(s), got 0"),
	/* encoding */
	CASE("short escape", HEAD "mask /proc/a%2 - ro\n" EXEC, 7, "bad percent escape"),
	CASE("lower-case escape", HEAD "mask /proc/a%2f - ro\n" EXEC, 7, "bad percent escape"),
	CASE("escaped NUL", HEAD "env A=%00\n" EXEC, 7, "%00 is not allowed"),
	CASE("raw tab", HEAD "env A=\tb\n" EXEC, 7, "raw control or space byte 0x09"),
	CASE("bad escape in a network op", HEAD "link-up e%zz\n" EXEC, 7, "bad percent escape"),
	/* numbers */
	CASE("not decimal", HEAD "mkdir /x 0755 0 root\n" EXEC, 7, "not a decimal number: 'root'"),
	CASE("sign in a number", HEAD "cgroup2 /sys/fs/cgroup box\ncgroup-owner /sys/fs/cgroup %2D 0\n" EXEC, 8,
	     "not a decimal number: '-'"),
	CASE("number too big", "cloister-plan 1\nuserns 0 4294967296 1\n", 2, "number out of range"),
	CASE("empty mapping", "cloister-plan 1\nuserns 0 0 0\n", 2, "userns: bad mapping range"),
	CASE("mapping past 2^32", "cloister-plan 1\nuserns 4294967295 0 2\n", 2, "bad mapping range"),
	CASE("bad octal mode", HEAD "file /etc/x 0789 -\n" EXEC, 7, "bad octal mode '0789'"),
	CASE("not hex", HEAD "cap-bound 1234\n" EXEC, 7, "not a 0x hex number"),
	CASE("hex digit", HEAD "caps 0x12g4\n" EXEC, 7, "not a hex number: '0x12g4'"),
	CASE("signal 0", "cloister-plan 1\nstop-signal 0\n", 2, "bad signal number '0'"),
	CASE("signal 65", "cloister-plan 1\nstop-signal 65\n", 2, "bad signal number '65'"),
	CASE("timeout 0", "cloister-plan 1\nnotify-timeout 0\n", 2, "bad timeout '0'"),
	CASE("stop timeout past a day", "cloister-plan 1\nstop-timeout 86400001\n", 2, "bad timeout '86400001'"),
	CASE("stop timeout not a number", "cloister-plan 1\nstop-timeout 10s\n", 2, "bad timeout '10s'"),
	CASE("small log", "cloister-plan 1\nlog-file /r/log 100\n", 2, "bad log size '100'"),
	CASE("devpts without its flags", HEAD "devpts /dev/pts max=8\n" EXEC, 7, "devpts: expected 3 field(s), got 2"),
	CASE("devpts extra field", HEAD "devpts /dev/pts gid=5 nosuid x\n" EXEC, 7, "expected 3 field(s), got 4"),
	CASE("proc without its flags", HEAD "proc /proc\n" EXEC, 7, "proc: expected 2 field(s), got 1"),
	CASE("sysfs with a bind flag", HEAD "sysfs /sys ro,rec\n" EXEC, 7, "unknown or not allowed flag 'rec'"),
	CASE("mask without its tmpfs", HEAD "mask /proc/kcore\n" EXEC, 7, "mask: expected 3 field(s), got 1"),
	CASE("relative mqueue", HEAD "mqueue dev/mqueue nosuid\n" EXEC, 7, "path must be absolute"),
	CASE("devpts with an unknown flag", HEAD "devpts /dev/pts newinstance idmap\n" EXEC, 7,
	     "unknown or not allowed flag 'idmap'"),
	CASE("level without range", "cloister-plan 1\nselinux-level c1\n", 2, "bad level 'c1'"),
	/* paths, names, flags */
	CASE("relative path", HEAD "bind usr /usr ro\n" EXEC, 7, "path must be absolute: 'usr'"),
	CASE("dot-dot", HEAD "bind /usr/../etc /etc ro\n" EXEC, 7, "path must be normalized"),
	CASE("trailing slash", HEAD "tmpfs /tmp/ mode=1777 -\n" EXEC, 7, "path must be normalized"),
	CASE("run-dir /", "cloister-plan 1\nrun-dir /\n", 2, "'/' is not allowed here"),
	CASE("mkdir /", HEAD "mkdir / 0755 0 0\n" EXEC, 7, "cannot create '/'"),
	CASE("unknown flag", HEAD "bind /usr /usr rw\n" EXEC, 7, "unknown or not allowed flag 'rw'"),
	CASE("flag of another op", HEAD "tmpfs /tmp mode=1777 idmap\n" EXEC, 7,
	     "unknown or not allowed flag 'idmap'"),
	CASE("duplicate flag", HEAD "bind /usr /usr ro,ro\n" EXEC, 7, "duplicate flag 'ro'"),
	CASE("unknown namespace", "cloister-plan 1\nnamespaces mnt,time\n", 2, "unknown namespace 'time'"),
	CASE("duplicate namespace", "cloister-plan 1\nnamespaces mnt,mnt\n", 2, "duplicate namespace 'mnt'"),
	CASE("env without =", HEAD "env PATH\n" EXEC, 7, "expected KEY=VALUE"),
	CASE("not a scope", "cloister-plan 1\nsystemd-unit a.service machine.slice - sup payload\n", 2,
	     "'a.service' is not a .scope unit name"),
	CASE("leaf with a slash", "cloister-plan 1\ncgroup2 /sys/fs/cgroup a/b\n", 2, "must be a plain file name"),
	CASE("long host name", HEAD "hostname " "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" EXEC, 7,
	     "host name longer than 64 bytes"),
	CASE("userns-parent charset", HEAD "userns-parent max_user_namespaces=%2D1\n" EXEC, 7,
	     "limits must be NAME=NUMBER"),
	/* network ops (net.c) */
	CASE("network field count", HEAD "veth h0\n" EXEC, 7, "veth: expected 3 to 4 fields, got 1"),
	CASE("bridge without prefix", HEAD "bridge br0 10.0.0.1\n" EXEC, 7, "bridge: bad address"),
	CASE("multicast MAC", HEAD "veth h0 br0 p0 01:00:00:00:00:01\n" EXEC, 7, "veth: bad MAC"),
	CASE("route host bits", HEAD "route 10.0.0.1/8 10.0.0.254\n" EXEC, 7, "route: bad destination (host bits set)"),
	CASE("nft family", HEAD "nft-table - t arp\n" EXEC, 7, "nft-table: bad family"),
	CASE("nft table twice", HEAD "nft-table - t ip\nnft-table - t netdev\n" EXEC, 8, "table name (given twice)"),
	CASE("nft-line without its table", HEAD "nft-line t chain c {\n" EXEC, 7, "nft-line: bad table"),
	CASE("nft-line of an earlier table", HEAD "nft-table - t ip\nnft-table - u ip\nnft-line t }\n" EXEC, 9,
	     "nft-line: bad table"),
	CASE("nft-line after a dhcp-server", HEAD "nft-table - t ip\ndhcp-server br0 /x\nnft-line t }\n" EXEC, 9,
	     "want that of the nft-table right before"),
	CASE("relative dhcp program", HEAD "dhcp-server br0 dnsmasq\n" EXEC, 7, "dhcp-server: bad program"),
	/* the order and sections of ops */
	CASE("duplicate global", HEAD "run-dir /s\n" EXEC, 7, "duplicate global op (first on line 2)"),
	CASE("mount before root-tmpfs", "cloister-plan 1\nbind /usr /usr ro\n", 2, "a mount op before root-tmpfs"),
	CASE("second root-tmpfs", HEAD "root-tmpfs mode=0755\n" EXEC, 7, "root-tmpfs must be the first mount op"),
	CASE("second root-readonly", HEAD "root-readonly\nroot-readonly\n" EXEC, 8, "duplicate root-readonly"),
	CASE("init op after exec", HEAD EXEC "pivot\n", 8, "init op after exec (line 7)"),
	CASE("second pivot", HEAD "pivot\npivot\n" EXEC, 8, "duplicate pivot"),
	CASE("second console", HEAD "console /dev/console\nconsole /dev/console\n" EXEC, 8, "duplicate console"),
	/* PID 1 runs the init ops in the plan's order: orders that would fail or confine less */
	CASE("op after seccomp-load", HEAD "seccomp-load /s.bpf\ncaps 0x0\n" EXEC, 8,
	     "after seccomp-load (line 7): the filter is the last step before exec"),
	CASE("relative seccomp-load", HEAD "seccomp-load s.bpf\n" EXEC, 7, "path must be absolute"),
	CASE("seccomp-load without no-new-privs", HEAD "caps 0x0\nseccomp-load /s.bpf\n" EXEC, 8,
	     "needs no-new-privs before it, or CAP_SYS_ADMIN, which caps on line 7 drops"),
	CASE("Landlock without no-new-privs", HEAD "caps 0x0\nlandlock-fs 0x1\nlandlock-scope 0x3\n" EXEC, 9,
	     "needs no-new-privs before it, or CAP_SYS_ADMIN, which caps on line 7 drops"),
	CASE("Landlock before pivot", HEAD "landlock-scope 0x3\npivot\n" EXEC, 7,
	     "before pivot: Landlock's paths are those of the new root"),
	CASE("mount under Landlock", HEAD "landlock-scope 0x3\nproc /proc nosuid\n" EXEC, 8,
	     "after Landlock (line 7): a Landlock domain forbids mounting"),
	CASE("Landlock in two blocks", HEAD "landlock-fs 0xffff\nno-new-privs\nlandlock-path / 0x1\n" EXEC, 9,
	     "the Landlock lines are one block (it ended on line 7)"),
	CASE("landlock-path without landlock-fs", HEAD "landlock-path / 0x1\n" EXEC, 7,
	     "needs a landlock-fs line before it"),
	CASE("second landlock-fs", HEAD "landlock-fs 0x1\nlandlock-fs 0x2\n" EXEC, 8, "a second landlock-fs (line 7)"),
	CASE("mount without CAP_SYS_ADMIN", HEAD "caps 0x0\nproc /proc nosuid\n" EXEC, 8,
	     "needs CAP_SYS_ADMIN, which caps on line 7 drops"),
	CASE("cap-bound without CAP_SETPCAP", HEAD "caps 0x200000\ncap-bound 0x0\n" EXEC, 8,
	     "needs CAP_SETPCAP, which caps on line 7 drops"),
	CASE("second selinux-exec", HEAD "selinux-exec a\nselinux-exec b\n" EXEC, 8, "a second selinux-exec (line 7)"),
	/* what one line needs of another */
	CASE("no run-dir", "cloister-plan 1\nlock-file /r/lock\nroot-tmpfs mode=0755\n" EXEC, 0, "missing run-dir"),
	CASE("no lock-file", "cloister-plan 1\nrun-dir /r\nroot-tmpfs mode=0755\n" EXEC, 0, "missing lock-file"),
	CASE("no root-tmpfs", "cloister-plan 1\nrun-dir /r\nlock-file /r/lock\n" EXEC, 0, "missing root-tmpfs"),
	CASE("no exec", HEAD, 0, "missing exec"),
	CASE("user namespace without userns", "cloister-plan 1\nrun-dir /r\nlock-file /r/lock\nnamespaces user\n"
	     "root-tmpfs mode=0755\n" EXEC, 0, "namespace 'user' needs a userns line"),
	CASE("idmap without userns", "cloister-plan 1\nrun-dir /r\nlock-file /r/lock\nroot-tmpfs mode=0755\n"
	     "bind /usr /usr ro,idmap\n" EXEC, 0, "an idmap bind needs a userns line"),
	CASE("network ops without net", "cloister-plan 1\nrun-dir /r\nlock-file /r/lock\nroot-tmpfs mode=0755\n"
	     "link-up lo\n" EXEC, 0, "network ops need 'net' in namespaces"),
	CASE("userns-parent without user", "cloister-plan 1\nrun-dir /r\nlock-file /r/lock\n"
	     "userns-parent max_user_namespaces=8\nroot-tmpfs mode=0755\n" EXEC, 4, "needs 'user' in namespaces"),
	CASE("ready-check without stop-timeout", HEAD "ready-check /bin/true\n" EXEC, 7, "needs a stop-timeout line"),
	CASE("notify-timeout without socket", HEAD "notify-timeout 5\n" EXEC, 7, "needs a notify-socket line"),
	CASE("cgroup-set without cgroup", HEAD "cgroup-set /sys/fs/cgroup pids.max 10\n" EXEC, 7,
	     "no cgroup line with first field '/sys/fs/cgroup'"),
	CASE("cgroup-enable on v1", HEAD "cgroup1 /sys/fs/cgroup/pids pids box\ncgroup-enable /sys/fs/cgroup/pids pids\n"
	     EXEC, 8, "applies to cgroup-v2 lines only"),
	CASE("second cgroup-execute", HEAD "cgroup2 /c box\ncgroup-execute /c a\ncgroup-execute /c b\n" EXEC, 9,
	     "a second cgroup-execute for '/c'"),
	CASE("duplicate cgroup", HEAD "cgroup2 /c a\ncgroup2 /c b\n" EXEC, 8, "duplicate cgroup first field '/c'"),
	CASE("systemd-unit without cgroup2", HEAD "systemd-unit a.scope machine.slice - sup payload\n" EXEC, 7,
	     "needs exactly one cgroup line, a cgroup2 one"),
};

static char dir[] = "/tmp/clst-check.XXXXXX";

static int write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	int ok = write(fd, text, len) == (ssize_t)len;
	return close(fd) == 0 && ok ? 0 : -1;
}

static void read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "re");
	size_t n = f ? fread(buf, 1, cap - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
}

/* Runs `HELPER check PLAN` as nobody when we are root; its exit status, out and err. */
static int run_check(const char *helper, const char *plan, char *out, char *err, size_t cap)
{
	char outp[64], errp[64];
	snprintf(outp, sizeof outp, "%s/out", dir);
	snprintf(errp, sizeof errp, "%s/err", dir);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		if (geteuid() == 0 && (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
			_exit(126);
		execl(helper, helper, "check", plan, (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	read_file(outp, out, cap);
	read_file(errp, err, cap);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int expect_rejected(const char *helper, const struct tcase *c, const char *plan)
{
	char out[4096], err[4096], where[64] = "";
	if (write_file(plan, c->text, c->len) < 0) {
		printf("FAIL - %s: cannot write %s\n", c->name, plan);
		return 0;
	}
	int rc = run_check(helper, plan, out, err, sizeof out);
	if (c->line)
		snprintf(where, sizeof where, "cloister-helper: plan line %d: ", c->line);
	int ok = rc == 1 && !out[0] && strchr(err, '\n') == err + strlen(err) - 1 &&
		 (c->line ? strncmp(err, where, strlen(where)) == 0 : !strstr(err, "plan line")) &&
		 strstr(err, c->reason);
	if (ok)
		printf("ok   - %s\n", c->name);
	else
		printf("FAIL - %s: want exit 1, one line%s%s with '%s'; got exit %d, out '%s', err '%s'\n",
		       c->name, c->line ? " starting " : " without a line number", where, c->reason, rc,
		       out, err);
	return ok;
}

/* A plan that passes, so that a check failing everything fails this test. */
static int expect_accepted(const char *helper, const char *plan)
{
	static const char text[] = HEAD "# why: a comment\n\nlink-up lo\nbind /usr /usr ro,rec,idmap\n" EXEC;
	char out[4096], err[4096];
	int rc = write_file(plan, text, sizeof text - 1) < 0 ? -1 : run_check(helper, plan, out, err, sizeof out);
	char want[128];
	snprintf(want, sizeof want, "%s: ok, 11 lines, 8 ops (1 network)\n", plan);
	int ok = rc == 0 && strcmp(out, want) == 0 && !err[0];
	if (ok)
		printf("ok   - a valid plan is accepted\n");
	else
		printf("FAIL - a valid plan: want exit 0 and '%s'; got exit %d, out '%s', err '%s'\n", want, rc,
		       out, err);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: check-test HELPER\n");
		return 2;
	}
	if (!mkdtemp(dir) || chmod(dir, 0755) < 0) {
		perror("check-test: temporary directory");
		return 1;
	}
	char plan[64];
	snprintf(plan, sizeof plan, "%s/plan", dir);
	size_t n = sizeof cases / sizeof cases[0], passed = expect_accepted(argv[1], plan);
	for (size_t i = 0; i < n; i++)
		passed += (size_t)expect_rejected(argv[1], &cases[i], plan);
	char path[64];
	for (const char *f = "plan\0out\0err\0"; *f; f += strlen(f) + 1) {
		snprintf(path, sizeof path, "%s/%s", dir, f);
		unlink(path);
	}
	rmdir(dir);
	printf("check-test: %zu of %zu passed\n", passed, n + 1);
	return passed == n + 1 ? 0 : 1;
}
