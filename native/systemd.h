/* systemd.h - plan ops systemd-unit and machine, over systemd's D-Bus. */
#ifndef CLOISTER_SYSTEMD_H
#define CLOISTER_SYSTEMD_H

#include <sys/types.h>
#include "plan.h"

int systemd_enter_unit(struct plan *p);        /* the monitor into its delegated unit */
int machine_register(const struct plan *p, pid_t leader);
int machine_unregister(const struct plan *p);   /* NoSuchMachine is success */

#endif
