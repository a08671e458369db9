/* SPDX-License-Identifier: MIT */
/*
 * The launcher: zx_linux_spawn() starts a program with startup handles.
 *
 * Each handle becomes a bridge descriptor (zx_linux_handle_to_fd(), made
 * close-on-exec so no other child of a threaded parent inherits it).  The
 * forked child clears close-on-exec on exactly those descriptors and
 * executes the program with ZX_LINUX_STARTUP_ENV naming them and their
 * processargs ids; libzx in the new program turns them back into handles
 * (startup.c).  A close-on-exec pipe reports a failed exec to the parent.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zircon/linux.h>
#include <zircon/syscalls.h>

extern char** environ;

static zx_status_t zx_exec_errno_status(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return ZX_ERR_NOT_FOUND;
	case EACCES:
	case EPERM:
		return ZX_ERR_ACCESS_DENIED;
	case ENOMEM:
		return ZX_ERR_NO_MEMORY;
	case EMFILE:
	case ENFILE:
	case EAGAIN:
		return ZX_ERR_NO_RESOURCES;
	default:
		return ZX_ERR_IO;
	}
}

/* This environment without ZX_LINUX_STARTUP_ENV, plus @extra. */
static char** zx_spawn_env(char* extra)
{
	size_t n = 0, k = 0, len = strlen(ZX_LINUX_STARTUP_ENV);
	char** env;

	while (environ && environ[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(environ[i], ZX_LINUX_STARTUP_ENV, len) == 0 &&
		    environ[i][len] == '=')
			continue;
		env[k++] = environ[i];
	}
	env[k++] = extra;
	env[k] = NULL;
	return env;
}

zx_status_t zx_linux_spawn(const char* path, char* const argv[],
			   const zx_linux_startup_handle_t* handles,
			   size_t num_handles, int* out_pid)
{
	int fds[ZX_LINUX_STARTUP_MAX];
	size_t made = 0, i, j;
	zx_status_t status = ZX_OK;
	char* var = NULL;
	char** env = NULL;
	int pipefd[2] = { -1, -1 };
	int saved = errno, err = 0;
	pid_t pid;

	if (!handles && num_handles)
		return ZX_ERR_INVALID_ARGS;
	if (!path || !argv)
		status = ZX_ERR_INVALID_ARGS;
	else if (num_handles > ZX_LINUX_STARTUP_MAX)
		status = ZX_ERR_OUT_OF_RANGE;
	for (i = 0; status == ZX_OK && i < num_handles; i++)
		for (j = 0; j < i; j++)
			if (handles[i].id == handles[j].id)
				status = ZX_ERR_INVALID_ARGS;

	/* Every handle is consumed from here on. */
	for (i = 0; i < num_handles; i++) {
		zx_status_t s;
		int fd;

		if (status != ZX_OK) {
			zx_handle_close(handles[i].handle);
			continue;
		}
		s = zx_linux_handle_to_fd(handles[i].handle,
					  ZX_LINUX_FD_CLOEXEC, &fd);
		if (s != ZX_OK) {
			status = s;
			continue;
		}
		fds[made++] = fd;
	}
	if (status != ZX_OK)
		goto out;

	/* "NAME=" plus up to 24 bytes ("fd:0xXXXXXXXX,") per handle. */
	var = malloc(strlen(ZX_LINUX_STARTUP_ENV) + 2 + 24 * (made + 1));
	if (!var) {
		status = ZX_ERR_NO_MEMORY;
		goto out;
	}
	{
		char* p = var + sprintf(var, "%s=", ZX_LINUX_STARTUP_ENV);

		for (i = 0; i < made; i++)
			p += sprintf(p, "%s%d:0x%x", i ? "," : "", fds[i],
				     handles[i].id);
	}
	env = zx_spawn_env(var);
	if (!env || pipe2(pipefd, O_CLOEXEC) != 0) {
		status = env ? ZX_ERR_NO_RESOURCES : ZX_ERR_NO_MEMORY;
		goto out;
	}

	pid = fork();
	if (pid < 0) {
		status = zx_exec_errno_status(errno);
		goto out;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls from here on. */
		for (i = 0; i < made; i++)
			fcntl(fds[i], F_SETFD, 0);
		execvpe(path, argv, env);
		err = errno;
		if (write(pipefd[1], &err, sizeof(err)) < 0)
			_exit(126);
		_exit(127);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	while (read(pipefd[0], &err, sizeof(err)) < 0 && errno == EINTR)
		;
	if (err) {
		/* The exec failed: the child exits and its copies close. */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		status = zx_exec_errno_status(err);
	} else if (out_pid) {
		*out_pid = (int)pid;
	}

out:
	/* The child has its own copies; ours go (and with them, on failure,
	 * the objects in transit). */
	for (i = 0; i < made; i++)
		close(fds[i]);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	free(env);
	free(var);
	errno = saved;
	return status;
}
