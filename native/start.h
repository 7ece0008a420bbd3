/* start.h - `start`, the monitor's set-up up to PID 1 running. */
#ifndef CLOISTER_START_H
#define CLOISTER_START_H

int cmd_start(const char *plan_path, int attach);

#endif
