/* stop.h - the one stop, of `stop` and of a start whose ready check failed. */
#ifndef CLOISTER_STOP_H
#define CLOISTER_STOP_H

#include "plan.h"
#include "state.h"

int cmd_stop(const char *plan_path, int timeout_ms);   /* timeout_ms -1: the plan's stop-timeout */
/* timeout_ms -1: the plan's stop-timeout. 1 stopped (gone now), 0 no live monitor, -1 error */
int monitor_stop(const struct plan *p, const struct state *s, int timeout_ms);

#endif
