#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# cert_check.sh RESULTS_DIR BUILD_ROOT
# Host-side checks of the X.509 evidence the cert payload printed (DEVCERT,
# CHAIN, CHALLENGE, ENCSIG, ENCPRIV, CERTLAYOUT, CORPUS lines) in the QEMU
# runs, with tools we did not write: openssl verify, openssl dgst, openssl
# asn1parse, a TLS handshake (openssl s_server / s_client), and Python's
# cryptography (cert_parse.py) over every chain; then sm-verify --chain,
# which must accept the chain and reject tampered ones, another monitor
# build, development evidence in production mode, wrong values.
set -u
res=$1 build=$2
host=$build/host
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
[ -x $py ] || py=python3
tmp=$(mktemp -d)
spid=
trap '[ -n "$spid" ] && kill $spid 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
expect() { # expect 0|1 "what" cmd...
	local want=$1 what=$2
	shift 2
	if "$@" >"$tmp/out" 2>&1; then got=0; else got=1; fi
	if [ "$got" = "$want" ]; then ok "$what"; else bad "$what"; sed 's/^/     /' "$tmp/out" | tail -8; fi
}
field() { tr -d '\r' <"$2" | grep -a "^$1 " | head -1 | cut -d' ' -f2-; }
logline() { tr -d '\r' <"$2" | grep -a "$1" | head -1; }
# split_chain HEX DIR: DIR/enclave.{der,pem}, DIR/monitor.{der,pem}, DIR/chain.der
split_chain() {
	mkdir -p "$2"
	xxd -r -p <<<"$1" >"$2/chain.der"
	local n
	n=$(($(od -An -tu1 -j2 -N1 "$2/chain.der") * 256 + $(od -An -tu1 -j3 -N1 "$2/chain.der") + 4))
	head -c $n "$2/chain.der" >"$2/enclave.der"
	tail -c +$((n + 1)) "$2/chain.der" >"$2/monitor.der"
	openssl x509 -inform DER -in "$2/enclave.der" -out "$2/enclave.pem" 2>/dev/null
	openssl x509 -inform DER -in "$2/monitor.der" -out "$2/monitor.pem" 2>/dev/null
}
# The TcbInfo FWID of a certificate, read the way docs/attestation.md shows.
tcb_fwid() {
	local off
	off=$(openssl asn1parse -inform DER -in "$1" | grep -A1 ':2.23.133.5.4.1$' | tail -1 | cut -d: -f1 | tr -d ' ')
	[ -n "$off" ] && openssl asn1parse -inform DER -in "$1" -strparse "$off" |
		grep -A1 ':sha256' | tail -1 | sed 's/.*\[HEX DUMP\]://' | tr 'A-F' 'a-f'
}

log=$res/qemu-virt-cert.log
log2=$res/qemu-virt-nosstc-cert.log
log8=$res/qemu-virt-pmp8-cert.log
dev=$build/qemu-virt/device_cert.pem
if ! grep -qa '^CHAIN ' "$log" 2>/dev/null; then
	bad "no CHAIN in $log"
	echo "cert_check: $pass passed, $fail failed"
	exit 1
fi

# --- the device certificate: what make wrote is what the monitor returns
openssl x509 -in "$dev" -outform DER -out "$tmp/dev.der" 2>/dev/null
[ "$(field DEVCERT "$log")" = "$(xxd -p -c 100000 "$tmp/dev.der")" ] &&
	ok "DEVICE_CERT returns build/qemu-virt/device_cert.pem byte for byte" ||
	bad "DEVICE_CERT differs from device_cert.pem"
[ "$(field DEVCERT "$log8")" = "$(field DEVCERT "$log")" ] &&
	ok "device certificate is the same under another monitor build" ||
	bad "device certificate changed with the monitor build"
expect 0 "openssl: the device certificate is a self-signed root" \
	openssl verify -x509_strict -CAfile "$dev" "$dev"
[ "$(openssl x509 -in "$dev" -noout -pubkey | openssl pkey -pubin -outform DER | xxd -p -c 1000)" = \
  "$(openssl pkey -pubin -in "$build/qemu-virt/device_key.pem" -outform DER | xxd -p -c 1000)" ] &&
	ok "device certificate holds device_key.pem" || bad "device certificate key differs from device_key.pem"

# --- the chain, with plain openssl
split_chain "$(field CHAIN "$log")" "$tmp/c"
expect 0 "openssl verify -CAfile device_cert.pem -untrusted monitor.pem enclave.pem" \
	openssl verify -CAfile "$dev" -untrusted "$tmp/c/monitor.pem" "$tmp/c/enclave.pem"
expect 0 "openssl verify -x509_strict -purpose sslserver accepts it too" \
	openssl verify -x509_strict -purpose sslserver -CAfile "$dev" -untrusted "$tmp/c/monitor.pem" "$tmp/c/enclave.pem"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=other \
	-keyout "$tmp/other.key" -out "$tmp/other.pem" -days 1 2>/dev/null
expect 1 "openssl verify rejects the chain under another CA" \
	openssl verify -CAfile "$tmp/other.pem" -untrusted "$tmp/c/monitor.pem" "$tmp/c/enclave.pem"
expect 1 "openssl verify rejects the enclave certificate without the monitor's" \
	openssl verify -CAfile "$dev" "$tmp/c/enclave.pem"

# --- TcbInfo: equal to the boot log and to sm-measure
mon=$(logline 'sm: monitor measurement:' "$log" | awk '{print $4}')
read -r _ _ _ _ _ _ us _ fr < <(logline '^CERTLAYOUT ' "$log")
meas=$($host/sm-measure --runtime "$build/tests/enclave/static/certkey.bin" --runtime-offset 0 \
	--user-offset "$us" --free-offset "$fr" 2>/dev/null)
[ -n "$mon" ] && [ "$(tcb_fwid "$tmp/c/monitor.der")" = "$mon" ] &&
	ok "monitor TcbInfo (openssl asn1parse) = the boot log's measurement" ||
	bad "monitor TcbInfo $(tcb_fwid "$tmp/c/monitor.der") != boot log $mon"
[ -n "$meas" ] && [ "$(tcb_fwid "$tmp/c/enclave.der")" = "$meas" ] &&
	ok "enclave TcbInfo (openssl asn1parse) = sm-measure's" ||
	bad "enclave TcbInfo $(tcb_fwid "$tmp/c/enclave.der") != sm-measure $meas"
nonce=$(for i in $(seq 192 223); do printf '%02x' "$i"; done)

# --- the enclave holds the key: its signature over the host's challenge
field CHALLENGE "$log" | xxd -r -p >"$tmp/challenge.bin"
h=$(field ENCSIG "$log")
printf 'asn1=SEQUENCE:s\n[s]\nr=INTEGER:0x%s\ns=INTEGER:0x%s\n' "${h:0:64}" "${h:64:64}" >"$tmp/sig.cnf"
openssl asn1parse -genconf "$tmp/sig.cnf" -out "$tmp/sig.der" -noout >/dev/null
openssl x509 -in "$tmp/c/enclave.pem" -noout -pubkey >"$tmp/encpub.pem"
expect 0 "openssl verifies the enclave's signature with the certificate's key" \
	openssl dgst -sha256 -verify "$tmp/encpub.pem" -signature "$tmp/sig.der" "$tmp/challenge.bin"
printf 'x' >>"$tmp/challenge.bin"
expect 1 "openssl rejects the signature over another challenge" \
	openssl dgst -sha256 -verify "$tmp/encpub.pem" -signature "$tmp/sig.der" "$tmp/challenge.bin"

# --- a second parser over every chain every configuration emitted
# (this run's CHAIN first: --show reads the first line)
{
	field CHAIN "$log"
	for l in "$res"/qemu-*-cert.log; do
		tr -d '\r' <"$l" | grep -a '^CORPUS ' | cut -d' ' -f2
	done
} >"$tmp/corpus.hex"
expect 0 "Python cryptography parses and checks all $(wc -l <"$tmp/corpus.hex") chains (cert_parse.py)" \
	$py "$here/cert_parse.py" "$dev" "$tmp/corpus.hex"
$py "$here/cert_parse.py" "$dev" "$tmp/corpus.hex" --show >"$tmp/show" 2>&1
[ "$(grep '^monitor_fwid' "$tmp/show" | cut -d' ' -f2)" = "$mon" ] &&
	[ "$(grep '^enclave_fwid' "$tmp/show" | cut -d' ' -f2)" = "$meas" ] &&
	[ "$(grep '^data' "$tmp/show" | cut -d' ' -f2)" = "$nonce" ] &&
	ok "Python reads the same TcbInfo measurements and data" || bad "Python's TcbInfo/data differ"
n=0 nbad=0
while read -r hex; do
	xxd -r -p <<<"$hex" >"$tmp/one.der"
	openssl asn1parse -inform DER -in "$tmp/one.der" >/dev/null 2>&1 || nbad=$((nbad + 1))
	n=$((n + 1))
done <"$tmp/corpus.hex"
[ $n -ge 34 ] && [ $nbad = 0 ] && ok "openssl asn1parse reads all $n chains" ||
	bad "openssl asn1parse: $nbad of $n chains do not parse"
[ "$(tr -d '\r' <"$log" | grep -ac '^CORPUS ')" = 33 ] &&
	ok "corpus: 33 chains (data sizes 32..64)" || bad "corpus size"
c1=$(field CHAIN "$log") c2=$(field CHAIN "$log2")
[ -n "$c2" ] && [ "${c1: -400}" = "${c2: -400}" ] && [ "${c1:0:800}" != "${c2:0:800}" ] &&
	ok "same monitor certificate after a reboot; a new enclave key each boot" ||
	bad "monitor certificate changed across reboots, or the enclave key did not"

# --- a real TLS handshake, an unmodified client, the device as its only anchor
key=$(field ENCPRIV "$log")
$py - "$key" "$tmp/enc.key" <<'EOF'
import sys
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
k = ec.derive_private_key(int(sys.argv[1], 16), ec.SECP256R1())
open(sys.argv[2], "wb").write(k.private_bytes(serialization.Encoding.PEM,
    serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
EOF
tls_client() { # CAFILE [more s_client args]
	local ca=$1
	shift
	echo Q | timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$ca" \
		-verify_return_error -verify_depth 3 "$@"
}
for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 20000))
	# -www: the server answers on its own (stdin is not its console)
	openssl s_server -accept "127.0.0.1:$port" -cert "$tmp/c/enclave.pem" -key "$tmp/enc.key" \
		-cert_chain "$tmp/c/monitor.pem" -naccept 4 -www </dev/null >"$tmp/server.log" 2>&1 &
	spid=$!
	for _ in $(seq 50); do
		grep -q ACCEPT "$tmp/server.log" && break
		kill -0 $spid 2>/dev/null || break
		sleep 0.1
	done
	grep -q ACCEPT "$tmp/server.log" && break
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	spid=
done
if [ -n "$spid" ]; then
	expect 0 "TLS 1.3: openssl s_client accepts the chain with device_cert.pem as its only anchor" \
		tls_client "$dev" -tls1_3
	grep -q 'Verify return code: 0 (ok)' "$tmp/out" || bad "TLS 1.3: verify return code is not 0"
	expect 0 "TLS 1.2 (ECDHE-ECDSA): accepted as well" tls_client "$dev" -tls1_2
	expect 1 "TLS: s_client rejects the chain under another CA" tls_client "$tmp/other.pem" -tls1_3
	grep -q 'unable to get local issuer certificate' "$tmp/out" && ok "TLS: the reason is the unknown issuer" ||
		bad "TLS: rejected for another reason"
	expect 1 "TLS: s_client rejects it with the system's default CAs only" \
		bash -c "echo Q | timeout 20 openssl s_client -connect 127.0.0.1:$port -verify_return_error -tls1_3"
	kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	spid=
else
	bad "openssl s_server did not start"
fi

# --- sm-verify --chain: accepts, and rejects what it must
verify() { # chain.der [extra args]
	local c=$1
	shift
	$host/sm-verify --chain "$c" --device-cert "$dev" --measurement "$meas" \
		--monitor-measurement "$mon" --data "$nonce" "$@"
}
expect 0 "sm-verify --chain accepts the chain (--allow-dev)" verify "$tmp/c/chain.der" --allow-dev
cat "$tmp/c/enclave.pem" "$tmp/c/monitor.pem" >"$tmp/chain.pem"
expect 0 "sm-verify --chain reads PEM as well" verify "$tmp/chain.pem" --allow-dev
expect 1 "sm-verify rejects development evidence in production mode (no --allow-dev)" verify "$tmp/c/chain.der"
size=$(stat -c %s "$tmp/c/chain.der")
for off in 20 100 200 300 400 500 600 700 $((size - 300)) $((size - 100)) $((size - 10)); do
	cp "$tmp/c/chain.der" "$tmp/t.der"
	printf "$(printf '\\x%02x' $(($(od -An -tu1 -j$off -N1 "$tmp/t.der") ^ 1)))" |
		dd of="$tmp/t.der" bs=1 seek=$off conv=notrunc status=none
	expect 1 "sm-verify rejects a chain tampered at byte $off" verify "$tmp/t.der" --allow-dev
done
head -c $((size - 1)) "$tmp/c/chain.der" >"$tmp/cut.der"
expect 1 "sm-verify rejects a chain cut short" verify "$tmp/cut.der" --allow-dev
split_chain "$(field CHAIN "$log8")" "$tmp/p8"
expect 0 "openssl accepts the chain of another monitor build (same device)" \
	openssl verify -CAfile "$dev" -untrusted "$tmp/p8/monitor.pem" "$tmp/p8/enclave.pem"
expect 1 "sm-verify rejects it: another monitor measurement" verify "$tmp/p8/chain.der" --allow-dev
cat "$tmp/c/enclave.der" "$tmp/p8/monitor.der" >"$tmp/mixed.der"
expect 1 "sm-verify rejects an enclave certificate with another monitor's certificate" \
	verify "$tmp/mixed.der" --allow-dev
expect 1 "sm-verify rejects another enclave measurement" \
	$host/sm-verify --chain "$tmp/c/chain.der" --device-cert "$dev" --measurement "$(printf '%064d' 0)" --allow-dev
expect 1 "sm-verify rejects other data" \
	$host/sm-verify --chain "$tmp/c/chain.der" --device-cert "$dev" --data "$(printf '%064d' 0)" --allow-dev
expect 1 "sm-verify rejects another device certificate" \
	$host/sm-verify --chain "$tmp/c/chain.der" --device-cert "$tmp/other.pem" --allow-dev
echo "cert_check: $pass passed, $fail failed"
[ "$fail" = 0 ]
