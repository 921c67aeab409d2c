#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# attest_check.sh RESULTS_DIR BUILD_ROOT
# Host-side checks of what the attest payload printed (REPORT, SEALKEY,
# RANDOM lines) in the QEMU runs: sm-verify accepts the report and rejects
# tampered copies, wrong keys and wrong measurements; openssl, a tool we did
# not write, verifies the same signatures from the raw report bytes; sealing
# keys are stable across boots of the same firmware and differ for another
# firmware; RANDOM differs across boots.
set -u
res=$1 build=$2
host=$build/host
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
expect() { # expect 0|1 "what" cmd...
	local want=$1 what=$2
	shift 2
	if "$@" >"$tmp/out" 2>&1; then got=0; else got=1; fi
	if [ "$got" = "$want" ]; then ok "$what"; else bad "$what"; sed 's/^/     /' "$tmp/out" | tail -5; fi
}
field() { tr -d '\r' <"$2" | grep -a "^$1 " | head -1 | cut -d' ' -f2-; }
logline() { tr -d '\r' <"$2" | grep -a "$1" | head -1; }
bytes() { xxd -r -p <<<"$(xxd -p -c 100000 "$1" | cut -c$(($2 * 2 + 1))-$((($2 + $3) * 2)))"; }

log=$res/qemu-virt-attest.log
log2=$res/qemu-virt-nosstc-attest.log
log8=$res/qemu-virt-pmp8-attest.log
key=$build/qemu-virt/device_key.pem
if ! grep -qa '^REPORT ' "$log" 2>/dev/null; then
	bad "no REPORT in $log"
	echo "attest_check: $pass passed, $fail failed"
	exit 1
fi
field REPORT "$log" | xxd -r -p >"$tmp/report.bin"
[ "$(stat -c %s "$tmp/report.bin")" = 1306 ] && ok "report is 1306 bytes" || bad "report size"

# expected values, computed independently of the monitor
read -r _ _ _ _ rt _ us _ fr < <(logline '^LAYOUT ' "$log")
meas=$($host/sm-measure --runtime "$build/tests/probe.bin" --runtime-offset "$rt" \
	--user-offset "$us" --free-offset "$fr" 2>/dev/null)
mon=$(logline 'sm: monitor measurement:' "$log" | awk '{print $4}')
nonce=$(for i in $(seq 160 191); do printf '%02x' "$i"; done)
[ "$(bytes "$tmp/report.bin" 16 32 | xxd -p -c 64)" = "$meas" ] &&
	ok "measurement equals sm-measure's" || bad "measurement differs from sm-measure's"

verify() { $host/sm-verify --report "$1" --device-key "$2" --measurement "$3" \
	--monitor-measurement "$mon" --data "$nonce" --allow-dev; }
expect 0 "sm-verify accepts the report" verify "$tmp/report.bin" "$key" "$meas"
expect 1 "sm-verify rejects a development report without --allow-dev" \
	$host/sm-verify --report "$tmp/report.bin" --device-key "$key" --measurement "$meas"
for off in 9 12 16 48 60 1079 1100 1150 1180 1220 1280; do
	cp "$tmp/report.bin" "$tmp/t.bin"
	printf "$(printf '\\x%02x' $(( $(od -An -tu1 -j$off -N1 "$tmp/t.bin") ^ 1 )))" |
		dd of="$tmp/t.bin" bs=1 seek=$off conv=notrunc status=none
	expect 1 "sm-verify rejects a report tampered at byte $off" verify "$tmp/t.bin" "$key" "$meas"
done
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/other.key" 2>/dev/null
openssl ec -in "$tmp/other.key" -pubout -out "$tmp/other.pem" 2>/dev/null
expect 1 "sm-verify rejects another device key" verify "$tmp/report.bin" "$tmp/other.pem" "$meas"
expect 1 "sm-verify rejects another measurement" verify "$tmp/report.bin" "$key" "$(printf '%064d' 0)"

# openssl on the raw bytes: raw r||s -> DER, compressed key -> PEM
der_sig() { # file offset out
	local h
	h=$(bytes "$1" "$2" 64 | xxd -p -c 64)
	printf 'asn1=SEQUENCE:s\n[s]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' "${h:0:64}" "${h:64:64}" >"$tmp/sig.cnf"
	openssl asn1parse -genconf "$tmp/sig.cnf" -out "$3" -noout >/dev/null
}
pem_key() { # hex33 out
	xxd -r -p <<<"3039301306072a8648ce3d020106082a8648ce3d030107032200$1" >"$tmp/k.der"
	openssl pkey -pubin -inform DER -in "$tmp/k.der" -out "$2" 2>/dev/null
}
bytes "$tmp/report.bin" 0 56 >"$tmp/emsg.bin"
bytes "$tmp/report.bin" 56 32 >>"$tmp/emsg.bin"
der_sig "$tmp/report.bin" 1080 "$tmp/esig.der"
pem_key "$(bytes "$tmp/report.bin" 1176 33 | xxd -p -c 64)" "$tmp/mon.pem"
expect 0 "openssl verifies the enclave signature with the monitor key" \
	openssl dgst -sha256 -verify "$tmp/mon.pem" -signature "$tmp/esig.der" "$tmp/emsg.bin"
bytes "$tmp/report.bin" 1144 65 >"$tmp/mmsg.bin"
der_sig "$tmp/report.bin" 1209 "$tmp/msig.der"
expect 0 "openssl verifies the device signature over the monitor" \
	openssl dgst -sha256 -verify "$key" -signature "$tmp/msig.der" "$tmp/mmsg.bin"
printf 'x' >>"$tmp/emsg.bin"
expect 1 "openssl rejects a tampered message" \
	openssl dgst -sha256 -verify "$tmp/mon.pem" -signature "$tmp/esig.der" "$tmp/emsg.bin"
[ "$(bytes "$tmp/report.bin" 1273 33 | xxd -p -c 64)" = \
  "$(logline 'sm: device public key' "$log" | awk '{print $NF}')" ] &&
	ok "device key in the report is the one announced at boot" || bad "device key differs from boot log"

# sealing key: signature, stability across boots, another firmware
field SEALKEY "$log" | xxd -r -p >"$tmp/seal.bin"
head -c 128 "$tmp/seal.bin" >"$tmp/skey.bin"
der_sig "$tmp/seal.bin" 128 "$tmp/ssig.der"
expect 0 "openssl verifies the sealing key's signature (monitor key)" \
	openssl dgst -sha256 -verify "$tmp/mon.pem" -signature "$tmp/ssig.der" "$tmp/skey.bin"
[ -n "$(field SEALKEY "$log2")" ] && [ "$(field SEALKEY "$log")" = "$(field SEALKEY "$log2")" ] &&
	ok "sealing key is the same after a reboot" || bad "sealing key changed across reboots"
[ -n "$(field SEALKEY "$log8")" ] && [ "$(field SEALKEY "$log")" != "$(field SEALKEY "$log8")" ] &&
	ok "sealing key differs under another monitor build" || bad "sealing key same for another monitor"
r1=$(field RANDOM "$log") r2=$(field RANDOM "$log2")
[ -n "$r1" ] && [ "$r1" != unavailable ] && [ "$r1" != "$r2" ] &&
	ok "RANDOM differs across boots" || bad "RANDOM repeated across boots ($r1 / $r2)"
[ "$(field RANDOM "$res/qemu-sifive_u-attest.log")" = unavailable ] &&
	ok "RANDOM is NOT_IMPLEMENTED without an entropy source (sifive_u)" ||
	bad "RANDOM available on sifive_u, which has no entropy source"
grep -qa 'from Zkr/TRNG' "$res/qemu-virt-zkr-attest.log" &&
	! grep -qa 'DRBG seeded: 0 bytes from Zkr' "$res/qemu-virt-zkr-attest.log" &&
	ok "Zkr seeds the DRBG when the hart has it" || bad "Zkr not used on -cpu rv64,zkr=true"
echo "attest_check: $pass passed, $fail failed"
[ "$fail" = 0 ]
