#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# bench_check.sh STATUS OUTPUT: is make bench's table complete?  STATUS is
# make bench's exit status, OUTPUT what it printed (scripts/bench.sh).
# Every row must be there with its figures; whether a target is met is
# not checked (the table reports it, docs/performance.md).  The row names
# are listed here on purpose: a row bench.sh stops printing fails.
set -eu
status=$1 out=$2
pass=0 fail=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
isnum() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }
# field ROW N: the Nth column of the row (1 = its name), "" if absent
field() { awk -v r="$1" -v n="$2" '$1 == r { print $n; exit }' "$out"; }

[ "$status" = 0 ] && ok "make bench exited 0" || bad "make bench exited $status"

# against stock OpenSBI: figures for both firmwares
for r in floor_null_call set_timer ipi_self rfence_i_self timer_interrupt \
	set_timer_nosstc timer_interrupt_nosstc boot; do
	m=$(field $r 3) s=$(field $r 5) st=$(field $r 9)
	if isnum "$m" && isnum "$s" && [[ $st =~ ^(met|NOT-met|info)$ ]]; then
		ok "$r: monitor $m, stock $s ($st)"
	else
		bad "$r: row missing or incomplete: $(grep "^$r " "$out" || echo none)"
	fi
done
# the monitor's own
for r in sm_null_call run_exit stop_resume stop_resume_inplace interrupted_resume \
	interrupted_resume_nosstc destroy_per_byte random_per_call \
	sha256_plain_loop_per_byte create_hash_per_byte create_hash_per_byte_zknh \
	create_hash_zknh_vs_zbb create_hash_zknh_vs_portable \
	create_hash_per_byte_portable random_per_call_portable \
	create_copy_per_byte attest get_sealing_key cert_chain device_cert; do
	m=$(field $r 3) st=$(field $r 9)
	if isnum "$m" && [[ $st =~ ^(met|NOT-met|info)$ ]]; then
		ok "$r: $m ($st)"
	else
		bad "$r: row missing or incomplete: $(grep "^$r " "$out" || echo none)"
	fi
done
# sizes and source lines
for r in stock_opensbi with_monitor difference text_budget; do
	if isnum "$(field $r 2)" && isnum "$(field $r 3)" && isnum "$(field $r 4 | tr -d -)"; then
		ok "size $r"
	else
		bad "size $r: $(grep "^$r " "$out" || echo none)"
	fi
done
for r in sm platform crypto include total; do
	isnum "$(field $r 2)" && ok "lines $r" || bad "lines $r: $(grep "^$r " "$out" || echo none)"
done
grep -q ' missing$' "$out" && bad "rows reported missing: $(grep -c ' missing$' "$out")" ||
	ok "no row reported missing"

echo "bench: $pass passed, $fail failed"
[ $fail = 0 ]
