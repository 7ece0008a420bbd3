/* net_test.c - root test of net.c against this machine's kernel (make -C native net-test).
 * Two throwaway network namespaces play sandboxes on bridge clsttest0 (10.250.77.0/24).
 * Everything it creates is named clsttest*, and it deletes all of it. `ip`, `ping` and
 * `nsenter` are used only to look at the result, never to build it. */

#include <errno.h>
#include <stdarg.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "../links.h"
#include "../net.h"
#include "../util.h"

#define LOCK "/tmp/clsttest-net.lock"

static int checks, failures;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failures++;
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	fflush(stdout);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int st = system(cmd);
	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* Output of a command, newline-joined, into out. */
static void capture(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void capture(char *out, size_t cap, const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	out[0] = '\0';
	FILE *f = popen(cmd, "r");
	if (!f)
		return;
	size_t n = fread(out, 1, cap - 1, f);
	out[n] = '\0';
	(void)pclose(f);
}

/* Splits a plan line (no percent escapes needed here) and offers it to net_plan_add. */
static int add(struct net_plan *np, const char *line)
{
	char buf[256], *f[8];
	int n = 0;
	(void)snprintf(buf, sizeof buf, "%s", line);
	for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && n < 8; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	return net_plan_add(np, f[0], f + 1, n - 1);   /* -1: g_err says why */
}

static void plan(struct net_plan *np, const char *const *lines)
{
	net_plan_init(np);
	for (; *lines; lines++) {
		int r = add(np, *lines);
		if (r != 1) {
			fprintf(stderr, "net_test: plan line '%s': %s\n", *lines, r ? g_err : "not a net op");
			exit(2);
		}
	}
}

static void parser_checks(void)
{
	static const char *const bad[] = {
		"bridge clsttest0 10.250.77.1/33", "bridge clsttest0 10.250.77.1/024",
		"bridge clsttest0 10.250.77.1", "bridge averyveryverylongname 10.0.0.1/24",
		"veth a b c 01:00:00:00:00:01", "veth a b c 00:00:00:00:00:00", "veth a b c 02:00:00:00:00",
		"veth a/x b c", "route 10.250.77.1/24 10.0.0.1", "route default 10.0.0",
		"address host0 10.0.0.300/24", "address host0 10.0.0.3/0", "address host0 1.2.3.4/8 x",
		"link-up", "link-up a b", "net-lock relative/path", NULL,
	};
	char what[320];
	struct net_plan np;
	net_plan_init(&np);
	for (const char *const *b = bad; *b; b++) {
		g_err[0] = '\0';
		int r = add(&np, *b);
		(void)snprintf(what, sizeof what, "rejects '%s' (%.200s)", *b, g_err);
		check(r == -1 && g_err[0], what);
	}
	check(add(&np, "exec /bin/sh") == 0, "leaves non-network ops alone");
	check(net_plan_empty(&np), "rejected ops leave the plan empty");
	check(add(&np, "route default 10.250.77.1") == 1 && np.nroute == 1 &&
	      np.route[0].prefix == 0, "route default is 0.0.0.0/0");
}

struct sandbox {
	pid_t pid;
	int hold;              /* closing it lets the child exit */
	struct net_plan np;
};

/* A child in a fresh netns that waits for us; PDEATHSIG so a crashed test leaves no netns. */
static void spawn(struct sandbox *sb)
{
	int ready[2], hold[2];
	char c;
	if (pipe(ready) < 0 || pipe(hold) < 0) {
		perror("pipe");
		exit(2);
	}
	sb->pid = fork();
	if (sb->pid < 0) {
		perror("fork");
		exit(2);
	}
	if (sb->pid == 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		(void)close(ready[0]);
		(void)close(hold[1]);
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		while (read(hold[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	(void)close(ready[1]);
	(void)close(hold[0]);
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "net_test: child failed to unshare its netns\n");
		exit(2);
	}
	(void)close(ready[0]);
	sb->hold = hold[1];
}

static void stop(struct sandbox *sb)
{
	if (sb->pid <= 0)
		return;
	(void)close(sb->hold);
	(void)kill(sb->pid, SIGKILL);
	while (waitpid(sb->pid, NULL, 0) < 0 && errno == EINTR)
		;
	sb->pid = 0;
}

/* Interface names inside a netns, e.g. "lo host0 ". */
static void inside_links(pid_t pid, char *out, size_t cap)
{
	char raw[2048], *save = NULL;
	capture(raw, sizeof raw, "nsenter -t %d -n ip -o link show", (int)pid);
	out[0] = '\0';
	for (char *l = strtok_r(raw, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *name = strstr(l, ": ");
		if (!name)
			continue;
		name += 2;
		name[strcspn(name, ":@")] = '\0';
		strncat(out, name, cap - strlen(out) - 2);
		strcat(out, " ");
	}
}

int main(void)
{
	char out[2048];
	parser_checks();
	if (geteuid() != 0) {
		printf("net_test: not root, skipping the kernel part (%d checks, %d failed)\n", checks, failures);
		return failures != 0;
	}
	if (sh("ip link show clsttest0 >/dev/null 2>&1") == 0 || sh("ip route | grep -q '^10\\.250\\.77\\.'") == 0) {
		fprintf(stderr, "net_test: clsttest0 or a 10.250.77.0/24 route already exists; refusing to run\n");
		return 2;
	}

	static const char *const one[] = {
		"net-lock " LOCK, "bridge clsttest0 10.250.77.1/24", "veth clsttestv1 clsttest0 host0 02:00:0a:fa:4d:02",
		"address host0 10.250.77.2/24 10.250.77.255", "link-up lo", "link-up host0",
		"route default 10.250.77.1", NULL,
	};
	static const char *const two[] = {
		"net-lock " LOCK, "bridge clsttest0 10.250.77.1/24", "veth clsttestv2 clsttest0 host0",
		"address host0 10.250.77.3/24", "link-up lo", "link-up host0",
		"route 10.250.99.0/24 10.250.77.1", "route default 10.250.77.1", NULL,
	};
	static const char *const broken[] = {
		"net-lock " LOCK, "bridge clsttest0 10.250.77.1/24", "veth clsttestv3 clsttest0 host0",
		"address nosuch0 10.250.77.4/24", NULL,
	};
	struct sandbox a = {0}, b = {0}, c = {0};
	plan(&a.np, one);
	plan(&b.np, two);
	plan(&c.np, broken);
	spawn(&a);
	spawn(&b);
	spawn(&c);

	int r = net_setup(&a.np, a.pid);
	check(r == 0, r ? g_err : "net_setup creates the bridge and sandbox one");
	r = net_setup(&b.np, b.pid);
	check(r == 0, r ? g_err : "net_setup reuses the bridge for sandbox two");
	r = net_setup(&c.np, c.pid);
	check(r == -1 && strstr(g_err, "no such interface"), g_err);
	check(sh("ip link show clsttestv3 >/dev/null 2>&1") != 0, "a failed setup removes its veth");

	check(sh("ping -c1 -W1 10.250.77.2 >/dev/null") == 0, "host pings sandbox one (10.250.77.2)");
	check(sh("ping -c1 -W1 10.250.77.3 >/dev/null") == 0, "host pings sandbox two (10.250.77.3)");
	check(sh("nsenter -t %d -n ping -c1 -W1 10.250.77.3 >/dev/null", (int)a.pid) == 0,
	      "sandbox one pings sandbox two over the bridge");
	inside_links(a.pid, out, sizeof out);
	printf("     inside sandbox one: %s\n", out);
	check(!strcmp(out, "lo host0 "), "sandbox one sees only lo and host0");
	capture(out, sizeof out, "nsenter -t %d -n ip -o link show host0", (int)a.pid);
	check(strstr(out, "02:00:0a:fa:4d:02") != NULL, "host0 has the planned MAC");
	capture(out, sizeof out, "nsenter -t %d -n ip route", (int)b.pid);
	printf("     routes in sandbox two: %s", out);
	check(strstr(out, "default via 10.250.77.1 dev host0") && strstr(out, "10.250.99.0/24 via 10.250.77.1"),
	      "default and extra routes are in place");
	capture(out, sizeof out, "ip -o link show clsttestv1");
	check(strstr(out, "master clsttest0") && strstr(out, "state UP"), "host end is up in the bridge");

	check(net_bridge_release("clsttest0") == 0 &&
	      sh("ip link show clsttest0 >/dev/null 2>&1") == 0, "a bridge with ports is kept");
	stop(&a);
	check(net_teardown(&a.np) == 0, "teardown of sandbox one");
	check(sh("ip link show clsttestv1 >/dev/null 2>&1") != 0, "sandbox one's veth is gone");
	check(sh("ip link show clsttest0 >/dev/null 2>&1") == 0, "bridge kept while sandbox two uses it");
	stop(&b);
	stop(&c);
	check(net_teardown(&b.np) == 0, "teardown of sandbox two");
	check(net_teardown(&c.np) == 0, "teardown of the failed sandbox");
	check(sh("ip -o link | grep -q clsttest") != 0, "no clsttest link is left");
	check(sh("ip route | grep -q '^10\\.250\\.77\\.'") != 0, "no 10.250.77.0/24 route is left");
	if (sh("ip link show clsttest0 >/dev/null 2>&1") == 0)   /* last resort, ours by name */
		(void)sh("ip link del clsttest0");
	(void)unlink(LOCK);
	printf("net_test: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
