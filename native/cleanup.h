/* cleanup.h - what a sandbox holds while it runs, released in one order. */
#ifndef CLOISTER_CLEANUP_H
#define CLOISTER_CLEANUP_H

#include "plan.h"
#include "state.h"

int sandbox_cleanup(struct plan *p, const struct state *s);   /* s: a killed monitor's record */
int plan_lock(const struct plan *p, int wait);   /* the sandbox's lock: fd, -1 error, -2 busy */
/* caller holds the lock: 0 cleaned up (*cleaned: a killed monitor's) or nothing to do,
 * 1 a monitor runs, -1 error */
int cleanup_after_monitor(struct plan *p, int *cleaned);
int cmd_cleanup(const char *plan_path);

#endif
