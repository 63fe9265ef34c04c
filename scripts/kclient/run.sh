#!/bin/bash
# Boot the kernel-client guest (scripts/kclient/build.sh) in qemu, mount the NFS server that
# listens on the host's 127.0.0.1:PORT, run SCRIPT there with busybox sh, unmount, power off.
#
#   scripts/kclient/run.sh PORT SCRIPT [MOUNT_OPTS]
#
# MOUNT_OPTS: extra comma-separated nfs4 options (vers=4.2, nconnect=2, ...). vers defaults to
#   4.1. The pseudo option path=/sub selects the exported path to mount (default /).
# In the guest the script runs as root with cwd = the mount point; it sees $NFS_MNT, $NFS_OPTS,
#   every KCT_* variable of our environment, busybox, kc-helper and flock.
# stdout: the script's output, then the guest's NFS per-op counters ("KCLIENT ops OP=n ...",
#   read before the unmount) and "KCLIENT umount rc=N"; stderr: harness messages.
# Exit status: the script's, or 124 timeout, 125 harness/guest failure, 130 interrupted,
#   200 mount failed, 201 guest setup failed, 202 script passed but umount failed, 2 usage.
# Env: KCLIENT_CACHE ($HOME/.cache/cephgw-kclient)  KCLIENT_TIMEOUT (600 s for the whole run)
#      KCLIENT_BOOT_TIMEOUT (120 s until the guest starts its script, else it is booted again)
#      KCLIENT_BOOT_TRIES (2)
#      KCLIENT_ACCEL auto|kvm|tcg  KCLIENT_NET user|passt  KCLIENT_MEM (1024)  KCLIENT_SMP (2)
#      KCLIENT_LOG=FILE keep the whole console  KCLIENT_VERBOSE=1 echo the console to stderr
#      KCLIENT_ID: the guest's hostname and NFSv4 client identity become kc-$KCLIENT_ID (default:
#        the run's random token, a new client each run); [A-Za-z0-9-] only
set -euo pipefail

usage() { sed -n '2,21p' "$0" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || usage
PORT=$1 SCRIPT=$2 OPTS_IN=${3:-}
case $PORT in ''|*[!0-9]*) echo "run.sh: bad PORT '$PORT'" >&2; exit 2 ;; esac
case ${KCLIENT_ID:-x} in *[!A-Za-z0-9-]*) echo "run.sh: bad KCLIENT_ID '$KCLIENT_ID'" >&2; exit 2 ;; esac
[ -r "$SCRIPT" ] || { echo "run.sh: cannot read $SCRIPT" >&2; exit 2; }

CACHE=${KCLIENT_CACHE:-$HOME/.cache/cephgw-kclient}
TIMEOUT=${KCLIENT_TIMEOUT:-600}
NET=${KCLIENT_NET:-user}
fail() { echo "run.sh: $*" >&2; exit 125; }
[ -s "$CACHE/initramfs.cpio.gz" ] || fail "no guest in $CACHE; run scripts/kclient/build.sh"
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 missing; run scripts/kclient/build.sh"

# ---------------------------------------------------------------- mount options
NFS_PATH=/ VERS=4.1 MORE=""
IFS=, read -r -a extra <<< "$OPTS_IN"
for o in "${extra[@]}"; do
    case $o in
        '') ;;
        path=*) NFS_PATH=${o#path=} ;;
        vers=*|nfsvers=*) VERS=${o#*=} ;;   # one vers= in the options, so the log is unambiguous
        *) MORE="$MORE,$o" ;;
    esac
done
OPTS="vers=$VERS,proto=tcp,port=$PORT$MORE"

# ---------------------------------------------------------------- accelerator
# /dev/kvm being present is not enough: on some cloud VMs it is a software nesting module
# (e.g. kvm_pvm) that rejects -cpu host or takes minutes to boot. So "auto" boots the kernel
# once under KVM without an initramfs and accepts KVM only if the expected "unable to mount
# root" panic arrives within 20 s. The verdict is cached per host kernel / qemu / guest kernel.
KERNEL=$CACHE/vmlinux
[ -f "$KERNEL" ] || KERNEL=$CACHE/vmlinuz
ACCEL=${KCLIENT_ACCEL:-auto}
if [ "$ACCEL" = auto ]; then
    key="$(uname -r)|$(qemu-system-x86_64 --version | sed -n 1p)|$(stat -c %s "$KERNEL")"
    if [ "$(sed -n 1p "$CACHE/accel" 2>/dev/null)" = "$key" ]; then
        ACCEL=$(sed -n 2p "$CACHE/accel")
    else
        ACCEL=tcg
        if [ -w /dev/kvm ]; then
            echo "run.sh: probing KVM (once)" >&2
            probe=$(timeout -k 2 20 qemu-system-x86_64 -enable-kvm -cpu host -m 256 -nodefaults -no-user-config \
                        -display none -no-reboot -serial stdio -kernel "$KERNEL" \
                        -append "console=ttyS0 panic=-1" </dev/null 2>&1 || true)
            case $probe in *"Kernel panic"*) ACCEL=kvm ;; esac
        fi
        printf '%s\n%s\n' "$key" "$ACCEL" > "$CACHE/accel"
    fi
fi
case $ACCEL in
    kvm) ACCEL_ARGS=(-enable-kvm -cpu host) ;;
    # qemu64 rather than max: with ERMS/FSRM advertised the guest copies user data with
    # "rep movsb", which TCG emulates ~3x slower than the plain copy loops.
    tcg) ACCEL_ARGS=(-accel tcg,thread=multi -cpu qemu64) ;;
    *) echo "run.sh: KCLIENT_ACCEL must be auto, kvm or tcg" >&2; exit 2 ;;
esac

# ---------------------------------------------------------------- per-run files + cleanup
mkdir -p "$CACHE/runs"
RUN=$(mktemp -d "$CACHE/runs/XXXXXX")
QPID="" PASST_PID="" TAIL_PID=""
cleanup() {
    set +e      # best effort: one step failing (e.g. a process already gone) must not skip the rest
    # stop only what this run started, by pid
    # QPID is our timeout(1), which passes TERM on to its qemu child
    [ -n "$QPID" ] && kill -TERM "$QPID" 2>/dev/null
    [ -n "$PASST_PID" ] && kill -TERM "$PASST_PID" 2>/dev/null
    [ -n "$TAIL_PID" ] && kill -TERM "$TAIL_PID" 2>/dev/null
    rm -rf "$RUN"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM HUP

TOKEN=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
mkdir -p "$RUN/root/kclient"
cp "$SCRIPT" "$RUN/root/kclient/script.sh"
{
    echo "KC_TOKEN=$TOKEN"
    echo "KC_HOSTNAME=kc-${KCLIENT_ID:-$TOKEN}"    # also the NFSv4 client identity (nfs4_unique_id)
    echo "KC_SERVER=10.0.2.2 KC_MNT=/mnt"
    printf 'KC_PATH=%q\nKC_OPTS=%q\n' "$NFS_PATH" "$OPTS"
    # pass the workload's parameters through
    while IFS='=' read -r k _; do printf 'export %s=%q\n' "$k" "${!k}"; done < <(env | grep -E '^KCT_[A-Za-z0-9_]+=' || true)
} > "$RUN/root/kclient/config"

case $NET in
user)   # qemu's built-in slirp: always available, MTU 1500
    NET_ARGS=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0,romfile=) ;;
passt)  # optional: MTU 65520 means far fewer packets for the emulated guest (2-3x the MB/s)
    command -v passt >/dev/null || fail "KCLIENT_NET=passt needs the passt package"
    chmod 711 "$RUN"; mkdir "$RUN/passt"
    # passt drops root to nobody and must still reach its socket directory
    [ "$(id -u)" = 0 ] && chown nobody "$RUN/passt"
    passt -f -q -4 -1 -s "$RUN/passt/sock" -a 10.0.2.15 -n 24 -g 10.0.2.2 -t none -u none \
        --no-dhcp-dns --no-dhcp-search >"$RUN/passt.log" 2>&1 &
    PASST_PID=$!
    for _ in $(seq 50); do [ -S "$RUN/passt/sock" ] && break; sleep 0.1; done
    [ -S "$RUN/passt/sock" ] || fail "passt did not start: $(cat "$RUN/passt.log")"
    NET_ARGS=(-netdev "stream,id=n0,server=off,addr.type=unix,addr.path=$RUN/passt/sock"
              -device virtio-net-pci,netdev=n0,romfile=)
    echo "KC_MTU=65520" >> "$RUN/root/kclient/config" ;;
*) echo "run.sh: KCLIENT_NET must be user or passt" >&2; exit 2 ;;
esac

# The kernel unpacks concatenated cpio archives in order: the base image plus our small one.
(cd "$RUN/root" && find . | "$CACHE/busybox" cpio -o -H newc 2>/dev/null) | gzip -1 > "$RUN/extra.gz"
cat "$CACHE/initramfs.cpio.gz" "$RUN/extra.gz" > "$RUN/initrd.gz"

# ---------------------------------------------------------------- boot
echo "run.sh: accel=$ACCEL net=$NET kernel=${KERNEL##*/} mount 10.0.2.2:$NFS_PATH -o $OPTS (token $TOKEN)" >&2
START=$SECONDS
CONSOLE=$RUN/console
# Boot watchdog: rarely, a guest under TCG hangs while booting (nothing after "Booting from ROM")
# and would sit out the whole timeout; one that has not started its script within
# KCLIENT_BOOT_TIMEOUT is killed and booted again (KCLIENT_BOOT_TRIES boots in all).
BOOT_TIMEOUT=${KCLIENT_BOOT_TIMEOUT:-120}
BOOT_TRIES=${KCLIENT_BOOT_TRIES:-2}
for try in $(seq "$BOOT_TRIES"); do
    : > "$CONSOLE"
    # stdin from /dev/null: qemu must never touch the caller's terminal; serial on stdout.
    timeout -k 5 "$TIMEOUT" qemu-system-x86_64 "${ACCEL_ARGS[@]}" -M pc -m "${KCLIENT_MEM:-1024}" \
        -smp "${KCLIENT_SMP:-2}" -nodefaults -no-user-config -nographic -no-reboot -serial stdio \
        "${NET_ARGS[@]}" -kernel "$KERNEL" -initrd "$RUN/initrd.gz" \
        -append "console=ttyS0 loglevel=4 panic=-1 rdinit=/init tsc=reliable i8042.noaux i8042.nokbd" \
        </dev/null >"$CONSOLE" 2>&1 &
    QPID=$!
    [ "$try" -lt "$BOOT_TRIES" ] || break
    started=0
    for _ in $(seq $((BOOT_TIMEOUT * 5))); do
        # started its script, or ended (judged below)
        if grep -q "@@KC $TOKEN BEGIN" "$CONSOLE" || ! kill -0 "$QPID" 2>/dev/null; then
            started=1
            break
        fi
        sleep 0.2
    done
    [ "$started" = 1 ] && break
    echo "run.sh: the guest did not start its script within ${BOOT_TIMEOUT}s (boot $try of $BOOT_TRIES hung); booting again" >&2
    kill -TERM "$QPID" 2>/dev/null || true
    wait "$QPID" 2>/dev/null || true
    QPID=""
done

# Stream the script's output while it runs (long workloads should not look hung). The guest
# console has CRs and firmware escape sequences; only this run's marked section goes to stdout.
clean() { tr -d '\r' | sed -u 's/\x1b[c]//g; s/\x1b\[[0-9;?]*[A-Za-z]//g'; }
tail -n +1 -s 0.2 -f --pid="$QPID" "$CONSOLE" | clean | awk -v t="$TOKEN" -v v="${KCLIENT_VERBOSE:-0}" '
    v == 1 { print > "/dev/stderr" }
    $1 == "@@KC" && $2 == t {
        if ($3 == "BEGIN") on = 1
        else if ($3 == "END") on = 0
        else if ($3 == "OPS") { sub(/^@@KC [^ ]+ OPS/, "KCLIENT ops"); print }
        else if ($3 == "UMOUNT") print "KCLIENT umount " $4
        fflush(); next }
    on { print; fflush() }' &
TAIL_PID=$!
set +e
wait "$QPID"
QRC=$?
set -e
QPID=""
wait "$TAIL_PID" || true
TAIL_PID=""
[ -n "${KCLIENT_LOG:-}" ] && clean < "$CONSOLE" > "$KCLIENT_LOG"

WALL=$((SECONDS - START))
if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then
    echo "run.sh: TIMEOUT after ${TIMEOUT}s" >&2
    clean < "$CONSOLE" | tail -30 >&2
    exit 124
fi
RC=$(clean < "$CONSOLE" | awk -v t="$TOKEN" '$1 == "@@KC" && $2 == t && $3 == "RESULT" { sub("rc=", "", $4); r = $4 } END { print r }')
if [ -z "$RC" ]; then
    echo "run.sh: the guest ended without a result (qemu rc=$QRC); console tail:" >&2
    clean < "$CONSOLE" | tail -40 >&2
    exit 125
fi
if [ "$RC" = 200 ] || [ "$RC" = 201 ]; then
    echo "run.sh: guest setup/mount failed (rc=$RC); console tail:" >&2
    clean < "$CONSOLE" | tail -25 >&2
fi
echo "run.sh: rc=$RC wall=${WALL}s" >&2
exit "$RC"
