/* mounts.h - the new root and the plan's mount ops. */
#ifndef CLOISTER_MOUNTS_H
#define CLOISTER_MOUNTS_H

#include "plan.h"

int resolve_in_root(int rootfd, const char *abspath, int oflags);     /* O_PATH fd */
int resolve_parent(int rootfd, const char *abspath, int create, const char **leaf);
int open_host_path(const char *path, int oflags);
int mount_root_tmpfs(const struct plan *p, const char *rootfs, int *rootfd);
int run_mount_ops(const struct plan *p, int rootfd, int idmap_fd);
int mount_root_readonly(const struct plan *p, int rootfd);
int bind_fd_onto(const struct op *op, int rootfd, int srcfd, const char *dst, int create);
int fs_mount_at(const struct op *op, int dstfd, const char *fstype, const char *options,
		unsigned attrs);
unsigned mf_to_attr(unsigned mf);
int mount_mask(const struct op *op, int rootfd);
int mount_readonly(const struct op *op, int rootfd);
int cmd_check_bind(const char *plan_path, int nsrc, char **srcs);

#endif
