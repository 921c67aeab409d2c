#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# run.sh FIRMWARE KERNEL INITRAMFS STAGE RESULTS HOST_TOOLS DEVICE_KEY
# Boots Debian's kernel with the Keystone initramfs in test mode on every
# CPU configuration below, one QEMU at a time, and turns each console log
# into results/linux-<config>.log: the guest's PASS/FAIL lines, the host's
# own checks (clean power-off, attestation report verified by sm-verify
# with the measurement sm-measure computes from the attestor's loader,
# runtime and app) and one "linux-<config>: N passed, M failed" line.
# Console logs stay in results/linux/console-<config>.log.
#   LINUX_TIMEOUT (240 s per boot)  QEMU (qemu-system-riscv64)
set -uo pipefail
fw=$1 kernel=$2 initrd=$3 stage=$4 res=$5 host=$6 devkey=$7
qemu=${QEMU:-qemu-system-riscv64}
limit=${LINUX_TIMEOUT:-240}
harts=4
# name | extra QEMU arguments
CONFIGS=(
	"virt|"
	"virt-nosstc|-cpu rv64,sstc=false"
)
mkdir -p "$res/linux"
status=0 total_p=0 total_f=0

# boot NAME EXTRA LOG NONCE: QEMU until it powers off or the time runs out;
# prints "poweroff", "timeout" or "exit N".
boot() {
	local extra=$2 log=$3 nonce=$4 qpid deadline
	# shellcheck disable=SC2086
	"$qemu" -M virt -smp $harts -m 1G -nographic $extra \
		-bios "$fw" -kernel "$kernel" -initrd "$initrd" \
		-append "console=ttyS0 loglevel=4 sm.mode=test sm.harts=$harts sm.nonce=$nonce" \
		</dev/null >"$log" 2>&1 &
	qpid=$!
	deadline=$((SECONDS + limit))
	while kill -0 $qpid 2>/dev/null; do
		if [ $SECONDS -ge $deadline ]; then
			kill $qpid 2>/dev/null
			wait $qpid 2>/dev/null
			echo timeout
			return
		fi
		sleep 0.5
	done
	wait $qpid
	local rc=$?
	if [ $rc = 0 ] && grep -qa 'reboot: Power down' "$log"; then echo poweroff; else echo "exit $rc"; fi
}

# Host-side check of the report the guest printed (hex) for this boot.
attest_check() {
	local log=$1 nonce_hex report meas mon tmp a=$stage/ks/attestation
	tmp=$(mktemp -d)
	report=$(tr -d '\r' <"$log" | sed -n 's/^REPORT \([0-9a-f]*\)$/\1/p' | head -1)
	nonce_hex=$(tr -d '\r' <"$log" | sed -n 's/^NONCE \([0-9a-f]*\)$/\1/p' | head -1)
	if [ -z "$report" ]; then
		echo "FAIL attestation: no REPORT line from the guest"
		rm -rf "$tmp"
		return
	fi
	echo "$report" | xxd -r -p >"$tmp/report.bin"
	# Keystone's SDK packs loader, runtime and app page after page from the
	# EPM's start, then free memory: sm-measure's default layout.
	meas=$("$host/sm-measure" --loader "$a/loader.bin" --runtime "$a/eyrie-rt" --user "$a/attestor" 2>/dev/null)
	mon=$(tr -d '\r' <"$log" | sed -n 's/.*sm: monitor measurement: *\([0-9a-f]*\).*/\1/p' | head -1)
	if "$host/sm-verify" --report "$tmp/report.bin" --device-key "$devkey" \
		--measurement "$meas" --monitor-measurement "$mon" \
		--data "$nonce_hex" --allow-dev >"$tmp/out" 2>&1; then
		echo "PASS attestation: sm-verify accepts the attestor's report (measurement $meas = sm-measure over loader.bin, eyrie-rt, attestor; nonce checked)"
	else
		echo "FAIL attestation: sm-verify rejects the attestor's report"
		sed 's/^/    | /' "$tmp/out"
	fi
	if "$host/sm-verify" --report "$tmp/report.bin" --device-key "$devkey" \
		--measurement "$meas" --monitor-measurement "$mon" \
		--data "00$nonce_hex" --allow-dev >/dev/null 2>&1; then
		echo "FAIL attestation: sm-verify accepts the report with another nonce"
	else
		echo "PASS attestation: sm-verify rejects the report for another nonce"
	fi
	rm -rf "$tmp"
}

for c in "${CONFIGS[@]}"; do
	name=${c%%|*} extra=${c#*|}
	log=$res/linux/console-$name.log
	out=$res/linux-$name.log
	nonce=sm-$name-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')
	echo "== Linux + Keystone on $name${extra:+ ($extra)}"
	t0=$SECONDS
	how=$(boot "$name" "$extra" "$log" "$nonce")
	secs=$((SECONDS - t0))
	{
		tr -d '\r' <"$log" | grep -a '^\(PASS\|FAIL\|    |\)'
		summary=$(tr -d '\r' <"$log" | sed -n 's/^GUEST-SUMMARY: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
		if [ -z "$summary" ]; then
			echo "FAIL guest summary: none ($how after ${secs}s; console log $log)"
		elif [ "$(tr -d '\r' <"$log" | grep -ac '^PASS ')" != "${summary%% *}" ]; then
			echo "FAIL guest summary ($summary) does not match its PASS lines"
		fi
		case "$how" in
		poweroff) echo "PASS Linux powered off cleanly (${secs}s)" ;;
		*) echo "FAIL Linux did not power off: $how after ${secs}s" ;;
		esac
		attest_check "$log"
	} >"$out.tmp"
	p=$(grep -c '^PASS ' "$out.tmp")
	f=$(grep -c '^FAIL ' "$out.tmp")
	echo "linux-$name: $p passed, $f failed" >>"$out.tmp"
	mv "$out.tmp" "$out"
	total_p=$((total_p + p)) total_f=$((total_f + f))
	grep -v '^PASS ' "$out"
	[ "$f" = 0 ] || { status=1; echo "   console log: $log"; }
done
echo "test-linux: $total_p passed, $total_f failed"
exit $status
