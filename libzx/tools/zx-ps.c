// SPDX-License-Identifier: MIT
/*
 * zx-ps: every process using zircon.ko, with its handles.
 *
 *   zx-ps [-p PID]... [-q]
 *
 * For each process whose descriptors it may inspect (procfs shows
 * /proc/PID/fdinfo only to those who may ptrace the process), it finds the
 * descriptors of /dev/zircon and the bridge descriptors
 * ("anon_inode:[zircon-object]") and prints what the module lists in their
 * fdinfo: per handle its value, koid, type, rights, related (peer) koid,
 * and for VMOs the size and committed bytes, for channels the messages
 * queued.  -q prints only the one line per descriptor.  The format of
 * fdinfo is in Documentation/zircon.rst ("Inspection").
 *
 * Exit status: 0, or 1 if a -p process could not be inspected.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define ZX_DEVICE_PATH "/dev/zircon"
#define ZX_BRIDGE_LINK "anon_inode:[zircon-object]"

struct totals {
	unsigned int procs;
	unsigned int hidden;
	unsigned long handles;
};

static bool quiet;
static dev_t zx_rdev;
static bool have_rdev;

static void read_comm(int pid, char *buf, size_t size)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	snprintf(buf, size, "?");
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

/* Value of "KEY:\tVALUE" in @line, or NULL. */
static const char *field(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == '\t' || *line == ' ')
		line++;
	return line;
}

static void print_handle(const char *v)
{
	unsigned int value, rights;
	unsigned long long koid, related;
	char type[32];
	int used = 0;

	if (sscanf(v, "%x koid=%llu type=%31s rights=%x related=%llu%n",
		   &value, &koid, type, &rights, &related, &used) < 5) {
		printf("        ? %s\n", v);
		return;
	}
	while (v[used] == ' ')
		used++;
	if (!v[used]) {
		printf("        %#010x  %-8llu %-10s %#010x  %llu\n", value, koid,
		       type, rights, related);
		return;
	}
	printf("        %#010x  %-8llu %-10s %#010x  %-8llu %s\n", value, koid,
	       type, rights, related, v + used);
}

/* One /dev/zircon descriptor: its fdinfo, summarised and listed. */
static int show_table(int pid, const char *comm, int fd, FILE *f,
		      struct totals *tot)
{
	char line[512], objects[256] = "", uid[32] = "?";
	char **handles = NULL;
	size_t nh = 0, i;
	unsigned long count = 0, unlisted = 0;
	const char *v;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if ((v = field(line, "zx-owner-uid")))
			snprintf(uid, sizeof(uid), "%s", v);
		else if ((v = field(line, "zx-handles")))
			count = strtoul(v, NULL, 10);
		else if ((v = field(line, "zx-handles-unlisted")))
			unlisted = strtoul(v, NULL, 10);
		else if ((v = field(line, "zx-objects")))
			snprintf(objects, sizeof(objects), "%s", v);
		else if ((v = field(line, "zx-handle"))) {
			char **n = realloc(handles, (nh + 1) * sizeof(*n));

			if (!n || !(n[nh] = strdup(v))) {
				free(n ? n : handles);
				fprintf(stderr, "zx-ps: out of memory\n");
				return -1;
			}
			handles = n;
			nh++;
		}
	}
	printf("%-7d %-6s %-16s fd %-4d %lu handles  %s\n", pid, uid, comm, fd,
	       count, objects);
	tot->handles += count;
	if (!quiet && nh)
		printf("        %-10s  %-8s %-10s %-10s  %-8s %s\n", "HANDLE",
		       "KOID", "TYPE", "RIGHTS", "RELATED", "DETAILS");
	for (i = 0; i < nh; i++) {
		if (!quiet)
			print_handle(handles[i]);
		free(handles[i]);
	}
	free(handles);
	if (!quiet && unlisted)
		printf("        (%lu more not listed: fdinfo_max_handles)\n",
		       unlisted);
	return 0;
}

/* One bridge descriptor: an object in transit between processes. */
static void show_bridge(int pid, const char *comm, int fd, FILE *f)
{
	char line[256], koid[32] = "?", type[32] = "?", rights[32] = "?",
	     related[32] = "?";
	const char *v;
	bool taken = false;

	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if ((v = field(line, "zx-koid")))
			snprintf(koid, sizeof(koid), "%s", v);
		else if ((v = field(line, "zx-type")))
			snprintf(type, sizeof(type), "%s", v);
		else if ((v = field(line, "zx-rights")))
			snprintf(rights, sizeof(rights), "%s", v);
		else if ((v = field(line, "zx-related-koid")))
			snprintf(related, sizeof(related), "%s", v);
		else if (field(line, "zx-taken"))
			taken = true;
	}
	if (taken)
		printf("%-7d %-6s %-16s fd %-4d bridge: taken\n", pid, "", comm,
		       fd);
	else
		printf("%-7d %-6s %-16s fd %-4d bridge: koid=%s type=%s rights=%s related=%s\n",
		       pid, "", comm, fd, koid, type, rights, related);
}

static bool is_zircon_dev(int pid, int fd, const char *link)
{
	char path[64];
	struct stat st;

	if (!strcmp(link, ZX_DEVICE_PATH))
		return true;
	if (!have_rdev)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	return stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
	       st.st_rdev == zx_rdev;
}

/* Returns 1 if the process uses the module, 0 if not, -1 if hidden. */
static int show_process(int pid, struct totals *tot)
{
	char path[64], link[PATH_MAX], comm[64];
	struct dirent *de;
	bool any = false, denied = false;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	if (!d)
		return errno == EACCES ? -1 : 0;
	read_comm(pid, comm, sizeof(comm));
	while ((de = readdir(d))) {
		int fd, bridge;
		ssize_t n;
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		fd = atoi(de->d_name);
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
		n = readlink(path, link, sizeof(link) - 1);
		if (n < 0) {
			denied |= errno == EACCES;
			continue;
		}
		link[n] = '\0';
		bridge = !strcmp(link, ZX_BRIDGE_LINK);
		if (!bridge && !is_zircon_dev(pid, fd, link))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
		f = fopen(path, "re");
		if (!f) {
			denied |= errno == EACCES;
			continue;
		}
		any = true;
		if (bridge)
			show_bridge(pid, comm, fd, f);
		else
			show_table(pid, comm, fd, f, tot);
		fclose(f);
	}
	closedir(d);
	if (any)
		return 1;
	return denied ? -1 : 0;
}

static void count(int r, struct totals *tot)
{
	if (r > 0)
		tot->procs++;
	else if (r < 0)
		tot->hidden++;
}

int main(int argc, char **argv)
{
	struct totals tot = { 0 };
	struct stat st;
	int opt, npids = 0, rc = 0;
	int *pids = calloc((size_t)argc, sizeof(int));
	struct dirent *de;
	DIR *d;

	if (!pids)
		return 1;
	while ((opt = getopt(argc, argv, "p:qh")) != -1) {
		switch (opt) {
		case 'p':
			pids[npids++] = atoi(optarg);
			break;
		case 'q':
			quiet = true;
			break;
		default:
			fprintf(stderr, "usage: zx-ps [-p PID]... [-q]\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (stat(ZX_DEVICE_PATH, &st) == 0 && S_ISCHR(st.st_mode)) {
		zx_rdev = st.st_rdev;
		have_rdev = true;
	}
	printf("%-7s %-6s %-16s %-7s %s\n", "PID", "UID", "COMM", "FD",
	       "HANDLES / OBJECT");
	if (npids) {
		for (int i = 0; i < npids; i++) {
			int r = show_process(pids[i], &tot);

			if (r < 0) {
				fprintf(stderr, "zx-ps: %d: not allowed to inspect\n",
					pids[i]);
				rc = 1;
			}
			count(r, &tot);
		}
	} else {
		d = opendir("/proc");
		if (!d) {
			perror("zx-ps: /proc");
			return 1;
		}
		while ((de = readdir(d)))
			if (isdigit((unsigned char)de->d_name[0]))
				count(show_process(atoi(de->d_name), &tot), &tot);
		closedir(d);
	}
	printf("%u processes, %lu handles", tot.procs, tot.handles);
	if (tot.hidden)
		printf(", %u processes not inspectable", tot.hidden);
	printf("\n");
	free(pids);
	return rc;
}
