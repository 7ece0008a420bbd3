/* main.c - command line dispatch of cloister-helper. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helper.h"

static int usage(void)
{
	fputs("usage: " PROG " start PLAN [--attach]\n"
	      "       " PROG " execute PLAN [--noseclabel] [--tty|--no-tty] -- CMD [ARG...]\n"
	      "       " PROG " stop PLAN [TIMEOUT-MS]\n"
	      "       " PROG " mount-image IMAGE DIR | unmount DIR\n"
	      "       " PROG " net-cleanup PLAN\n"
	      "       " PROG " copy-tree [--world-readable] [--empty REL]... SOURCE TARGET\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
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
		long ms = argc == 4 ? strtol(argv[3], &end, 10) : 10000;
		if ((argc == 4 && (*end || end == argv[3])) || ms < 0 || ms > 86400000L)
			return usage();
		return cmd_stop(argv[2], (int)ms);
	}
	if (strcmp(argv[1], "copy-tree") == 0) {
		int rc = cmd_copy_tree(argc - 2, argv + 2);
		return rc == 2 ? usage() : rc;
	}
	if (strcmp(argv[1], "net-cleanup") == 0 && argc == 3)
		return cmd_net_cleanup(argv[2]);
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
