/*
 * systemd.c - a sandbox on a host whose PID 1 is systemd (plan ops systemd-unit and machine).
 *
 * systemd's cgroup rule is one writer per subtree: the monitor asks systemd for a delegated unit
 * of its own (a transient scope, or the host unit it already runs in), keeps itself in a child
 * cgroup of that unit, and builds the sandbox's cgroups beside it. PID 1 is then registered with
 * systemd-machined. libsystemd is loaded with dlopen, in a short-lived child process: the helper
 * still runs on hosts without it, and the long-lived monitor never maps it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <systemd/sd-bus.h>
#include "plan.h"
#include "systemd.h"
#include "util.h"

#define SYSTEMD_PRIVATE_BUS "unix:path=/run/systemd/private"
#define JOB_TIMEOUT_USEC (30ULL * 1000 * 1000)
#define CALL_TIMEOUT_USEC (30ULL * 1000 * 1000)
/* A scope of the same name that systemd is still collecting (a killed monitor's): retry this often, 50 ms apart. */
#define UNIT_EXISTS_RETRIES 60

/* The sd-bus functions used, resolved from libsystemd.so.0 in the child that makes the calls. */
static struct {
	__typeof__(sd_bus_new) *new_;
	__typeof__(sd_bus_set_address) *set_address;
	__typeof__(sd_bus_start) *start;
	__typeof__(sd_bus_open_system) *open_system;
	__typeof__(sd_bus_message_new_method_call) *new_method_call;
	__typeof__(sd_bus_message_append) *append;
	__typeof__(sd_bus_message_open_container) *open_container;
	__typeof__(sd_bus_message_close_container) *close_container;
	__typeof__(sd_bus_message_read) *read;
	__typeof__(sd_bus_message_unref) *message_unref;
	__typeof__(sd_bus_call) *call;
	__typeof__(sd_bus_call_method) *call_method;
	__typeof__(sd_bus_get_property_trivial) *get_property_trivial;
	__typeof__(sd_bus_match_signal) *match_signal;
	__typeof__(sd_bus_process) *process;
	__typeof__(sd_bus_wait) *wait;
	__typeof__(sd_bus_error_free) *error_free;
	__typeof__(sd_bus_error_has_name) *error_has_name;
} sd;

static int sdbus_load(const struct op *o)
{
	void *lib = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return fail_op(o, "cannot load libsystemd.so.0 (%s): it comes with systemd "
			       "(Debian: libsystemd0)", dlerror());
	struct { void **fn; const char *name; } syms[] = {
		{(void **)&sd.new_, "sd_bus_new"},
		{(void **)&sd.set_address, "sd_bus_set_address"},
		{(void **)&sd.start, "sd_bus_start"},
		{(void **)&sd.open_system, "sd_bus_open_system"},
		{(void **)&sd.new_method_call, "sd_bus_message_new_method_call"},
		{(void **)&sd.append, "sd_bus_message_append"},
		{(void **)&sd.open_container, "sd_bus_message_open_container"},
		{(void **)&sd.close_container, "sd_bus_message_close_container"},
		{(void **)&sd.read, "sd_bus_message_read"},
		{(void **)&sd.message_unref, "sd_bus_message_unref"},
		{(void **)&sd.call, "sd_bus_call"},
		{(void **)&sd.call_method, "sd_bus_call_method"},
		{(void **)&sd.get_property_trivial, "sd_bus_get_property_trivial"},
		{(void **)&sd.match_signal, "sd_bus_match_signal"},
		{(void **)&sd.process, "sd_bus_process"},
		{(void **)&sd.wait, "sd_bus_wait"},
		{(void **)&sd.error_free, "sd_bus_error_free"},
		{(void **)&sd.error_has_name, "sd_bus_error_has_name"},
	};
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
		if (!(*syms[i].fn = dlsym(lib, syms[i].name)))
			return fail_op(o, "libsystemd.so.0 has no %s", syms[i].name);
	return 0;
}

static int bus_fail(const struct op *o, const char *what, int r, const sd_bus_error *e)
{
	if (e && e->message)
		return fail_op(o, "%s: %s", what, e->message);
	return fail_op(o, "%s: %s", what, strerror(r < 0 ? -r : r));
}

/* systemd's own socket: reachable by root without a D-Bus daemon, as systemctl uses it. */
static int open_systemd(const struct op *o, sd_bus **bus)
{
	int r = sd.new_(bus);
	if (r >= 0)
		r = sd.set_address(*bus, SYSTEMD_PRIVATE_BUS);
	if (r >= 0)
		r = sd.start(*bus);
	if (r < 0)
		return bus_fail(o, "connect to systemd at " SYSTEMD_PRIVATE_BUS, r, NULL);
	return 0;
}

struct job_wait {
	char path[256];        /* the job to wait for (empty until StartTransientUnit answered) */
	char result[32];       /* its result, once JobRemoved named it */
};

static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *e)
{
	(void)e;
	struct job_wait *w = userdata;
	uint32_t id;
	const char *path, *unit, *result;
	if (sd.read(m, "uoss", &id, &path, &unit, &result) >= 0 && strcmp(path, w->path) == 0)
		snprintf(w->result, sizeof w->result, "%s", result);
	return 0;
}

/* StartTransientUnit(SCOPE, "fail", properties, no aux units): delegated, in SLICE, holding PID. */
static int new_scope_call(sd_bus *bus, const struct op *o, pid_t pid, sd_bus_message **m)
{
	int r = sd.new_method_call(bus, m, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
				   "org.freedesktop.systemd1.Manager", "StartTransientUnit");
	if (r >= 0)
		r = sd.append(*m, "ss", o->argv[0], "fail");
	if (r >= 0)
		r = sd.open_container(*m, 'a', "(sv)");
	if (r >= 0)
		r = sd.append(*m, "(sv)", "Description", "s", o->argv[4]);
	if (r >= 0)
		r = sd.append(*m, "(sv)", "Slice", "s", o->argv[1]);
	if (r >= 0)
		r = sd.append(*m, "(sv)", "Delegate", "b", 1);
	if (r >= 0) /* a failed scope is not kept around to block the next start */
		r = sd.append(*m, "(sv)", "CollectMode", "s", "inactive-or-failed");
	if (r >= 0)
		r = sd.append(*m, "(sv)", "PIDs", "au", 1, (uint32_t)pid);
	if (r >= 0)
		r = sd.close_container(*m);
	if (r >= 0)
		r = sd.append(*m, "a(sa(sv))", 0);
	return r < 0 ? bus_fail(o, "build the StartTransientUnit call", r, NULL) : 0;
}

static int call_start_scope(sd_bus *bus, const struct op *o, pid_t pid, struct job_wait *w)
{
	struct timespec pause = {0, 50 * 1000 * 1000};
	for (int attempt = 0;; attempt++) {
		sd_bus_message *m = NULL, *reply = NULL;
		sd_bus_error err = SD_BUS_ERROR_NULL;
		const char *job = NULL;
		int rc = new_scope_call(bus, o, pid, &m);
		int r = rc < 0 ? 0 : sd.call(bus, m, CALL_TIMEOUT_USEC, &err, &reply);
		if (rc == 0 && r >= 0 && (r = sd.read(reply, "o", &job)) >= 0)
			snprintf(w->path, sizeof w->path, "%s", job);
		int exists = r < 0 && sd.error_has_name(&err, "org.freedesktop.systemd1.UnitExists");
		if (rc == 0 && r < 0 && !(exists && attempt < UNIT_EXISTS_RETRIES))
			rc = bus_fail(o, exists ? "a unit of this name is still there (systemctl status "
				      "it; `systemctl stop` it if it is a leftover)" : "StartTransientUnit",
				      r, &err);
		sd.error_free(&err);
		sd.message_unref(reply);
		sd.message_unref(m);
		if (rc < 0 || r >= 0)
			return rc;
		nanosleep(&pause, NULL);
	}
}

/* In the child: the scope, and the wait until systemd has moved PID into it. */
static int start_scope(const struct op *o, pid_t pid)
{
	sd_bus *bus = NULL;
	struct job_wait w;
	memset(&w, 0, sizeof w);
	if (sdbus_load(o) < 0 || open_systemd(o, &bus) < 0)
		return -1;
	/* no sender: systemd's private socket is a direct connection, without bus names */
	int r = sd.match_signal(bus, NULL, NULL, "/org/freedesktop/systemd1",
				"org.freedesktop.systemd1.Manager", "JobRemoved", on_job_removed, &w);
	if (r < 0)
		return bus_fail(o, "subscribe to systemd's JobRemoved", r, NULL);
	if (call_start_scope(bus, o, pid, &w) < 0)
		return -1;
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!w.result[0]) {
		r = sd.process(bus, NULL);
		if (r < 0)
			return bus_fail(o, "read systemd's answer", r, NULL);
		if (r > 0)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &now);
		uint64_t spent = (uint64_t)(now.tv_sec - t0.tv_sec) * 1000000 +
				 (uint64_t)((now.tv_nsec - t0.tv_nsec) / 1000);
		if (spent >= JOB_TIMEOUT_USEC)
			return fail_op(o, "systemd did not start %s within 30 s", o->argv[0]);
		r = sd.wait(bus, JOB_TIMEOUT_USEC - spent);
		if (r < 0)
			return bus_fail(o, "wait for systemd", r, NULL);
	}
	if (strcmp(w.result, "done") != 0)
		return fail_op(o, "systemd could not start %s (job result '%s'): see `journalctl -u %s`",
			       o->argv[0], w.result, o->argv[0]);
	return 0;
}

#define MACHINED "org.freedesktop.machine1"
#define MACHINED_PATH "/org/freedesktop/machine1"
#define MACHINED_MANAGER "org.freedesktop.machine1.Manager"

static int open_system_bus(const struct op *o, sd_bus **bus)
{
	if (sdbus_load(o) < 0)
		return -1;
	int r = sd.open_system(bus);
	return r < 0 ? bus_fail(o, "connect to the system bus (is dbus running?)", r, NULL) : 0;
}

static int call_register(sd_bus *bus, const struct op *o, pid_t leader, sd_bus_error *err)
{
	return sd.call_method(bus, MACHINED, MACHINED_PATH, MACHINED_MANAGER, "RegisterMachine", err, NULL,
			      "sayssus", o->argv[0], 0, "cloister", o->argv[1], (uint32_t)leader, o->argv[2]);
}

/*
 * A registration of this name whose leader is gone is this sandbox's own, left by a monitor
 * killed before it could unregister (or by a host unit that restarts it): it goes. A live one
 * is another sandbox's: the start fails.
 */
static int drop_stale_machine(sd_bus *bus, const struct op *o)
{
	sd_bus_error err = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	const char *path = NULL;
	uint32_t leader = 0;
	int r = sd.call_method(bus, MACHINED, MACHINED_PATH, MACHINED_MANAGER, "GetMachine", &err, &reply, "s",
			       o->argv[0]);
	if (r >= 0)
		r = sd.read(reply, "o", &path);
	if (r >= 0)
		r = sd.get_property_trivial(bus, MACHINED, path, "org.freedesktop.machine1.Machine", "Leader", &err,
					    'u', &leader);
	int rc = r < 0 ? bus_fail(o, "look up machine", r, &err) : 0;
	if (rc == 0 && leader > 0 && kill((pid_t)leader, 0) == 0)
		rc = fail_op(o, "a machine named %s is already running (leader PID %u): stop it (machinectl "
			     "terminate %s) or give this sandbox another name", o->argv[0], leader, o->argv[0]);
	sd.error_free(&err);
	if (rc == 0 && (r = sd.call_method(bus, MACHINED, MACHINED_PATH, MACHINED_MANAGER, "UnregisterMachine",
					   &err, NULL, "s", o->argv[0])) < 0)
		rc = bus_fail(o, "unregister the stale machine", r, &err);
	sd.error_free(&err);
	sd.message_unref(reply);
	return rc;
}

/* In the child: RegisterMachine(NAME, no id, "cloister", CLASS, LEADER, ROOT) on the system bus. */
static int register_machine(const struct op *o, pid_t leader)
{
	sd_bus *bus = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	if (open_system_bus(o, &bus) < 0)
		return -1;
	int r = call_register(bus, o, leader, &err);
	if (r < 0 && sd.error_has_name(&err, "org.freedesktop.machine1.MachineExists")) {
		sd.error_free(&err);
		if (drop_stale_machine(bus, o) < 0)
			return -1;
		r = call_register(bus, o, leader, &err);
	}
	int rc = r < 0 ? bus_fail(o, "register with systemd-machined", r, &err) : 0;
	sd.error_free(&err);
	return rc;
}

/* In the child: machined forgets the machine when its unit stops, but a host unit that restarts lives on. */
static int unregister_machine(const struct op *o, pid_t unused)
{
	(void)unused;
	sd_bus *bus = NULL;
	sd_bus_error err = SD_BUS_ERROR_NULL;
	if (open_system_bus(o, &bus) < 0)
		return -1;
	int r = sd.call_method(bus, MACHINED, MACHINED_PATH, MACHINED_MANAGER, "UnregisterMachine", &err, NULL, "s",
			       o->argv[0]);
	int rc = r < 0 && !sd.error_has_name(&err, "org.freedesktop.machine1.NoSuchMachine")
		 ? bus_fail(o, "unregister from systemd-machined", r, &err) : 0;
	sd.error_free(&err);
	return rc;
}

/* Runs FN(O, PID) in a child; its failure message becomes ours. */
static int in_child(int (*fn)(const struct op *, pid_t), const struct op *o, pid_t pid)
{
	int msg[2];
	if (pipe2(msg, O_CLOEXEC) < 0)
		return fail_errno("pipe");
	pid_t c = fork();
	if (c < 0) {
		close(msg[0]);
		close(msg[1]);
		return fail_errno("fork");
	}
	if (c == 0) {
		close(msg[0]);
		int rc = fn(o, pid);
		if (rc < 0)
			(void)write_all(msg[1], g_err, strlen(g_err));
		_exit(rc < 0 ? 1 : 0);
	}
	close(msg[1]);
	char buf[sizeof g_err];
	ssize_t n = read_all(msg[0], buf, sizeof buf - 1);
	close(msg[0]);
	int st = 0;
	while (waitpid(c, &st, 0) < 0)
		if (errno != EINTR)
			return fail_errno("wait for the D-Bus child");
	if (n > 0) {
		buf[n] = 0;
		snprintf(g_err, sizeof g_err, "%s", buf);
		return -1;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return fail_op(o, "the D-Bus child died (wait status 0x%x)", (unsigned)st);
	return 0;
}

/* This process's cgroup-v2 path (the "0::" line of /proc/self/cgroup), e.g. /machine.slice/x.scope. */
static int own_cgroup(const struct op *o, char *buf, size_t cap)
{
	char self[8192];
	if (read_small_file(AT_FDCWD, "/proc/self/cgroup", self, sizeof self) < 0)
		return fail_errno("read /proc/self/cgroup");
	const char *line = strstr(self, "0::");
	if (line != self && (!line || line[-1] != '\n'))
		return fail_op(o, "no cgroup-v2 line (0::) in /proc/self/cgroup: is /sys/fs/cgroup cgroup v2?");
	line += 3;
	size_t n = strcspn(line, "\n");
	if (n == 0 || n >= cap || line[0] != '/')
		return fail_op(o, "unexpected cgroup path in /proc/self/cgroup");
	memcpy(buf, line, n);
	buf[n] = 0;
	return 0;
}

static const char *last_component(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int systemd_enter_unit(struct plan *p)
{
	const struct op *o = p->g[OP_SYSTEMD_UNIT];
	if (!o)
		return 0;
	char cg[4096];
	if (own_cgroup(o, cg, sizeof cg) < 0)
		return -1;
	/* the sandbox's host unit is delegated already: it is kept, as nspawn --keep-unit does */
	if (strcmp(o->argv[2], "-") == 0 || strcmp(last_component(cg), o->argv[2]) != 0) {
		if (in_child(start_scope, o, getpid()) < 0 || own_cgroup(o, cg, sizeof cg) < 0)
			return -1;
		if (strcmp(last_component(cg), o->argv[0]) != 0)
			return fail_op(o, "systemd started %s, but this process is in %s", o->argv[0], cg);
	}
	if (!(p->unit_cgroup = xstrdup(cg)))
		return -1;
	/* cgroup v2 lets only a cgroup without processes enable controllers for its children */
	const struct cgroup_ent *v2 = p->ncg == 1 ? &p->cg[0] : NULL;
	char *dir = v2 ? xasprintf("%s%s/%s", strcmp(v2->first, "/") ? v2->first : "", cg, o->argv[3]) : NULL;
	if (!dir)
		return v2 ? -1 : fail_op(o, "needs exactly one cgroup2 line");
	int rc = 0, dfd = -1;
	char pid[32];
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		rc = fail_op_errno(o, "mkdir %s", dir);
	else if ((dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0 ||
		 write_str_file(dfd, "cgroup.procs", pid) < 0)
		rc = fail_op_errno(o, "move the monitor into %s", dir);
	if (dfd >= 0)
		close(dfd);
	free(dir);
	return rc;
}

int machine_register(const struct plan *p, pid_t leader)
{
	const struct op *o = p->g[OP_MACHINE];
	return o ? in_child(register_machine, o, leader) : 0;
}

int machine_unregister(const struct plan *p)
{
	const struct op *o = p->g[OP_MACHINE];
	return o ? in_child(unregister_machine, o, 0) : 0;
}
