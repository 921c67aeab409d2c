/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forced (-include) in front of every C file of the monitor and of its
 * mbedTLS: the firmware is one static PIE where nothing is looked up at
 * run time, so every symbol, ours or OpenSBI's, is hidden and reached
 * PC-relative, instead of through a GOT entry, its relocation and a
 * dynamic symbol (1.6 KB of the size budget, docs/performance.md).
 */
#ifndef __ASSEMBLER__
#pragma GCC visibility push(hidden)
#endif
