#!/bin/bash
# Crash recovery of one head of a two-head cluster over CephFS, our gateway against an
# nfs-ganesha 4.3 pair (FSAL_CEPH, RecoveryBackend rados_cluster), on the project's one-machine
# Ceph (scripts/ceph-dev-cluster.sh), with the same kernel client:
#
#   bench/compare-recovery.sh          # after mvn package (gateway/target/gateway.jar)
#
# Per server and round: a kernel client in qemu (bench/guest-recovery.sh) mounts head a, writes
# 4 MiB with fsync and holds a whole-file fcntl lock; the host then SIGKILLs head a and starts it
# again at once (same node id, port and configuration), and measures from the kill
#   serve  — until head a executes NFSv4.1 COMPOUNDs again
#   lift   — until the grace database shows the grace period the restart opened as over
#            (cur beyond the epoch before the kill and rec = 0)
# then lets the guest unlock (its lock must have been reclaimed) and check its data. Prints each
# round and the medians. The heads of each cluster share one CephFS directory and a grace object
# of their own (grace-<server>-<run> in the dev cluster's pool/namespace, heads added first with
# each side's own tool); both use client.cephgw and the default 90 s grace period, so an early
# lift (every client reclaimed) is what keeps "lift" short.
# Our heads each form a Pekko cluster of one (the grace database alone coordinates them, as for
# the ganesha pair).
# The guest polls for the host's "release" marker by name all the while; lookupcache=positive
# makes each poll a LOOKUP, so the client notices the restart at once (with negative entries
# cached it would not talk to the server for up to a minute, and that idle time, not the server,
# would be measured).
# Env: ROUNDS (5)  ONLY=ours|ganesha  MOUNT_OPTS (vers=4.1,lookupcache=positive)  JAR (gateway/target/gateway.jar,
#      copied)  GW_JAVA_OPTS  KCLIENT_* (scripts/kclient/run.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
OPTS=${MOUNT_OPTS:-vers=4.1,lookupcache=positive}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
ONLY=${ONLY:-}
CLUSTER=$ROOT/scripts/ceph-dev-cluster.sh
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
PROBE=$ROOT/bench/recovery-probe.py
RUN=$$-$(date +%s)
W=$(mktemp -d /tmp/cephgw-recovery.XXXXXX)
STARTED_CLUSTER=0
declare -A GW_PID=()
GANESHA_PORTS=() DIRS=() OIDS=()

log() { echo "compare-recovery: $*" >&2; }
# Stopped heads of both kinds leave their CephFS sessions for a successor to reclaim (that is the
# point of the exercise), and those sessions keep their caps for the MDS session timeout (300 s):
# evict the ones of this run (their client uuid names the run's node ids) so nothing else stalls.
evict_run_sessions() {
    timeout 30 ceph tell "mds.$CEPH_DEV_FS:0" session ls 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if sys.argv[1] in s.get("client_metadata", {}).get("uuid", ""):
        print(s["id"])' "$RUN" | while read -r id; do
        timeout 30 ceph tell "mds.$CEPH_DEV_FS:0" client evict id="$id" >/dev/null 2>&1 || log "could not evict session $id"
    done
}
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cleanup() {
    set +e
    for h in "${!GW_PID[@]}"; do kill -TERM "${GW_PID[$h]}" 2>/dev/null; done
    for h in "${!GW_PID[@]}"; do wait "${GW_PID[$h]}" 2>/dev/null; done
    for p in "${GANESHA_PORTS[@]}"; do GANESHA_CEPH_KEEP=1 "$ROOT/bench/ganesha-ceph.sh" stop "$p"; done
    evict_run_sessions
    for d in "${DIRS[@]}"; do "$HOSTPY" rmtree "$d"; done
    for o in "${OIDS[@]}"; do
        rados -p "$CEPH_DEV_META_POOL" -N "$CEPH_DEV_NAMESPACE" ls 2>/dev/null | grep -E "^($o\$|rec-[0-9a-f]{16}:.*$RUN\$)" \
            | while read -r obj; do rados -p "$CEPH_DEV_META_POOL" -N "$CEPH_DEV_NAMESPACE" rm "$obj"; done
    done
    [ "$STARTED_CLUSTER" = 1 ] && "$CLUSTER" down
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "$CLUSTER" env >/dev/null 2>&1; then
    log "starting the dev cluster (stopped again at the end)"
    STARTED_CLUSTER=1
    "$CLUSTER" up >/dev/null
fi
eval "$("$CLUSTER" env)"
"$ROOT/scripts/kclient/build.sh"

# ---------------------------------------------------------------- our heads
start_ours() { # NAME: launch the head (in the background) with the config written by setup_ours
    local h=$1
    # shellcheck disable=SC2086  # GW_JAVA_OPTS: several words on purpose
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF java -Dpekko.remote.artery.canonical.port=0 \
        -Dgateway.state-dir="$W/$h/state" ${GW_JAVA_OPTS:-} -jar "$W/gateway.jar" --config "$W/$h/gateway.conf" \
        --port "$(cat "$W/$h/port")" --bind 127.0.0.1 --management-port "$(cat "$W/$h/mport")" >> "$W/$h/gateway.log" 2>&1 &
    GW_PID[$h]=$!
}
setup_ours() { # NAME NODEID HEAD_INDEX DIR OID
    local h=$1
    mkdir -p "$W/$h"
    free_port > "$W/$h/port"; free_port > "$W/$h/mport"
    cat > "$W/$h/gateway.conf" <<EOF
gateway {
  node-id = "$2", head-index = $3
  idmap.numeric-owners = true
  grace {
    store = "rados"
    rados { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING",
            pool = "$CEPH_DEV_META_POOL", namespace = "$CEPH_DEV_NAMESPACE", oid = "$5" }
  }
  exports = [ {
    id = 1, pseudo = "/", path = "$4", backend = "cephfs", squash = "none"
    ceph { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING", fs = "$CEPH_DEV_FS" }
  } ]
}
EOF
}

# ---------------------------------------------------------------- one round
# SERVER PORT_A KILL_CMD RESTART_CMD OID DIR ROUND: prints "RECOVERY server serve=S lift=S"
round() {
    local server=$1 port=$2 kill_cmd=$3 restart_cmd=$4 oid=$5 dir=$6 r=$7
    local sub=r$r-$server c0 t0 t_serve t_lift rc
    KCT_DIR=$sub "$ROOT/scripts/kclient/run.sh" "$port" "$ROOT/bench/guest-recovery.sh" "$OPTS" > "$W/guest-$sub.log" 2>&1 &
    local guest=$!
    if ! "$HOSTPY" wait "$dir/$sub/locked" 240 >/dev/null; then
        log "$server round $r: the guest never took its lock"; cat "$W/guest-$sub.log" >&2; return 1
    fi
    c0=$("$PROBE" epoch --oid "$oid")
    t0=$("$PROBE" now)
    $kill_cmd
    $restart_cmd
    t_serve=$("$PROBE" serving --port "$port" --timeout 300) || { log "$server round $r: head a never served again"; return 1; }
    t_lift=$("$PROBE" lifted --oid "$oid" --after "$c0" --timeout 300) || { log "$server round $r: grace never lifted"; return 1; }
    "$HOSTPY" put "$dir/$sub/release" < /dev/null
    rc=0; wait "$guest" || rc=$?
    if [ "$rc" != 0 ] || ! grep -q "KCT check recovery-data PASS" "$W/guest-$sub.log"; then
        log "$server round $r: guest failed (rc=$rc):"; grep -E "KCT|run.sh|hold" "$W/guest-$sub.log" >&2; return 1
    fi
    awk -v s="$server" -v a="$t0" -v b="$t_serve" -v c="$t_lift" \
        'BEGIN { printf "RECOVERY %s serve=%.2f lift=%.2f\n", s, b - a, c - a }' | tee -a "$W/results"
}

if [ "$ONLY" != ganesha ]; then
    [ -f "$JAR" ] || { log "$JAR missing (mvn -B package -DskipTests), or ONLY=ganesha"; exit 1; }
    cp "$JAR" "$W/gateway.jar"
    OID=grace-ours-$RUN DIR=/bench-recovery-ours-$RUN
    OIDS+=("$OID"); DIRS+=("$DIR")
    "$HOSTPY" mkdirs "$DIR" 755
    java -jar "$W/gateway.jar" grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
        --ns "$CEPH_DEV_NAMESPACE" --oid "$OID" add "oa-$RUN" "ob-$RUN"
    setup_ours a "oa-$RUN" 0 "$DIR" "$OID"
    setup_ours b "ob-$RUN" 1 "$DIR" "$OID"
    start_ours a; start_ours b
    "$PROBE" serving --port "$(cat "$W/a/port")" --timeout 120 >/dev/null || { log "ours: head a not serving"; tail -30 "$W/a/gateway.log" >&2; exit 1; }
    "$PROBE" serving --port "$(cat "$W/b/port")" --timeout 120 >/dev/null || { log "ours: head b not serving"; tail -30 "$W/b/gateway.log" >&2; exit 1; }
    kill_ours() { kill -KILL "${GW_PID[a]}"; wait "${GW_PID[a]}" 2>/dev/null || true; }
    restart_ours() { start_ours a; }
    for r in $(seq "$ROUNDS"); do
        round ours "$(cat "$W/a/port")" kill_ours restart_ours "$OID" "$DIR" "$r"
    done
fi

if [ "$ONLY" != ours ]; then
    OID=grace-ganesha-$RUN DIR=/bench-recovery-ganesha-$RUN
    OIDS+=("$OID"); DIRS+=("$DIR")
    # the tool sometimes crashes at exit after doing its work (a known 4.3 problem): retry
    for _ in 1 2 3; do
        rc=0; ganesha-rados-grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
            --ns "$CEPH_DEV_NAMESPACE" --oid "$OID" add "ga-$RUN" "gb-$RUN" || rc=$?
        [ "$rc" -lt 128 ] && break
    done
    GA=$(free_port) GB=$(free_port)
    GANESHA_PORTS+=("$GA" "$GB")
    export GANESHA_GRACE_OID=$OID GANESHA_CEPH_PATH=$DIR
    GANESHA_NODEID=ga-$RUN "$ROOT/bench/ganesha-ceph.sh" start "$GA"
    GANESHA_NODEID=gb-$RUN "$ROOT/bench/ganesha-ceph.sh" start "$GB"
    kill_ganesha() { "$ROOT/bench/ganesha-ceph.sh" kill "$GA"; }
    restart_ganesha() { "$ROOT/bench/ganesha-ceph.sh" restart "$GA" > "$W/ganesha-restart.log" 2>&1 & }
    for r in $(seq "$ROUNDS"); do
        round ganesha "$GA" kill_ganesha restart_ganesha "$OID" "$DIR" "$r"
    done
fi

echo "median of $ROUNDS rounds, seconds from SIGKILL of head a (restarted at once):"
awk '
    { split($3, s, "="); split($4, l, "="); serve[$2] = serve[$2] " " s[2]; lift[$2] = lift[$2] " " l[2]; seen[$2] = 1 }
    function median(list,   a, n, i, j, t) {
        n = split(list, a, " ")
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n == 0 ? "-" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
    }
    END {
        printf "%-10s %10s %10s\n", "", "serving", "lifted"
        for (k in seen) printf "%-10s %10s %10s\n", k, median(serve[k]), median(lift[k])
    }' "$W/results"
