/* plan.c - reading, decoding and strictly validating a start plan. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "netplan.h"
#include "plan.h"
#include "util.h"

#define MAX_FILE (1u << 20)
#define MAX_LINE (64u << 10)
#define MAX_BPF_INSNS 4096
/* an op or field count the parser does not know: most likely a plan of another version */
#define OTHER_VERSION " (compiled by another version of cloister? `cloister upgrade NAME` compiles it again)"

struct opdef {
	const char *name;
	enum op_class cls;
	int min, max;          /* field counts; max -1 = unbounded */
};

static const struct opdef defs[OP__COUNT] = {
	[OP_NAME] = {"name", OPC_GLOBAL, 1, 1},
	[OP_RUN_DIR] = {"run-dir", OPC_GLOBAL, 1, 1},
	[OP_EXIT_FILE] = {"exit-file", OPC_GLOBAL, 1, 1},
	[OP_LOG_FILE] = {"log-file", OPC_GLOBAL, 1, 2},
	[OP_LOCK_FILE] = {"lock-file", OPC_GLOBAL, 1, 1},
	[OP_NAMESPACES] = {"namespaces", OPC_GLOBAL, 1, 1},
	[OP_USERNS] = {"userns", OPC_GLOBAL, 3, 3},
	[OP_USERNS_PARENT] = {"userns-parent", OPC_GLOBAL, 1, 1},
	[OP_CGROUP1] = {"cgroup1", OPC_GLOBAL, 3, 3},
	[OP_CGROUP2] = {"cgroup2", OPC_GLOBAL, 2, 2},
	[OP_CGROUP_ENABLE] = {"cgroup-enable", OPC_GLOBAL, 2, 2},
	[OP_CGROUP_SET] = {"cgroup-set", OPC_GLOBAL, 3, 3},
	[OP_CGROUP_OWNER] = {"cgroup-owner", OPC_GLOBAL, 3, 3},
	[OP_CGROUP_EXECUTE] = {"cgroup-execute", OPC_GLOBAL, 2, 2},
	[OP_SYSTEMD_UNIT] = {"systemd-unit", OPC_GLOBAL, 5, 5},
	[OP_MACHINE] = {"machine", OPC_GLOBAL, 3, 3},
	[OP_STOP_SIGNAL] = {"stop-signal", OPC_GLOBAL, 1, 1},
	[OP_STOP_TIMEOUT] = {"stop-timeout", OPC_GLOBAL, 1, 1},
	[OP_NOTIFY_SOCKET] = {"notify-socket", OPC_GLOBAL, 1, 1},
	[OP_NOTIFY_TIMEOUT] = {"notify-timeout", OPC_GLOBAL, 1, 1},
	[OP_READY_CHECK] = {"ready-check", OPC_GLOBAL, 1, -1},
	[OP_TREE_IMAGE] = {"tree-image", OPC_GLOBAL, 2, 2},
	[OP_SELINUX_LEVEL] = {"selinux-level", OPC_GLOBAL, 1, 1},
	[OP_ROOT_TMPFS] = {"root-tmpfs", OPC_MOUNT, 1, 1},
	[OP_BIND] = {"bind", OPC_MOUNT, 3, 3},
	[OP_TMPFS] = {"tmpfs", OPC_MOUNT, 3, 3},
	[OP_MKDIR] = {"mkdir", OPC_MOUNT, 4, 4},
	[OP_SYMLINK] = {"symlink", OPC_MOUNT, 2, 2},
	[OP_FILE] = {"file", OPC_MOUNT, 3, 3},
	[OP_ROOT_READONLY] = {"root-readonly", OPC_MOUNT, 0, 0},
	[OP_HOSTNAME] = {"hostname", OPC_INIT, 1, 1},
	[OP_PROC] = {"proc", OPC_INIT, 2, 2},
	[OP_SYSFS] = {"sysfs", OPC_INIT, 2, 2},
	[OP_DEVPTS] = {"devpts", OPC_INIT, 3, 3},
	[OP_MQUEUE] = {"mqueue", OPC_INIT, 2, 2},
	[OP_CGROUPFS] = {"cgroupfs", OPC_INIT, 2, 2},
	[OP_MASK] = {"mask", OPC_INIT, 3, 3},
	[OP_READONLY] = {"readonly", OPC_INIT, 1, 1},
	[OP_CONSOLE] = {"console", OPC_INIT, 1, 1},
	[OP_PIVOT] = {"pivot", OPC_INIT, 0, 0},
	[OP_CAP_BOUND] = {"cap-bound", OPC_INIT, 1, 1},
	[OP_CAPS] = {"caps", OPC_INIT, 1, 1},
	[OP_NO_NEW_PRIVS] = {"no-new-privs", OPC_INIT, 0, 0},
	[OP_LANDLOCK_FS] = {"landlock-fs", OPC_INIT, 1, 1},
	[OP_LANDLOCK_PATH] = {"landlock-path", OPC_INIT, 2, 2},
	[OP_LANDLOCK_SCOPE] = {"landlock-scope", OPC_INIT, 1, 1},
	[OP_SELINUX_EXEC] = {"selinux-exec", OPC_INIT, 1, 1},
	[OP_SECCOMP_LOAD] = {"seccomp-load", OPC_INIT, 1, 1},
	[OP_ENV] = {"env", OPC_INIT, 1, 1},
	[OP_CWD] = {"cwd", OPC_INIT, 1, 1},
	[OP_EXEC] = {"exec", OPC_INIT, 1, -1},
};

const char *op_name(enum op_id id)
{
	return (unsigned)id < OP__COUNT ? defs[id].name : "?";
}

enum op_class op_class(enum op_id id)
{
	return defs[id].cls;
}

const char *plan_str(const struct plan *p, enum op_id global)
{
	const struct op *o = p->g[global];
	return o ? o->argv[0] : NULL;
}

struct cgroup_ent *plan_cgroup(struct plan *p, const char *first)
{
	for (int i = 0; i < p->ncg; i++)
		if (strcmp(p->cg[i].first, first) == 0)
			return &p->cg[i];
	return NULL;
}

const char *plan_env_get(const struct plan *p, const char *key)
{
	size_t kl = strlen(key);
	const char *v = NULL;
	for (char **e = p->envp; e && *e; e++)
		if (strncmp(*e, key, kl) == 0 && (*e)[kl] == '=')
			v = *e + kl + 1; /* the last one wins, as in execve's environment */
	return v;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes one field in place. */
static int decode_field(char *f, int line)
{
	char *w = f;
	for (char *r = f; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c < 0x21 || c == 0x7f)
			return fail("plan line %d: raw control or space byte 0x%02x in a field", line, c);
		if (c == '%') {
			int h = hexval((unsigned char)r[1]), l = h < 0 ? -1 : hexval((unsigned char)r[2]);
			if (h < 0 || l < 0)
				return fail("plan line %d: bad percent escape (need %%XX, upper-case hex)",
					    line);
			if (h == 0 && l == 0)
				return fail("plan line %d: %%00 is not allowed", line);
			*w++ = (char)(h * 16 + l);
			r += 2;
		} else {
			*w++ = (char)c;
		}
	}
	*w = 0;
	return 0;
}

static int parse_dec(const struct op *op, const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s)
		return fail_op(op, "empty number");
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return fail_op(op, "not a decimal number: '%s'", s);
		if (v > (UINT64_MAX - (uint64_t)(*c - '0')) / 10)
			return fail_op(op, "number out of range: '%s'", s);
		v = v * 10 + (uint64_t)(*c - '0');
	}
	if (v > max)
		return fail_op(op, "number out of range: '%s'", s);
	*out = v;
	return 0;
}

static int parse_hex(const struct op *op, const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (s[0] != '0' || s[1] != 'x' || !s[2] || strlen(s) > 18)
		return fail_op(op, "not a 0x hex number (up to 64 bits): '%s'", s);
	for (const char *c = s + 2; *c; c++) {
		int d;
		if (*c >= '0' && *c <= '9')
			d = *c - '0';
		else if (*c >= 'a' && *c <= 'f')
			d = *c - 'a' + 10;
		else if (*c >= 'A' && *c <= 'F')
			d = *c - 'A' + 10;
		else
			return fail_op(op, "not a hex number: '%s'", s);
		v = (v << 4) | (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int parse_mode(const struct op *op, const char *s, uint64_t *out)
{
	uint64_t v = 0;
	if (!*s || strlen(s) > 5)
		return fail_op(op, "bad octal mode '%s'", s);
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '7')
			return fail_op(op, "bad octal mode '%s'", s);
		v = v * 8 + (uint64_t)(*c - '0');
	}
	if (v > 07777)
		return fail_op(op, "bad octal mode '%s'", s);
	*out = v;
	return 0;
}

/* Absolute, normalized: no empty, "." or ".." components, no trailing slash (except "/"). */
static int check_abs(const struct op *op, const char *s)
{
	if (s[0] != '/')
		return fail_op(op, "path must be absolute: '%s'", s);
	if (s[1] == 0)
		return 0;
	const char *c = s + 1;
	for (;;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return fail_op(op, "path must be normalized (no empty, '.' or '..' "
					   "components, no trailing '/'): '%s'", s);
		if (n > 255)
			return fail_op(op, "path component too long: '%s'", s);
		if (!e)
			break;
		c = e + 1;
	}
	if (strlen(s) >= 4096)
		return fail_op(op, "path too long");
	return 0;
}

static int check_plain_name(const struct op *op, const char *s)
{
	if (strchr(s, '/') || strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strlen(s) > 255)
		return fail_op(op, "'%s' must be a plain file name", s);
	return 0;
}

/* A systemd unit name of type SUFFIX (".scope"): a plain name with something before the suffix. */
static int check_unit_name(const struct op *op, const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (check_plain_name(op, s) || n <= k || strcmp(s + n - k, suffix) != 0)
		return fail_op(op, "'%s' is not a %s unit name", s, suffix);
	return 0;
}

static int parse_flags(const struct op *op, const char *s, unsigned allowed, unsigned *out)
{
	static const struct { const char *n; unsigned f; } tab[] = {
		{"ro", MF_RO}, {"rec", MF_REC}, {"idmap", MF_IDMAP}, {"nosuid", MF_NOSUID},
		{"nodev", MF_NODEV}, {"noexec", MF_NOEXEC}, {"optional", MF_OPTIONAL},
	};
	*out = 0;
	if (strcmp(s, "-") == 0)
		return 0;
	const char *c = s;
	for (;;) {
		const char *e = strchr(c, ',');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		unsigned f = 0;
		for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
			if (strlen(tab[i].n) == n && memcmp(tab[i].n, c, n) == 0)
				f = tab[i].f;
		if (!f || !(f & allowed))
			return fail_op(op, "unknown or not allowed flag '%.*s'", (int)n, c);
		if (*out & f)
			return fail_op(op, "duplicate flag '%.*s'", (int)n, c);
		*out |= f;
		if (!e)
			break;
		c = e + 1;
	}
	return 0;
}

static int parse_namespaces(const struct op *op, const char *s, int *out)
{
	static const struct { const char *n; int f; } tab[] = {
		{"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}, {"pid", CLONE_NEWPID},
		{"uts", CLONE_NEWUTS}, {"ipc", CLONE_NEWIPC}, {"net", CLONE_NEWNET},
		{"cgroup", CLONE_NEWCGROUP},
	};
	*out = 0;
	const char *c = s;
	for (;;) {
		const char *e = strchr(c, ',');
		size_t n = e ? (size_t)(e - c) : strlen(c);
		int f = 0;
		for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
			if (strlen(tab[i].n) == n && memcmp(tab[i].n, c, n) == 0)
				f = tab[i].f;
		if (!f)
			return fail_op(op, "unknown namespace '%.*s'", (int)n, c);
		if (*out & f)
			return fail_op(op, "duplicate namespace '%.*s'", (int)n, c);
		*out |= f;
		if (!e)
			break;
		c = e + 1;
	}
	return 0;
}

/* Field-level validation of one op. */
static int check_op(struct plan *p, struct op *o)
{
	char **a = o->argv;
	switch (o->id) {
	case OP_TREE_IMAGE:
		return check_abs(o, a[0]) || check_abs(o, a[1]) ? -1 : 0;
	case OP_NAME: case OP_READY_CHECK: case OP_SELINUX_EXEC:
		return 0;
	case OP_SELINUX_LEVEL:
		return strchr(a[0], ':') && a[0][0] == 's' ? 0 : fail_op(o, "bad level '%s'", a[0]);
	case OP_USERNS_PARENT:
		for (const char *c = a[0]; *c; c++)
			if (!(*c == '_' || *c == '=' || *c == ',' || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
				return fail_op(o, "limits must be NAME=NUMBER,… of /proc/sys/user");
		if (strlen(a[0]) >= 400)
			return fail_op(o, "too many limits");
		return 0;
	case OP_NOTIFY_SOCKET:
		if (check_abs(o, a[0]))
			return -1;
		if (strlen(a[0]) >= 108)
			return fail_op(o, "socket path longer than 107 bytes");
		return 0;
	case OP_NOTIFY_TIMEOUT:
		if (parse_dec(o, a[0], 86400, &o->num[0]) || o->num[0] == 0)
			return fail_op(o, "bad timeout '%s' (1 to 86400 seconds)", a[0]);
		p->notify_timeout = (int)o->num[0];
		return 0;
	case OP_LOG_FILE:
		if (o->argc == 2 && (parse_dec(o, a[1], UINT64_MAX >> 2, &o->num[0]) || o->num[0] < 4096))
			return fail_op(o, "bad log size '%s' (at least 4096 bytes)", a[1]);
		if (check_abs(o, a[0]))
			return -1;
		if (strcmp(a[0], "/") == 0)
			return fail_op(o, "'/' is not allowed here");
		return 0;
	case OP_PROC: case OP_SYSFS: case OP_MQUEUE: case OP_CGROUPFS: case OP_DEVPTS: case OP_MASK:
		/* a kernel filesystem or mask's tmpfs: its options (devpts, mask) and mount flags are the plan's */
		if (check_abs(o, a[0]))
			return -1;
		return parse_flags(o, a[o->argc - 1], MF_RO | MF_NOSUID | MF_NODEV | MF_NOEXEC, &o->flags);
	case OP_RUN_DIR: case OP_EXIT_FILE: case OP_LOCK_FILE: case OP_SECCOMP_LOAD:
	case OP_READONLY: case OP_CONSOLE: case OP_CWD:
		if (check_abs(o, a[0]))
			return -1;
		if ((o->id == OP_RUN_DIR || o->id == OP_EXIT_FILE || o->id == OP_LOG_FILE ||
		     o->id == OP_LOCK_FILE) && strcmp(a[0], "/") == 0)
			return fail_op(o, "'/' is not allowed here");
		return 0;
	case OP_SYSTEMD_UNIT:
		if (check_unit_name(o, a[0], ".scope") || check_unit_name(o, a[1], ".slice") ||
		    (strcmp(a[2], "-") != 0 && check_unit_name(o, a[2], ".service")) ||
		    check_plain_name(o, a[3]))
			return -1;
		return 0;
	case OP_MACHINE:
		if (strlen(a[0]) > 64)
			return fail_op(o, "machine name longer than 64 bytes");
		return check_abs(o, a[2]);
	case OP_NAMESPACES:
		return parse_namespaces(o, a[0], &p->ns_flags);
	case OP_USERNS:
		for (int i = 0; i < 3; i++)
			if (parse_dec(o, a[i], UINT32_MAX, &o->num[i]))
				return -1;
		if (o->num[2] == 0 || o->num[0] + o->num[2] > (uint64_t)UINT32_MAX + 1 ||
		    o->num[1] + o->num[2] > (uint64_t)UINT32_MAX + 1)
			return fail_op(o, "bad mapping range");
		p->have_userns = 1;
		p->uid_in = o->num[0];
		p->uid_out = o->num[1];
		p->uid_count = o->num[2];
		return 0;
	case OP_CGROUP1: case OP_CGROUP2:
		if (check_abs(o, a[0]))
			return -1;
		if (o->id == OP_CGROUP1 && strchr(a[1], ':'))
			return fail_op(o, "bad controller key '%s'", a[1]);
		if (check_plain_name(o, a[o->id == OP_CGROUP1 ? 2 : 1]))
			return -1;
		if (p->ncg >= MAX_CGROUPS)
			return fail_op(o, "too many cgroups");
		p->cg[p->ncg++] = (struct cgroup_ent){o, o->id == OP_CGROUP1 ? CG_V1 : CG_V2, a[0],
						      NULL, 0, 0, NULL};
		return 0;
	case OP_CGROUP_ENABLE:
		return 0; /* checked against the cgroup lines afterwards */
	case OP_CGROUP_SET: case OP_CGROUP_EXECUTE:
		return check_plain_name(o, a[1]);
	case OP_CGROUP_OWNER:
		if (parse_dec(o, a[1], UINT32_MAX - 1, &o->num[0]) ||
		    parse_dec(o, a[2], UINT32_MAX - 1, &o->num[1]))
			return -1;
		return 0;
	case OP_STOP_SIGNAL:
		if (parse_dec(o, a[0], 64, &o->num[0]) || o->num[0] == 0)
			return fail_op(o, "bad signal number '%s'", a[0]);
		p->stop_signal = (int)o->num[0];
		return 0;
	case OP_STOP_TIMEOUT:
		if (parse_dec(o, a[0], STOP_TIMEOUT_MAX_MS, &o->num[0]))
			return fail_op(o, "bad timeout '%s' (0 to %d ms)", a[0], STOP_TIMEOUT_MAX_MS);
		p->stop_timeout_ms = (int)o->num[0];
		return 0;
	case OP_ROOT_TMPFS:
		return 0;
	case OP_BIND:
		if (check_abs(o, a[0]) || check_abs(o, a[1]))
			return -1;
		if (parse_flags(o, a[2], MF_RO | MF_REC | MF_IDMAP | MF_NOSUID | MF_NODEV |
				 MF_NOEXEC | MF_OPTIONAL, &o->flags))
			return -1;
		if (o->flags & MF_IDMAP)
			p->has_idmap = 1;
		return 0;
	case OP_TMPFS:
		if (check_abs(o, a[0]))
			return -1;
		return parse_flags(o, a[2], MF_RO | MF_NOSUID | MF_NODEV | MF_NOEXEC, &o->flags);
	case OP_MKDIR:
		if (check_abs(o, a[0]) || parse_mode(o, a[1], &o->num[0]) ||
		    parse_dec(o, a[2], UINT32_MAX - 1, &o->num[1]) ||
		    parse_dec(o, a[3], UINT32_MAX - 1, &o->num[2]))
			return -1;
		if (strcmp(a[0], "/") == 0)
			return fail_op(o, "cannot create '/'");
		return 0;
	case OP_SYMLINK:
		if (check_abs(o, a[1]))
			return -1;
		if (strcmp(a[1], "/") == 0)
			return fail_op(o, "cannot create '/'");
		return 0;
	case OP_FILE:
		if (check_abs(o, a[0]) || parse_mode(o, a[1], &o->num[0]))
			return -1;
		if (strcmp(a[0], "/") == 0)
			return fail_op(o, "cannot create '/'");
		if (strcmp(a[2], "-") == 0)
			a[2][0] = 0;
		return 0;
	case OP_HOSTNAME:
		if (strlen(a[0]) > 64)
			return fail_op(o, "host name longer than 64 bytes");
		return 0;
	case OP_PIVOT: case OP_NO_NEW_PRIVS: case OP_ROOT_READONLY:
		return 0;
	case OP_CAP_BOUND: case OP_CAPS: case OP_LANDLOCK_FS: case OP_LANDLOCK_SCOPE:
		return parse_hex(o, a[0], &o->num[0]);
	case OP_LANDLOCK_PATH:
		if (check_abs(o, a[0]))
			return -1;
		return parse_hex(o, a[1], &o->num[0]);
	case OP_ENV:
		if (!strchr(a[0], '=') || a[0][0] == '=')
			return fail_op(o, "expected KEY=VALUE");
		return 0;
	case OP_EXEC:
		return 0;
	case OP__COUNT:
		break;
	}
	return fail_op(o, "internal: unhandled op");
}

#define CAP_BIT_SETPCAP (1ULL << 8)
#define CAP_BIT_SYS_ADMIN (1ULL << 21)

static int is_landlock(enum op_id id)
{
	return id == OP_LANDLOCK_FS || id == OP_LANDLOCK_PATH || id == OP_LANDLOCK_SCOPE;
}

/* What mounts or changes the mount tree: needs CAP_SYS_ADMIN, and a Landlock domain forbids it. */
static int is_mounting(enum op_id id)
{
	return id == OP_PROC || id == OP_SYSFS || id == OP_DEVPTS || id == OP_MQUEUE || id == OP_CGROUPFS ||
	       id == OP_MASK || id == OP_READONLY || id == OP_PIVOT;
}

/* landlock_restrict_self and seccomp(SET_MODE_FILTER) need no-new-privs or CAP_SYS_ADMIN. */
static int check_may_confine(const struct op *o, const struct op *nnp, const struct op *caps, uint64_t eff)
{
	if (nnp || (eff & CAP_BIT_SYS_ADMIN))
		return 0;
	return fail_op(o, "needs no-new-privs before it, or CAP_SYS_ADMIN, which caps on line %d drops",
		       caps->line);
}

/*
 * PID 1 runs the init ops in the plan's order, so the order is the plan's to get right; refused
 * here are orders that would fail at start or leave PID 1 less confined than its lines say.
 */
static int check_init_order(struct plan *p)
{
	const struct op *pivot = NULL, *nnp = NULL, *caps = NULL, *ll_first = NULL, *ll_fs = NULL,
			*label = NULL, *prev = NULL, *o;
	uint64_t eff = ~0ULL; /* PID 1 starts as root of its user namespace: every capability */
	int pivots = 0;
	for (size_t i = 0; i < p->nops; i++)
		if (p->ops[i].id == OP_PIVOT)
			pivots = 1;
	for (size_t i = 0; i < p->nops; i++) {
		o = &p->ops[i];
		if (defs[o->id].cls != OPC_INIT)
			continue;
		int after_landlock = prev && p->landlock_end == prev; /* the block ended on the line before */
		prev = o;
		if (p->seccomp && o->id != OP_ENV && o->id != OP_CWD && o->id != OP_EXEC)
			return fail_op(o, "after seccomp-load (line %d): the filter is the last step before exec, "
				       "only env, cwd and exec may follow it", p->seccomp->line);
		if (is_landlock(o->id)) {
			if (p->landlock_end && !after_landlock)
				return fail_op(o, "the Landlock lines are one block (it ended on line %d)",
					       p->landlock_end->line);
			if (pivots && !pivot)
				return fail_op(o, "before pivot: Landlock's paths are those of the new root");
			if (o->id == OP_LANDLOCK_FS) {
				if (ll_fs)
					return fail_op(o, "a second landlock-fs (line %d)", ll_fs->line);
				ll_fs = o;
			}
			if (o->id == OP_LANDLOCK_PATH && !ll_fs)
				return fail_op(o, "needs a landlock-fs line before it");
			if (!ll_first)
				ll_first = o;
			p->landlock_end = o;
			continue;
		}
		if (after_landlock && check_may_confine(p->landlock_end, nnp, caps, eff))
			return -1;
		if (is_mounting(o->id) && ll_first)
			return fail_op(o, "after Landlock (line %d): a Landlock domain forbids mounting",
				       ll_first->line);
		if ((is_mounting(o->id) || o->id == OP_HOSTNAME) && !(eff & CAP_BIT_SYS_ADMIN))
			return fail_op(o, "needs CAP_SYS_ADMIN, which caps on line %d drops", caps->line);
		switch (o->id) {
		case OP_PIVOT:
			pivot = o;
			break;
		case OP_CAP_BOUND:
			if (!(eff & CAP_BIT_SETPCAP))
				return fail_op(o, "needs CAP_SETPCAP, which caps on line %d drops", caps->line);
			break;
		case OP_CAPS:
			caps = o;
			eff = o->num[0];
			break;
		case OP_NO_NEW_PRIVS:
			nnp = o;
			break;
		case OP_SELINUX_EXEC:
			if (label)
				return fail_op(o, "a second selinux-exec (line %d)", label->line);
			label = o;
			break;
		case OP_SECCOMP_LOAD:
			if (check_may_confine(o, nnp, caps, eff))
				return -1;
			p->seccomp = o;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Cross-line checks. */
static int check_structure(struct plan *p)
{
	int seen_mount = 0, seen_pivot = 0;
	size_t nenv = 0;
	for (size_t i = 0; i < p->nops; i++) {
		struct op *o = &p->ops[i];
		enum op_class c = defs[o->id].cls;
		if (c == OPC_GLOBAL) {
			if (o->id != OP_CGROUP1 && o->id != OP_CGROUP2 &&
			    o->id != OP_CGROUP_SET && o->id != OP_CGROUP_OWNER &&
			    o->id != OP_CGROUP_ENABLE && o->id != OP_CGROUP_EXECUTE && p->g[o->id])
				return fail_op(o, "duplicate global op (first on line %d)",
					       p->g[o->id]->line);
			if (!p->g[o->id])
				p->g[o->id] = o;
		} else if (c == OPC_MOUNT) {
			if (o->id == OP_ROOT_TMPFS) {
				if (seen_mount)
					return fail_op(o, "root-tmpfs must be the first mount op");
				p->root_tmpfs = o;
			} else if (!seen_mount) {
				return fail_op(o, "a mount op before root-tmpfs");
			} else if (o->id == OP_ROOT_READONLY) {
				if (p->root_readonly)
					return fail_op(o, "duplicate root-readonly");
				p->root_readonly = o;
			}
			seen_mount = 1;
		} else {
			if (p->exec)
				return fail_op(o, "init op after exec (line %d)", p->exec->line);
			if (o->id == OP_PIVOT) {
				if (seen_pivot)
					return fail_op(o, "duplicate pivot");
				seen_pivot = 1;
			}
			if (o->id == OP_CONSOLE) {
				if (p->console)
					return fail_op(o, "duplicate console");
				p->console = o;
			}
			if (o->id == OP_EXEC)
				p->exec = o;
			if (o->id == OP_ENV)
				nenv++;
		}
	}
	if (!p->g[OP_RUN_DIR])
		return fail("%s: missing run-dir", p->path);
	if (!p->g[OP_LOCK_FILE])
		return fail("%s: missing lock-file", p->path);
	if (!p->root_tmpfs)
		return fail("%s: missing root-tmpfs", p->path);
	if (!p->exec)
		return fail("%s: missing exec", p->path);
	if (check_init_order(p))
		return -1;
	if (p->has_idmap && !p->have_userns)
		return fail("%s: an idmap bind needs a userns line", p->path);
	if ((p->ns_flags & CLONE_NEWUSER) && !p->have_userns)
		return fail("%s: namespace 'user' needs a userns line", p->path);
	if (p->g[OP_USERNS_PARENT] && !(p->ns_flags & CLONE_NEWUSER))
		return fail_op(p->g[OP_USERNS_PARENT], "needs 'user' in namespaces");
	if (!net_plan_empty(&p->net) && !(p->ns_flags & CLONE_NEWNET))
		return fail("%s: network ops need 'net' in namespaces", p->path);
	/* a failed ready check stops the sandbox, as stop does: it needs the plan's timeout */
	if (p->g[OP_READY_CHECK] && !p->g[OP_STOP_TIMEOUT])
		return fail_op(p->g[OP_READY_CHECK], "needs a stop-timeout line");
	if (p->g[OP_NOTIFY_TIMEOUT] && !p->g[OP_NOTIFY_SOCKET])
		return fail_op(p->g[OP_NOTIFY_TIMEOUT], "needs a notify-socket line");
	for (size_t i = 0; i < p->nops; i++) {
		struct op *o = &p->ops[i];
		if (o->id != OP_CGROUP_SET && o->id != OP_CGROUP_OWNER && o->id != OP_CGROUP_ENABLE &&
		    o->id != OP_CGROUP_EXECUTE)
			continue;
		struct cgroup_ent *cg = plan_cgroup(p, o->argv[0]);
		if (!cg)
			return fail_op(o, "no cgroup line with first field '%s'", o->argv[0]);
		if ((o->id == OP_CGROUP_ENABLE || o->id == OP_CGROUP_EXECUTE) && cg->kind == CG_V1)
			return fail_op(o, "%s applies to cgroup-v2 lines only", op_name(o->id));
		if (o->id == OP_CGROUP_EXECUTE) {
			if (cg->execute_leaf)
				return fail_op(o, "a second cgroup-execute for '%s'", o->argv[0]);
			cg->execute_leaf = o->argv[1];
		}
	}
	if (p->g[OP_SYSTEMD_UNIT] && (p->ncg != 1 || p->cg[0].kind != CG_V2))
		return fail_op(p->g[OP_SYSTEMD_UNIT], "needs exactly one cgroup line, a cgroup2 one");
	for (int i = 0; i < p->ncg; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(p->cg[i].first, p->cg[j].first) == 0)
				return fail_op(p->cg[i].op, "duplicate cgroup first field '%s'",
					       p->cg[i].first);
	p->envp = calloc(nenv + 1, sizeof(char *));
	if (!p->envp)
		return fail_errno("out of memory");
	nenv = 0;
	for (size_t i = 0; i < p->nops; i++)
		if (p->ops[i].id == OP_ENV)
			p->envp[nenv++] = p->ops[i].argv[0];
	if (!p->stop_signal)
		p->stop_signal = SIGTERM;
	if (!p->g[OP_STOP_TIMEOUT])
		p->stop_timeout_ms = -1;
	if (!p->notify_timeout)
		p->notify_timeout = 90;
	return 0;
}

static int parse_line(struct plan *p, char *line, int lineno)
{
	/* split on single spaces */
	int nf = 1;
	for (char *c = line; *c; c++)
		if (*c == ' ')
			nf++;
	char **f = calloc((size_t)nf + 1, sizeof(char *));
	if (!f)
		return fail_errno("out of memory");
	int i = 0;
	char *c = line;
	f[i++] = c;
	for (; *c; c++)
		if (*c == ' ') {
			*c = 0;
			f[i++] = c + 1;
		}
	for (i = 0; i < nf; i++)
		if (!*f[i]) {
			free(f);
			return fail("plan line %d: empty field (fields are separated by one space)",
				    lineno);
		}
	enum op_id id = OP__COUNT;
	for (int k = 0; k < OP__COUNT; k++)
		if (strcmp(defs[k].name, f[0]) == 0)
			id = (enum op_id)k;
	if (id == OP__COUNT) {
		/* not one of ours: offer it to the network layer (netplan.c) */
		int r = 0;
		for (i = 1; i < nf && r == 0; i++)
			r = decode_field(f[i], lineno);
		if (r == 0) {
			r = net_plan_add(&p->net, f[0], f + 1, nf - 1);
			if (r == 1) {
				p->nnet++;
				r = 0;
			}
			else if (r == 0)
				r = fail("plan line %d: unknown op '%.64s'" OTHER_VERSION, lineno, f[0]);
			else
				r = fail_wrap("plan line %d", lineno); /* g_err names the op */
		}
		free(f);
		return r;
	}
	struct op *o = &p->ops[p->nops];
	memset(o, 0, sizeof *o);
	o->id = id;
	o->line = lineno;
	o->argc = nf - 1;
	o->argv = f + 1; /* f[0] is the op name; plan_free frees argv - 1 */
	p->nops++;
	if (o->argc < defs[id].min || (defs[id].max >= 0 && o->argc > defs[id].max)) {
		if (defs[id].max < 0)
			return fail_op(o, "expected %d or more field(s), got %d" OTHER_VERSION, defs[id].min, o->argc);
		if (defs[id].max > defs[id].min)
			return fail_op(o, "expected %d to %d fields, got %d" OTHER_VERSION, defs[id].min,
				       defs[id].max, o->argc);
		return fail_op(o, "expected %d field(s), got %d" OTHER_VERSION, defs[id].min, o->argc);
	}
	for (i = 0; i < o->argc; i++)
		if (decode_field(o->argv[i], lineno))
			return -1;
	return check_op(p, o);
}

int plan_load(struct plan *p, const char *path)
{
	memset(p, 0, sizeof *p);
	net_plan_init(&p->net);
	p->path = path;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return fail_errno("cannot open plan %s", path);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		close(fd);
		return fail_errno("stat %s", path);
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)MAX_FILE) {
		close(fd);
		return fail("%s: not a regular file of at most 1 MiB", path);
	}
	p->text = malloc((size_t)st.st_size + 2);
	if (!p->text) {
		close(fd);
		return fail_errno("out of memory");
	}
	ssize_t n = read_all(fd, p->text, (size_t)st.st_size + 1);
	int e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return fail_errno("read %s", path);
	}
	if (n > (ssize_t)st.st_size)
		return fail("%s: file grew while reading", path);
	p->text[n] = 0;
	if (memchr(p->text, 0, (size_t)n))
		return fail("%s: NUL byte in plan", path);
	size_t nlines = 1;
	for (ssize_t i = 0; i < n; i++)
		if (p->text[i] == '\n')
			nlines++;
	p->ops = calloc(nlines, sizeof(struct op));
	if (!p->ops)
		return fail_errno("out of memory");
	char *line = p->text;
	int lineno = 0;
	while (line < p->text + n) {
		char *nl = strchr(line, '\n');
		if (!nl)
			return fail("plan line %d: missing final newline", lineno + 1);
		*nl = 0;
		lineno++;
		if ((size_t)(nl - line) > MAX_LINE)
			return fail("plan line %d: longer than 64 KiB", lineno);
		if (lineno == 1) {
			if (strcmp(line, "cloister-plan 1") != 0)
				return fail("plan line 1: must be 'cloister-plan 1'");
		} else if (line[0] != 0 && line[0] != '#') {
			if (parse_line(p, line, lineno))
				return -1;
		}
		line = nl + 1;
	}
	if (lineno == 0)
		return fail("%s: empty plan", path);
	p->nlines = lineno;
	return check_structure(p);
}

int plan_read_seccomp(struct plan *p)
{
	const struct op *o = p->seccomp;
	if (!o)
		return 0;
	int fd = open(o->argv[0], O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return fail_op_errno(o, "open %s", o->argv[0]);
	size_t cap = MAX_BPF_INSNS * 8 + 1;
	p->bpf = malloc(cap);
	if (!p->bpf) {
		close(fd);
		return fail_errno("out of memory");
	}
	ssize_t n = read_all(fd, p->bpf, cap);
	int e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return fail_op_errno(o, "read %s", o->argv[0]);
	}
	if (n == 0 || n % 8 != 0 || (size_t)n > MAX_BPF_INSNS * 8)
		return fail_op(o, "%s: size %zd is not a multiple of 8 between 8 and %d", o->argv[0],
			       n, MAX_BPF_INSNS * 8);
	p->bpf_len = (size_t)n;
	return 0;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->nops; i++)
		if (p->ops[i].argv)
			free(p->ops[i].argv - 1);
	for (int i = 0; i < p->ncg; i++)
		free(p->cg[i].dir);
	free(p->unit_cgroup);
	free(p->ops);
	free(p->envp);
	free(p->bpf);
	free(p->text);
	net_plan_free(&p->net);
	memset(p, 0, sizeof *p);
}
