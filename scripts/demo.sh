#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# demo.sh FIRMWARE DEMO_PAYLOAD ENCLAVE_IMAGE DEVICE_KEY HOST_TOOLS_DIR
# Boots the monitor under QEMU with the demo host, shows what happens, then
# verifies the enclave's attestation report on this machine with sm-verify
# (and shows a tampered copy being rejected).
set -u
fw=$1 payload=$2 image=$3 key=$4 tools=$5
log=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$log" "$tmp"' EXIT

echo "== qemu-system-riscv64 -M virt -smp 4 -m 512M -nographic -bios $fw -kernel $payload"
timeout 60 qemu-system-riscv64 -M virt -smp 4 -m 512M -nographic -bios "$fw" \
	-kernel "$payload" </dev/null 2>&1 | tr -d '\r' | tee "$log" |
	grep -v '^REPORT ' | grep -E '^(sm:|\[host\]|===|NONCE|DEMO-END|OpenSBI v)'
grep -q '^REPORT ' "$log" || { echo "demo: no report (see above)"; exit 1; }
grep '^REPORT ' "$log" | cut -d' ' -f2 | xxd -r -p >"$tmp/report.bin"
nonce=$(grep '^NONCE ' "$log" | cut -d' ' -f2)
mon=$(grep 'sm: monitor measurement:' "$log" | awk '{print $4}')
echo
echo "== on the host: the expected measurement of the enclave image"
meas=$("$tools/sm-measure" --runtime "$image" --runtime-offset 0 --user-offset 0x1000 --free-offset 0x1000)
echo "sm-measure: $meas"
echo
echo "== sm-verify: the report, against the device key the build wrote ($key)"
"$tools/sm-verify" --report "$tmp/report.bin" --device-key "$key" --measurement "$meas" \
	--monitor-measurement "$mon" --data "$nonce" --allow-dev
ok=$?
echo
echo "== sm-verify: the same report with one byte of the measurement flipped"
cp "$tmp/report.bin" "$tmp/bad.bin"
printf '\xff' | dd of="$tmp/bad.bin" bs=1 seek=20 conv=notrunc status=none
if "$tools/sm-verify" --report "$tmp/bad.bin" --device-key "$key" --measurement "$meas" \
	--data "$nonce" --allow-dev | grep -E 'FAIL|REJECTED'; then
	echo "(rejected, as it must be)"
else
	echo "demo: the tampered report was accepted!"
	ok=1
fi
exit $ok
