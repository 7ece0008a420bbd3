/* prog.h - running one helper program (prog.c). */
#ifndef CLOISTER_PROG_H
#define CLOISTER_PROG_H

#include <stddef.h>

/* Runs argv[0] (absolute) with a clean environment, default signal handling, input on stdin
 * and stderr captured into out (for messages). A daemon it spawns must not keep stderr open
 * (dnsmasq re-points its standard fds at /dev/null): only what is there when the direct child
 * exits is read. Returns the exit status (0-255), or -1 with errno (g_err untouched). */
int prog_run(char *const argv[], const char *input, char *out, size_t outlen);

#endif
