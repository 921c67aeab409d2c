#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# stack_check.sh RESULTS_DIR: every boot that ended in a system reset printed
# each hart's M stack high-water mark (sm/sm_stack.c); none may come within
# a quarter of the stack's size, where a deeper call (a new mbedTLS path, a
# nested trap) would overwrite the monitor's data below it.
set -u
results=$1
p=0 f=0 worst=0
for log in "$results"/qemu-*.log; do
	while read -r used size; do
		[ -n "$used" ] || continue
		[ "$used" -gt "$worst" ] && worst=$used
		if [ $((used * 4)) -gt $((size * 3)) ]; then
			echo "FAIL $(basename "$log"): M stack peak $used of $size bytes"
			f=$((f + 1))
		else
			p=$((p + 1))
		fi
	done < <(tr -d '\000-\010\016-\037\177-\377' <"$log" |
		sed -n 's/^sm: M stack peak: hart index [0-9]*: \([0-9]*\) of \([0-9]*\) bytes.*/\1 \2/p')
done
[ $p -gt 0 ] || { echo "FAIL no stack report in any log"; f=$((f + 1)); }
echo "deepest M stack use: $worst bytes"
echo "stack: $p passed, $f failed"
[ $f = 0 ]
