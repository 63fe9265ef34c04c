#!/bin/bash
# Restart of one head of a two-head cluster over CephFS while kernel clients use both heads: our
# gateway against an nfs-ganesha 4.3 pair (FSAL_CEPH, RecoveryBackend rados_cluster), on the
# project's one-machine Ceph (scripts/ceph-dev-cluster.sh), with the same kernel clients:
#
#   bench/compare-recovery.sh          # after mvn package (gateway/target/gateway.jar)
#
# The pairs. Ours: heads a and b in ONE Pekko cluster (fixed remoting ports, both in
# pekko.cluster.seed-nodes of both configurations; Pekko's default seed-node-timeout), RADOS grace
# store with the default poll interval, started with a class-data-sharing archive recorded by
# "gateway.jar warm-up" as the README recommends (GW_CDS=0: without); a is started and serving
# before b starts. nfs-ganesha: two ganesha.nfsd (bench/ganesha-ceph.sh) that only share the grace
# database (and a is serving before b starts too). Each pair serves one
# CephFS directory, has a grace object of its own (grace-<server>-<run> in the dev cluster's
# pool/namespace, both heads added first with each side's own tool), uses client.cephgw and the
# default 90 s grace period (so an early lift, every client reclaimed, is what keeps it short).
#
# A round, per server and mode (kill9, sigterm), each with two kernel clients in qemu
# (scripts/kclient/run.sh; MOUNT_OPTS, default vers=4.1,lookupcache=positive: every poll for a
# marker is a LOOKUP, so the clients see the host's markers, and the restart, at once):
#   client A on head a (bench/guest-fsync.sh) takes a whole-file fcntl lock on data and appends
#     16 KiB blocks, each followed by fsync, until the host's "release"; then reads them all back;
#   client B on head b (bench/guest-lockprobe.sh) opens the same file once and every 0.5 s tries
#     the same lock without blocking (each attempt in a child process, killed after 1 s).
# Once A writes and B has tried once (their markers), the host puts the marker "stopping", and a
# second later stops head a (SIGKILL, or SIGTERM and waiting until the process exited), starts it
# again 2 s after it ended (same node id, ports, configuration), and measures on its
# CLOCK_MONOTONIC (bench/recovery-probe.py now), from the signal:
#   gone       the process has exited (SIGTERM: the drain of a clean stop)
#   listening  head a's NFS port accepts TCP connections again (polled every 20 ms)
#   serving    head a executes an empty NFSv4.1 COMPOUND again (recovery-probe.py serving)
#   lifted     the grace database shows the grace period the stop/restart opened as over (cur
#              beyond the epoch before the stop, rec = 0; recovery-probe.py lifted)
# then waits AFTER_LIFT (5 s), puts "release", and takes from the guests' output once they are
# done (their own CLOCK_MONOTONIC; it reaches the host in 4 KiB pieces, hence the markers):
#   resumed    client A's longest wait between two completed write+fsync (appendsync's
#              max_stall_s): from its last fsync before the stop until its I/O resumed, i.e. the
#              stop → A's I/O resumes (plus at most one write+fsync); "-" if A saw an error
#   heldback   the window in which head b held new locks back: from the start of the first of B's
#              attempts (those that ended after B saw "stopping") that did not answer "conflict"
#              within 1 s to the end of the last such attempt; 0 if none was held back, a "+" if
#              the last attempt before "release" was still held back. Resolution ~1.5 s (the 1 s
#              cap plus the 0.5 s interval)
# The round fails if A saw a write or fsync error or lost a block, or B ever got the lock before
# "release". Nothing on the host looks at A's file while head a is down (another CephFS client's
# stat would wait for the stopped head's caps until the MDS times its session out). Prints each
# round and the medians per server and mode (over all rounds; a "-" does not count).
# Env: ROUNDS (3)  MODES ("kill9 sigterm")  ONLY=ours|ganesha  RESTART_DELAY (2 s)  AFTER_LIFT (5 s)
#      MOUNT_OPTS (vers=4.1,lookupcache=positive)  JAR (gateway/target/gateway.jar, copied)
#      KEEP_LOGS=1 (keep the work directory and nfs-ganesha's state)  GW_CDS (1)  GW_JAVA_OPTS
#      KCLIENT_* (scripts/kclient/run.sh; KCLIENT_TIMEOUT defaults to 900 here)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-kill9 sigterm}
RESTART_DELAY=${RESTART_DELAY:-2}
AFTER_LIFT=${AFTER_LIFT:-5}
OPTS=${MOUNT_OPTS:-vers=4.1,lookupcache=positive}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
ONLY=${ONLY:-}
HELD=1.0    # s: an attempt of client B that did not answer "conflict" within this was held back
export KCLIENT_TIMEOUT=${KCLIENT_TIMEOUT:-900}
CLUSTER=$ROOT/scripts/ceph-dev-cluster.sh
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
PROBE=$ROOT/bench/recovery-probe.py
RUN=$$-$(date +%s)
W=$(mktemp -d /tmp/cephgw-recovery.XXXXXX)
STARTED_CLUSTER=0
declare -A GW_PID=()
GANESHA_PORTS=() DIRS=()
FAILED=0

for m in $MODES; do case $m in kill9|sigterm) ;; *) echo "compare-recovery: MODES: kill9 and/or sigterm, not $m" >&2; exit 2 ;; esac; done
case $ONLY in ''|ours|ganesha) ;; *) echo "compare-recovery: ONLY=ours or ONLY=ganesha" >&2; exit 2 ;; esac

log() { echo "compare-recovery: $*" >&2; }
# shellcheck source=bench/recovery-lib.sh
. "$ROOT/bench/recovery-lib.sh"
trap cleanup_heads EXIT
trap 'exit 130' INT TERM

dev_cluster_up
"$ROOT/scripts/kclient/build.sh"

# ---------------------------------------------------------------- our heads (recovery-lib.sh: start_head)
setup_ours() { # NAME NODEID HEAD_INDEX DIR OID (ports in $W/{a,b}/{port,mport,rport})
    {
        per_node_conf "$2" "$3" "$4" "$5" "$(cat "$W/a/rport")" "$(cat "$W/b/rport")"
        echo '# a two-node cluster: no split brain resolver (the survivor of a crash could down itself)'
        echo 'pekko.cluster.downing-provider-class = "org.apache.pekko.cluster.NoDowning"'
    } > "$W/$1/gateway.conf"
}
await_pair() { # NAME: wait until head NAME sees both heads Up in its Pekko cluster (60 s)
    local n=0
    for _ in $(seq 120); do
        n=$(up_members "$1"); [ "$n" = 2 ] && return 0
        sleep 0.5
    done
    log "ours: head $1 sees $n Up members in its Pekko cluster, not 2"
    return 1
}
stop_ours() { # MODE
    local pid=${GW_PID[a]}
    if [ "$1" = kill9 ]; then kill -KILL "$pid"; else kill -TERM "$pid"; fi
    for _ in $(seq 6000); do gone "$pid" && break; sleep 0.02; done
    if ! gone "$pid"; then log "ours: head a still runs 120 s after SIGTERM: SIGKILL"; kill -KILL "$pid"; FAILED=1; fi
    wait "$pid" 2>/dev/null || true
    unset 'GW_PID[a]'
}
restart_ours() { start_head a; }
restarted_ours() { # after the lift: head a back in the cluster of two
    await_pair a || { tail -20 "$W/a/gateway.log" >&2; return 1; }
}

# ---------------------------------------------------------------- nfs-ganesha heads
stop_ganesha() { # MODE
    if [ "$1" = kill9 ]; then "$ROOT/bench/ganesha-ceph.sh" kill "$GA"; else "$ROOT/bench/ganesha-ceph.sh" term "$GA"; fi
}
restart_ganesha() { # returns at once; ganesha-ceph.sh returns once it listens
    "$ROOT/bench/ganesha-ceph.sh" restart "$GA" >> "$W/ganesha-restart.log" 2>&1 &
    GANESHA_RESTART=$!
}
restarted_ganesha() {
    wait "$GANESHA_RESTART" || { log "ganesha: restart of head a failed:"; tail -5 "$W/ganesha-restart.log" >&2; return 1; }
}

# ---------------------------------------------------------------- one round
# SERVER MODE ROUND PORT_A PORT_B OID DIR: prints "RECOVERY server mode round gone= listening=
# serving= resumed= lifted= heldback= ..." (seconds) and appends it to $W/results
round() {
    local server=$1 mode=$2 r=$3 pa=$4 pb=$5 oid=$6 dir=$7
    local sub=r$r-$server-$mode
    local c0 t0 t_gone t_restart t_listen t_serve t_lift pl ps pf rca rcb bad="" s hb
    start_guests "$sub" "$pa" "$pb"
    guests_running "$server $mode round $r" "$sub" "$dir" || return 1
    local la=$LA lb=$LB ga=$GA gb=$GB
    "$HOSTPY" put "$dir/$sub/stopping" < /dev/null
    sleep 1     # a second of write+fsync and lock attempts before the stop
    c0=$("$PROBE" epoch --oid "$oid")
    t0=$("$PROBE" now)
    "stop_$server" "$mode"
    t_gone=$("$PROBE" now)
    # nothing may look at client A's file until head a is back (see the header)
    listening "$pa" 300 > "$W/$sub.listening" & pl=$!
    "$PROBE" serving --port "$pa" --timeout 300 > "$W/$sub.serving" & ps=$!
    "$PROBE" lifted --oid "$oid" --after "$c0" --timeout 400 > "$W/$sub.lifted" & pf=$!
    sleep "$RESTART_DELAY"
    t_restart=$("$PROBE" now)
    "restart_$server"
    wait "$pl" || { log "$server $mode round $r: head a's NFS port never accepted connections"; return 1; }
    wait "$ps" || { log "$server $mode round $r: head a never served again"; return 1; }
    wait "$pf" || { log "$server $mode round $r: the grace period never ended"; return 1; }
    t_listen=$(cat "$W/$sub.listening") t_serve=$(cat "$W/$sub.serving") t_lift=$(cat "$W/$sub.lifted")
    "restarted_$server" || bad+=" restart"
    sleep "$AFTER_LIFT"
    "$HOSTPY" put "$dir/$sub/release" < /dev/null
    rca=0; wait "$ga" || rca=$?
    rcb=0; wait "$gb" || rcb=$?

    s=$(appendsync_stall "$la")
    if [ "$rca" != 0 ] || ! grep -q "KCT check data-intact PASS" "$la" || ! grep -q "KCT check appends-without-error PASS" "$la"; then
        bad+=" client-a(rc=$rca)"; grep -E "KCT|run.sh" "$la" >&2 || true
    fi
    # window of client B's held-back attempts, among those that ended after it saw "stopping"
    hb=$(lockprobe_summary "$lb" "$HELD")
    case $hb in *" acquired=0 errors=0") ;; *) bad+=" client-b" ;; esac
    if [ "$rcb" != 0 ]; then bad+=" client-b(rc=$rcb)"; fi
    case $bad in *client-b*) grep -E "KCT|run.sh" "$lb" >&2 || true ;; esac
    [ -z "$bad" ] || FAILED=1
    awk -v s="$server" -v m="$mode" -v r="$r" -v a="$t0" -v g="$t_gone" -v re="$t_restart" -v l="$t_listen" -v sv="$t_serve" \
        -v li="$t_lift" -v st="$s" -v hb="$hb" -v bad="${bad:- ok}" 'BEGIN {
        printf "RECOVERY %s %s %s gone=%.2f restart=%.2f listening=%.2f serving=%.2f resumed=%s lifted=%.2f %s%s\n",
               s, m, r, g - a, re - a, l - a, sv - a, st, li - a, hb, bad == " ok" ? "" : " FAILED:" bad }' | tee -a "$W/results"
}

# ---------------------------------------------------------------- the runs
if [ "$ONLY" != ganesha ]; then
    [ -f "$JAR" ] || { log "$JAR missing (mvn -B package -DskipTests), or ONLY=ganesha"; exit 1; }
    prepare_jar
    OID=grace-ours-$RUN DIR=/bench-recovery-ours-$RUN
    DIRS+=("$DIR")
    "$HOSTPY" mkdirs "$DIR" 755
    java -jar "$W/gateway.jar" grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
        --ns "$CEPH_DEV_NAMESPACE" --oid "$OID" add "oa-$RUN" "ob-$RUN"
    mkdir -p "$W/a" "$W/b"
    { read -r pa; read -r ma; read -r ra; read -r pb; read -r mb; read -r rb; } < <(free_ports 6)
    echo "$pa" > "$W/a/port"; echo "$ma" > "$W/a/mport"; echo "$ra" > "$W/a/rport"
    echo "$pb" > "$W/b/port"; echo "$mb" > "$W/b/mport"; echo "$rb" > "$W/b/rport"
    setup_ours a "oa-$RUN" 0 "$DIR" "$OID"
    setup_ours b "ob-$RUN" 1 "$DIR" "$OID"
    start_head a
    "$PROBE" serving --port "$pa" --timeout 180 >/dev/null || { log "ours: head a not serving"; tail -30 "$W/a/gateway.log" >&2; exit 1; }
    "$PROBE" lifted --oid "$OID" --after 0 --timeout 180 >/dev/null || { log "ours: head a's grace period did not end"; exit 1; }
    c=$("$PROBE" epoch --oid "$OID")
    start_head b
    "$PROBE" serving --port "$pb" --timeout 180 >/dev/null || { log "ours: head b not serving"; tail -30 "$W/b/gateway.log" >&2; exit 1; }
    "$PROBE" lifted --oid "$OID" --after $((c - 1)) --timeout 180 >/dev/null || { log "ours: head b's grace period did not end"; exit 1; }
    await_pair a || exit 1
    await_pair b || exit 1
    log "ours: heads a (NFS $pa, remoting $ra) and b (NFS $pb, remoting $rb) serve, one Pekko cluster"
    for mode in $MODES; do
        for r in $(seq "$ROUNDS"); do
            round ours "$mode" "$r" "$pa" "$pb" "$OID" "$DIR"
        done
    done
fi

if [ "$ONLY" != ours ]; then
    OID=grace-ganesha-$RUN DIR=/bench-recovery-ganesha-$RUN
    DIRS+=("$DIR")
    # the tool sometimes crashes at exit after doing its work (a known 4.3 problem): retry
    for _ in 1 2 3; do
        rc=0; ganesha-rados-grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
            --ns "$CEPH_DEV_NAMESPACE" --oid "$OID" add "ga-$RUN" "gb-$RUN" || rc=$?
        [ "$rc" -lt 128 ] && break
    done
    { read -r GA; read -r GB; } < <(free_ports 2)
    GANESHA_PORTS+=("$GA" "$GB")
    export GANESHA_GRACE_OID=$OID GANESHA_CEPH_PATH=$DIR
    GANESHA_NODEID=ga-$RUN "$ROOT/bench/ganesha-ceph.sh" start "$GA"
    "$PROBE" serving --port "$GA" --timeout 180 >/dev/null || { log "ganesha: head a not serving"; exit 1; }
    GANESHA_NODEID=gb-$RUN "$ROOT/bench/ganesha-ceph.sh" start "$GB"
    "$PROBE" serving --port "$GB" --timeout 180 >/dev/null || { log "ganesha: head b not serving"; exit 1; }
    "$PROBE" lifted --oid "$OID" --after 0 --timeout 180 >/dev/null || { log "ganesha: the grace period did not end"; exit 1; }
    for mode in $MODES; do
        for r in $(seq "$ROUNDS"); do
            round ganesha "$mode" "$r" "$GA" "$GB" "$OID" "$DIR"
        done
    done
fi

echo "median of $ROUNDS rounds, seconds from the stop of head a (restarted ${RESTART_DELAY} s after it ended);"
echo "resumed: client A's longest wait for a write+fsync; heldback: how long head b held client B's new locks back:"
median_table "$W/results" gone listening serving resumed lifted heldback
[ "$FAILED" = 0 ] || { log "some rounds FAILED (see above)"; exit 1; }
