# The kernel client's side of HeadRestartKernelClientTest (busybox sh in the qemu guest, cwd = the
# mount of head a; mount with lookupcache=positive so the marker the host puts is seen at once).
# An application that must never see an error while its server restarts (a database on NFS
# treats a failed fsync as fatal):
#   1. takes a whole-file fcntl write lock on "data" and appends KCT_BS-byte blocks, each followed
#      by fsync, with no pause to speak of: writes are in flight whenever the host stops head a
#      (SIGTERM or kill -9, then a restart); marker "writing" once it runs;
#   2. stops at the host's "release" (or at the first failed write or fsync), then unlocks;
#   3. drops its caches and reads every block back from the server: all must be intact;
#   4. takes the lock again (the grace period is over).
# Env: KCT_DIR (relative to the export root, must not exist yet), KCT_BS (16384).
# Output: "KCT check NAME PASS|FAIL detail" lines (as workload.sh), the appendsync line with the
# longest stall between two completed write+fsync; exit status = failed checks.
set -u
D=${KCT_DIR:?}
BS=${KCT_BS:-16384}
fails=0
checks=0
pass() { checks=$((checks + 1)); echo "KCT check $1 PASS $2"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }

echo "KCT kernel=$(uname -r)"
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"
[ ! -e "$D" ] || { fail setup "$D already exists"; exit 1; }
mkdir "$D" && cd "$D" || { fail setup "mkdir $D"; exit 1; }

kc-helper appendsync data "$BS" writing release > /tmp/appendsync.out 2>&1
rc=$?
cat /tmp/appendsync.out
expect fsync-appends-without-error "$rc" 0
n=$(sed -n 's/^KCT appendsync blocks=\([0-9]*\) .*/\1/p' /tmp/appendsync.out)
[ -n "$n" ] || n=0

sync
echo 3 > /proc/sys/vm/drop_caches
kc-helper checkblocks data "$BS" "$n"
expect fsync-data-intact "$?" 0
kc-helper try fcntl data
expect fsync-relock-after-release "$?" 0

echo "KCT checks=$checks failed=$fails"
exit $fails
