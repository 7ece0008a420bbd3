/* userns.h - the user namespace's id maps. */
#ifndef CLOISTER_USERNS_H
#define CLOISTER_USERNS_H

#include <sys/types.h>
#include "plan.h"

int userns_write_maps(const struct plan *p, pid_t pid);
int userns_idmap_fd(const struct plan *p);   /* fd of a user ns with the plan's mapping */

#endif
