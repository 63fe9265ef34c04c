# Client A of bench/compare-recovery.sh (busybox sh in the kernel-client guest, cwd = the mount of
# head a, mounted with lookupcache=positive so the host's marker is seen at once). An application
# that writes through the restart of its server, as src/test/kclient/grace-fsync.sh:
#   1. creates $KCT_DIR, takes a whole-file fcntl write lock on "data" there and appends
#      KCT_BS-byte blocks, each followed by fsync, with no pause to speak of (marker "writing" once
#      it runs), while the host stops head a and starts it again;
#   2. stops at the host's "release" (or at the first failed write or fsync) and unlocks; prints
#      "KCT appendsync blocks=N reads=0 errors=E mismatches=0 max_stall_s=S ..." with S, the longest time between two
#      completed write+fsync (the guest's CLOCK_MONOTONIC): the restart, as the application saw it;
#   3. drops its caches and reads every block back from the server.
# Client B (bench/guest-lockprobe.sh, on head b) asks for the same lock all along; it must never
# get it while this script holds it.
# Output: the appendsync line, "KCT check NAME PASS|FAIL detail" lines; exit status = failed checks.
set -u
D=${KCT_DIR:?}
BS=${KCT_BS:-16384}
fails=0
check() { if [ "$2" = "$3" ]; then echo "KCT check $1 PASS $2"; else fails=$((fails + 1)); echo "KCT check $1 FAIL got '$2' want '$3'"; fi; }

echo "KCT kernel=$(uname -r)"
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"
[ ! -e "$D" ] || { echo "KCT check setup FAIL $D already exists"; exit 1; }
mkdir "$D" && cd "$D" || { echo "KCT check setup FAIL mkdir $D"; exit 1; }

kc-helper appendsync data "$BS" writing release > /tmp/appendsync.out 2>&1
rc=$?
cat /tmp/appendsync.out
check appends-without-error "$rc" 0
n=$(sed -n 's/^KCT appendsync blocks=\([0-9]*\) .*/\1/p' /tmp/appendsync.out)
[ -n "$n" ] || n=0

sync
echo 3 > /proc/sys/vm/drop_caches
kc-helper checkblocks data "$BS" "$n"
check data-intact "$?" 0
exit $fails
