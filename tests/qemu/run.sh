#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# run.sh FIRMWARE PAYLOAD [extra qemu args...]
# Boots the firmware with an S-mode test payload under QEMU, with a hard
# timeout, and turns the log into pass/fail: exit 0 only if the payload
# printed "RESULT: N passed, 0 failed" with N > 0.  A crash, hang or
# missing RESULT line is a failure.  QEMU is stopped as soon as RESULT is
# printed (sifive_u has no shutdown device).
#   QEMU_MACHINE (virt) QEMU_SMP (4) QEMU_MEM (512M) QEMU_TIMEOUT (120 s)
#   LOG=file to keep the console log; VERBOSE=1 to echo it all.
set -u
fw=$1 payload=$2
shift 2
machine=${QEMU_MACHINE:-virt}
smp=${QEMU_SMP:-4}
mem=${QEMU_MEM:-512M}
limit=${QEMU_TIMEOUT:-120}
log=${LOG:-$(mktemp)}

: >"$log"
qemu-system-riscv64 -M "$machine" -smp "$smp" -m "$mem" -nographic \
	-bios "$fw" -kernel "$payload" "$@" </dev/null >"$log" 2>&1 &
qpid=$!
deadline=$((SECONDS + limit))
while kill -0 $qpid 2>/dev/null; do
	if grep -q '^RESULT:' "$log"; then
		sleep 0.2
		kill $qpid 2>/dev/null
		break
	fi
	if [ $SECONDS -ge $deadline ]; then
		echo "run.sh: TIMEOUT after ${limit}s ($machine $*)"
		kill $qpid 2>/dev/null
		break
	fi
	sleep 0.2
done
wait $qpid 2>/dev/null

if [ "${VERBOSE:-0}" = 1 ]; then
	cat "$log"
else
	grep -E '^(TEST|not ok|  FAIL|sm:.*(FAIL|failed|NOT))' "$log" | grep -v '^TEST' || true
fi
res=$(grep -a '^RESULT:' "$log" | tail -1)
if [ -z "$res" ]; then
	echo "run.sh: no RESULT line ($machine $*); last lines:"
	tail -15 "$log"
	exit 1
fi
echo "$res"
passed=$(echo "$res" | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
failed=$(echo "$res" | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
[ "${passed:-0}" -gt 0 ] && [ "${failed:-1}" -eq 0 ]
