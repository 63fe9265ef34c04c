# Guest side of bench/compare-recovery.sh (runs in the kernel-client guest, busybox sh, cwd = the
# mount of head a). Holds state across a crash of the server: writes 4 MiB with fsync (COMMIT),
# takes a whole-file fcntl write lock on lockf, creates $KCT_DIR/locked, and waits (the host kills
# and restarts the server meanwhile, and the kernel client reclaims its open and lock) until the
# host creates $KCT_DIR/release; then unlocks and checks the data it wrote before the crash.
# Prints "KCT check NAME PASS|FAIL detail"; exit status = failed checks.
set -u
D=${KCT_DIR:?}
fails=0
check() { if [ "$2" = "$3" ]; then echo "KCT check $1 PASS $2"; else fails=$((fails + 1)); echo "KCT check $1 FAIL got '$2' want '$3'"; fi; }
mkdir -p "$D" || exit 1
cd "$D" || exit 1
dd if=/dev/urandom of=data bs=1M count=4 conv=fsync 2>/dev/null
before=$(md5sum data | cut -d' ' -f1)
# hold: lock, create "locked", wait for "release" (at most 120 s), unlock
kc-helper hold fcntl lockf locked release
check recovery-lock-held "$?" 0
echo 3 > /proc/sys/vm/drop_caches
check recovery-data "$(md5sum data | cut -d' ' -f1)" "$before"
rm -f locked release
exit $fails
