/* notify.h - the sd_notify socket and the ready wait. */
#ifndef CLOISTER_NOTIFY_H
#define CLOISTER_NOTIFY_H

#include <sys/types.h>
#include "plan.h"

int notify_open(const struct plan *p);
int notify_drain(int fd);
int notify_wait_ready(const struct plan *p, int fd, int sigfd, pid_t pid, int pidfd);
void notify_supervisor(pid_t mainpid);

#endif
