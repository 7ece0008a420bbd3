/* landlock.h - the plan's Landlock domain. */
#ifndef CLOISTER_LANDLOCK_H
#define CLOISTER_LANDLOCK_H

#include "plan.h"

int landlock_apply(const struct plan *p);

#endif
