/* landlock.c - the plan's Landlock ruleset, intersected with the running kernel's ABI. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "landlock.h"
#include "mounts.h"
#include "plan.h"
#include "util.h"

/* Defined locally: the installed uapi header predates scopes and newer rights. */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};
struct ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

#define LL_CREATE_RULESET_VERSION 1u
#define LL_RULE_PATH_BENEATH 1
/* rights that apply to a non-directory: execute, write, read, truncate, ioctl-dev */
#define LL_FILE_RIGHTS ((1ULL << 0) | (1ULL << 1) | (1ULL << 2) | (1ULL << 14) | (1ULL << 15))

static uint64_t fs_supported(int abi)
{
	if (abi < 1)
		return 0;
	uint64_t m = (1ULL << 13) - 1;      /* ABI 1: bits 0..12 */
	if (abi >= 2)
		m |= 1ULL << 13;            /* REFER */
	if (abi >= 3)
		m |= 1ULL << 14;            /* TRUNCATE */
	if (abi >= 5)
		m |= 1ULL << 15;            /* IOCTL_DEV */
	return m;
}

static uint64_t scope_supported(int abi)
{
	return abi >= 6 ? 0x3 : 0;
}

/* PID 1's domain, which the exec server and so every executed command share (spawn.c) */
int landlock_apply(const struct plan *p)
{
	const struct op *fs = NULL, *scope = NULL;
	for (size_t i = 0; i < p->nops; i++) {
		if (p->ops[i].id == OP_LANDLOCK_FS)
			fs = &p->ops[i];
		if (p->ops[i].id == OP_LANDLOCK_SCOPE)
			scope = &p->ops[i];
	}
	if (!fs && !scope)
		return 0;
	int abi = (int)syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	if (abi < 0)
		abi = 0; /* not supported by this kernel: the intersection is empty */
	struct ll_ruleset_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.handled_access_fs = fs ? fs->num[0] & fs_supported(abi) : 0;
	attr.scoped = scope ? scope->num[0] & scope_supported(abi) : 0;
	if (!attr.handled_access_fs && !attr.scoped)
		return 0;
	size_t sz = abi >= 6 ? sizeof attr : abi >= 4 ? 16 : 8;
	const struct op *o = fs ? fs : scope;
	int rfd = (int)syscall(SYS_landlock_create_ruleset, &attr, sz, 0);
	if (rfd < 0)
		return fail_op_errno(o, "landlock_create_ruleset");
	int rc = -1;
	for (size_t i = 0; i < p->nops; i++) {
		const struct op *r = &p->ops[i];
		if (r->id != OP_LANDLOCK_PATH)
			continue;
		int fd = open_host_path(r->argv[0], O_PATH);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			fail_op_errno(r, "open %s", r->argv[0]);
			goto out;
		}
		struct stat st;
		if (fstat(fd, &st) < 0) {
			fail_op_errno(r, "stat %s", r->argv[0]);
			close(fd);
			goto out;
		}
		struct ll_path_beneath pb;
		pb.allowed_access = r->num[0] & attr.handled_access_fs;
		if (!S_ISDIR(st.st_mode))
			pb.allowed_access &= LL_FILE_RIGHTS;
		pb.parent_fd = fd;
		if (pb.allowed_access &&
		    syscall(SYS_landlock_add_rule, rfd, LL_RULE_PATH_BENEATH, &pb, 0) < 0) {
			fail_op_errno(r, "landlock_add_rule %s", r->argv[0]);
			close(fd);
			goto out;
		}
		close(fd);
	}
	if (syscall(SYS_landlock_restrict_self, rfd, 0) < 0) {
		fail_op_errno(o, "landlock_restrict_self%s", errno == EPERM ?
			      " (needs CAP_SYS_ADMIN in the namespace or no-new-privs)" : "");
		goto out;
	}
	rc = 0;
out:
	close(rfd);
	return rc;
}
