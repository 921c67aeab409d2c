#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# keystone.sh OUT KEYSTONE_TREE LINUX_ROOT
# Builds Keystone's unmodified SDK, Eyrie runtime + loader, examples and
# Linux driver with Debian's cross gcc 12, plus our attestation host
# (tests/linux/attest_host.cpp), and collects what the guest needs in
# OUT/stage/ks/:
#   keystone-driver.ko
#   hello/ hello-native/ tests/ attestation/   eapps, hosts, eyrie-rt, loader.bin
# LINUX_ROOT is scripts/linux-deps.sh's unpacked trixie packages (headers).
# Nothing in KEYSTONE_TREE is changed: everything is built out of tree.
set -euo pipefail

out=$1 ks=$2 lroot=$3
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$out" && cd "$out" && pwd)
ks=$(cd "$ks" && pwd)
jobs=${KEYSTONE_JOBS:-2}
say() { printf 'keystone: %s\n' "$*" >&2; }
die() {
	printf 'keystone: error: %s\n' "$*" >&2
	exit 1
}
for d in sdk runtime examples linux-keystone-driver; do
	[ -d "$ks/$d" ] || die "$ks has no $d/ (not a Keystone tree?)"
done

# Keystone's CMake insists on riscv64-buildroot-linux-gnu-* tools. Debian's
# cross gcc defaults to PIE and a build-id note; Keystone's buildroot
# toolchain does neither, and Eyrie's loader (run at physical addresses,
# only .text copied out) breaks with either.
toolchain() {
	local bin=$out/toolchain/bin t
	mkdir -p "$bin"
	for t in gcc g++; do
		printf '#!/bin/sh\nexec riscv64-linux-gnu-%s -fno-pic -fno-pie -no-pie -Wl,--build-id=none "$@"\n' \
			"$t" >"$bin/riscv64-buildroot-linux-gnu-$t"
		chmod +x "$bin/riscv64-buildroot-linux-gnu-$t"
	done
	for t in ar as ld nm objcopy objdump ranlib readelf strip; do
		ln -sf "$(command -v riscv64-linux-gnu-$t)" "$bin/riscv64-buildroot-linux-gnu-$t"
	done
	export PATH=$bin:$PATH
}

sdk() {
	say "SDK"
	rm -rf "$out/sdk-build" "$out/sdk"
	mkdir -p "$out/sdk-build"
	(cd "$out/sdk-build" &&
		cmake -DKEYSTONE_SDK_DIR="$out/sdk" -DKEYSTONE_BITS=64 "$ks/sdk" >cmake.log 2>&1 &&
		make -j"$jobs" install >build.log 2>&1) ||
		{ tail -30 "$out"/sdk-build/*.log >&2; die "SDK build failed (logs in $out/sdk-build)"; }
}

# The examples' CMake hands CMAKE_C_FLAGS to Eyrie's sub-build inside literal
# quotes ("-Wall -Werror" would reach gcc as one unknown option), so it gets
# a single flag here. No -O: Eyrie's loader script keeps only .text/.rodata,
# and gcc's optimised string/constant sections (.rodata.str1.8,
# .srodata.cst8) would be left out of loader.bin. Host programs are static:
# the initramfs has no libc.
EXAMPLE_TARGETS="hello hello-runner hello-eyrie hello-native hello-native-runner
	hello-native-eyrie test-runner test-eyrie test-stack test-loop test-malloc
	test-long-nop test-fibonacci test-fib-bench test-attestation test-untrusted
	test-data-sealing attestor attestor-eyrie"
examples() {
	say "Eyrie and examples"
	local b=$out/examples-build
	rm -rf "$b"
	mkdir -p "$b"
	# shellcheck disable=SC2086
	(cd "$b" &&
		cmake -DKEYSTONE_SDK_DIR="$out/sdk" -DKEYSTONE_BITS=64 \
			-DKEYSTONE_EYRIE_RUNTIME="$ks/runtime" \
			-DCMAKE_C_FLAGS=-Wall -DCMAKE_EXE_LINKER_FLAGS=-static \
			"$ks/examples" >cmake.log 2>&1 &&
		make -j"$jobs" $EXAMPLE_TARGETS >build.log 2>&1) ||
		{ tail -30 "$b"/*.log >&2; die "examples build failed (logs in $b)"; }
}

# Debian's headers name riscv64-linux-gnu-gcc-14; the compiler-version check
# is off in them, so bookworm's gcc 12 builds the module. BTF for modules
# needs pahole/resolve_btfids that do not run here: off (debug info only).
driver() {
	say "Linux driver"
	local hdr
	hdr=$(echo "$lroot"/usr/src/linux-headers-*-riscv64)
	[ -f "$hdr/Makefile" ] || die "no kernel headers in $lroot"
	rm -rf "$out/driver"
	cp -r "$ks/linux-keystone-driver" "$out/driver"
	make -C "$hdr" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- CC=riscv64-linux-gnu-gcc \
		M="$out/driver" KEYSTONE_SDK_DIR="$out/sdk" CONFIG_DEBUG_INFO_BTF_MODULES= \
		modules >"$out/driver-build.log" 2>&1 ||
		{ tail -30 "$out/driver-build.log" >&2; die "driver build failed"; }
}

attest_host() {
	say "sm-attest-host"
	riscv64-linux-gnu-g++ -std=c++11 -O2 -Wall -Werror -static \
		-I"$out/sdk/include" -I"$out/sdk/include/host" -I"$out/sdk/include/edge" \
		"$here/attest_host.cpp" "$out/sdk/lib/libkeystone-host.a" \
		"$out/sdk/lib/libkeystone-edge.a" -o "$out/sm-attest-host"
}

stage() {
	local s=$out/stage/ks e=$out/examples-build d
	rm -rf "$out/stage"
	mkdir -p "$s"
	cp "$out/driver/keystone-driver.ko" "$s/"
	for d in hello hello-native tests attestation; do
		mkdir -p "$s/$d"
		cp "$e/$d/eyrie-rt" "$e/$d/loader.bin" "$s/$d/"
	done
	cp "$e"/hello/{hello,hello-runner} "$s/hello/"
	cp "$e"/hello-native/{hello-native,hello-native-runner} "$s/hello-native/"
	cp "$e"/tests/test-* "$s/tests/"
	cp "$e/attestation/attestor" "$out/sm-attest-host" "$s/attestation/"
	riscv64-linux-gnu-strip "$s"/*/*-runner "$s/attestation/sm-attest-host"
}

toolchain
sdk
examples
driver
attest_host
stage
say "done: $out/stage/ks"
