// SPDX-License-Identifier: GPL-2.0
/* zx_fuzz: the command line. */
#include "fuzz.h"

const char *const mode_names[] = { "?", "ioctl", "libzx", "both" };

struct fuzz_options opt = {
	.cycles = true,
	.tune = true,
	.mode = MODE_BOTH,
	.seconds = 30,
	.procs = 3,
	.threads = 3,
	.ops = 1500,
	.stall_secs = 90,
	.settle_ms = 10000,
	.shed_pct = 45,
};

static uint64_t parse_u64(const char *s)
{
	return strtoull(s, NULL, 0);
}

static void usage(void)
{
	printf("usage: zx_fuzz [--mode ioctl|libzx|both] [--seconds S] [--seed N]\n"
	       "               [--iterations N] [--procs P] [--threads T] [--ops N]\n"
	       "               [--stall-secs S] [--no-cycles] [--no-tune] [--verbose]\n"
	       "               [--memcg MB] [--trace]\n"
	       "Runs iterations of P processes x T threads x N operations until S\n"
	       "seconds have passed (default %.0f) or N iterations ran; --mode both\n"
	       "alternates the modes.  --seed replays; a failure prints its seed.\n"
	       "Channel ends travel freely, reference cycles included (the module\n"
	       "collects them); --no-cycles sends an end only through an older pair's\n"
	       "channel, which builds no cycle.  Unless --no-tune, the\n"
	       "module parameters channel_max_pending, max_vmo_depth and\n"
	       "max_port_packets are lowered\n"
	       "for the run (root only) so that their limits are reached.  --trace\n"
	       "prints every operation (process.thread, arguments, status) to stderr.\n"
	       "--memcg runs the workers in a memory cgroup of MB MiB (root only); the\n"
	       "OOM killer's reports are then expected in the kernel log.\n",
	       opt.seconds);
}

/*
 * Parses the command line into opt; -1 to run, or the exit code (usage
 * printed).  *seeded tells whether --seed was given.
 */
int parse_options(int argc, char **argv, bool *seeded)
{
	static const struct option lopts[] = {
		{ "mode", required_argument, NULL, 'm' },
		{ "seconds", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "procs", required_argument, NULL, 'p' },
		{ "threads", required_argument, NULL, 't' },
		{ "ops", required_argument, NULL, 'o' },
		{ "stall-secs", required_argument, NULL, 'x' },
		{ "no-cycles", no_argument, NULL, 'c' },
		{ "no-tune", no_argument, NULL, 'n' },
		{ "memcg", required_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "trace", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "m:s:S:i:p:t:o:x:cnM:vTh", lopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			if (!strcmp(optarg, "ioctl"))
				opt.mode = MODE_IOCTL;
			else if (!strcmp(optarg, "libzx"))
				opt.mode = MODE_LIBZX;
			else if (!strcmp(optarg, "both"))
				opt.mode = MODE_BOTH;
			else {
				usage();
				return 2;
			}
			break;
		case 's': opt.seconds = atof(optarg); break;
		case 'S': opt.seed = parse_u64(optarg); *seeded = true; break;
		case 'i': opt.iterations = atol(optarg); break;
		case 'p': opt.procs = atoi(optarg); break;
		case 't': opt.threads = atoi(optarg); break;
		case 'o': opt.ops = atol(optarg); break;
		case 'x': opt.stall_secs = atoi(optarg); break;
		case 'c': opt.cycles = false; break;
		case 'n': opt.tune = false; break;
		case 'M': opt.memcg_mb = atoi(optarg); break;
		case 'v': opt.verbose = true; break;
		case 'T': opt.trace = true; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}
	if (opt.procs < 1 || opt.procs > MAX_PROCS || opt.threads < 1 ||
	    opt.threads >= MAX_THREADS || opt.ops < 1) {
		usage();
		return 2;
	}
	return -1;
}
