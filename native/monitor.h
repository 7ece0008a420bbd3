/* monitor.h - the monitor's life while PID 1 runs, and its end. */
#ifndef CLOISTER_MONITOR_H
#define CLOISTER_MONITOR_H

#include <termios.h>
#include "plan.h"
#include "pty.h"

int monitor_run(struct plan *p, struct relay *r, const struct termios *saved_tty);
int monitor_finish(struct plan *p, int status);   /* exit record + cleanup; exit code */
int cleanup_run_dir(const struct plan *p);

#endif
