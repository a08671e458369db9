/* SPDX-License-Identifier: MIT */
/*
 * The calls libzx answers itself, without the module: the system's
 * figures, the CPRNG, ticks and the boot clock.
 *
 * Ticks are CLOCK_MONOTONIC nanoseconds, 1e9 per second: Linux keeps that
 * clock monotonic across CPUs (and across a TSC it finds unstable, as in
 * many VMs), where raw rdtsc values need not be.  zx_ticks_get_boot()
 * counts CLOCK_BOOTTIME the same way.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <linux/zircon.h>

#include <zircon/features.h>
#include <zircon/syscalls.h>
#include <zircon/syscalls/object.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

uint32_t zx_system_get_page_size(void)
{
	return (uint32_t)sysconf(_SC_PAGESIZE);
}

/* Zircon's figure is the most CPUs that may ever be online. */
uint32_t zx_system_get_num_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (uint32_t)n : 1;
}

uint64_t zx_system_get_physmem(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return 0;
	return (uint64_t)si.totalram * (si.mem_unit ? si.mem_unit : 1);
}

uint32_t zx_system_get_dcache_line_size(void)
{
	long n = sysconf(_SC_LEVEL1_DCACHE_LINESIZE);

	if (n > 0)
		return (uint32_t)n;
#if defined(__x86_64__) || defined(__i386__)
	{
		unsigned int a, b, c, d;

		/* CPUID.1:EBX[15:8], the CLFLUSH line size in 8-byte units. */
		if (__get_cpuid(1, &a, &b, &c, &d) && ((b >> 8) & 0xff))
			return ((b >> 8) & 0xff) * 8;
	}
#endif
	return 64;
}

static char zx_version[256];
static pthread_once_t zx_version_once = PTHREAD_ONCE_INIT;

static void zx_version_init(void)
{
	struct utsname u;

	if (uname(&u) != 0)
		strcpy(u.release, "unknown");
	snprintf(zx_version, sizeof(zx_version),
		 "zircon-linux %d.%d (Linux %s)", ZX_ABI_VERSION_MAJOR,
		 ZX_ABI_VERSION_MINOR, u.release);
}

/* Static storage, written once: valid for the life of the process. */
zx_string_view_t zx_system_get_version_string(void)
{
	zx_string_view_t v;

	pthread_once(&zx_version_once, zx_version_init);
	v.c_str = zx_version;
	v.length = strlen(zx_version);
	return v;
}

/*
 * As Zircon on x86-64: no CPU feature bits (ZX_ERR_NOT_SUPPORTED; use
 * cpuid), four debug-register breakpoints and watchpoints, no address
 * tagging and no execute-only mappings.
 */
zx_status_t zx_system_get_features(uint32_t kind, uint32_t *features)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t v;

	switch (kind) {
	case ZX_FEATURE_KIND_HW_BREAKPOINT_COUNT:
	case ZX_FEATURE_KIND_HW_WATCHPOINT_COUNT:
		v = 4;
		break;
	case ZX_FEATURE_KIND_ADDRESS_TAGGING:
	case ZX_FEATURE_KIND_VM:
		v = 0;
		break;
	default:
		return ZX_ERR_NOT_SUPPORTED;
	}
	if (!features)
		return ZX_ERR_INVALID_ARGS;
	*features = v;
	return ZX_OK;
#else
	(void)kind;
	(void)features;
	return ZX_ERR_NOT_SUPPORTED;
#endif
}

/*
 * Zircon hands these events out only against the root job.  There are
 * no jobs here, so no handle can be the root job: a handle that is not
 * valid is ZX_ERR_BAD_HANDLE, any other is not a job (ZX_ERR_WRONG_TYPE),
 * and a job, once jobs exist, is not the root (ZX_ERR_ACCESS_DENIED).
 */
zx_status_t zx_system_get_event(zx_handle_t root_job, uint32_t kind,
				zx_handle_t *event)
{
	zx_info_handle_basic_t info;
	zx_status_t s;

	(void)kind;
	(void)event;
	s = zx_object_get_info(root_job, ZX_INFO_HANDLE_BASIC, &info,
			       sizeof(info), NULL, NULL);
	if (s != ZX_OK)
		return s;
	if (info.type != ZX_OBJ_TYPE_JOB)
		return ZX_ERR_WRONG_TYPE;
	return ZX_ERR_ACCESS_DENIED;
}

/* Never short, never failing: Zircon's call cannot fail either. */
void zx_cprng_draw(void *buffer, size_t buffer_size)
{
	unsigned char *p = buffer;

	while (buffer_size > 0) {
		size_t chunk = buffer_size < ZX_CPRNG_DRAW_MAX_LEN ?
			       buffer_size : ZX_CPRNG_DRAW_MAX_LEN;
		ssize_t n = getrandom(p, chunk, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Zircon panics rather than return fewer bytes. */
			abort();
		}
		p += n;
		buffer_size -= (size_t)n;
	}
}

/*
 * Mixed into Linux's pool by writing to /dev/urandom, which any user may
 * do: the bytes are stirred in but credited as no entropy (crediting is
 * privileged, RNDADDENTROPY).  A buffer the kernel cannot read is
 * ZX_ERR_INVALID_ARGS, as in Zircon.
 */
zx_status_t zx_cprng_add_entropy(const void *buffer, size_t buffer_size)
{
	int saved = errno, fd;
	ssize_t n;

	if (buffer_size > ZX_CPRNG_ADD_ENTROPY_MAX_LEN)
		return ZX_ERR_INVALID_ARGS;
	if (buffer_size == 0)
		return ZX_OK;
	fd = open("/dev/urandom", O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		/* No device to stir: accepted and dropped. */
		errno = saved;
		return ZX_OK;
	}
	do {
		n = write(fd, buffer, buffer_size);
	} while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0 && errno == EFAULT) {
		errno = saved;
		return ZX_ERR_INVALID_ARGS;
	}
	errno = saved;
	return ZX_OK;
}

static int64_t zx_clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

zx_instant_mono_ticks_t zx_ticks_get(void)
{
	return zx_clock_ns(CLOCK_MONOTONIC);
}

zx_instant_boot_ticks_t zx_ticks_get_boot(void)
{
	return zx_clock_ns(CLOCK_BOOTTIME);
}

zx_ticks_t zx_ticks_per_second(void)
{
	return 1000000000;
}

zx_instant_boot_t zx_clock_get_boot(void)
{
	return zx_clock_ns(CLOCK_BOOTTIME);
}
