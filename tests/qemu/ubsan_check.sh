#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# ubsan_check.sh RESULTS KNOWN [CONFIG...]
# Every QEMU boot log (RESULTS/qemu-*.log) must be free of UBSan reports
# ("UBSAN: <kind> at <file>:<line>:<col>", sm/sm_ubsan.c), except the
# sites listed in KNOWN ("<kind> <path suffix>:<line>:<col>", '#' starts
# a comment), which are printed as known findings.  Each CONFIG (a QEMU
# configuration that boots the UBSan firmware) must have logs, every one
# showing the UBSan runtime's boot line.  Prints "ok"/"not ok" lines and
# "ubsan: N passed, M failed".
set -u
res=$1 known=$2
shift 2
pass=0 fail=0
ok() { echo "ok $*"; pass=$((pass + 1)); }
bad() { echo "not ok $*"; fail=$((fail + 1)); }

# "kind suffix" pairs
mapfile -t sites < <(sed 's/#.*//' "$known" | awk 'NF >= 2 { print $1, $2 }')
is_known() { # kind path
	local s
	for s in "${sites[@]}"; do
		[ "$1" = "${s%% *}" ] && [[ "$2" == */"${s#* }" ]] && return 0
	done
	return 1
}

declare -A seen
for log in "$res"/qemu-*.log; do
	[ -e "$log" ] || continue
	name=$(basename "$log" .log)
	unknown=0
	while read -r _ kind _ path; do
		if is_known "$kind" "$path"; then
			seen["$kind $path"]=$((${seen["$kind $path"]:-0} + 1))
		else
			echo "  $name: UBSAN: $kind at $path"
			unknown=$((unknown + 1))
		fi
	done < <(tr -d '\r' <"$log" | grep -a '^UBSAN: ')
	if [ $unknown = 0 ]; then
		ok "$name: no UBSan report"
	else
		bad "$name: $unknown UBSan report(s)"
	fi
done
for k in "${!seen[@]}"; do
	echo "known: UBSAN: ${k% *} at ${k#* } (${seen[$k]} time(s); see $known)"
done | sort

for c in "$@"; do
	n=0 without=0
	for log in "$res"/qemu-"$c"-*.log; do
		[ -e "$log" ] || continue
		n=$((n + 1))
		grep -qa '^sm: UBSan runtime' "$log" || without=$((without + 1))
	done
	if [ $n -gt 0 ] && [ $without = 0 ]; then
		ok "$c: all $n boot(s) ran the UBSan firmware"
	else
		bad "$c: $n log(s), $without without the UBSan runtime's boot line"
	fi
done

echo "ubsan: $pass passed, $fail failed"
[ $fail = 0 ]
