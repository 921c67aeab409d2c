#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# bench.sh BUILD_DIR PLAIN_OPENSBI_DIR BENCH_PAYLOAD  (make bench)
#
# One table: instructions retired per operation (QEMU virt, -icount
# shift=0, rdinstret, M-mode included) for this monitor and for stock
# OpenSBI 1.6 built from the same tree, each beside its target; then
# sizes and the monitor's source lines.  docs/performance.md explains the
# columns.  Targets are reported, never asserted: the exit status is
# non-zero only when a run did not produce all its figures.
set -eu
build=$1 plain=$2 payload=$3
cross=${CROSS_COMPILE:-riscv64-linux-gnu-}
qemu=${QEMU:-qemu-system-riscv64}
root=$(cd "$(dirname "$0")/.." && pwd)
plain_fw=$plain/platform/generic/firmware
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
missing=0

# What each run must print (tests/qemu/bench/bench.c): stock OpenSBI has
# no monitor, so only the OS's traps there.
os_keys="boot floor_base_probe set_timer timer_interrupt ipi_self rfence_i_self"
sm_keys="$os_keys sm_null_call run_exit stop_resume interrupted_resume random
	destroy_per_kb create_hash_per_kb sha256_plain_per_kb attest
	get_sealing_key cert_chain device_cert create_copy_per_kb
	stop_resume_inplace"

# run NAME FIRMWARE KEYS [qemu args]: the payload's BENCH lines, as
# "key value" in $tmp/NAME.  One hart: IPIs and fences go to itself.
run() {
	local name=$1 fw=$2 keys=$3 k
	shift 3
	timeout 60 "$qemu" -M virt -smp 1 -m 512M -nographic -icount shift=0 \
		-bios "$fw" -kernel "$payload" "$@" </dev/null 2>&1 |
		tr -d '\r' >"$tmp/$name.log" || true
	sed -n 's/^BENCH \([a-z0-9_]*\) \([0-9][0-9]*\).*/\1 \2/p' "$tmp/$name.log" >"$tmp/$name"
	# A crash or hang ends without BENCH-END.
	if ! grep -qa '^BENCH-END' "$tmp/$name.log"; then
		echo "bench: $name: the payload did not finish; last lines:" >&2
		tail -5 "$tmp/$name.log" >&2
		missing=$((missing + 1))
	fi
	for k in $keys; do
		grep -q "^$k " "$tmp/$name" || {
			echo "bench: $name: no figure '$k'" >&2
			missing=$((missing + 1))
		}
	done
}

run sm "$build/fw_jump.bin" "$sm_keys"
run sm_nosstc "$build/fw_jump.bin" "$sm_keys" -cpu rv64,sstc=false
run sm_zknh "$build/fw_jump.bin" "$sm_keys" -cpu rv64,zknh=true
run sm_nozbb "$build/fw_jump.bin" "$sm_keys" -cpu rv64,zbb=false
run stock "$plain_fw/fw_jump.bin" "$os_keys"
run stock_nosstc "$plain_fw/fw_jump.bin" "$os_keys" -cpu rv64,sstc=false

# The table is awk's: one line per row, rows named in bench_check.sh.
# Columns: row, unit, this monitor, its ratio to its own floor, stock
# OpenSBI, its ratio, the target (no spaces), the limit in the row's unit,
# met / NOT-met / info (no target) / n/a (no figure from the payload).
awk -v dir="$tmp" '
function load(name,    f, k, v) {
	f = dir "/" name
	while ((getline < f) > 0)
		fig[name, $1] = $2
	close(f)
}
function has(run, key) { return (run, key) in fig }
function val(run, key) { return fig[run, key] + 0 }
function num(x, d) { return d ? sprintf("%.*f", d, x) : sprintf("%d", x) }
# row(name, unit, this, this_floor, stock, stock_floor, target, limit, cmp, dec)
# "" for a figure that does not apply: "-"; missing ones are "missing".
function row(name, unit, v, vf, s, sf, target, limit, cmp, d,    st, vx, sx) {
	vx = (v == "" || vf == "") ? "-" : num(v / vf, 2)
	sx = (s == "" || sf == "") ? "-" : num(s / sf, 2)
	if (cmp == "")
		st = "info"
	else if (v == "" || limit == "")
		st = "n/a"
	else if (cmp == "<=")
		st = (v <= limit) ? "met" : "NOT-met"
	else
		st = (v >= limit) ? "met" : "NOT-met"
	printf "%-30s %-6s %12s %8s %12s %8s %-14s %10s %s\n", name, unit,
		v == "" ? "n/a" : num(v, d), vx, s == "" ? "-" : num(s, d), sx,
		target, limit == "" ? "-" : num(limit, d), st
}
# A row against stock: at most 10 instructions more than stock.
function trap(name, run, srun, key) {
	if (!has(run, key) || !has(srun, key)) {
		printf "%-30s missing\n", name
		return
	}
	row(name, "insn", val(run, key), val(run, "floor_base_probe"),
	    val(srun, key), val(srun, "floor_base_probe"), "<=stock+10",
	    val(srun, key) + 10, "<=", 0)
}
# A monitor round trip: at most K times its own floor.
function trip(name, run, key, k) {
	if (!has(run, key)) {
		printf "%-30s missing\n", name
		return
	}
	row(name, "insn", val(run, key), val(run, "floor_base_probe"), "", "",
	    "<=" k "xfloor", k * val(run, "floor_base_probe"), "<=", 0)
}
# No target: a figure for the record (FLOOR: also its ratio to the floor).
function info(name, run, srun, key, floor,    s, vf, sf) {
	if (!has(run, key)) {
		printf "%-30s missing\n", name
		return
	}
	s = (srun != "" && has(srun, key)) ? val(srun, key) : ""
	vf = floor ? val(run, "floor_base_probe") : ""
	sf = (floor && s != "") ? val(srun, "floor_base_probe") : ""
	row(name, "insn", val(run, key), vf, s, sf, "-", "", "", 0)
}
BEGIN {
	load("sm"); load("sm_nosstc"); load("sm_zknh"); load("sm_nozbb")
	load("stock"); load("stock_nosstc")
	printf "# %s\n", "instructions retired (QEMU virt, -icount shift=0, best of 16; M-mode included)"
	printf "%-30s %-6s %12s %8s %12s %8s %-14s %10s %s\n", "#row", "unit",
		"monitor", "x_floor", "stock", "x_floor", "target", "limit", "status"
	# the OS traps: the monitor must cost stock OpenSBI nearly nothing
	trap("floor_null_call", "sm", "stock", "floor_base_probe")
	trap("set_timer", "sm", "stock", "set_timer")
	trap("ipi_self", "sm", "stock", "ipi_self")
	trap("rfence_i_self", "sm", "stock", "rfence_i_self")
	trap("timer_interrupt", "sm", "stock", "timer_interrupt")
	trap("set_timer_nosstc", "sm_nosstc", "stock_nosstc", "set_timer")
	trap("timer_interrupt_nosstc", "sm_nosstc", "stock_nosstc", "timer_interrupt")
	# the monitor: its own floor is the same firmware base-extension call
	info("sm_null_call", "sm", "", "sm_null_call", 1)
	trip("run_exit", "sm", "run_exit", 3)
	trip("stop_resume", "sm", "stop_resume", 3)
	trip("stop_resume_inplace", "sm", "stop_resume_inplace", 3)
	trip("interrupted_resume", "sm", "interrupted_resume", 4)
	trip("interrupted_resume_nosstc", "sm_nosstc", "interrupted_resume", 4)
	if (has("sm", "destroy_per_kb"))
		row("destroy_per_byte", "insn/B", val("sm", "destroy_per_kb") / 1024,
		    "", "", "", "<=0.25/B", 0.25, "<=", 3)
	else
		printf "%-30s missing\n", "destroy_per_byte"
	if (has("sm", "random"))
		row("random_per_call", "insn", val("sm", "random"),
		    val("sm", "floor_base_probe"), "", "", "<=2000", 2000, "<=", 0)
	else
		printf "%-30s missing\n", "random_per_call"
	# CREATE: measuring, per byte, against mbedTLS SHA-256 in a plain loop
	if (has("sm", "create_hash_per_kb") && has("sm", "sha256_plain_per_kb")) {
		plain = val("sm", "sha256_plain_per_kb") / 1024
		without = val("sm", "create_hash_per_kb") / 1024
		row("sha256_plain_loop_per_byte", "insn/B", plain, "", "", "",
		    "-", "", "", 2)
		row("create_hash_per_byte", "insn/B", without, "", "", "",
		    "<=1.1xplain", 1.1 * plain, "<=", 2)
	} else
		printf "%-30s missing\n%-30s missing\n", "sha256_plain_loop_per_byte",
			"create_hash_per_byte"
	# on a Zknh hart: at least twice fewer per byte than the reference,
	# the mbedTLS loop (as for the 1.1x of CREATE); then, for the record,
	# the ratio to the own rounds of the monitor without Zknh (Zbb on the
	# default CPU, portable without Zbb) and those figures
	if (has("sm_zknh", "create_hash_per_kb") && has("sm", "sha256_plain_per_kb"))
		row("create_hash_per_byte_zknh", "insn/B",
		    val("sm_zknh", "create_hash_per_kb") / 1024, "", "", "",
		    "<=0.5xplain", val("sm", "sha256_plain_per_kb") / 1024 / 2, "<=", 2)
	else
		printf "%-30s missing\n", "create_hash_per_byte_zknh"
	if (has("sm_zknh", "create_hash_per_kb") && has("sm", "create_hash_per_kb"))
		row("create_hash_zknh_vs_zbb", "ratio",
		    val("sm_zknh", "create_hash_per_kb") / val("sm", "create_hash_per_kb"),
		    "", "", "", "-", "", "", 2)
	else
		printf "%-30s missing\n", "create_hash_zknh_vs_zbb"
	if (has("sm_zknh", "create_hash_per_kb") && has("sm_nozbb", "create_hash_per_kb"))
		row("create_hash_zknh_vs_portable", "ratio",
		    val("sm_zknh", "create_hash_per_kb") / val("sm_nozbb", "create_hash_per_kb"),
		    "", "", "", "-", "", "", 2)
	else
		printf "%-30s missing\n", "create_hash_zknh_vs_portable"
	if (has("sm_nozbb", "create_hash_per_kb"))
		row("create_hash_per_byte_portable", "insn/B",
		    val("sm_nozbb", "create_hash_per_kb") / 1024, "", "", "", "-", "", "", 2)
	else
		printf "%-30s missing\n", "create_hash_per_byte_portable"
	info("random_per_call_portable", "sm_nozbb", "", "random", 1)
	# the payload does not measure the copy apart from the hashing yet
	# what the pool adds to CREATE per byte loaded: copy, zero the rest
	if (has("sm", "create_copy_per_kb"))
		row("create_copy_per_byte", "insn/B", val("sm", "create_copy_per_kb") / 1024,
		    "", "", "", "-", "", "", 3)
	else
		printf "%-30s missing\n", "create_copy_per_byte"
	# cold paths, for the record (mostly one ECDSA signature each)
	info("boot", "sm", "stock", "boot", 0)
	info("attest", "sm", "", "attest", 0)
	info("get_sealing_key", "sm", "", "get_sealing_key", 0)
	info("cert_chain", "sm", "", "cert_chain", 0)
	info("device_cert", "sm", "", "device_cert", 0)
}' >"$tmp/table"
# Which SHA-256 rounds each monitor run chose at boot (sm_init.c).
printf '# SHA-256 rounds:'
for r in sm sm_nosstc sm_zknh sm_nozbb; do
	v=$(sed -n 's/^sm: SHA-256 rounds: //p' "$tmp/$r.log" | tr '\n' ' ' | sed 's/ $//')
	printf ' %s=%s' "$r" "${v:-?}"
done
echo
cat "$tmp/table"

# Sizes: size(1)'s text is every read-only allocated section (code,
# rodata, relocations, dynamic symbols).
budget=80000
read -r st sd sb _ < <(${cross}size "$plain_fw/fw_jump.elf" | tail -1)
read -r mt md mb _ < <(${cross}size "$build/fw_jump.elf" | tail -1)
echo
echo "# firmware size, bytes (size(1) of fw_jump.elf)"
printf '%-30s %10s %10s %10s\n' "#image" text data bss
printf '%-30s %10d %10d %10d\n' stock_opensbi "$st" "$sd" "$sb"
printf '%-30s %10d %10d %10d\n' with_monitor "$mt" "$md" "$mb"
printf '%-30s %10d %10d %10d\n' difference $((mt - st)) $((md - sd)) $((mb - sb))
echo "# text budget over stock: limit, used, margin, status"
printf '%-30s %10d %10d %10d %s\n' text_budget "$budget" $((mt - st)) $((budget - (mt - st))) \
	"$([ $((mt - st)) -le $budget ] && echo met || echo NOT-met)"

# Source lines: the monitor's own code, without mbedTLS and the tests.
echo
echo "# source lines (wc -l; no mbedTLS, no tests)"
printf '%-30s %10s\n' "#part" lines
total=0
for part in sm platform crypto include; do
	case $part in
	crypto) files=$(ls "$root"/crypto/*.c) ;;
	*) files=$(find "$root/$part" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \) | sort) ;;
	esac
	n=$(cat $files | wc -l)
	printf '%-30s %10d\n' "$part" "$n"
	total=$((total + n))
done
printf '%-30s %10d\n' total "$total"

if [ $missing -ne 0 ]; then
	echo "bench: $missing figure(s) missing" >&2
	exit 1
fi
