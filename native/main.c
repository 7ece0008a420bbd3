/* main.c - command line dispatch of cloister-helper. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include "check.h"
#include "cleanup.h"
#include "copy.h"
#include "enter.h"
#include "image.h"
#include "mounts.h"
#include "netclean.h"
#include "plan.h"
#include "start.h"
#include "stop.h"
#include "util.h"

static int usage(void)
{
	fputs("usage: " PROG " start PLAN [--attach]\n"
	      "       " PROG " execute PLAN [--noseclabel] [--tty|--no-tty] -- CMD [ARG...]\n"
	      "       " PROG " stop PLAN [TIMEOUT-MS]\n"
	      "       " PROG " check PLAN\n"
	      "       " PROG " ops\n"
	      "       " PROG " mount-image IMAGE DIR | unmount DIR\n"
	      "       " PROG " cleanup PLAN\n"
	      "       " PROG " check-bind PLAN SRC...\n"
	      "       " PROG " net-release LOCK RUN-DIR NFT|- BRIDGE ADDR/PREFIX TABLE|-\n"
	      "       " PROG " copy-tree [--world-readable] [--empty REL]... [--leave-out REL]... SOURCE TARGET\n",
	      stderr);
	return 2;
}

/*
 * Run by the JVM (CLOISTER_PARENT is its pid), the short commands die with it: a kill -9 of
 * `cloister create` must not leave a copy-tree or mount-image working on beside the recovery
 * that follows. start (whose monitor outlives its caller), stop and execute are not tied.
 */
static int tie_to_parent(const char *cmd)
{
	static const char *const tied[] = {"copy-tree", "mount-image", "unmount", "cleanup", "net-release"};
	const char *parent = getenv("CLOISTER_PARENT");
	if (!parent)
		return 0;
	for (size_t i = 0; i < sizeof tied / sizeof tied[0]; i++)
		if (strcmp(cmd, tied[i]) == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
				return fail_errno("PR_SET_PDEATHSIG");
			if (getppid() != (pid_t)atol(parent))
				return fail("the cloister process that ran this is gone");
		}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "ops") == 0)
		return cmd_ops();
	if (argc < 3)
		return usage();
	if (tie_to_parent(argv[1]) < 0) {
		print_err();
		return 1;
	}
	if (strcmp(argv[1], "start") == 0) {
		int attach = 0;
		for (int i = 3; i < argc; i++) {
			if (strcmp(argv[i], "--attach") == 0)
				attach = 1;
			else
				return usage();
		}
		return cmd_start(argv[2], attach);
	}
	if (strcmp(argv[1], "mount-image") == 0 && argc == 4) {
		if (image_mount(argv[2], argv[3]) < 0) {
			print_err();
			return 1;
		}
		return 0;
	}
	if (strcmp(argv[1], "unmount") == 0 && argc == 3) {
		if (image_unmount(argv[2]) < 0) {
			print_err();
			return 1;
		}
		return 0;
	}
	if (strcmp(argv[1], "stop") == 0 && argc <= 4) {
		char *end = NULL;
		long ms = argc == 4 ? strtol(argv[3], &end, 10) : -1;   /* -1: the plan's stop-timeout */
		if (argc == 4 && (*end || end == argv[3] || ms < 0 || ms > STOP_TIMEOUT_MAX_MS)) {
			/* the one check of a timeout, whichever way stop was called */
			fail("stop: bad TIMEOUT-MS '%s' (0 to %d ms, a day)", argv[3], STOP_TIMEOUT_MAX_MS);
			print_err();
			return 2;
		}
		return cmd_stop(argv[2], (int)ms);
	}
	if (strcmp(argv[1], "copy-tree") == 0) {
		int rc = cmd_copy_tree(argc - 2, argv + 2);
		return rc == 2 ? usage() : rc;
	}
	if (strcmp(argv[1], "check") == 0 && argc == 3)
		return cmd_check(argv[2]);
	if (strcmp(argv[1], "check-bind") == 0 && argc >= 4)
		return cmd_check_bind(argv[2], argc - 3, argv + 3);
	if (strcmp(argv[1], "cleanup") == 0 && argc == 3)
		return cmd_cleanup(argv[2]);
	if (strcmp(argv[1], "net-release") == 0) {
		int rc = cmd_net_release(argc - 2, argv + 2);
		return rc == 2 ? usage() : rc;
	}
	if (strcmp(argv[1], "execute") == 0) {
		int noseclabel = 0, tty = -1, i;
		for (i = 3; i < argc; i++) {
			if (strcmp(argv[i], "--noseclabel") == 0)
				noseclabel = 1;
			else if (strcmp(argv[i], "--tty") == 0)
				tty = 1;
			else if (strcmp(argv[i], "--no-tty") == 0)
				tty = 0;
			else if (strcmp(argv[i], "--") == 0)
				break;
			else
				return usage();
		}
		if (i + 1 >= argc)
			return usage();
		return cmd_execute(argv[2], noseclabel, tty, argv + i + 1);
	}
	return usage();
}
