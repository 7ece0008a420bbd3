/* check.c - cloister-helper check PLAN: the start parser, run without executing anything. */
#include <stdio.h>
#include "helper.h"

/*
 * plan_load is the parser every command uses, so what check accepts is what start parses;
 * it only opens and reads PLAN, so an unprivileged user can run it. The seccomp program the
 * plan names is not read: it is a file beside the plan, not part of its text.
 */
int cmd_check(const char *plan_path)
{
	struct plan p;
	if (plan_load(&p, plan_path) < 0) {
		print_err();
		plan_free(&p);
		return 1;
	}
	printf("%s: ok, %d lines, %zu ops (%zu network)\n", plan_path, p.nlines, p.nops + p.nnet,
	       p.nnet);
	plan_free(&p);
	return 0;
}
