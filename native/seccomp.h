/* seccomp.h - loading the plan's compiled seccomp filter. */
#ifndef CLOISTER_SECCOMP_H
#define CLOISTER_SECCOMP_H

#include "plan.h"

int seccomp_load(const struct plan *p);

#endif
