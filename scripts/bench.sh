#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# bench.sh BUILD_DIR PLAIN_OPENSBI_DIR BENCH_PAYLOAD: sizes and instruction counts.
set -u
build=$1 plain=$2 payload=$3
size() { ${CROSS_COMPILE:-riscv64-linux-gnu-}size "$@" | tail -n +2; }
echo "== firmware size (text data bss dec hex file)"
size "$plain/platform/generic/firmware/fw_jump.elf" | sed 's|$| (OpenSBI 1.6 alone)|'
size "$build/fw_jump.elf" | sed 's|$| (with the monitor)|'
printf 'fw_jump.bin: %s bytes alone, %s bytes with the monitor\n' \
	"$(stat -c %s "$plain/platform/generic/firmware/fw_jump.bin")" "$(stat -c %s "$build/fw_jump.bin")"
echo "== the monitor's objects (text data bss)"
size -t $(ls "$build"/obj/sm/*.o "$build"/obj/platform/*/*.o) | tail -1 | awk '{print "monitor core: " $1 " " $2 " " $3}'
size -t "$build"/obj/crypto/*.o "$build"/obj/mbedtls/*.o | tail -1 | awk '{print "crypto (mbedTLS subset + layer): " $1 " " $2 " " $3}'
echo "== instructions retired per call (QEMU virt -icount shift=0, rdinstret, M-mode included)"
timeout 120 qemu-system-riscv64 -M virt -smp 1 -m 512M -nographic -icount shift=0 -bios "$build/fw_jump.bin" \
	-kernel "$payload" </dev/null 2>&1 | tr -d '\r' | grep '^BENCH ' | sed 's/^BENCH //' | column -t
