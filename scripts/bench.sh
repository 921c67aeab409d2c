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
# The X.509 writer's share of the firmware, as a lower bound: the functions
# and tables the link kept from the objects only certificates need.  Not
# counted: what they use from objects the monitor already had (ASN.1
# writing, ECDSA's DER signatures), string literals, relocations; the whole
# feature measured against a build without it is in docs/attestation.md.
nm=${CROSS_COMPILE:-riscv64-linux-gnu-}nm
x509_objs="$build/obj/mbedtls/x509_create.o $build/obj/mbedtls/x509write_crt.o $build/obj/mbedtls/x509write.o
	$build/obj/mbedtls/pk.o $build/obj/mbedtls/pk_wrap.o $build/obj/mbedtls/pk_ecc.o $build/obj/mbedtls/pkwrite.o
	$build/obj/mbedtls/oid.o $build/obj/crypto/x509.o $build/obj/sm/sm_dice.o $build/obj/sm/sm_cert.o"
$nm --defined-only $x509_objs 2>/dev/null | awk 'NF == 3 { print $3 }' | sort -u >"$build/x509.syms"
$nm -S -t d --defined-only "$build/fw_jump.elf" | awk -v f="$build/x509.syms" '
	BEGIN { while ((getline s < f) > 0) want[s] = 1 }
	NF == 4 && ($4 in want) && $3 ~ /[tTrR]/ { n += $2 }
	END { printf "X.509-only objects (writer, PK glue, OIDs, profile, calls), kept: %d\n", n }'
echo "== instructions retired per call (QEMU virt -icount shift=0, rdinstret, M-mode included)"
timeout 120 qemu-system-riscv64 -M virt -smp 1 -m 512M -nographic -icount shift=0 -bios "$build/fw_jump.bin" \
	-kernel "$payload" </dev/null 2>&1 | tr -d '\r' | grep '^BENCH ' | sed 's/^BENCH //' | column -t
