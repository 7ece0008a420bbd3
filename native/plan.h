/* plan.h - the parsed start plan (see docs/plan-format.md). */
#ifndef CLOISTER_PLAN_H
#define CLOISTER_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "netplan.h"

enum op_class { OPC_GLOBAL, OPC_MOUNT, OPC_INIT };

enum op_id {
	OP_NAME, OP_RUN_DIR, OP_EXIT_FILE, OP_LOG_FILE, OP_LOCK_FILE, OP_NAMESPACES, OP_USERNS,
	OP_CGROUP1, OP_CGROUP2, OP_CGROUP_ENABLE, OP_CGROUP_SET, OP_CGROUP_OWNER, OP_CGROUP_EXECUTE,
	OP_SYSTEMD_UNIT, OP_MACHINE, OP_USERNS_PARENT, OP_STOP_SIGNAL, OP_STOP_TIMEOUT, OP_NOTIFY_SOCKET, OP_NOTIFY_TIMEOUT, OP_READY_CHECK, OP_TREE_IMAGE,
	OP_SELINUX_LEVEL,
	OP_ROOT_TMPFS, OP_BIND, OP_TMPFS, OP_MKDIR, OP_SYMLINK, OP_FILE, OP_ROOT_READONLY,
	OP_HOSTNAME, OP_PROC, OP_SYSFS, OP_DEVPTS, OP_MQUEUE, OP_CGROUPFS,
	OP_MASK, OP_READONLY, OP_CONSOLE, OP_PIVOT, OP_CAP_BOUND, OP_CAPS, OP_NO_NEW_PRIVS,
	OP_LANDLOCK_FS, OP_LANDLOCK_PATH, OP_LANDLOCK_SCOPE, OP_SELINUX_EXEC, OP_SECCOMP_LOAD, OP_ENV, OP_CWD, OP_EXEC,
	OP__COUNT
};

/* bind/tmpfs FLAGS */
#define MF_RO       0x01u
#define MF_REC      0x02u
#define MF_IDMAP    0x04u
#define MF_NOSUID   0x08u
#define MF_NODEV    0x10u
#define MF_NOEXEC   0x20u
#define MF_OPTIONAL 0x40u

struct op {
	enum op_id id;
	int line;
	int argc;
	char **argv;           /* decoded fields (NUL-terminated, no NUL inside) */
	uint64_t num[3];       /* numeric fields, op specific */
	unsigned flags;        /* MF_* for bind/tmpfs */
};

#define MAX_CGROUPS 16

#define STOP_TIMEOUT_MAX_MS 86400000   /* a day: the longest stop-timeout or TIMEOUT-MS of stop */

enum cg_kind { CG_V1, CG_V2 };

struct cgroup_ent {
	const struct op *op;   /* cgroup1 / cgroup2 line */
	enum cg_kind kind;
	const char *first;     /* MOUNTPOINT or DIR: the key of cgroup-set/owner/enable */
	char *dir;             /* resolved directory (malloc), NULL until resolved */
	int created;
	int entered;           /* PID 1 enters it without the monitor (see cgroups_open_entry) */
	const char *execute_leaf; /* cgroup-execute: execute enters this child of it instead */
};

struct plan {
	const char *path;
	char *text;            /* file contents; fields point into it */
	struct op *ops;
	size_t nops;
	size_t nnet;           /* network ops, kept in net rather than ops */
	int nlines;

	const struct op *g[OP__COUNT]; /* first occurrence of each global op */
	const struct op *root_tmpfs, *root_readonly, *console, *exec;
	const struct op *landlock_end; /* the last line of the Landlock block: where the domain is enforced */
	const struct op *seccomp;      /* seccomp-load: where the filter is loaded */

	int ns_flags;          /* CLONE_NEW* of the namespaces op */
	int have_userns;
	uint64_t uid_in, uid_out, uid_count;
	int stop_signal;
	int stop_timeout_ms;   /* stop-timeout; -1 when the plan has none (stop then needs TIMEOUT-MS) */
	int has_idmap;

	struct cgroup_ent cg[MAX_CGROUPS];
	int ncg;
	char *unit_cgroup;     /* systemd-unit: the unit's cgroup-v2 path, the base of cgroup2 lines */

	unsigned char *bpf;    /* raw seccomp program, NULL when no seccomp-load op */
	size_t bpf_len;

	char **envp;           /* NULL-terminated, pointers into ops */

	int notify_timeout;    /* seconds, notify-timeout (default 90) */
	struct net_plan net;   /* network ops (net.c), executed by the monitor */
};

int plan_load(struct plan *p, const char *path);
int plan_read_seccomp(struct plan *p);
void plan_free(struct plan *p);
const char *op_name(enum op_id id);
enum op_class op_class(enum op_id id);
const char *plan_str(const struct plan *p, enum op_id global); /* first field or NULL */
struct cgroup_ent *plan_cgroup(struct plan *p, const char *first);
const char *plan_env_get(const struct plan *p, const char *key);

#endif
