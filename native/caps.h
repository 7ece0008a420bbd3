/* caps.h - the capability bounding set and sets (cap-bound, caps). */
#ifndef CLOISTER_CAPS_H
#define CLOISTER_CAPS_H

#include "plan.h"

int caps_bound(const struct op *op);
int caps_set(const struct op *op);

#endif
