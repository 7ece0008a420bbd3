/* spawn.h - the exec server inside the sandbox, and its protocol. */
#ifndef CLOISTER_SPAWN_H
#define CLOISTER_SPAWN_H

#include <stddef.h>
#include <stdint.h>
#include "plan.h"

#define SPAWN_SOCKET "exec.sock"     /* in run-dir */
#define SPAWN_MAGIC 0x58454c43u      /* "CLEX" */
#define SPAWN_TTY 1u
#define SPAWN_NOSECLABEL 2u
struct spawn_req {
	uint32_t magic, flags, argc, len;   /* len: bytes of the NUL-separated argv that follow */
	uint16_t rows, cols;                /* initial window size of a tty (0: none) */
};
enum spawn_type { SPAWN_SIGNAL = 1, SPAWN_MASTER, SPAWN_EXIT, SPAWN_ERROR };
struct spawn_msg {
	int32_t type, value;                /* SIGNAL: signo; EXIT: wait status; ERROR: length */
};
int spawn_socket_path(const struct plan *p, char *buf, size_t cap);
int spawn_listen(const struct plan *p);                 /* the monitor, before the clone */
void spawn_server(const struct plan *p, int listen_fd, int ptsfd, int null_fd)
	__attribute__((noreturn));                      /* forked by PID 1 before its exec */

#endif
