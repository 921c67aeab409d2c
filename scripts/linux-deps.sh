#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Fetches the Debian trixie binary packages that make test-linux / run-linux
# boot and build against (kernel, its headers and kbuild, busybox, the amd64
# libc that runs trixie's modpost), pinned with sha256 in the [linux] section
# of scripts/deps.lock, and unpacks them into OUT/root.  apt runs with a
# private configuration inside OUT (own sources list derived from this
# machine's bookworm entry, own lists, cache and empty status file): nothing
# is installed and the machine's apt setup is not touched.
#
#   scripts/linux-deps.sh OUT            download, check, unpack (idempotent)
#   scripts/linux-deps.sh --update-lock  print [linux] lock lines for what the
#                                        mirror has today (OUT: build/linux)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
lock=$root/scripts/deps.lock

say() { printf 'linux-deps: %s\n' "$*" >&2; }
die() {
	printf 'linux-deps: error: %s\n' "$*" >&2
	exit 1
}

# The [linux] section of the lock: "package arch version sha256" lines.
lock_lines() {
	awk '/^\[/ { on = ($0 == "[linux]"); next }
	     on && NF == 4 && $1 !~ /^#/' "$lock"
}

# The machine's non-security bookworm "deb" stanza with Suites: trixie, so
# that no mirror host name lives in this repository (as scripts/deps.sh does).
write_sources() {
	local out=$1 f
	: >"$out"
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)Types:[^\n]*deb([ \t]|\n|$)/ &&
		     /(^|\n)Suites:[ \t]*bookworm([ \t]|\n|$)/ && !/security/' "$f" |
			sed -e 's/^Types:.*/Types: deb/' -e 's/^Suites:.*/Suites: trixie/' >>"$out"
	done
	[ -s "$out" ] && return 0
	if [ -f /etc/apt/sources.list ] &&
		grep -Eq '^deb[[:space:]]+[^[:space:]]+[[:space:]]+bookworm[[:space:]]' /etc/apt/sources.list; then
		grep -E '^deb[[:space:]]+[^[:space:]]+[[:space:]]+bookworm[[:space:]]' /etc/apt/sources.list |
			head -1 | awk '{ printf "Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\n", $2 }' >"$out"
		return 0
	fi
	die "no bookworm apt entry on this machine to derive a trixie one from"
}

# A private apt: APT_CONFIG pointing at directories inside $apt only.
setup_apt() {
	local apt=$1
	mkdir -p "$apt"/{lists/partial,cache/archives/partial,sources.list.d,preferences.d}
	[ -f "$apt/status" ] || : >"$apt/status"
	write_sources "$apt/sources.list.d/trixie.sources"
	cat >"$apt/apt.conf" <<-EOF
		Dir::State "$apt";
		Dir::State::Lists "$apt/lists";
		Dir::State::status "$apt/status";
		Dir::Cache "$apt/cache";
		Dir::Etc::SourceList "$apt/none.list";
		Dir::Etc::SourceParts "$apt/sources.list.d";
		Dir::Etc::Preferences "$apt/none.pref";
		Dir::Etc::PreferencesParts "$apt/preferences.d";
		APT::Architectures { "amd64"; "riscv64"; };
		APT::Sandbox::User "root";
		Debug::NoLocking "true";
	EOF
	export APT_CONFIG=$apt/apt.conf
}

apt_update() {
	local apt=$1
	# One update per hour is plenty (the lists are only needed to download).
	if [ -z "$(find "$apt/lists" -maxdepth 1 -name '*_Packages*' -mmin -60 2>/dev/null | head -1)" ]; then
		say "apt-get update (private trixie lists in $apt)"
		apt-get update -qq >/dev/null || die "apt-get update failed (trixie lists)"
	fi
}

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

deb_path() { echo "$1/${2}_${4#*:}_$3.deb"; } # dir pkg arch ver

# pkg arch ver sha dir: downloads and checks deb_path.
fetch_deb() {
	local pkg=$1 arch=$2 ver=$3 sum=$4 dl=$5 spec f
	f=$(deb_path "$dl" "$pkg" "$arch" "$ver")
	sha_ok "$f" "$sum" && return 0
	rm -f "$f"
	spec=$pkg
	[ "$arch" = all ] || spec=$pkg:$arch
	apt_update "$(dirname "$APT_CONFIG")"
	say "downloading $spec=$ver"
	local tmp=$dl/.tmp
	rm -rf "$tmp" && mkdir -p "$tmp"
	(cd "$tmp" && apt-get download -qq "$spec=$ver" >/dev/null 2>&1) ||
		die "$spec=$ver is not on the trixie mirror (any more). Re-pin: run
    bash scripts/linux-deps.sh --update-lock
and replace the lines under [linux] in scripts/deps.lock with its output."
	mv "$tmp"/*.deb "$f"
	rmdir "$tmp"
	sha_ok "$f" "$sum" ||
		die "$spec=$ver: sha256 mismatch (expected $sum, got $(sha256sum "$f" | cut -d' ' -f1)); refusing to use it. If the archive really republished it, re-pin with --update-lock."
}

# Debian's headers are made for /usr/src and a trixie build host: the arch
# Makefile includes the -common one by absolute path, and modpost needs
# glibc >= 2.38, so it runs through trixie's own ld.so and libc from OUT.
fix_kbuild() {
	local r=$1 hdr mod libdir real
	for hdr in "$r"/usr/src/linux-headers-*-riscv64; do
		sed -i "s|^include /usr/src/|include $r/usr/src/|" "$hdr/Makefile"
	done
	libdir=$r/usr/lib/x86_64-linux-gnu
	for mod in "$r"/usr/lib/linux-kbuild-*/scripts/mod; do
		for real in "$mod"/modpost.real-*; do
			case "$real" in *.bin) continue ;; esac
			mv "$real" "$real.bin"
			printf '#!/bin/sh\n# trixie modpost needs glibc 2.38: run it with trixie'"'"'s ld.so and libc\nexec %s --library-path %s --argv0 "$0" "$0.bin" "$@"\n' \
				"$libdir/ld-linux-x86-64.so.2" "$libdir" >"$real"
			chmod +x "$real"
		done
	done
}

fetch_all() {
	local out=$1 stamp want pkg arch ver sum debs=()
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	stamp=$out/root/.linux-deps
	want=$(lock_lines | sha256sum | cut -d' ' -f1)
	[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
	[ -n "$(lock_lines)" ] || die "no [linux] section in $lock"
	setup_apt "$out/apt"
	mkdir -p "$out/dl"
	while read -r pkg arch ver sum; do
		fetch_deb "$pkg" "$arch" "$ver" "$sum" "$out/dl"
		debs+=("$(deb_path "$out/dl" "$pkg" "$arch" "$ver")")
	done < <(lock_lines)
	say "unpacking ${#debs[@]} packages into $out/root"
	rm -rf "$out/root"
	mkdir -p "$out/root"
	local d
	for d in "${debs[@]}"; do dpkg-deb -x "$d" "$out/root"; done
	fix_kbuild "$out/root"
	echo "$want" >"$stamp"
}

# Prints lock lines for the versions the mirror has now: the kernel ABI the
# linux-image-riscv64 metapackage points at, its headers and kbuild, busybox,
# libc6:amd64.
update_lock() {
	local out=$root/build/linux image abi p
	setup_apt "$out/apt"
	rm -f "$out"/apt/lists/*_Packages* 2>/dev/null || true
	apt_update "$out/apt"
	image=$(apt-cache depends linux-image-riscv64:riscv64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-6[^:]*-riscv64\).*/\1/p' | head -1)
	[ -n "$image" ] || die "cannot resolve linux-image-riscv64 on the trixie mirror"
	abi=${image#linux-image-}
	abi=${abi%-riscv64}
	for p in "$image:riscv64" "linux-headers-$abi-riscv64:riscv64" \
		"linux-headers-$abi-common:all" "linux-kbuild-$abi:amd64" \
		"libc6:amd64" "busybox-static:riscv64"; do
		apt-cache show --no-all-versions "${p%:all}" | awk -v arch="${p##*:}" '
			/^Package:/ { pkg = $2 } /^Version:/ { ver = $2 } /^SHA256:/ { sha = $2 }
			END { print pkg, arch, ver, sha }'
	done
}

case "${1:-}" in
--update-lock) update_lock ;;
'' | -*) die "usage: $0 OUT_DIR | --update-lock" ;;
*) fetch_all "$1" ;;
esac
