#!/bin/bash
# Build the kernel-client guest used by the end-to-end tests and benchmarks: Debian 12's stock
# amd64 kernel plus a busybox initramfs that can mount NFSv4.1/4.2 over virtio-net.
#
#   scripts/kclient/build.sh          # idempotent: a second run only checks its inputs (~0.1 s)
#
# The kernel and busybox-static packages are only fetched with "apt-get download" and unpacked
# into the cache (nothing is installed on the host except qemu-system-x86 when missing), so
# the guest is the same distribution kernel users run, not one we configured ourselves.
#
# Env: KCLIENT_CACHE  cache dir (default $HOME/.cache/cephgw-kclient)
#      KPKG           kernel package (default: what linux-image-amd64 depends on)
#      FORCE=1        rebuild the initramfs even if the inputs did not change
# Output in the cache: vmlinux (uncompressed, PVH-bootable) or vmlinuz, initramfs.cpio.gz,
#      busybox (host copy; run.sh packs the per-run archive with it), build.env (versions).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${KCLIENT_CACHE:-$HOME/.cache/cephgw-kclient}
# nfsv4 pulls in sunrpc, nfs, lockd, ...; virtio_pci + virtio_net give the guest its NIC.
ROOT_MODULES="nfsv4 virtio_pci virtio_net"

log() { echo "[kclient-build] $*" >&2; }
die() { echo "[kclient-build] ERROR: $*" >&2; exit 1; }

mkdir -p "$CACHE/debs"
# one build at a time: the test and a developer's shell may both call us
exec 9>"$CACHE/.build.lock"
flock 9

if ! command -v qemu-system-x86_64 >/dev/null; then
    [ "$(id -u)" = 0 ] || die "qemu-system-x86_64 is missing; apt-get install qemu-system-x86"
    log "installing qemu-system-x86"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends qemu-system-x86 >/dev/null \
        || die "apt-get install qemu-system-x86 failed (apt-get update first?)"
fi
for t in gcc dpkg-deb apt-get xz gzip readelf; do
    command -v "$t" >/dev/null || die "$t is missing (apt-get install gcc libc6-dev binutils xz-utils)"
done

# ---------------------------------------------------------------- packages
if [ -z "${KPKG:-}" ]; then
    KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null \
           | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9].*-amd64$/ && !k {k = $2} END {print k}')
    [ -n "$KPKG" ] || die "apt-cache cannot resolve linux-image-amd64 (run apt-get update)"
fi
KVER=${KPKG#linux-image-}

deb_of() { # PACKAGE -> cached .deb path, downloading it once
    local pkg=$1 f
    f=$(find "$CACHE/debs" -name "${pkg}_*_amd64.deb" -print -quit)
    if [ -z "$f" ]; then
        log "apt-get download $pkg"
        # as root apt drops to the _apt user for downloads, which cannot write our cache dir
        (cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >/dev/null) \
            || die "apt-get download $pkg failed"
        f=$(find "$CACHE/debs" -name "${pkg}_*_amd64.deb" -print -quit)
    fi
    echo "$f"
}
KDEB=$(deb_of "$KPKG")
BBDEB=$(deb_of busybox-static)
# a kernel security update brings a new package name: drop the superseded ~60 MB download
find "$CACHE/debs" -name 'linux-image-*.deb' ! -name "$(basename "$KDEB")" -delete

# Everything the initramfs depends on; if it did not change there is nothing to do.
STAMP="$(basename "$KDEB") $(basename "$BBDEB") $(cat "$HERE/build.sh" "$HERE/guest-init.sh" "$HERE/kc-helper.c" | md5sum | cut -c1-16)"
if [ "${FORCE:-0}" != 1 ] && [ -s "$CACHE/initramfs.cpio.gz" ] && [ "$(cat "$CACHE/.stamp" 2>/dev/null)" = "$STAMP" ]; then
    log "up to date ($CACHE)"
    exit 0
fi

# ---------------------------------------------------------------- unpack
X=$CACHE/extract
if [ "$(cat "$X/.debs" 2>/dev/null)" != "$(basename "$KDEB") $(basename "$BBDEB")" ]; then
    log "unpacking $(basename "$KDEB") $(basename "$BBDEB")"
    rm -rf "$X"
    mkdir -p "$X"
    dpkg-deb -x "$KDEB" "$X"
    dpkg-deb -x "$BBDEB" "$X"
    echo "$(basename "$KDEB") $(basename "$BBDEB")" > "$X/.debs"
fi
BB=$X/bin/busybox
MODDIR=$X/lib/modules/$KVER
[ -x "$BB" ] && [ -d "$MODDIR" ] && [ -f "$X/boot/vmlinuz-$KVER" ] || die "unexpected package layout in $X"
# The .deb has no modules.dep (its postinst runs depmod) and the host may lack kmod: busybox has depmod.
[ -s "$MODDIR/modules.dep" ] || "$BB" depmod -b "$X" "$KVER"

# ---------------------------------------------------------------- modules, dependencies first
declare -A DONE=()
ORDER=()
add_module() { # path relative to $MODDIR
    local rel=$1 dep
    [ -n "${DONE[$rel]:-}" ] && return 0
    DONE[$rel]=1
    for dep in $(awk -F': *' -v m="$rel" '$1 == m {print $2; exit}' "$MODDIR/modules.dep"); do
        add_module "$dep"
    done
    ORDER+=("$rel")
}
for m in $ROOT_MODULES; do
    rel=$(awk -F: -v m="$m" '{ n = $1; sub(/.*\//, "", n); sub(/\.ko.*/, "", n); gsub(/-/, "_", n)
                               if (n == m) { print $1; exit } }' "$MODDIR/modules.dep")
    if [ -z "$rel" ]; then
        grep -q "/${m}.ko" "$MODDIR/modules.builtin" 2>/dev/null && continue   # built into the kernel
        die "module $m not found for $KVER"
    fi
    add_module "$rel"
done

# ---------------------------------------------------------------- initramfs
log "compiling kc-helper (static)"
gcc -static -O2 -Wall -Werror -o "$CACHE/kc-helper" "$HERE/kc-helper.c"
strip "$CACHE/kc-helper"

S=$CACHE/staging
rm -rf "$S"
mkdir -p "$S"/{bin,dev,etc,proc,sys,tmp,mnt,root,run} "$S/lib/modules/$KVER"
chmod 1777 "$S/tmp"
cp "$BB" "$S/bin/busybox"
ln -s busybox "$S/bin/sh"
cp "$CACHE/kc-helper" "$S/bin/kc-helper"
ln -s kc-helper "$S/bin/flock"
install -m 0755 "$HERE/guest-init.sh" "$S/init"
for rel in "${ORDER[@]}"; do
    install -D -m 0644 "$MODDIR/$rel" "$S/lib/modules/$KVER/$rel"
    n=${rel##*/}; n=${n%%.ko*}; echo "${n//-/_}"
done > "$S/etc/kclient-modules"
cp "$MODDIR/modules.builtin" "$MODDIR/modules.order" "$S/lib/modules/$KVER/"
"$BB" depmod -b "$S" "$KVER"        # so busybox modprobe in the guest finds the trimmed set
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$S/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$S/etc/group"
# the kernel needs /dev/console before devtmpfs is mounted to give /init a stdout
[ "$(id -u)" = 0 ] && mknod -m 600 "$S/dev/console" c 5 1
# the host has no cpio; busybox's writes the newc format the kernel unpacks
(cd "$S" && find . | LC_ALL=C sort | "$BB" cpio -o -H newc 2>/dev/null) | gzip -9 > "$CACHE/initramfs.cpio.gz.tmp"
mv -f "$CACHE/initramfs.cpio.gz.tmp" "$CACHE/initramfs.cpio.gz"
cp "$BB" "$CACHE/busybox.tmp" && mv -f "$CACHE/busybox.tmp" "$CACHE/busybox"
# (tmp + rename everywhere: a run.sh started meanwhile must never see a half-written file)
cp "$X/boot/vmlinuz-$KVER" "$CACHE/vmlinuz.tmp" && mv -f "$CACHE/vmlinuz.tmp" "$CACHE/vmlinuz"

# ---------------------------------------------------------------- PVH kernel
# Under TCG, qemu's PVH direct boot of the uncompressed ELF vmlinux saves ~4.5 s per boot over
# bzImage (no real-mode setup, no in-guest XZ decompression). The bzImage carries the ELF as
# an XZ stream; find it by its magic and unpack it. run.sh falls back to vmlinuz without it.
rm -f "$CACHE/vmlinux.new"
for off in $(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$CACHE/vmlinuz" | cut -d: -f1 | sed -n 1,3p); do
    # (process substitution: tail dying of SIGPIPE after xz's single stream must not count)
    if xz -dc --single-stream < <(tail -c +$((off + 1)) "$CACHE/vmlinuz") > "$CACHE/vmlinux.tmp" 2>/dev/null \
       && readelf -n "$CACHE/vmlinux.tmp" 2>/dev/null | grep 'Xen.*0x00000012' >/dev/null; then   # PHYS32_ENTRY note
        mv -f "$CACHE/vmlinux.tmp" "$CACHE/vmlinux.new"
        break
    fi
done
rm -f "$CACHE/vmlinux.tmp"
if [ -f "$CACHE/vmlinux.new" ]; then
    mv -f "$CACHE/vmlinux.new" "$CACHE/vmlinux"
else
    rm -f "$CACHE/vmlinux"
    log "no PVH-bootable vmlinux found; run.sh will boot the bzImage (slower)"
fi

cat > "$CACHE/build.env" <<EOF
KPKG=$KPKG
KDEB=$(basename "$KDEB")
BUSYBOX=$(basename "$BBDEB")
QEMU="$(qemu-system-x86_64 --version | sed -n 1p)"
MODULES="$(tr '\n' ' ' < "$S/etc/kclient-modules")"
PVH=$([ -f "$CACHE/vmlinux" ] && echo yes || echo no)
EOF
echo "$STAMP" > "$CACHE/.stamp"
log "built $CACHE: $KPKG, ${#ORDER[@]} modules, initramfs $(du -h "$CACHE/initramfs.cpio.gz" | cut -f1)"
