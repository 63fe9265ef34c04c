#!/bin/bash
# A rolling restart under load, performed the way a Kubernetes StatefulSet update does it: our
# gateway (three per-node heads) against an nfs-ganesha 4.3 pair (FSAL_CEPH, RecoveryBackend
# rados_cluster), in one run, on the project's one-machine Ceph (scripts/ceph-dev-cluster.sh),
# with the same Linux kernel clients in qemu:
#
#   bench/compare-roll.sh          # after mvn package (gateway/target/gateway.jar)
#
# The servers. Ours: heads h0 h1 h2 as the README configures them, each in its own JVM, one Pekko
# cluster (all three remoting ports in pekko.cluster.seed-nodes; the split brain resolver on, as by
# default), the RADOS grace store with its defaults — nobody runs "grace add": every head adds
# itself (gateway.grace.add-self), the cluster removes heads gone for good
# (gateway.grace.remove-departed-after, the grace time) —, started with a class-data-sharing
# archive recorded by "gateway.jar warm-up" as the README recommends (GW_CDS=0: without).
# nfs-ganesha: heads g0 g1 (bench/ganesha-ceph.sh), that share only the grace database (members
# added first with ganesha-rados-grace, as nfs-ganesha needs), Grace_Period 90 s, twice:
#   default-grace  Enable_NLM = true, nfs-ganesha's default: it then cannot know that no NLM client
#                  needs to reclaim and never lifts a grace period early — every restart costs
#                  the whole 90 s (nfs_try_lift_grace in nfs-ganesha's SAL/nfs4_recovery.c)
#   early-lift     Enable_NLM = false, as bench/compare-recovery.sh runs it (ganesha-ceph.sh's
#                  default; no other setting is involved): nfs-ganesha lifts by itself once every
#                  client in its recovery database sent RECLAIM_COMPLETE
# Each server (and variant) has its own grace object and CephFS directory, uses client.cephgw.
#
# A round, per server and variant: two kernel clients run src/test/kclient/roll-work.sh as
# RollingRestartKernelClientTest does (scripts/kclient/run.sh; A mounts the head restarted first
# with vers=4.2, B the second with vers=4.1, both lookupcache=positive): each holds a whole-file
# fcntl lock for the whole run, appends 16 KiB blocks each followed by fsync, reads an earlier
# block back from the server (O_DIRECT) after every second one and checks it, and tries the
# other's lock every second. Once both write and probe, STEADY (5) s of load, then the roll, pod
# by pod, highest ordinal first (ours h2 h1 h0, nfs-ganesha g1 g0): SIGTERM; wait until the
# process exited; start it again with the same configuration, ports and state; wait until it is
# ready; next. Ready is what the pod's readiness probe sees: ours, GET /health/ready answers 200
# (the node Up, its NFS port bound and its head out of a grace period of its own: its clients
# reclaimed); nfs-ganesha, a tcpSocket probe: its NFS port accepts TCP connections (nfs-ganesha
# has no readiness endpoint: that is all a manifest can ask it). After the roll, once the grace
# database shows the last restart's grace period over, STEADY s more, then the host's release
# marker; the clients stop, drop their caches and read every block back. One server (variant)
# runs at a time: ours, then nfs-ganesha default-grace, then early-lift; each is stopped for good
# (and the CephFS sessions it left for a successor evicted) before the next starts.
#
# Measured, on the host's CLOCK_MONOTONIC (bench/recovery-probe.py now; each reading costs a
# python start, ~0.05 s) and, for the stalls, the guests' own:
#   total      the first SIGTERM -> the last pod ready (what the StatefulSet update takes)
#   settled    the first SIGTERM -> the grace database shows the grace period the last pod's
#              restart caused lifted (nfs-ganesha's pods are "ready" before that)
#   per pod    exit: SIGTERM -> the process exited (polled every 20 ms); listen: start -> its NFS
#              port accepts TCP (every 20 ms); ready: start -> ready (ours every 50 ms;
#              nfs-ganesha = listen); grace: start -> the cluster grace period the pod's restart
#              caused was lifted, from the grace DATABASE: the object's epochs (cur, rec) read
#              every 0.2 s all through the roll (recovery-probe.py watch); the pod's grace period
#              is the one in force after its SIGTERM (opened by its stop — ours does that —, or
#              by its start, or one still in force that it joined: then until that one ends),
#              lifted at the first sample after the pod's start with rec = 0 or a newer grace
#              period (recovery-lib.sh grace_lifted_at). Resolution 0.2 s
#   stall_a/b  each client's longest time between two completed operations (write+fsync or
#              checked read; kc-helper rollwork's max_stall_s)
# The round fails (exit status 1 at the end) if a client saw an I/O error or a wrong byte, lost a
# block, got the other's lock while it was held, or any roll-work.sh check failed, or a pod did
# not exit within 120 s of SIGTERM or did not become ready, or (ours) the three heads are not one
# Pekko cluster again after the roll. Prints each round and, per server and
# variant, the median of the rounds (a "-" does not count).
# Env: ROUNDS (1)  SERVERS ("ours ganesha")  GANESHA_VARIANTS ("default-grace early-lift")
#      STEADY (5 s)  READY_TIMEOUT (300 s: a pod not ready by then fails the round)
#      MOUNT_OPTS_A (vers=4.2,lookupcache=positive)  MOUNT_OPTS_B (vers=4.1,lookupcache=positive)
#      JAR (gateway/target/gateway.jar, copied)  KEEP_LOGS=1 (keep the work directory and
#      nfs-ganesha's state)  GW_CDS (1)  GW_JAVA_OPTS  KCLIENT_* (scripts/kclient/run.sh;
#      KCLIENT_TIMEOUT defaults to 1200 here)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-1}
SERVERS=${SERVERS:-ours ganesha}
GANESHA_VARIANTS=${GANESHA_VARIANTS:-default-grace early-lift}
STEADY=${STEADY:-5}
READY_TIMEOUT=${READY_TIMEOUT:-300}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
export KCLIENT_TIMEOUT=${KCLIENT_TIMEOUT:-1200}
CLUSTER=$ROOT/scripts/ceph-dev-cluster.sh
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
PROBE=$ROOT/bench/recovery-probe.py
RUN=$$-$(date +%s)
W=$(mktemp -d /tmp/cephgw-roll.XXXXXX)
STARTED_CLUSTER=0
FAILED=0
declare -A GW_PID=() PORT_OF=()
GANESHA_PORTS=() DIRS=()

for s in $SERVERS; do case $s in ours|ganesha) ;; *) echo "compare-roll: SERVERS: ours and/or ganesha, not $s" >&2; exit 2 ;; esac; done
for v in $GANESHA_VARIANTS; do case $v in default-grace|early-lift) ;;
    *) echo "compare-roll: GANESHA_VARIANTS: default-grace and/or early-lift, not $v" >&2; exit 2 ;; esac; done
case $ROUNDS in ''|*[!0-9]*|0) echo "compare-roll: ROUNDS must be a positive number" >&2; exit 2 ;; esac

log() { echo "compare-roll: $*" >&2; }
# shellcheck source=bench/recovery-lib.sh
. "$ROOT/bench/recovery-lib.sh"
trap cleanup_heads EXIT
trap 'exit 130' INT TERM

dev_cluster_up
"$ROOT/scripts/kclient/build.sh"

# ---------------------------------------------------------------- the pods of each server
# stop_S POD (SIGTERM, returns once it exited), start_S POD (returns at once), ready_S POD
# (prints CLOCK_MONOTONIC once ready; run in this shell, not in $(...): it may wait for start_S's
# job). PORT_OF: a pod's NFS port.
stop_ours() { local rc=0; term_wait "${GW_PID[$1]}" || rc=$?; unset "GW_PID[$1]"; return "$rc"; }
start_ours() { start_head "$1"; }
ready_ours() { "$PROBE" ready --mport "$(cat "$W/$1/mport")" --timeout "$READY_TIMEOUT"; }
rolled_ours() { # after the roll: one cluster of three again (a restarted seed node must not form its own)
    local h n=0
    for h in h0 h1 h2; do
        for _ in $(seq 120); do n=$(up_members "$h"); [ "$n" = 3 ] && break; sleep 0.5; done
        [ "$n" = 3 ] || { log "ours: after the roll $h sees $n Up members, not 3"; return 1; }
    done
}

stop_ganesha() { "$ROOT/bench/ganesha-ceph.sh" term "${PORT_OF[$1]}"; }
start_ganesha() { # in the background: ganesha-ceph.sh returns once it listens
    "$ROOT/bench/ganesha-ceph.sh" restart "${PORT_OF[$1]}" >> "$W/ganesha-restart.log" 2>&1 &
    GANESHA_RESTART=$!
}
ready_ganesha() { # a tcpSocket readiness probe: the NFS port accepts TCP connections
    listening "${PORT_OF[$1]}" "$READY_TIMEOUT" || return 1
    wait "$GANESHA_RESTART" || { log "ganesha: restart of $1 failed:"; tail -5 "$W/ganesha-restart.log" >&2; return 1; }
}
rolled_ganesha() { :; }  # the heads share nothing but the grace database

setup_ours() { # OID DIR: h0 h1 h2 started together, each ready, one cluster of three
    local oid=$1 dir=$2 i n ports
    prepare_jar
    DIRS+=("$dir")
    "$HOSTPY" mkdirs "$dir" 755
    mapfile -t ports < <(free_ports 9)
    for i in 0 1 2; do
        mkdir -p "$W/h$i"
        echo "${ports[3 * i]}" > "$W/h$i/port"; echo "${ports[3 * i + 1]}" > "$W/h$i/mport"; echo "${ports[3 * i + 2]}" > "$W/h$i/rport"
        PORT_OF[h$i]=${ports[3 * i]}
    done
    for i in 0 1 2; do per_node_conf "h$i-$RUN" "$i" "$dir" "$oid" "${ports[2]}" "${ports[5]}" "${ports[8]}" > "$W/h$i/gateway.conf"; done
    for i in 0 1 2; do start_head "h$i"; done
    for i in 0 1 2; do
        ready_ours "h$i" >/dev/null || { log "ours: h$i not ready"; tail -30 "$W/h$i/gateway.log" >&2; return 1; }
    done
    for i in 0 1 2; do
        for _ in $(seq 120); do n=$(up_members "h$i"); [ "$n" = 3 ] && break; sleep 0.5; done
        [ "$n" = 3 ] || { log "ours: h$i sees $n Up members, not 3"; return 1; }
    done
    log "ours: h0 h1 h2 ready (NFS ${PORT_OF[h0]} ${PORT_OF[h1]} ${PORT_OF[h2]}), one Pekko cluster"
}
teardown_ours() { # stop the heads for good, so the next server has the machine's two cores
    local h
    for h in "${!GW_PID[@]}"; do term_wait "${GW_PID[$h]}" || true; unset "GW_PID[$h]"; done
    # their CephFS sessions, left for a successor, would hold their caps (on "/" too: the next
    # server's mkdir there would wait) until the MDS times them out
    evict_run_sessions
}

setup_ganesha() { # VARIANT OID DIR: g0 g1 started one after the other, the grace period over
    local variant=$1 oid=$2 dir=$3 i rc ports
    DIRS+=("$dir")
    for _ in 1 2 3; do  # the tool sometimes dies of a signal at exit after doing its work (4.3): retry
        rc=0; ganesha-rados-grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
            --ns "$CEPH_DEV_NAMESPACE" --oid "$oid" add "g0-$variant-$RUN" "g1-$variant-$RUN" || rc=$?
        [ "$rc" -lt 128 ] && break
    done
    mapfile -t ports < <(free_ports 2)
    GANESHA_PORTS+=("${ports[@]}")
    for i in 0 1; do
        PORT_OF[g$i]=${ports[i]}
        GANESHA_NLM=$([ "$variant" = default-grace ] && echo true || echo false) GANESHA_NODEID=g$i-$variant-$RUN \
            GANESHA_GRACE_OID=$oid GANESHA_CEPH_PATH=$dir "$ROOT/bench/ganesha-ceph.sh" start "${ports[i]}"
        "$PROBE" serving --port "${ports[i]}" --timeout 180 >/dev/null || { log "ganesha $variant: g$i not serving"; return 1; }
    done
    # default-grace: the start's own grace period lasts its 90 s
    "$PROBE" lifted --oid "$oid" --after 0 --timeout 240 >/dev/null || { log "ganesha $variant: the grace period did not end"; return 1; }
    log "ganesha $variant: g0 g1 serve (NFS ${ports[*]})"
}
teardown_ganesha() {
    local p
    for p in "${PORT_OF[g0]}" "${PORT_OF[g1]}"; do GANESHA_CEPH_KEEP=1 "$ROOT/bench/ganesha-ceph.sh" stop "$p"; done
    evict_run_sessions  # as teardown_ours
}

# ---------------------------------------------------------------- one round
# SERVER VARIANT ROUND OID DIR POD...: the pods in restart order (highest ordinal first); client
# A mounts the first, B the second. Prints the round and appends its "ROLL server variant round
# key=value..." line to $W/results.
round() {
    local server=$1 variant=$2 r=$3 oid=$4 dir=$5
    shift 5
    local pods=("$@") sub=r$r-$server-$variant p pl watcher t_first lifted total settled rca rcb sa sb bad="" line detail
    local -A t_term=() t_exit=() t_start=() t_listen=() t_ready=()
    start_roll_guests "$sub" "${PORT_OF[${pods[0]}]}" "${PORT_OF[${pods[1]}]}"
    roll_guests_running "$server $variant round $r" "$sub" "$dir" || { FAILED=1; return 1; }
    local ga=$GA gb=$GB la=$LA lb=$LB
    sleep "$STEADY"
    "$PROBE" watch --oid "$oid" --every 0.2 --timeout 3600 > "$W/$sub.grace" 2> "$W/$sub.grace.err" &
    watcher=$!
    sleep 0.5
    t_first=$("$PROBE" now)
    for p in "${pods[@]}"; do
        t_term[$p]=$("$PROBE" now)
        "stop_$server" "$p" || { log "$server $variant round $r: $p still ran 120 s after SIGTERM (killed)"; bad+=" $p-exit"; }
        t_exit[$p]=$("$PROBE" now)
        listening "${PORT_OF[$p]}" "$READY_TIMEOUT" > "$W/$sub.$p.listen" & pl=$!
        t_start[$p]=$("$PROBE" now)
        "start_$server" "$p"
        if ! "ready_$server" "$p" > "$W/$sub.$p.ready"; then
            log "$server $variant round $r: $p not ready within $READY_TIMEOUT s"; bad+=" $p-ready"
            wait "$pl" || true
            break   # a StatefulSet update stops at a pod that does not become ready
        fi
        wait "$pl" || true
        t_ready[$p]=$(cat "$W/$sub.$p.ready") t_listen[$p]=$(cat "$W/$sub.$p.listen")
    done
    "rolled_$server" || bad+=" cluster"
    # until the grace period the last restart caused is over (nfs-ganesha: "ready" long before)
    lifted=-
    for _ in $(seq 300); do
        lifted=$(grace_lifted_at "$W/$sub.grace" "${t_term[$p]}" "${t_start[$p]}")
        [ "$lifted" = - ] || break
        sleep 1
    done
    kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null || true
    sleep "$STEADY"
    "$HOSTPY" put "$dir/$sub-release" < /dev/null
    rca=0; wait "$ga" || rca=$?
    rcb=0; wait "$gb" || rcb=$?
    sa=$(roll_guest_summary "$la" "$rca") sb=$(roll_guest_summary "$lb" "$rcb")
    [ -z "${sa#*|}" ] || { bad+=" client-a:${sa#*|}"; grep -E "KCT|run.sh" "$la" | grep -v "^probe " >&2 || true; }
    [ -z "${sb#*|}" ] || { bad+=" client-b:${sb#*|}"; grep -E "KCT|run.sh" "$lb" | grep -v "^probe " >&2 || true; }
    [ -z "$bad" ] || FAILED=1

    # the round, readable, then as one line for the table
    total=$(awk -v a="$t_first" -v z="${t_ready[$p]:-}" 'BEGIN { print z == "" ? "-" : sprintf("%.2f", z - a) }')
    settled=$(awk -v a="$t_first" -v l="$lifted" 'BEGIN { print l == "-" ? "-" : sprintf("%.2f", l - a) }')
    line="ROLL $server $variant $r total=$total settled=$settled"
    echo "$server $variant round $r: roll $total s from the first SIGTERM to the last pod ready; the grace period of the last" \
        "restart lifted in the grace database $settled s after the first SIGTERM"
    for p in "${pods[@]}"; do
        local lift=- n=${p#[hg]}
        [ -z "${t_start[$p]:-}" ] || lift=$(grace_lifted_at "$W/$sub.grace" "${t_term[$p]}" "${t_start[$p]}")
        detail=$(awk -v tt="${t_term[$p]:-}" -v te="${t_exit[$p]:-}" -v ts="${t_start[$p]:-}" -v tl="${t_listen[$p]:-}" \
                     -v tr="${t_ready[$p]:-}" -v lf="$lift" -v n="$n" '
            function d(x, y) { return (x == "" || y == "" || y == "-") ? "-" : sprintf("%.2f", y - x) }
            BEGIN { printf "pod%s_exit=%s pod%s_listen=%s pod%s_ready=%s pod%s_grace=%s",
                           n, d(tt, te), n, d(ts, tl), n, d(ts, tr), n, d(ts, lf) }')
        line+=" $detail"
        echo "  pod $p: $(echo "$detail" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); sub(/^pod[0-9]+_/, "", kv[1])
            printf "%s%s %s s", (i > 1 ? ", " : ""), (kv[1] == "exit" ? "SIGTERM->exit" : kv[1] == "grace" ? "start->grace lifted" : "start->" kv[1]), kv[2] } }')"
    done
    echo "  client a (on ${pods[0]}): ${sa%|*}"
    echo "  client b (on ${pods[1]}): ${sb%|*}"
    sa=${sa#stall=} sb=${sb#stall=}
    line+=" stall_a=${sa%% *} stall_b=${sb%% *}"
    [ -z "$bad" ] || line+=" FAILED:$bad"
    echo "$line" | tee -a "$W/results"
}

# ---------------------------------------------------------------- the runs
for s in $SERVERS; do
    if [ "$s" = ours ]; then
        [ -f "$JAR" ] || { log "$JAR missing (mvn -B package -DskipTests), or SERVERS=ganesha"; exit 1; }
        OID=grace-roll-ours-$RUN DIR=/bench-roll-ours-$RUN
        setup_ours "$OID" "$DIR" || exit 1
        for r in $(seq "$ROUNDS"); do round ours per-node "$r" "$OID" "$DIR" h2 h1 h0 || true; done
        teardown_ours
    else
        for v in $GANESHA_VARIANTS; do
            OID=grace-roll-ganesha-$v-$RUN DIR=/bench-roll-ganesha-$v-$RUN
            setup_ganesha "$v" "$OID" "$DIR" || exit 1
            for r in $(seq "$ROUNDS"); do round ganesha "$v" "$r" "$OID" "$DIR" g1 g0 || true; done
            teardown_ganesha
        done
    fi
done

[ -s "$W/results" ] || { log "no round finished"; exit 1; }
echo
echo "median of $ROUNDS round(s), seconds; total: first SIGTERM -> last pod ready; settled: -> the grace period"
echo "of the last restart lifted in the grace database; stall_a/b: each client's longest wait for an operation"
median_table "$W/results" total settled stall_a stall_b
echo
echo "per pod (restarted in the order pod2 pod1 pod0; nfs-ganesha has pod1 pod0): exit = SIGTERM -> exited,"
echo "ready = start -> ready (nfs-ganesha: port accepts TCP), grace = start -> its grace period lifted (database)"
median_table "$W/results" pod2_exit pod2_ready pod2_grace pod1_exit pod1_ready pod1_grace pod0_exit pod0_ready pod0_grace
[ "$FAILED" = 0 ] || { log "some rounds FAILED (see above)"; exit 1; }
