#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# Installs the build/test toolchain from Debian packages and fetches the pinned
# third-party sources (OpenSBI, mbedTLS) as the .orig tarballs of Debian trixie
# source packages, checked against scripts/deps.lock and unpacked into .deps/.
# Idempotent: a second run does nothing.  Users with their own trees set
# OPENSBI_SRC= / MBEDTLS_SRC= and the matching download is skipped.
#
#   scripts/deps.sh            packages and sources
#   scripts/deps.sh packages   only the Debian packages
#   scripts/deps.sh sources    only the sources
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
deps_dir=${SM_DEPS_DIR:-$root/.deps}
lock=$root/scripts/deps.lock
what=${1:-all}

say() { printf 'deps: %s\n' "$*" >&2; }
die() {
	printf 'deps: error: %s\n' "$*" >&2
	exit 1
}

as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run: $* (or install it yourself)"
	fi
}

# command -> Debian package providing it
packages() {
	local missing=() cmd pkg
	while read -r cmd pkg; do
		[ -n "$cmd" ] || continue
		command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
	done <<-EOF
		${CROSS_COMPILE:-riscv64-linux-gnu-}gcc gcc-riscv64-linux-gnu
		qemu-system-riscv64 qemu-system-misc
		dtc device-tree-compiler
		mkimage u-boot-tools
		openssl openssl
		python3 python3
		make make
		gcc gcc
		xxd xxd
		timeout coreutils
		dpkg-source dpkg-dev
		${CROSS_COMPILE:-riscv64-linux-gnu-}g++ g++-riscv64-linux-gnu
		cmake cmake
		cpio cpio
		xz xz-utils
		gzip gzip
		dpkg-deb dpkg
		apt-get apt
		git git
	EOF
	# Debian's python3-cryptography: the second X.509 parser of the tests
	/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1 ||
		missing+=(python3-cryptography)
	[ ${#missing[@]} -eq 0 ] && return 0
	say "installing Debian packages: ${missing[*]}"
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found; install ${missing[*]} by hand"
	as_root apt-get update -qq || die "apt-get update failed"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null ||
		die "could not install: ${missing[*]}"
}

# Adds a deb-src entry for trixie, made from this machine's own bookworm entry
# (so no mirror host name lives in this repository).  Only source packages are
# taken from it: no trixie binary package is ever installed.
apt_src_list=/etc/apt/sources.list.d/sm-trixie-src.sources
apt_src_legacy=/etc/apt/sources.list.d/sm-trixie-src.list
ensure_deb_src() {
	[ -f "$apt_src_list" ] || [ -f "$apt_src_legacy" ] && return 0
	local tmp
	tmp=$(mktemp)
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk 'BEGIN { RS = ""; ORS = "\n\n" }
		     /(^|\n)Suites:[ \t]*bookworm([ \t]|\n|$)/ && !/security/' "$f" |
			sed -e 's/^Types:.*/Types: deb-src/' -e 's/^Suites:.*/Suites: trixie/' >>"$tmp"
	done
	if [ -s "$tmp" ]; then
		as_root install -m 644 "$tmp" "$apt_src_list"
	elif [ -f /etc/apt/sources.list ] &&
		grep -Eq '^deb[[:space:]]+[^[:space:]]+[[:space:]]+bookworm[[:space:]]' /etc/apt/sources.list; then
		grep -E '^deb[[:space:]]+[^[:space:]]+[[:space:]]+bookworm[[:space:]]' /etc/apt/sources.list |
			sed -E 's/^deb([[:space:]]+[^[:space:]]+[[:space:]]+)bookworm/deb-src\1trixie/' >"$tmp"
		as_root install -m 644 "$tmp" "$apt_src_legacy"
	else
		rm -f "$tmp"
		die "no bookworm apt entry found to derive a trixie deb-src entry from; set OPENSBI_SRC= and MBEDTLS_SRC="
	fi
	rm -f "$tmp"
	say "added a trixie deb-src entry; running apt-get update"
	as_root apt-get update -qq || die "apt-get update failed"
}

sha_ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

fetch_one() {
	local name=$1 ver=$2 orig=$3 sum=$4 top=$5
	local dest=$deps_dir/$top
	[ -f "$dest/.sm-verified" ] && return 0
	mkdir -p "$deps_dir/dl"
	if ! sha_ok "$deps_dir/dl/$orig" "$sum"; then
		rm -f "$deps_dir/dl/$orig"
		ensure_deb_src
		say "fetching $name $ver (trixie source package)"
		# Side files (.dsc, .debian.tar) may be missing on the mirror: only
		# the .orig tarball matters, so apt's exit code is not trusted.
		(cd "$deps_dir/dl" && apt-get source --download-only -qq "$name=$ver" >/dev/null 2>&1) || true
		[ -f "$deps_dir/dl/$orig" ] ||
			die "could not download $orig (source package $name=$ver from trixie); set ${name^^}_SRC= to your own tree"
		sha_ok "$deps_dir/dl/$orig" "$sum" ||
			die "$orig: sha256 mismatch (expected $sum); refusing to use it"
	fi
	say "unpacking $orig"
	rm -rf "$dest" "$deps_dir/.unpack"
	mkdir -p "$deps_dir/.unpack"
	tar -xf "$deps_dir/dl/$orig" -C "$deps_dir/.unpack"
	[ -d "$deps_dir/.unpack/$top" ] || die "$orig does not contain $top/"
	mv "$deps_dir/.unpack/$top" "$dest"
	rm -rf "$deps_dir/.unpack"
	echo "$sum" >"$dest/.sm-verified"
}

sources() {
	local name ver orig sum top var
	while read -r name ver orig sum top; do
		case "$name" in '' | '#'*) continue ;; '['*) break ;; esac
		var=${name^^}_SRC
		if [ -n "${!var:-}" ]; then
			[ -d "${!var}" ] || die "$var=${!var} is not a directory"
			continue
		fi
		fetch_one "$name" "$ver" "$orig" "$sum" "$top"
	done <"$lock"
}

case "$what" in
all) packages && sources ;;
packages) packages ;;
sources) sources ;;
*) die "usage: $0 [all|packages|sources]" ;;
esac
