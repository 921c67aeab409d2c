// SPDX-License-Identifier: BSD-2-Clause
/*
 * SHA-256's compression function (FIPS 180-4, 6.2.2) for the crypto layer,
 * in three variants chosen once at boot (crypto_sha256_select): Zknh's
 * scalar instructions (sha256sum0/sum1/sig0/sig1), else Zbb's rotates
 * (roriw, andn), else portable C; each extension's only once the boot
 * code has found it on every hart and its rounds match the portable ones
 * and the known answers.  The target's mbedTLS calls it through
 * MBEDTLS_SHA256_PROCESS_ALT (mbedtls_config.h); the host's keeps its own
 * and uses the rounds here only in its unit test.
 *
 * The portable rounds are written for rv64 without Zbb, which has no
 * rotate: a 32-bit word copied into both halves of a 64-bit register is
 * rotated by one shift, so each Sigma costs 8 instructions instead of 11.
 */
#include <stdint.h>
#include <string.h>
#include <crypto.h>
#include "crypto_internal.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* x in both halves: (d >> n) then holds x rotated right by n (n < 32). */
static inline uint64_t dup32(uint32_t x)
{
	uint64_t d = (uint64_t)x << 32;

	/* else gcc zero-extends x first: 4 instructions, not 3 */
	__asm__("" : "+r"(d));
	return d | d >> 32;
}

static inline uint32_t c_sum0(uint32_t x)
{
	uint64_t d = dup32(x);

	return (uint32_t)(d >> 2 ^ d >> 13 ^ d >> 22);
}

static inline uint32_t c_sum1(uint32_t x)
{
	uint64_t d = dup32(x);

	return (uint32_t)(d >> 6 ^ d >> 11 ^ d >> 25);
}

static inline uint32_t c_sig0(uint32_t x)
{
	uint64_t d = dup32(x);

	return (uint32_t)(d >> 7 ^ d >> 18) ^ x >> 3;
}

static inline uint32_t c_sig1(uint32_t x)
{
	uint64_t d = dup32(x);

	return (uint32_t)(d >> 17 ^ d >> 19) ^ x >> 10;
}

/*
 * A block's 64 schedule words, two at a time: OpenSBI's memset, which
 * crypto_wipe ends in, stores bytes, and would cost a third of a block.
 */
static inline void wipe_schedule(uint32_t w[64])
{
	volatile uint64_t *v = (volatile uint64_t *)w;
	unsigned int i;

#pragma GCC unroll 8
	for (i = 0; i < 32; i++)
		v[i] = 0;
}

/*
 * One block: 8 rounds per loop pass, so that the working variables come
 * back to their names, over a 64-word schedule (8 more words computed at
 * the top of each pass from the third on) read at constant offsets from
 * w.  16 rounds a pass (with a 16-word ring) cost twice the text for
 * about 3 % fewer instructions.  SUM0/SUM1/SIG0/SIG1/CH are the variant's functions.
 * Maj(a, b, c) is b ^ ((a ^ b) & (b ^ c)), and this round's a ^ b is the
 * next one's b ^ c: m0 and m1 take turns holding them, one instruction
 * fewer a round.
 */
#define ROUND(a, b, c, d, e, f, g, h, j, ab, bc)                             \
	do {                                                                 \
		uint32_t t1 = h + SUM1(e) + CH(e, f, g) + k[j] + w[j];       \
		ab = a ^ b;                                                  \
		d += t1;                                                     \
		h = t1 + SUM0(a) + (b ^ (ab & bc));                          \
	} while (0)
#define EIGHT_ROUNDS()                                                       \
	do {                                                                 \
		ROUND(a, b, c, d, e, f, g, h, 0, m0, m1);                    \
		ROUND(h, a, b, c, d, e, f, g, 1, m1, m0);                    \
		ROUND(g, h, a, b, c, d, e, f, 2, m0, m1);                    \
		ROUND(f, g, h, a, b, c, d, e, 3, m1, m0);                    \
		ROUND(e, f, g, h, a, b, c, d, 4, m0, m1);                    \
		ROUND(d, e, f, g, h, a, b, c, 5, m1, m0);                    \
		ROUND(c, d, e, f, g, h, a, b, 6, m0, m1);                    \
		ROUND(b, c, d, e, f, g, h, a, 7, m1, m0);                    \
	} while (0)
#define SCHED(p, j)                                                          \
	(p[j] = SIG1(p[(j) - 2]) + p[(j) - 7] + SIG0(p[(j) - 15]) +          \
		p[(j) - 16])
#define SCHED8()                                                             \
	do {                                                                 \
		SCHED(w, 0); SCHED(w, 1); SCHED(w, 2); SCHED(w, 3);          \
		SCHED(w, 4); SCHED(w, 5); SCHED(w, 6); SCHED(w, 7);          \
	} while (0)
/*
 * fused: the schedule's words computed 8 at a time ahead of their rounds
 * (they stay in registers); else all first, 2 a pass (smaller).
 */
#define COMPRESS_BODY(fused)                                                 \
	do {                                                                 \
		uint32_t a = s[0], b = s[1], c = s[2], d = s[3];             \
		uint32_t e = s[4], f = s[5], g = s[6], h = s[7];             \
		uint32_t m0, m1 = b ^ c;                                     \
		const uint32_t *k = K;                                       \
		uint32_t *x;                                                 \
		unsigned int i;                                              \
                                                                             \
		for (x = w + 16; !(fused) && x < w + 64; x += 2) {           \
			SCHED(x, 0);                                         \
			SCHED(x, 1);                                         \
		}                                                            \
		for (i = 0; i < 8; i++, w += 8, k += 8) {                    \
			if ((fused) && i >= 2)                               \
				SCHED8();                                    \
			EIGHT_ROUNDS();                                      \
		}                                                            \
		s[0] += a; s[1] += b; s[2] += c; s[3] += d;                  \
		s[4] += e; s[5] += f; s[6] += g; s[7] += h;                  \
	} while (0)

#define SUM0 c_sum0
#define SUM1 c_sum1
#define SIG0 c_sig0
#define SIG1 c_sig1
#define CH(e, f, g) (g ^ (e & (f ^ g)))
/*
 * Not instrumented under SM_UBSAN: unsigned arithmetic and constant
 * in-bounds offsets only, and the checks on every access of the rounds
 * would cost the UBSan firmware text it does not have.
 */
#define ROUNDS_ATTR __attribute__((noinline, no_sanitize_undefined))

static ROUNDS_ATTR void block_c(uint32_t s[8], uint32_t w[64])
{
	COMPRESS_BODY(0);
}
#undef SUM0
#undef SUM1
#undef SIG0
#undef SIG1

/*
 * The extensions' instructions, spelled with .insn so that only this code
 * needs them and no -march change reaches the rest of the firmware.  On
 * rv64 each reads the low 32 bits and sign-extends its 32-bit result
 * (andn excepted: 64-bit, of which only the low half is used).  The host
 * (unit tests) computes the same in C, so that every variant's rounds
 * and the selection run there too; crypto_sha256_fault breaks them.
 */
#if defined(__riscv) && __riscv_xlen == 64
/* Zknh (scalar crypto v1.0): OP-IMM, funct3 1, imm 0x100-0x103. */
#define ZKNH_OP(name, imm)                                                   \
	static inline uint32_t name(uint32_t x)                              \
	{                                                                    \
		uint32_t r;                                                  \
                                                                             \
		__asm__(".insn i 0x13, 1, %0, %1, " #imm : "=r"(r) : "r"(x)); \
		return r;                                                    \
	}
ZKNH_OP(zk_sum0, 0x100)
ZKNH_OP(zk_sum1, 0x101)
ZKNH_OP(zk_sig0, 0x102)
ZKNH_OP(zk_sig1, 0x103)

/* Zbb: roriw is OP-IMM-32, funct3 5, imm 0x600 | shamt; andn OP, 7, 0x20. */
#define zbb_ror(x, n)                                                        \
	({                                                                   \
		uint32_t r_;                                                 \
                                                                             \
		__asm__(".insn i 0x1b, 5, %0, %1, %2"                        \
			: "=r"(r_) : "r"(x), "i"(0x600 | (n)));              \
		r_;                                                          \
	})
static inline uint32_t zbb_andn(uint32_t x, uint32_t y)
{
	uint32_t r;

	__asm__(".insn r 0x33, 7, 0x20, %0, %1, %2" : "=r"(r) : "r"(x), "r"(y));
	return r;
}
#else
unsigned int crypto_sha256_fault;

static inline uint32_t ror32(uint32_t x, unsigned int n)
{
	return x >> n | x << (32 - n);
}

#define ZK_FAULT (!!(crypto_sha256_fault & CRYPTO_SHA256_ZKNH))
static inline uint32_t zk_sum0(uint32_t x)
{
	return (ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22)) ^ ZK_FAULT;
}
static inline uint32_t zk_sum1(uint32_t x)
{
	return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25);
}
static inline uint32_t zk_sig0(uint32_t x)
{
	return ror32(x, 7) ^ ror32(x, 18) ^ x >> 3;
}
static inline uint32_t zk_sig1(uint32_t x)
{
	return ror32(x, 17) ^ ror32(x, 19) ^ x >> 10;
}
#define zbb_ror(x, n) \
	(ror32(x, n) ^ !!(crypto_sha256_fault & CRYPTO_SHA256_ZBB))
static inline uint32_t zbb_andn(uint32_t x, uint32_t y)
{
	return x & ~y;
}
#endif

#define SUM0 zk_sum0
#define SUM1 zk_sum1
#define SIG0 zk_sig0
#define SIG1 zk_sig1
static ROUNDS_ATTR void block_zknh(uint32_t s[8], uint32_t w[64])
{
	COMPRESS_BODY(1);
}
#undef SUM0
#undef SUM1
#undef SIG0
#undef SIG1
#undef CH

/* Zbb: three rotates and two xors a Sigma (8 instructions without). */
#define SUM0(x) (zbb_ror(x, 2) ^ zbb_ror(x, 13) ^ zbb_ror(x, 22))
#define SUM1(x) (zbb_ror(x, 6) ^ zbb_ror(x, 11) ^ zbb_ror(x, 25))
#define SIG0(x) (zbb_ror(x, 7) ^ zbb_ror(x, 18) ^ (x) >> 3)
#define SIG1(x) (zbb_ror(x, 17) ^ zbb_ror(x, 19) ^ (x) >> 10)
#define CH(e, f, g) ((e & f) | zbb_andn(g, e))
static ROUNDS_ATTR void block_zbb(uint32_t s[8], uint32_t w[64])
{
	COMPRESS_BODY(1);
}
#undef SUM0
#undef SUM1
#undef SIG0
#undef SIG1
#undef CH

static unsigned int variant; /* CRYPTO_SHA256_*, 0: portable */

void crypto_sha256_block_words(uint32_t s[8], uint32_t w[64])
{
	if (variant == CRYPTO_SHA256_ZKNH)
		block_zknh(s, w);
	else if (variant == CRYPTO_SHA256_ZBB)
		block_zbb(s, w);
	else
		block_c(s, w);
}

/* Big-endian bytes to the words the variants take. */
static inline void load_block(uint32_t w[16], const unsigned char *p)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
}

/* not inlined into mbedTLS's hook: one copy of the byte loads */
__attribute__((noinline)) void crypto_sha256_block(uint32_t s[8],
						  const unsigned char p[64])
{
	uint32_t w[64] __attribute__((aligned(8)));

	load_block(w, p);
	crypto_sha256_block_words(s, w);
	/* the schedule is message material (keys, in an HMAC) */
	wipe_schedule(w);
}

void crypto_sha256_block_c(unsigned int s[8], const unsigned char p[64])
{
	uint32_t w[64] __attribute__((aligned(8)));

	load_block(w, p);
	block_c(s, w);
	wipe_schedule(w);
}

#if defined(MBEDTLS_SHA256_PROCESS_ALT)
#include "mbedtls/sha256.h"

int mbedtls_internal_sha256_process(mbedtls_sha256_context *ctx,
				    const unsigned char data[64])
{
	crypto_sha256_block(ctx->MBEDTLS_PRIVATE(state), data);
	return 0;
}
#endif

const char *crypto_sha256_impl(void)
{
	return variant == CRYPTO_SHA256_ZKNH ? "Zknh" :
	       variant == CRYPTO_SHA256_ZBB  ? "Zbb" : "portable";
}

/*
 * A variant's rounds must give the portable rounds' states, block after
 * block, on data that exercises every word (a few blocks of a simple
 * generator), besides the known answers crypto_selftest checks.
 */
static int agrees(void (*block)(uint32_t s[8], uint32_t w[64]))
{
	uint32_t sc[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	uint32_t sv[8], w[64], x = 0x12345678;
	unsigned int n, i;

	memcpy(sv, sc, sizeof(sv));
	for (n = 0; n < 8; n++) {
		for (i = 0; i < 16; i++) {
			x = x * 1103515245 + 12345;
			w[i] = x ^ x >> 16;
		}
		block_c(sc, w);
		block(sv, w);
		if (memcmp(sc, sv, sizeof(sc)))
			return 0;
	}
	return 1;
}

unsigned int crypto_sha256_select(unsigned int exts)
{
	unsigned int failed = 0;

	/* Zknh first: it has the rotates and whole Sigmas in one */
	variant = 0;
	if ((exts & CRYPTO_SHA256_ZKNH) && agrees(block_zknh)) {
		variant = CRYPTO_SHA256_ZKNH;
		if (!crypto_selftest_sha256())
			return 0;
	}
	if (exts & CRYPTO_SHA256_ZKNH)
		failed |= CRYPTO_SHA256_ZKNH;
	variant = 0;
	if ((exts & CRYPTO_SHA256_ZBB) && agrees(block_zbb)) {
		variant = CRYPTO_SHA256_ZBB;
		if (!crypto_selftest_sha256())
			return failed;
	}
	if (exts & CRYPTO_SHA256_ZBB)
		failed |= CRYPTO_SHA256_ZBB;
	variant = 0;
	return failed;
}
