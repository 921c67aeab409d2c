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
#   QEMU (qemu-system-riscv64); LOG=file to keep the console log;
#   VERBOSE=1 to echo all of it (else only failures and the RESULT line).
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 FIRMWARE PAYLOAD [qemu args...]" >&2
	exit 2
fi
fw=$1 payload=$2
shift 2
qemu=${QEMU:-qemu-system-riscv64}
machine=${QEMU_MACHINE:-virt}
smp=${QEMU_SMP:-4}
mem=${QEMU_MEM:-512M}
limit=${QEMU_TIMEOUT:-120}
log=${LOG:-$(mktemp)}
what="$(basename "$payload") on $machine${*:+ $*}"

: >"$log"
"$qemu" -M "$machine" -smp "$smp" -m "$mem" -nographic \
	-bios "$fw" -kernel "$payload" "$@" </dev/null >"$log" 2>&1 &
qpid=$!
deadline=$((SECONDS + limit))
why=
while kill -0 $qpid 2>/dev/null; do
	if grep -qa '^RESULT:' "$log"; then
		sleep 0.2 # the rest of the line
		kill $qpid 2>/dev/null
		break
	fi
	if [ $SECONDS -ge $deadline ]; then
		why="TIMEOUT after ${limit}s"
		kill $qpid 2>/dev/null
		break
	fi
	sleep 0.2
done
wait $qpid 2>/dev/null
qrc=$?

if [ "${VERBOSE:-0}" = 1 ]; then
	tr -d '\r' <"$log"
else
	tr -d '\r' <"$log" | grep -aE '^(not ok|  FAIL|sm:.*(FAIL|failed|NOT))' || true
fi
res=$(grep -a '^RESULT:' "$log" | tail -1 | tr -d '\r')
if [ -z "$res" ]; then
	[ -n "$why" ] || why="QEMU exited (status $qrc)"
	echo "run.sh: FAIL $what: no RESULT line ($why); last lines:"
	tail -15 "$log" | tr -d '\r'
	exit 1
fi
echo "$res"
passed=$(echo "$res" | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p')
failed=$(echo "$res" | sed -n 's/^RESULT: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p')
if [ -z "$passed" ] || [ -z "$failed" ]; then
	echo "run.sh: FAIL $what: malformed RESULT line"
	exit 1
fi
[ "$passed" -gt 0 ] || echo "run.sh: FAIL $what: no test passed"
[ "$passed" -gt 0 ] && [ "$failed" -eq 0 ]
