#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
#
# initramfs.sh OUT.cpio.gz STAGE LINUX_ROOT
# Packs the guest: trixie's static busybox, our /init and run-examples, and
# Keystone's staged driver, examples, Eyrie and loader (keystone.sh's STAGE).
set -euo pipefail
out=$1 stage=$2 lroot=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "$(dirname "$out")/initramfs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,ks/bin}
cp "$lroot/usr/bin/busybox" "$tmp/bin/busybox"
cp -r "$stage/ks/." "$tmp/ks/"
install -m 755 "$here/init" "$tmp/init"
install -m 755 "$here/run-examples" "$tmp/ks/bin/run-examples"
install -m 644 "$here/README.guest" "$tmp/ks/README"
(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
