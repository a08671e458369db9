/* SPDX-License-Identifier: MIT */
/*
 * zx-demo: two Linux processes signal each other through a Zircon eventpair.
 *
 * The first process creates the pair, turns one end into a descriptor and
 * starts a second program (itself, via fork and exec) holding it.  The
 * second turns the descriptor back into a handle; then the two play
 * ping-pong with ZX_USER_SIGNAL_0/1 and zx_object_wait_one().  When the
 * second exits, its end loses its last handle and the first sees
 * ZX_EVENTPAIR_PEER_CLOSED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#define ROUNDS 5
#define PING ZX_USER_SIGNAL_0
#define PONG ZX_USER_SIGNAL_1

static void check(const char *what, zx_status_t status)
{
	if (status != ZX_OK) {
		fprintf(stderr, "zx-demo: %s: %s\n", what,
			zx_status_get_string(status));
		exit(1);
	}
}

static zx_koid_t koid_of(zx_handle_t h)
{
	zx_info_handle_basic_t info;

	check("get_info", zx_object_get_info(h, ZX_INFO_HANDLE_BASIC, &info,
					     sizeof(info), NULL, NULL));
	return info.koid;
}

static int pong_side(int fd)
{
	zx_handle_t end;
	zx_signals_t seen;
	int i;

	check("fd_to_handle", zx_linux_fd_to_handle(fd, &end));
	printf("[pong pid %d] got eventpair end koid %llu from descriptor %d\n",
	       getpid(), (unsigned long long)koid_of(end), fd);
	for (i = 1; i <= ROUNDS; i++) {
		check("wait", zx_object_wait_one(end, PING,
						 zx_deadline_after(ZX_SEC(30)),
						 &seen));
		check("clear", zx_object_signal(end, PING, 0));
		printf("[pong pid %d] round %d: saw PING, sending PONG\n",
		       getpid(), i);
		fflush(stdout);
		check("signal_peer", zx_object_signal_peer(end, 0, PONG));
	}
	check("close", zx_handle_close(end));
	return 0;
}

int main(int argc, char **argv)
{
	zx_handle_t mine, theirs;
	zx_signals_t seen;
	char fdbuf[16];
	int fd, i, status;
	pid_t pid;

	if (argc == 3 && strcmp(argv[1], "--pong") == 0)
		return pong_side(atoi(argv[2]));

	check("eventpair_create", zx_eventpair_create(0, &mine, &theirs));
	printf("[ping pid %d] created eventpair: koids %llu and %llu\n",
	       getpid(), (unsigned long long)koid_of(mine),
	       (unsigned long long)koid_of(theirs));
	check("handle_to_fd", zx_linux_handle_to_fd(theirs, 0, &fd));
	printf("[ping pid %d] handed one end over as descriptor %d\n",
	       getpid(), fd);
	fflush(stdout);

	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		snprintf(fdbuf, sizeof(fdbuf), "%d", fd);
		execl("/proc/self/exe", argv[0], "--pong", fdbuf, (char *)NULL);
		perror("exec");
		_exit(1);
	}
	close(fd);

	for (i = 1; i <= ROUNDS; i++) {
		printf("[ping pid %d] round %d: sending PING\n", getpid(), i);
		fflush(stdout);
		check("signal_peer", zx_object_signal_peer(mine, 0, PING));
		check("wait", zx_object_wait_one(mine, PONG,
						 zx_deadline_after(ZX_SEC(30)),
						 &seen));
		check("clear", zx_object_signal(mine, PONG, 0));
		printf("[ping pid %d] round %d: saw PONG\n", getpid(), i);
	}
	check("wait for peer closed",
	      zx_object_wait_one(mine, ZX_EVENTPAIR_PEER_CLOSED,
				 zx_deadline_after(ZX_SEC(30)), &seen));
	printf("[ping pid %d] peer closed its end (signals 0x%08x)\n",
	       getpid(), seen);
	waitpid(pid, &status, 0);
	check("close", zx_handle_close(mine));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "zx-demo: the pong process failed\n");
		return 1;
	}
	printf("zx-demo: %d round trips between two processes: OK\n", ROUNDS);
	return 0;
}
