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
 *
 * Then channels: the first process starts a client (itself again, with
 * --client) through the launcher, zx_linux_spawn(), handing it one end of
 * a channel as its startup handle PA_HND(PA_USER0, 0).  The client, written
 * the Fuchsia way, takes it with zx_take_startup_handle() and asks the
 * server with zx_channel_call(); the server answers with a VMO holding the
 * greeting; the client reads the VMO and prints it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/process.h>
#include <zircon/processargs.h>
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

#define GREETING "Hello from the server, in a VMO passed over a channel!"

struct request {
	zx_txid_t txid;
	char what[12];
};

/* The client: no Linux-specific code, as on Fuchsia. */
static int client_side(void)
{
	zx_handle_t boot = zx_take_startup_handle(PA_HND(PA_USER0, 0));
	struct request req = { 0, "greeting" }, rep;
	zx_handle_info_t info;
	zx_channel_call_etc_args_t args = {
		.wr_bytes = &req, .wr_num_bytes = sizeof(req),
		.rd_bytes = &rep, .rd_handles = &info,
		.rd_num_bytes = sizeof(rep), .rd_num_handles = 1,
	};
	uint32_t ab, ah;
	uint64_t size;
	char text[128];

	if (boot == ZX_HANDLE_INVALID) {
		fprintf(stderr, "zx-demo client: no startup channel\n");
		return 1;
	}
	printf("[client pid %d] got startup channel koid %llu; calling\n",
	       getpid(), (unsigned long long)koid_of(boot));
	fflush(stdout);
	check("channel_call_etc",
	      zx_channel_call_etc(boot, 0, zx_deadline_after(ZX_SEC(30)),
				  &args, &ab, &ah));
	if (ah != 1 || info.type != ZX_OBJ_TYPE_VMO) {
		fprintf(stderr, "zx-demo client: the reply holds no VMO\n");
		return 1;
	}
	check("vmo_get_size", zx_vmo_get_size(info.handle, &size));
	memset(text, 0, sizeof(text));
	check("vmo_read", zx_vmo_read(info.handle, text, 0,
				      sizeof(GREETING)));
	printf("[client pid %d] reply txid 0x%08x with a VMO (koid %llu, "
	       "%llu bytes): \"%s\"\n", getpid(), rep.txid,
	       (unsigned long long)koid_of(info.handle),
	       (unsigned long long)size, text);
	zx_handle_close(info.handle);
	zx_handle_close(boot);
	return strcmp(text, GREETING) == 0 ? 0 : 1;
}

/* The server: starts the client with the launcher, answers one call. */
static int channel_demo(const char *self)
{
	zx_handle_t mine, theirs, vmo;
	char *argv[] = { (char *)self, "--client", NULL };
	zx_linux_startup_handle_t h;
	struct request req;
	zx_signals_t seen;
	uint32_t ab, ah;
	int pid, status;

	check("channel_create", zx_channel_create(0, &mine, &theirs));
	h.id = PA_HND(PA_USER0, 0);
	h.handle = theirs;
	check("zx_linux_spawn", zx_linux_spawn(self, argv, &h, 1, &pid));
	printf("[server pid %d] started client pid %d with a channel as "
	       "PA_USER0\n", getpid(), pid);
	fflush(stdout);
	check("wait", zx_object_wait_one(mine, ZX_CHANNEL_READABLE,
					 zx_deadline_after(ZX_SEC(30)),
					 &seen));
	check("channel_read", zx_channel_read(mine, 0, &req, NULL,
					      sizeof(req), 0, &ab, &ah));
	printf("[server pid %d] request txid 0x%08x: \"%s\"; answering "
	       "with a VMO\n", getpid(), req.txid, req.what);
	fflush(stdout);
	check("vmo_create", zx_vmo_create(4096, 0, &vmo));
	check("vmo_write", zx_vmo_write(vmo, GREETING, 0, sizeof(GREETING)));
	/* The reply carries the request's txid back, and the VMO. */
	check("channel_write", zx_channel_write(mine, 0, &req, sizeof(req),
						&vmo, 1));
	waitpid(pid, &status, 0);
	check("close", zx_handle_close(mine));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "zx-demo: the client failed\n");
		return 1;
	}
	printf("zx-demo: a client started by the launcher got a VMO over a "
	       "channel: OK\n");
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
	if (argc == 2 && strcmp(argv[1], "--client") == 0)
		return client_side();

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
	return channel_demo("/proc/self/exe");
}
