/* prog.c - running one helper program (nft, the DHCP server) and collecting its message. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "prog.h"

/* Runs argv[0] (absolute) with a clean environment, default signal handling, input on stdin
 * and stderr captured into out (for messages). A daemon it spawns must not keep stderr open
 * (dnsmasq re-points its standard fds at /dev/null): only what is there when the direct child
 * exits is read. Returns the exit status (0-255), or -1 with errno. */
int prog_run(char *const argv[], const char *input, char *out, size_t outlen)
{
	int in[2] = {-1, -1}, er[2] = {-1, -1};
	out[0] = '\0';
	if (pipe2(in, O_CLOEXEC) < 0)
		return -1;
	if (pipe2(er, O_CLOEXEC) < 0) {
		int e = errno;
		(void)close(in[0]);
		(void)close(in[1]);
		errno = e;
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		static char *const envp[] = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", NULL};
		sigset_t none;
		sigemptyset(&none);
		for (int sig = 1; sig < NSIG; sig++)
			(void)signal(sig, SIG_DFL);
		(void)sigprocmask(SIG_SETMASK, &none, NULL);
		int nul = open("/dev/null", O_WRONLY);
		if (dup2(in[0], 0) < 0 || dup2(nul >= 0 ? nul : er[1], 1) < 0 || dup2(er[1], 2) < 0)
			_exit(127);
		(void)syscall(SYS_close_range, 3U, ~0U, 0U);
		execve(argv[0], argv, envp);
		dprintf(2, "cannot run %s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	int e = errno;
	(void)close(in[0]);
	(void)close(er[1]);
	if (pid < 0) {
		(void)close(in[1]);
		(void)close(er[0]);
		errno = e;
		return -1;
	}
	size_t left = input ? strlen(input) : 0;
	const char *p = input;
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	while (left > 0) {
		ssize_t w = write(in[1], p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;   /* the program stopped reading: its status says why */
		p += w;
		left -= (size_t)w;
	}
	(void)close(in[1]);
	(void)signal(SIGPIPE, old);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			e = errno;
			(void)close(er[0]);
			errno = e;
			return -1;
		}
	(void)fcntl(er[0], F_SETFL, O_NONBLOCK);
	ssize_t n = read(er[0], out, outlen - 1);
	(void)close(er[0]);
	if (n > 0) {
		out[n] = '\0';
		while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
			out[--n] = '\0';
		for (char *c = out; *c; c++)
			if (*c == '\n')
				*c = ' ';
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
