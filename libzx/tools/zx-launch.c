/* SPDX-License-Identifier: MIT */
/*
 * zx-launch: start a program with startup handles.
 *
 *   zx-launch [-f FD:ID]... [-j FD] [-p FD] [--] PROGRAM [ARG...]
 *
 * Each -f names a bridge descriptor this process inherited (made with
 * zx_linux_handle_to_fd() by whoever started zx-launch) and the processargs
 * id under which PROGRAM receives it from zx_take_startup_handle(): a
 * number (0xF0, 240) or a name (PA_USER0), optionally with /ARG
 * (PA_USER0/1 is PA_HND(PA_USER0, 1)).  -j names a bridge descriptor
 * holding a job (ZX_RIGHT_MANAGE_PROCESS) for PROGRAM to run in (default:
 * zx-launch's own job); -p a bridge descriptor holding a channel, on which
 * zx-launch sends PROGRAM's process handle (a message of no bytes and one
 * handle) once it runs: that is how zx-launch's caller gets the handle.
 * zx-launch waits for PROGRAM and exits with its status (128 + signal if
 * it was killed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/processargs.h>
#include <zircon/status.h>
#include <zircon/syscalls.h>

static const struct {
	const char* name;
	uint32_t type;
} pa_names[] = {
	{ "PA_USER0", PA_USER0 }, { "PA_USER1", PA_USER1 },
	{ "PA_USER2", PA_USER2 }, { "PA_LIFECYCLE", PA_LIFECYCLE },
	{ "PA_DIRECTORY_REQUEST", PA_DIRECTORY_REQUEST },
	{ "PA_FD", PA_FD }, { "PA_NS_DIR", PA_NS_DIR },
};

static int parse_id(const char* s, uint32_t* id)
{
	unsigned long type = 0, arg = 0;
	const char* slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	char* end;
	size_t i;

	for (i = 0; i < sizeof(pa_names) / sizeof(pa_names[0]); i++)
		if (strlen(pa_names[i].name) == len &&
		    !strncmp(s, pa_names[i].name, len))
			break;
	if (i < sizeof(pa_names) / sizeof(pa_names[0])) {
		type = pa_names[i].type;
	} else {
		type = strtoul(s, &end, 0);
		if (end != s + len)
			return -1;
		if (!slash) {
			*id = (uint32_t)type;	/* a whole id */
			return 0;
		}
	}
	if (slash) {
		arg = strtoul(slash + 1, &end, 0);
		if (*end || end == slash + 1 || arg > 0xFFFF || type > 0xFF)
			return -1;
	}
	*id = PA_HND(type, arg);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: zx-launch [-f FD:ID]... [-j FD] [-p FD] [--] PROGRAM [ARG...]\n");
	exit(2);
}

int main(int argc, char** argv)
{
	zx_linux_startup_handle_t h[ZX_LINUX_STARTUP_MAX];
	size_t n = 0;
	zx_handle_t job = ZX_HANDLE_INVALID, chan = ZX_HANDLE_INVALID;
	zx_handle_t proc = ZX_HANDLE_INVALID;
	zx_status_t s;
	int opt, pid, status;

	while ((opt = getopt(argc, argv, "+f:j:p:")) != -1) {
		char* colon;
		long fd;

		if (opt == 'j' || opt == 'p') {
			zx_handle_t* dst = opt == 'j' ? &job : &chan;

			fd = strtol(optarg, &colon, 10);
			if (colon == optarg || *colon || fd < 0 ||
			    *dst != ZX_HANDLE_INVALID)
				usage();
			s = zx_linux_fd_to_handle((int)fd, dst);
			if (s != ZX_OK) {
				fprintf(stderr, "zx-launch: descriptor %ld: %s\n",
					fd, zx_status_get_string(s));
				return 1;
			}
			continue;
		}
		if (opt != 'f' || n == ZX_LINUX_STARTUP_MAX)
			usage();
		fd = strtol(optarg, &colon, 10);
		if (colon == optarg || *colon != ':' || fd < 0 ||
		    parse_id(colon + 1, &h[n].id) != 0)
			usage();
		s = zx_linux_fd_to_handle((int)fd, &h[n].handle);
		if (s != ZX_OK) {
			fprintf(stderr, "zx-launch: descriptor %ld: %s\n", fd,
				zx_status_get_string(s));
			return 1;
		}
		n++;
	}
	if (optind >= argc)
		usage();
	s = zx_linux_spawn_etc(job, argv[optind], argv + optind, h, n, &pid,
			       chan != ZX_HANDLE_INVALID ? &proc : NULL);
	if (s != ZX_OK) {
		fprintf(stderr, "zx-launch: %s: %s\n", argv[optind],
			zx_status_get_string(s));
		return 127;
	}
	if (chan != ZX_HANDLE_INVALID) {
		s = zx_channel_write(chan, 0, NULL, 0, &proc, 1);
		if (s != ZX_OK)
			fprintf(stderr, "zx-launch: sending the process handle: %s\n",
				zx_status_get_string(s));
		zx_handle_close(chan);
	}
	while (waitpid(pid, &status, 0) < 0)
		;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
