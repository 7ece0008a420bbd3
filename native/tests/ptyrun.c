/*
 * ptyrun - test tool: runs CMD with a fresh pty as its controlling terminal and stdin/stdout/
 * stderr, and copies every byte the pty's master yields to stdout, unchanged. Nothing is ever
 * written to the master unless --input is given, so (unlike script(1), which writes its EOF
 * character into the pty when its own stdin ends) whatever arrives on stdout is exactly what the
 * programs on the pty wrote, plus the line discipline's echo of --input. Exits with CMD's status.
 *
 * Usage: ptyrun [--input TEXT] -- CMD [ARGS...]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

static int write_all(int fd, const char *b, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static void child(int master, int slave, char **argv)
{
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		perror("ptyrun: make the pty the controlling terminal");
		_exit(126);
	}
	for (int i = 0; i < 3; i++)
		if (dup2(slave, i) < 0)
			_exit(126);
	if (slave > 2)
		close(slave);
	close(master);
	execvp(argv[0], argv);
	perror("ptyrun: exec");
	_exit(127);
}

int main(int argc, char **argv)
{
	const char *input = NULL;
	int i = 1;
	if (i + 1 < argc && strcmp(argv[i], "--input") == 0) {
		input = argv[i + 1];
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: ptyrun [--input TEXT] -- CMD [ARGS...]\n");
		return 2;
	}
	/* the slave is opened before the fork: a read of the master then never sees "no slave yet" */
	int master = posix_openpt(O_RDWR | O_NOCTTY), slave = -1;
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0 ||
	    (slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY)) < 0) {
		perror("ptyrun: open a pty");
		return 1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("ptyrun: fork");
		return 1;
	}
	if (pid == 0)
		child(master, slave, argv + i);
	close(slave);
	if (input && write_all(master, input, strlen(input)) < 0) {
		perror("ptyrun: write input");
		return 1;
	}
	char buf[16384];
	for (;;) {
		ssize_t n = read(master, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* EIO: every slave fd is closed */
			break;
		if (write_all(1, buf, (size_t)n) < 0)
			return 1;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}
