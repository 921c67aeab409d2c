#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# check.sh RESULTS BUILD_ROOT PAYLOAD DTB BASE STRIDE COUNT
# Boots the initfail payload on the tree of mkdtb.sh (COUNT extra M-only
# regions at BASE + i * STRIDE), twice:
#   qemu-virt       16 PMP entries: every region fits, so the monitor must
#                   start and know them all (the payload checks CREATE);
#   qemu-virt-pmp8  a budget of 8: they do not fit, so the boot log must
#                   say so and FATAL, the extension must probe 0 and the
#                   host must still run.
# Writes RESULTS/qemu-initfail.log: one line per check and a RESULT line
# that also counts the payloads' own tests (their boot logs are
# RESULTS/initfail-*.log, not qemu-*: make test would count them twice).
# QEMU_SMP/QEMU_MEM must be those mkdtb.sh dumped the tree with.
set -eu
if [ $# -ne 7 ]; then
	echo "usage: $0 RESULTS BUILD_ROOT PAYLOAD DTB BASE STRIDE COUNT" >&2
	exit 2
fi
res=$1 build=$2 payload=$3 dtb=$4 base=$5 stride=$6 count=$7
here=$(cd "$(dirname "$0")" && pwd)
out=$res/qemu-initfail.log
p=0 f=0
: >"$out"

# check WHAT COMMAND...: one line, ok if COMMAND succeeds (set -e spared).
check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok $what" >>"$out"
		p=$((p + 1))
	else
		echo "not ok $what" >>"$out"
		f=$((f + 1))
	fi
}
has() { [ -f "$2" ] && tr -d '\r' <"$2" | grep -qaF -- "$1"; }
lacks() { [ -f "$2" ] && ! tr -d '\r' <"$2" | grep -qaF -- "$1"; }

# boot NAME FIRMWARE ACTIVE: the payload's tests, added to the count.
boot() {
	local name=$1 fw=$build/$2/fw_jump.bin log=$res/initfail-$1.log rc=0 r
	QEMU_MACHINE=virt LOG=$log "$here/../run.sh" "$fw" "$payload" -dtb "$dtb" \
		-append "active=$3 base=$base stride=$stride count=$count" \
		>"$res/initfail-$name.out" 2>&1 || rc=$?
	sed 's/^/  /' "$res/initfail-$name.out" >>"$out"
	check "$name: payload passed ($(basename "$log"))" [ $rc = 0 ]
	r=$(tr -d '\r' 2>/dev/null <"$log" | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' | tail -1)
	if [ -n "$r" ]; then
		p=$((p + ${r% *}))
		f=$((f + ${r#* }))
	fi
}

boot virt qemu-virt 1
log=$res/initfail-virt.log
check "virt: the monitor started" has 'sm: ready:' "$log"
check "virt: no FATAL line" lacks 'sm: FATAL' "$log"
# Guards the tree itself: OpenSBI took every region, M-only, none merged.
n=0
for i in $(seq 0 $((count - 1))); do
	a=$((base + i * stride))
	r=$(printf '0x%016x-0x%016x M: (I,R,W) S/U: ()' "$a" $((a + 0xfff)))
	! has "$r" "$log" || n=$((n + 1))
done
check "virt: OpenSBI's root domain holds the $count regions ($n)" [ "$n" = "$count" ]

boot pmp8 qemu-virt-pmp8 0
log=$res/initfail-pmp8.log
check "pmp8: the boot log says why" has "sm: OpenSBI's regions do not fit 8 PMP entries" "$log"
check "pmp8: FATAL: the monitor is not active" has 'sm: FATAL: initialisation failed' "$log"
check "pmp8: no 'ready' line" lacks 'sm: ready:' "$log"

echo "RESULT: $p passed, $f failed" >>"$out"
[ "$f" = 0 ]
