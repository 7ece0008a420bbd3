/* enter.h - `execute`, a command inside a running sandbox. */
#ifndef CLOISTER_ENTER_H
#define CLOISTER_ENTER_H

int cmd_execute(const char *plan_path, int noseclabel, int tty, char **argv);

#endif
