// SPDX-License-Identifier: BSD-2-Clause
/*
 * SHA-256's compression function (FIPS 180-4, 6.2.2) for the crypto layer:
 * with Zknh's scalar instructions (sha256sum0/sum1/sig0/sig1) once the
 * boot code has found them and their known answers match
 * (crypto_sha256_select), else in portable C.  The target's mbedTLS calls
 * it through MBEDTLS_SHA256_PROCESS_ALT (mbedtls_config.h); the host's
 * keeps its own and uses the portable rounds here only in its unit test.
 *
 * The portable rounds are written for rv64 without Zbb, which has no
 * rotate: a 32-bit word copied into both halves of a 64-bit register is
 * rotated by one shift, so each Sigma costs 8 instructions instead of 11.
 */
#include <stdint.h>
#include <string.h>
#include <crypto.h>
#include "crypto_internal.h"

#if defined(__riscv) && __riscv_xlen == 64
#define CRYPTO_ZKNH 1
#endif

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
 * A word at a time: OpenSBI's memset, which crypto_wipe ends in, stores
 * bytes, and would cost a tenth of a block.
 */
static inline void wipe_words(uint32_t w[16])
{
	volatile uint64_t *v = (volatile uint64_t *)w;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v[i] = 0;
}

/*
 * One block, 16 rounds per loop pass so that the message schedule stays
 * a 16-word ring with constant indices.  SUM0/SUM1/SIG0/SIG1 are the
 * variant's four functions.
 */
#define ROUND(a, b, c, d, e, f, g, h, i)                                     \
	do {                                                                 \
		uint32_t t1 = h + SUM1(e) + (g ^ (e & (f ^ g))) + k[i] + w[i]; \
		uint32_t t2 = SUM0(a) + ((a & b) | (c & (a | b)));          \
		d += t1;                                                     \
		h = t1 + t2;                                                 \
	} while (0)
#define SCHED(i)                                                             \
	(w[i] += SIG1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] +              \
		 SIG0(w[((i) + 1) & 15]))
#define SIXTEEN_ROUNDS()                                                     \
	do {                                                                 \
		ROUND(a, b, c, d, e, f, g, h, 0);                            \
		ROUND(h, a, b, c, d, e, f, g, 1);                            \
		ROUND(g, h, a, b, c, d, e, f, 2);                            \
		ROUND(f, g, h, a, b, c, d, e, 3);                            \
		ROUND(e, f, g, h, a, b, c, d, 4);                            \
		ROUND(d, e, f, g, h, a, b, c, 5);                            \
		ROUND(c, d, e, f, g, h, a, b, 6);                            \
		ROUND(b, c, d, e, f, g, h, a, 7);                            \
		ROUND(a, b, c, d, e, f, g, h, 8);                            \
		ROUND(h, a, b, c, d, e, f, g, 9);                            \
		ROUND(g, h, a, b, c, d, e, f, 10);                           \
		ROUND(f, g, h, a, b, c, d, e, 11);                           \
		ROUND(e, f, g, h, a, b, c, d, 12);                           \
		ROUND(d, e, f, g, h, a, b, c, 13);                           \
		ROUND(c, d, e, f, g, h, a, b, 14);                           \
		ROUND(b, c, d, e, f, g, h, a, 15);                           \
	} while (0)
#define SCHED16()                                                            \
	do {                                                                 \
		SCHED(0); SCHED(1); SCHED(2); SCHED(3);                      \
		SCHED(4); SCHED(5); SCHED(6); SCHED(7);                      \
		SCHED(8); SCHED(9); SCHED(10); SCHED(11);                    \
		SCHED(12); SCHED(13); SCHED(14); SCHED(15);                  \
	} while (0)
#define COMPRESS_BODY()                                                      \
	do {                                                                 \
		uint32_t a = s[0], b = s[1], c = s[2], d = s[3];             \
		uint32_t e = s[4], f = s[5], g = s[6], h = s[7];             \
		const uint32_t *k = K;                                       \
		uint32_t wbuf[16] __attribute__((aligned(8)));               \
		uint32_t *w = wbuf;                                          \
		unsigned int i;                                              \
                                                                             \
		/* w stays in memory: in registers gcc spills it, and more */ \
		__asm__("" : "+r"(w));                                       \
		for (i = 0; i < 16; i++)                                     \
			w[i] = in[i];                                        \
		for (i = 0; i < 4; i++, k += 16) {                           \
			if (i)                                               \
				SCHED16();                                   \
			SIXTEEN_ROUNDS();                                    \
		}                                                            \
		s[0] += a; s[1] += b; s[2] += c; s[3] += d;                  \
		s[4] += e; s[5] += f; s[6] += g; s[7] += h;                  \
		/* the schedule is message material (keys, in an HMAC) */    \
		wipe_words(wbuf);                                            \
	} while (0)

#define SUM0 c_sum0
#define SUM1 c_sum1
#define SIG0 c_sig0
#define SIG1 c_sig1
/*
 * Not instrumented under SM_UBSAN: unsigned arithmetic and constant
 * in-bounds indices only, and the checks on every access of the unrolled
 * rounds would take the UBSan firmware past its size limit.
 */
#define ROUNDS_ATTR __attribute__((noinline, no_sanitize_undefined))

static ROUNDS_ATTR void block_c(uint32_t s[8], const uint32_t in[16])
{
	COMPRESS_BODY();
}
#undef SUM0
#undef SUM1
#undef SIG0
#undef SIG1

#ifdef CRYPTO_ZKNH
/*
 * Zknh (ratified scalar crypto, v1.0): OP-IMM, funct3 1, imm 0x100-0x103.
 * Spelled with .insn so that only this code needs the extension, and no
 * -march change reaches the rest of the firmware.  On rv64 each reads the
 * low 32 bits and sign-extends its 32-bit result.
 */
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

#define SUM0 zk_sum0
#define SUM1 zk_sum1
#define SIG0 zk_sig0
#define SIG1 zk_sig1
static ROUNDS_ATTR void block_zknh(uint32_t s[8], const uint32_t in[16])
{
	COMPRESS_BODY();
}
#undef SUM0
#undef SUM1
#undef SIG0
#undef SIG1
#endif

static int use_zknh;

void crypto_sha256_block_words(uint32_t s[8], const uint32_t in[16])
{
#ifdef CRYPTO_ZKNH
	if (use_zknh) {
		block_zknh(s, in);
		return;
	}
#endif
	block_c(s, in);
}

/* Big-endian bytes to the words both variants take. */
static inline void load_block(uint32_t w[16], const unsigned char *p)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = be32(p + 4 * i);
}

void crypto_sha256_block(uint32_t s[8], const unsigned char p[64])
{
	uint32_t w[16] __attribute__((aligned(8)));

	load_block(w, p);
	crypto_sha256_block_words(s, w);
	wipe_words(w);
}

void crypto_sha256_block_c(unsigned int s[8], const unsigned char p[64])
{
	uint32_t w[16] __attribute__((aligned(8)));

	load_block(w, p);
	block_c(s, w);
	wipe_words(w);
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
	return use_zknh ? "Zknh" : "portable";
}

#ifdef CRYPTO_ZKNH
/*
 * The Zknh rounds must give the portable rounds' states, block after
 * block, on data that exercises every word (a few blocks of a simple
 * generator), besides the known answers crypto_selftest checks.
 */
static int zknh_agrees(void)
{
	uint32_t sc[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	uint32_t sz[8], w[16], x = 0x12345678;
	unsigned char blk[64];
	unsigned int n, i;

	memcpy(sz, sc, sizeof(sz));
	for (n = 0; n < 8; n++) {
		for (i = 0; i < sizeof(blk); i++) {
			x = x * 1103515245 + 12345;
			blk[i] = x >> 24;
		}
		load_block(w, blk);
		block_c(sc, w);
		block_zknh(sz, w);
		if (memcmp(sc, sz, sizeof(sc)))
			return 0;
	}
	return 1;
}
#endif

int crypto_sha256_select(int zknh)
{
	use_zknh = 0;
	if (!zknh)
		return 0;
#ifdef CRYPTO_ZKNH
	if (zknh_agrees()) {
		use_zknh = 1;
		if (!crypto_selftest_sha256())
			return 0;
		use_zknh = 0;
	}
#endif
	return -1;
}
