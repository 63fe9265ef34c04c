# The kernel client's side of RollingRestartKernelClientTest (busybox sh in the qemu guest, cwd =
# the mount; mount with lookupcache=positive so the markers the host and the other guest put are
# seen at once). An application that must see no error and lose no byte while every gateway node
# restarts in turn, as a StatefulSet update does:
#   1. kc-helper rollwork: a whole-file fcntl write lock on KCT_DIR/data held for the whole run,
#      blocks appended each followed by fsync, and after every second block an earlier block read
#      back from the server (O_DIRECT) and checked; marker KCT_DIR/writing once it runs; until the
#      host's KCT_RELEASE;
#   2. meanwhile, once the other guest writes (KCT_PEER/writing), every second a non-blocking
#      fcntl lock attempt on the other guest's file (kc-helper lockprobe): while the other guest
#      holds its lock (before the release) no attempt may get it — the lock was held across the roll;
#   3. drops its caches and reads every block back: all must be intact; takes the lock again.
# Env: KCT_DIR (must not exist yet), KCT_PEER (the other guest's KCT_DIR), KCT_RELEASE (marker
# path, relative to the export root), KCT_BS (16384).
# Output: "KCT check NAME PASS|FAIL detail" lines, the rollwork line (longest stall between two
# completed operations), a peerlock summary; exit status = failed checks.
set -u
D=${KCT_DIR:?}
P=${KCT_PEER:?}
R=$(pwd)/${KCT_RELEASE:?}
BS=${KCT_BS:-16384}
fails=0
checks=0
pass() { checks=$((checks + 1)); echo "KCT check $1 PASS $2"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }

echo "KCT kernel=$(uname -r)"
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"
[ ! -e "$D" ] || { fail setup "$D already exists"; exit 1; }
mkdir "$D" || { fail setup "mkdir $D"; exit 1; }

kc-helper rollwork "$D/data" "$BS" "$D/writing" "$R" > /tmp/rollwork.out 2>&1 &
worker=$!

# the other guest's lock, tried every second (an attempt the kernel keeps retrying in a grace
# period is ended after 20 s) until the release
i=0
while [ ! -e "$P/writing" ] && [ $i -lt 600 ]; do sleep 1; i=$((i + 1)); done
kc-helper lockprobe "$P/data" 1 20 "$D/probing" "$D/no-mark" "$R" > /tmp/lockprobe.out 2>&1
probe_rc=$?

wait $worker
rc=$?
cat /tmp/rollwork.out
expect roll-io-without-error "$rc" 0
n=$(sed -n 's/^KCT rollwork blocks=\([0-9]*\) .*/\1/p' /tmp/rollwork.out)
[ -n "$n" ] || n=0

sed 's/^KCT try /probe /' /tmp/lockprobe.out
attempts=$(grep -c '^KCT try ' /tmp/lockprobe.out)
conflicts=$(grep -c '^KCT try .* rc=1 ' /tmp/lockprobe.out)
granted_held=$(grep -c '^KCT try .* rc=0 .*released=0' /tmp/lockprobe.out)
killed=$(grep -c '^KCT try .* rc=137 ' /tmp/lockprobe.out)
echo "KCT peerlock attempts=$attempts conflicts=$conflicts granted_while_held=$granted_held killed=$killed probe_rc=$probe_rc"
expect peer-lock-never-granted "$granted_held" 0
if [ "$conflicts" -gt 0 ]; then pass peer-lock-probed "$conflicts conflicts"; else fail peer-lock-probed "no attempt saw the lock held"; fi

sync
echo 3 > /proc/sys/vm/drop_caches
kc-helper checkblocks "$D/data" "$BS" "$n"
expect roll-data-intact "$?" 0
kc-helper try fcntl "$D/data"
expect roll-relock-after-release "$?" 0

echo "KCT checks=$checks failed=$fails"
exit $fails
