// SPDX-License-Identifier: GPL-2.0
/*
 * zx_fuzz: random streams and the pickers every mode uses.
 */
#include "fuzz.h"

/* --------------------------------------------------------------- rng */

uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t rnd(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

uint32_t below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnd(r) % n) : 0;
}

bool chance(struct rng *r, unsigned int pct)
{
	return below(r, 100) < pct;
}

uint64_t next_seed(uint64_t s)
{
	return mix64(s + 0x9e3779b97f4a7c15ULL);
}

static const uint64_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 31, 32, 63, 64, 65, 127, 128, 255,
	256, 511, 1024, 4095, 4096, 4097, 8191, 8192, 12288, 65535, 65536,
	65537, 1UL << 20, (1UL << 20) + 1, 1UL << 24, 1ULL << 31,
	(1ULL << 32) - 1, 1ULL << 32, (1ULL << 32) + 4096, 1ULL << 40,
	1ULL << 47, 1ULL << 48, 1ULL << 62, 1ULL << 63, INT64_MAX,
	0x7ffffffffffff000ULL, 0x7fffffffffffe000ULL, UINT64_MAX - 4096,
	UINT64_MAX - 4095, UINT64_MAX - 1, UINT64_MAX,
};

uint64_t pick_interesting(struct rng *r)
{
	return interesting[below(r, sizeof(interesting) / sizeof(interesting[0]))];
}

/* A length or size: mostly small, sometimes at an edge. */
uint64_t pick_len(struct rng *r, uint64_t typical)
{
	switch (below(r, 12)) {
	case 0: case 1: case 2: case 3:
		return below(r, (uint32_t)typical + 1);
	case 4:
		return typical;
	case 5:
		return (uint64_t)below(r, 17) * PAGE;
	case 6:
		return (uint64_t)below(r, 17) * PAGE + below(r, 3) - 1;
	case 7: case 8:
		return pick_interesting(r);
	case 9:
		return rnd(r) & 0xffff;
	case 10:
		return 0;
	default:
		return rnd(r);
	}
}

/* A 32-bit flags word: 0, a subset of the @valid bits, or anything. */
uint32_t pick_flags(struct rng *r, uint32_t valid)
{
	switch (below(r, 10)) {
	case 0: case 1: case 2: case 3:
		return 0;
	case 4: case 5: case 6:
		return (uint32_t)rnd(r) & valid;
	case 7:
		return valid;
	case 8:
		return 1U << below(r, 32);
	default:
		return (uint32_t)rnd(r);
	}
}

int64_t now_ns(void)
{
	return zx_test_now();
}
