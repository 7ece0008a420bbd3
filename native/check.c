/* check.c - the plan contract without executing anything: check PLAN, and ops (the op table). */
#include <stdio.h>
#include "check.h"
#include "netplan.h"
#include "plan.h"
#include "util.h"

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

/* Every op the parser accepts, one per line: the table test holds Java and the docs to it. */
int cmd_ops(void)
{
	for (int k = 0; k < OP__COUNT; k++)
		printf("%s\n", op_name((enum op_id)k));
	for (size_t i = 0; net_op_name(i); i++)
		printf("%s\n", net_op_name(i));
	return 0;
}
