# The kernel client's side of GraceKernelClientTest (busybox sh in the qemu guest, cwd = the
# mount of head a; mount with lookupcache=positive so the marker the host puts is seen at once).
# Holds state across a crash of head a:
#   1. writes KCT_MB MiB to data with fsync (WRITE + COMMIT), checksummed beforehand;
#   2. takes a whole-file fcntl write lock on lockf (OPEN + LOCK), creates the marker "locked" and
#      waits, holding the lock, for the host's "release" (the host kills head a with -9 and
#      restarts it meanwhile; the kernel reclaims its open and lock and sends RECLAIM_COMPLETE);
#   3. unlocks (LOCKU through the reclaimed lock state), drops its caches and reads data back
#      from the server: the md5 must be what it wrote before the crash;
#   4. writes a new file: new state is granted again once the grace period is over.
# Env: KCT_DIR (relative to the export root, must not exist yet), KCT_MB (4).
# Output: "KCT check NAME PASS|FAIL detail" lines (as workload.sh); exit status = failed checks.
set -u
D=${KCT_DIR:?}
MB=${KCT_MB:-4}
fails=0
checks=0
pass() { checks=$((checks + 1)); echo "KCT check $1 PASS $2"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }

echo "KCT kernel=$(uname -r)"
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"
[ ! -e "$D" ] || { fail setup "$D already exists"; exit 1; }
mkdir "$D" && cd "$D" || { fail setup "mkdir $D"; exit 1; }

dd if=/dev/urandom of=/tmp/src bs=1M count="$MB" 2>/dev/null
want=$(md5sum /tmp/src | cut -c1-32)
dd if=/tmp/src of=data bs=1M conv=fsync 2>/tmp/dd.err
expect grace-write-rc "$?" 0
rm -f /tmp/src

# the lock is held from here until "release" exists (kc-helper waits at most 120 s for it)
t0=$(kc-helper now)
kc-helper hold fcntl lockf locked release
expect grace-lock-held-and-unlocked "$?" 0
echo "KCT held_s=$(awk -v a="$t0" -v b="$(kc-helper now)" 'BEGIN { printf "%.1f", b - a }')"

sync
echo 3 > /proc/sys/vm/drop_caches
expect grace-data-md5 "$(md5sum data | cut -c1-32)" "$want"
expect grace-data-size "$(stat -c %s data)" $((MB * 1048576))

# new state after the grace period: OPEN (create), WRITE, COMMIT
dd if=/dev/zero of=after bs=64k count=1 conv=fsync 2>/tmp/dd.err
expect grace-new-file-after-grace "$?" 0
kc-helper try fcntl lockf
expect grace-relock-after-release "$?" 0

echo "KCT checks=$checks failed=$fails"
exit $fails
