# Byte-range lock coherence between the kernel NFS client (through the gateway's CephFS
# export) and a second, independent CephFS client on the host (scripts/cephfs-client.py lock,
# ceph_ll_setlk on its own libcephfs mount). Run by CephKernelClientTest, which plays the host
# side concurrently; hand-over through marker files in $KCT_DIR (lookupcache=positive).
#
#   A  guest  holds a whole-file fcntl write lock on lockf (LOCK through the gateway), creates
#             guest-locked
#      host   "cephfs-client.py lock lockf 0 0" must answer conflict (exit 1); puts host-probed
#      guest  unlocks (LOCKU), creates guest-unlocked
#      host   the same lock must now succeed (exit 0)
#   B  host   holds a whole-file write lock on lockf through libcephfs; puts host-locked
#      guest  non-blocking fcntl lock (LOCK) and F_GETLK (LOCKT) must both see the conflict
#             -> checks ceph-lock-held-try, ceph-lock-held-getlk; creates guest-probed
#      host   releases its lock; puts host-unlocked
#      guest  the non-blocking lock must now succeed -> check ceph-lock-released
#
# Env: KCT_DIR (relative to the export root; the host created it and lockf in it).
# Output/exit status as in workload.sh.
set -u
D=${KCT_DIR:?}
fails=0
checks=0
pass() { checks=$((checks + 1)); echo "KCT check $1 PASS $2"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }
wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }
bail() { fail ceph-lock-handover "$1"; echo "KCT checks=$checks failed=$fails"; exit $fails; }

cd "$D" || { fail setup "cd $D"; exit 1; }
[ -e lockf ] || { fail setup "lockf missing"; exit 1; }

# ---- A: the guest holds, the host probes
kc-helper hold fcntl lockf guest-locked host-probed &
holder=$!
wait_for guest-locked || { kill $holder 2>/dev/null; bail "the guest never got its own lock"; }
wait $holder
expect ceph-lock-guest-holder "$?" 0
: > guest-unlocked

# ---- B: the host holds, the guest probes
wait_for host-locked || bail "host-locked never appeared"
kc-helper try fcntl lockf; expect ceph-lock-held-try "$?" 1
kc-helper getlk lockf; expect ceph-lock-held-getlk "$?" 1
: > guest-probed
wait_for host-unlocked || bail "host-unlocked never appeared"
kc-helper try fcntl lockf; expect ceph-lock-released "$?" 0
kc-helper getlk lockf; expect ceph-lock-released-getlk "$?" 0
echo "KCT checks=$checks failed=$fails"
exit $fails
