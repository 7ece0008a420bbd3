/* check.h - `check` and `ops`, the parser without executing. */
#ifndef CLOISTER_CHECK_H
#define CLOISTER_CHECK_H

int cmd_check(const char *plan_path);
int cmd_ops(void);

#endif
