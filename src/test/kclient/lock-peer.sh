# Lock conflict between two NFS clients: KernelClientTest boots two guests at once, each
# running this script on the same export. Between processes of ONE client the kernel settles
# lock conflicts by itself; only a second client makes the server's lock manager decide
# (LOCK/LOCKT answered with NFS4ERR_DENIED, then granted after the holder's LOCKU).
# Mount with lookupcache=none,actimeo=0 so each guest sees the other's marker files at once.
# Env: KCT_DIR (shared directory, relative to the export; both guests use the same one).
# Output/exit status as in workload.sh.
set -u
D=${KCT_DIR:?}
fails=0
pass() { echo "KCT check $1 PASS $2"; }
fail() { fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }
# wait_for FILE: up to 120 s (the other guest may boot much later under TCG)
wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }

mkdir -p "$D" 2>/dev/null; cd "$D" || { fail setup "cd $D"; exit 1; }
if mkdir holder 2>/dev/null; then           # atomic on the server: exactly one guest wins
    echo "KCT role=holder"
    echo data > f
    kc-helper hold fcntl f ready release
    expect peer-holder "$?" 0
    : > released
else
    echo "KCT role=prober"
    wait_for ready || { fail peer-setup "the holder never reported its lock"; exit 1; }
    kc-helper getlk f >/dev/null; expect peer-getlk-held "$?" 1
    kc-helper try fcntl f >/dev/null; expect peer-fcntl-held "$?" 1
    kc-helper try flock f >/dev/null; expect peer-flock-held "$?" 1
    : > release
    wait_for released || { fail peer-release "the holder did not unlock"; exit 1; }
    kc-helper try fcntl f >/dev/null; expect peer-fcntl-released "$?" 0
    kc-helper getlk f >/dev/null; expect peer-getlk-released "$?" 0
fi
exit $fails
