/* selinux.h - the exec label and level of the sandbox. */
#ifndef CLOISTER_SELINUX_H
#define CLOISTER_SELINUX_H

#include "plan.h"

int selinux_exec_label(const struct op *o);
int selinux_set_exec_label(const struct plan *p);
int selinux_enter_level(const struct plan *p);

#endif
