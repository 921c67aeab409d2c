#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# mkdtb.sh OUT.dtb COUNT BASE STRIDE [qemu args...]
# QEMU's own device tree for the given machine (the args must be those of
# the run: the tree describes harts and memory), plus COUNT ACLINT MSWI
# nodes at BASE, BASE + STRIDE, ...: OpenSBI puts each one into its root
# domain as an M-only region (aclint_mswi_cold_init), so the tree sets how
# many M-only regions the monitor is handed.  OpenSBI 1.6 does not add
# other domains' regions to the root, and every such driver also takes
# over the harts it names: these MSWIs name only a disabled, made-up hart
# (hartid 100, no scratch), so the real IPIs stay on the real CLINT.
# STRIDE keeps the 4 KiB regions apart (OpenSBI merges adjacent ones).
set -eu
if [ $# -lt 4 ]; then
	echo "usage: $0 OUT.dtb COUNT BASE STRIDE [qemu args...]" >&2
	exit 2
fi
out=$1 count=$2 base=$3 stride=$4
shift 4
qemu=${QEMU:-qemu-system-riscv64}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# dumpdtb goes with the machine's other options: -M virt -> -M virt,dumpdtb=
args=()
for a in "$@"; do
	if [ "${prev:-}" = -M ]; then
		a="$a,dumpdtb=$tmp/qemu.dtb"
	fi
	args+=("$a")
	prev=$a
done
"$qemu" "${args[@]}" -nographic >"$tmp/qemu.out" 2>&1 </dev/null ||
	{ cat "$tmp/qemu.out" >&2; exit 1; }
dtc -q -I dtb -O dts -o "$tmp/qemu.dts" "$tmp/qemu.dtb"

# dtc merges a second "/ { ... };" into the first; labels get fresh phandles.
{
	cat "$tmp/qemu.dts"
	echo '/ {'
	echo '	cpus {'
	echo '		cpu@64 {'
	echo '			device_type = "cpu";'
	echo '			reg = <0x64>;'
	echo '			status = "disabled";'
	echo '			compatible = "riscv";'
	echo '			riscv,isa = "rv64imafdc";'
	echo '			initfail_intc: interrupt-controller {'
	echo '				#interrupt-cells = <0x01>;'
	echo '				interrupt-controller;'
	echo '				compatible = "riscv,cpu-intc";'
	echo '			};'
	echo '		};'
	echo '	};'
	echo '	soc {'
	i=0
	while [ "$i" -lt "$count" ]; do
		a=$((base + i * stride))
		printf '\t\tmswi@%x {\n' "$a"
		echo '			compatible = "riscv,aclint-mswi";'
		printf '\t\t\treg = <0x%x 0x%x 0x0 0x1000>;\n' $((a >> 32)) $((a & 0xffffffff))
		echo '			interrupts-extended = <&initfail_intc 0x03>;'
		echo '		};'
		i=$((i + 1))
	done
	echo '	};'
	echo '};'
} >"$tmp/out.dts"
dtc -q -I dts -O dtb -o "$out" "$tmp/out.dts"
