#!/bin/bash
# One address for the whole cluster: three gateway nodes in virtual-IP mode (six heads) behind
# haproxy, against three nfs-ganesha 4.3 heads (FSAL_CEPH, RecoveryBackend rados_cluster) behind
# haproxy configured as cephadm's ingress does it, on the project's one-machine Ceph
# (scripts/ceph-dev-cluster.sh), with the same kernel clients in qemu mounting the haproxy address:
#
#   bench/compare-takeover.sh          # after mvn package (gateway/target/gateway.jar)
#
# Part "forwarding" (ours only): the cost of a node forwarding COMPOUNDs to the node hosting the
# client's head. One kernel client identity (KCLIENT_ID, so one head) runs bench/guest-bench.sh
# (SIZE_MB MiB sequential write with fsync and read after drop_caches; FILES small files created,
# stat'ed, renamed, listed, removed) mounting, in alternating rounds, the node hosting its head
# ("direct") and another node ("forwarded"); each round shows in the nodes' counters
# nfs_compounds_routed_total where its COMPOUNDs ran.
#
# Part "takeover": client A (bench/guest-fsync.sh) takes a whole-file fcntl lock and appends 16
# KiB blocks, each followed by fsync; client B (bench/guest-lockprobe.sh) tries the same lock every
# 0.5 s. Once both run, the node hosting A's head (ours: GET /clients) or the nfs-ganesha head
# haproxy sent A to is killed (SIGKILL: the node dies) and not started again for WINDOW seconds.
# Times from the kill, on the host's CLOCK_MONOTONIC (bench/recovery-probe.py):
#   moved      ours: every head serves out of grace again, none on the killed node (GET /heads)
#   lifted     the grace database shows the grace period the takeover opened as over
#   resumed    client A's longest wait for one write+fsync (its own clock): kill -> A's I/O back;
#              "-" if A saw an error (then "a_errors" says how many: its lock was lost)
#   heldback   how long client B's lock attempts were held back (NFS4ERR_GRACE, or calls held
#              while a head moved), resolution ~1.5 s; "acquired" > 0: B got A's lock while A
#              thought it held it
# Then "release" is put (ours: after AFTER s more; nfs-ganesha: once the killed head, started
# again after WINDOW s, has ended its grace period), the guests end (A reads back every block),
# and our killed node is started again: "rejoin", s from its start until the heads are spread
# evenly again.
# The nfs-ganesha heads sit behind haproxy as cephadm writes it for NFS (src/pybind/mgr/cephadm/
# templates/services/ingress/haproxy.cfg.j2): mode tcp, balance source, hash-type consistent,
# timeouts 1m, servers without health checks: a client of a dead head can only wait until that
# head is back (cephadm redeploys it on another host after minutes; here it is started again
# after WINDOW s). qemu's user network connects from 127.0.0.1, so balance source puts both
# guests on one nfs-ganesha head.
# Ours sits behind haproxy as docs/virtual-ip.md says: balance roundrobin, HTTP/1.1 checks on
# /health/ready, on-marked-down shutdown-sessions. Each side has its own grace object and CephFS
# directory, uses client.cephgw and a 90 s grace period (lifted early once every client reclaimed).
# Prints every round and the medians per server.
# Env: ROUNDS (3)  PARTS ("forwarding takeover")  SERVERS ("ours ganesha")
#      HEADS (6)  WINDOW (60 s)  AFTER (5 s: A writes on after the lift before "release")
#      SIZE_MB (64)  FILES (500)  MOUNT_OPTS (vers=4.1,lookupcache=positive)
#      JAR (gateway/target/gateway.jar, copied)  KEEP_LOGS=1  GW_CDS (1)  GW_JAVA_OPTS
#      KCLIENT_* (scripts/kclient/run.sh; KCLIENT_TIMEOUT defaults to 900 here)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
PARTS=${PARTS:-forwarding takeover}
SERVERS=${SERVERS:-ours ganesha}
NODES=3
HEADS=${HEADS:-6}
WINDOW=${WINDOW:-60}
AFTER=${AFTER:-5}
OPTS=${MOUNT_OPTS:-vers=4.1,lookupcache=positive}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
HELD=1.0
export KCLIENT_TIMEOUT=${KCLIENT_TIMEOUT:-900}
CLUSTER=$ROOT/scripts/ceph-dev-cluster.sh
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
PROBE=$ROOT/bench/recovery-probe.py
RUN=$$-$(date +%s)
W=$(mktemp -d /tmp/cephgw-takeover.XXXXXX)
STARTED_CLUSTER=0
FAILED=0
declare -a NFS MGMT REM ADDR PID
GANESHA_PORTS=() DIRS=()
declare -A HAPROXY=()   # style -> pid

for p in $PARTS; do case $p in forwarding|takeover) ;; *) echo "compare-takeover: PARTS: forwarding and/or takeover" >&2; exit 2 ;; esac; done
for s in $SERVERS; do case $s in ours|ganesha) ;; *) echo "compare-takeover: SERVERS: ours and/or ganesha" >&2; exit 2 ;; esac; done
case $HEADS in ''|*[!0-9]*) echo "compare-takeover: HEADS must be a number" >&2; exit 2 ;; esac
[ $((HEADS % NODES)) = 0 ] || { echo "compare-takeover: HEADS must be a multiple of $NODES" >&2; exit 2; }

log() { echo "compare-takeover: $*" >&2; }
# shellcheck source=bench/recovery-lib.sh
. "$ROOT/bench/recovery-lib.sh"

cleanup() {
    set +e
    stop_jobs
    for n in "${!PID[@]}"; do kill -TERM "${PID[$n]}" 2>/dev/null; done
    for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null; done
    for h in "${HAPROXY[@]}"; do kill -TERM "$h" 2>/dev/null; wait "$h" 2>/dev/null; done
    finish_run
}
trap cleanup EXIT
trap 'exit 130' INT TERM

dev_cluster_up
"$ROOT/scripts/kclient/build.sh"
command -v haproxy >/dev/null || { log "haproxy missing: apt-get install haproxy"; exit 1; }

# ---------------------------------------------------------------- haproxy
# STYLE PORT NAME:HOST:PORT[:CHECKPORT]...: start haproxy on 127.0.0.1:PORT in the background
start_haproxy() {
    local style=$1 port=$2 cfg=$W/haproxy-$1.cfg s name host sport check
    shift 2
    {
        printf 'global\n    maxconn 4096\n    stats socket %s mode 600 level admin\n' "$W/haproxy-$style.sock"
        printf 'defaults\n    mode tcp\n    timeout connect 2s\n'
        case $style in
        ours) printf '    timeout client 24h\n    timeout server 24h\n' ;;
        *)    printf '    timeout queue 1m\n    timeout connect 10s\n    timeout client 1m\n    timeout server 1m\n    timeout check 10s\n' ;;
        esac
        printf 'frontend nfs\n    bind 127.0.0.1:%s\n    default_backend heads\nbackend heads\n' "$port"
        case $style in
        ours) printf '    balance roundrobin\n    option httpchk\n'
              printf '    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host gateway\n'
              printf '    http-check expect status 200\n'
              printf '    default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions\n' ;;
        ganesha) printf '    balance source\n    hash-type consistent\n' ;;
        esac
        for s in "$@"; do
            IFS=: read -r name host sport check <<< "$s"
            printf '    server %s %s:%s%s\n' "$name" "$host" "$sport" "${check:+ check port $check}"
        done
    } > "$cfg"
    haproxy -db -f "$cfg" > "$W/haproxy-$style.log" 2>&1 &
    HAPROXY[$style]=$!
    for _ in $(seq 100); do
        /usr/bin/python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()' \
            "$port" 2>/dev/null && return 0
        sleep 0.1
    done
    log "haproxy ($style) does not listen on $port:"; cat "$W/haproxy-$style.log" >&2; return 1
}
stop_haproxy() { # STYLE
    kill -TERM "${HAPROXY[$1]}" 2>/dev/null
    wait "${HAPROXY[$1]}" 2>/dev/null || true
    unset "HAPROXY[$1]"
}

# ---------------------------------------------------------------- our nodes
OID=grace-takeover-ours-$RUN DIR=/bench-takeover-ours-$RUN PREFIX=t$RUN-
start_node() { # N: launch node N in the background (configuration written by setup_ours)
    # shellcheck disable=SC2086  # GW_JAVA_OPTS: several words on purpose
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF java "${CDS_OPTS[@]}" -Dpekko.remote.artery.canonical.port="${REM[$1]}" \
        -Dgateway.node-id="node$1" -Dgateway.state-dir="$W/node$1/state" ${GW_JAVA_OPTS:-} -jar "$W/gateway.jar" \
        --config "$W/vip.conf" --port "${NFS[$1]}" --bind 127.0.0.1 --management-port "${MGMT[$1]}" >> "$W/node$1.log" 2>&1 &
    PID[$1]=$!
}
setup_ours() {
    local n seeds="" heads=()
    prepare_jar
    DIRS+=("$DIR")
    "$HOSTPY" mkdirs "$DIR" 777
    for n in $(seq 0 $((HEADS - 1))); do heads+=("$PREFIX$n"); done
    java -jar "$W/gateway.jar" grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
        --ns "$CEPH_DEV_NAMESPACE" --oid "$OID" add "${heads[@]}"
    mapfile -t ports < <(free_ports $((3 * NODES)))
    for n in $(seq 0 $((NODES - 1))); do
        NFS[n]=${ports[3 * n]} MGMT[n]=${ports[3 * n + 1]} REM[n]=${ports[3 * n + 2]}
        ADDR[n]=pekko://cephgw@127.0.0.1:${REM[n]}
        seeds+="${seeds:+, }\"${ADDR[n]}\""
        mkdir -p "$W/node$n"
    done
    cat > "$W/vip.conf" <<EOF
gateway {
  mode = "virtual-ip"
  virtual-ip { heads = $HEADS, head-prefix = "$PREFIX", server-scope = "cephgw-takeover-$RUN" }
  cluster.self-join = false
  idmap.numeric-owners = true
  grace {
    store = "rados"
    rados { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING",
            pool = "$CEPH_DEV_META_POOL", namespace = "$CEPH_DEV_NAMESPACE", oid = "$OID" }
  }
  exports = [ {
    id = 1, pseudo = "/", path = "$DIR", backend = "cephfs", squash = "none"
    ceph { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING", fs = "$CEPH_DEV_FS" }
  } ]
}
pekko.cluster.seed-nodes = [$seeds]
EOF
    for n in $(seq 0 $((NODES - 1))); do start_node "$n"; done
    await_balanced 0 300 >/dev/null || { log "ours: the heads never spread over the nodes"; tail -30 "$W/node0.log" >&2; return 1; }
    OURS_PORT=$(free_ports 1)
    local backends=()
    for n in $(seq 0 $((NODES - 1))); do backends+=("node$n:127.0.0.1:${NFS[n]}:${MGMT[n]}"); done
    start_haproxy ours "$OURS_PORT" "${backends[@]}"
    log "ours: $NODES nodes (NFS ${NFS[*]}), $HEADS heads, haproxy on $OURS_PORT"
}
await_balanced() { # VIA TIMEOUT: every head serving out of grace, HEADS/NODES on every node
    "$PROBE" heads --mport "${MGMT[$1]}" --count "$HEADS" --per-node $((HEADS / NODES)) --timeout "$2"
}
node_of() { # ADDRESS: the index of the node with that Pekko address
    local n
    for n in "${!ADDR[@]}"; do [ "${ADDR[n]}" = "$1" ] && { echo "$n"; return 0; }; done
    return 1
}
routed() { # N TO: node N's nfs_compounds_routed_total{to=TO}
    curl -fsS "http://127.0.0.1:${MGMT[$1]}/metrics" 2>/dev/null \
        | sed -n "s/^nfs_compounds_routed_total{to=\"$2\",\?} \([0-9.eE+]*\)$/\1/p" | awk '{ printf "%d", $1 }'
}
routed_all() { # TO: the sum over the nodes
    local n t=0 v
    for n in "${!MGMT[@]}"; do v=$(routed "$n" "$1"); t=$((t + ${v:-0})); done
    echo "$t"
}

# ---------------------------------------------------------------- forwarding (ours)
forwarding() {
    local id=fwd-$RUN r kind port before after direct other found out line
    # where does this identity's head live? the first run (a warm-up, not counted) tells
    "$PROBE" client --mport "${MGMT[0]}" --owner-contains "kc-$id" --timeout 600 > "$W/fwd-head" &
    found=$!
    KCLIENT_ID=$id SIZE_MB=16 FILES=100 "$ROOT/bench/kclient-bench.sh" "${NFS[0]}" warm-up "$OPTS" > /dev/null \
        || { log "forwarding: the warm-up run failed"; return 1; }
    wait "$found" || { log "forwarding: the guest never showed in GET /clients"; return 1; }
    read -r _ node < "$W/fwd-head"
    direct=$(node_of "$node") || { log "forwarding: unknown node $node"; return 1; }
    other=$(((direct + 1) % NODES))
    log "forwarding: client kc-$id has head $(cut -d' ' -f1 "$W/fwd-head") on node$direct; forwarded runs mount node$other"
    for r in $(seq "$ROUNDS"); do
        for kind in direct forwarded; do
            port=${NFS[direct]}; [ "$kind" = direct ] || port=${NFS[other]}
            before=$(routed_all other-node)
            out=$(KCLIENT_ID=$id SIZE_MB=${SIZE_MB:-64} FILES=${FILES:-500} "$ROOT/bench/kclient-bench.sh" "$port" "$kind" "$OPTS") \
                || { log "forwarding: $kind round $r failed"; FAILED=1; continue; }
            after=$(routed_all other-node)
            line="FORWARD ours $kind $r"
            line+=$(echo "$out" | awk '/^BENCH / { printf " %s", $3 }')
            echo "$line forwarded_compounds=$((after - before))" | tee -a "$W/forwarding"
        done
    done
}

# ---------------------------------------------------------------- takeover rounds
# SERVER SUB EXTRA...: waits for the guests, prints the round's line and appends it to $W/results
finish_round() {
    local server=$1 sub=$2 rca=0 rcb=0 s e hb bad=""
    shift 2
    wait "$GA" || rca=$?
    wait "$GB" || rcb=$?
    s=$(appendsync_stall "$LA") e=$(appendsync_errors "$LA")
    hb=$(lockprobe_summary "$LB" "$HELD")
    grep -q "KCT check data-intact PASS" "$LA" || bad+=" data-lost"
    [ "$e" = 0 ] && [ "$rca" = 0 ] || bad+=" client-a-errors(rc=$rca)"
    case $hb in *" acquired=0 "*) ;; *) bad+=" lock-stolen" ;; esac
    [ "$rcb" = 0 ] || bad+=" client-b(rc=$rcb)"
    echo "TAKEOVER $server kill9 $sub $* resumed=$s a_errors=$e $hb${bad:+ SEEN:$bad}" | tee -a "$W/results"
    if [ "$server" = ours ] && [ -n "$bad" ]; then FAILED=1; grep -E "KCT|run.sh" "$LA" "$LB" >&2 || true; fi
}

round_ours() { # R
    local sub=r$1-ours a_head a_node b_head b_node victim via c0 t0 t_moved t_lift t_restart t_rejoin pm pl
    start_guests "$sub" "$OURS_PORT" "$OURS_PORT" "$sub"
    guests_running "ours $sub" "$sub" "$DIR" || return 1
    read -r a_head a_node < <("$PROBE" client --mport "${MGMT[0]}" --owner-contains "kc-a$sub" --timeout 60) \
        || { log "ours $sub: client A not in GET /clients"; return 1; }
    read -r b_head b_node < <("$PROBE" client --mport "${MGMT[0]}" --owner-contains "kc-b$sub" --timeout 60) \
        || { log "ours $sub: client B not in GET /clients"; return 1; }
    victim=$(node_of "$a_node") via=$(( (victim + 1) % NODES ))
    "$HOSTPY" put "$DIR/$sub/stopping" < /dev/null
    sleep 1     # a second of write+fsync and lock attempts before the kill
    c0=$("$PROBE" epoch --oid "$OID")
    t0=$("$PROBE" now)
    kill -KILL "${PID[victim]}"
    "$PROBE" heads --mport "${MGMT[via]}" --count "$HEADS" --without "$a_node" --timeout "$WINDOW" > "$W/$sub.moved" & pm=$!
    "$PROBE" lifted --oid "$OID" --after "$c0" --timeout "$WINDOW" > "$W/$sub.lifted" & pl=$!
    wait "${PID[victim]}" 2>/dev/null || true
    wait "$pm" || { log "ours $sub: the heads of node$victim did not all serve elsewhere within $WINDOW s"; FAILED=1; }
    wait "$pl" || { log "ours $sub: the grace period did not end within $WINDOW s"; FAILED=1; }
    t_moved=$(cat "$W/$sub.moved") t_lift=$(cat "$W/$sub.lifted")
    sleep "$AFTER"
    "$HOSTPY" put "$DIR/$sub/release" < /dev/null
    # the node comes back and takes heads again (after "release": B's attempts measure the
    # takeover alone; VirtualIpKernelClientTest has a client writing through the rejoin)
    t_restart=$("$PROBE" now)
    start_node "$victim"
    await_balanced "$via" 300 > "$W/$sub.rejoined" || { log "ours $sub: node$victim did not take heads again"; FAILED=1; }
    t_rejoin=$(cat "$W/$sub.rejoined")
    finish_round ours "$sub" "$(awk -v a="$t0" -v m="$t_moved" -v l="$t_lift" -v s="$t_restart" -v j="$t_rejoin" \
        'BEGIN { printf "moved=%s lifted=%s rejoin=%s", m == "" ? "-" : sprintf("%.2f", m - a), l == "" ? "-" : sprintf("%.2f", l - a),
                 j == "" ? "-" : sprintf("%.2f", j - s) }')" "a_head=$a_head b_head=$b_head b_on_killed_node=$([ "$b_node" = "$a_node" ] && echo 1 || echo 0)"
}

GANESHA_OID=grace-takeover-ganesha-$RUN GANESHA_DIR=/bench-takeover-ganesha-$RUN
setup_ganesha() {
    local i ids=()
    DIRS+=("$GANESHA_DIR")
    mapfile -t GANESHA_PORTS < <(free_ports "$NODES")
    for i in $(seq 0 $((NODES - 1))); do ids+=("g$i-$RUN"); done
    # the tool sometimes dies of a signal at exit after doing its work (librados teardown): retry
    for _ in 1 2 3; do
        rc=0; ganesha-rados-grace --cephconf "$CEPH_CONF" --userid "$CEPH_DEV_USER" --pool "$CEPH_DEV_META_POOL" \
            --ns "$CEPH_DEV_NAMESPACE" --oid "$GANESHA_OID" add "${ids[@]}" || rc=$?
        [ "$rc" -lt 128 ] && break
    done
    export GANESHA_GRACE_OID=$GANESHA_OID GANESHA_CEPH_PATH=$GANESHA_DIR
    for i in $(seq 0 $((NODES - 1))); do
        GANESHA_NODEID=${ids[i]} "$ROOT/bench/ganesha-ceph.sh" start "${GANESHA_PORTS[i]}"
        "$PROBE" serving --port "${GANESHA_PORTS[i]}" --timeout 180 >/dev/null || { log "ganesha: head $i not serving"; return 1; }
    done
    "$PROBE" lifted --oid "$GANESHA_OID" --after 0 --timeout 180 >/dev/null || { log "ganesha: the grace period did not end"; return 1; }
    log "ganesha: $NODES heads on ${GANESHA_PORTS[*]}"
}
connected_ganesha() { # the nfs-ganesha port haproxy's client sessions go to (both guests: one source address)
    local name
    name=$(/usr/bin/python3 -c '
import csv, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
rows = list(csv.reader(data.decode().lstrip("# ").splitlines()))
col = rows[0].index("scur")
for r in rows[1:]:
    if len(r) > col and r[0] == "heads" and r[1] not in ("FRONTEND", "BACKEND") and int(r[col] or 0) > 0:
        print(r[1])
        break' "$W/haproxy-$1.sock") || return 1
    [ -n "$name" ] || return 1
    echo "${GANESHA_PORTS[${name#nfs.}]}"
}
round_ganesha() { # STYLE R
    local style=$1 sub=r$2-$1 port victim c0 t0 t_lift t_restart pl ended=0
    port=$(free_ports 1)
    local backends=() i
    for i in "${!GANESHA_PORTS[@]}"; do backends+=("nfs.$i:127.0.0.1:${GANESHA_PORTS[i]}"); done
    start_haproxy "$style" "$port" "${backends[@]}"
    start_guests "$sub" "$port" "$port" "$sub"
    guests_running "$style $sub" "$sub" "$GANESHA_DIR" || return 1
    victim=$(connected_ganesha "$style") || { log "$style $sub: no nfs-ganesha head has a connection"; return 1; }
    "$HOSTPY" put "$GANESHA_DIR/$sub/stopping" < /dev/null
    sleep 1
    c0=$("$PROBE" epoch --oid "$GANESHA_OID")
    t0=$("$PROBE" now)
    "$ROOT/bench/ganesha-ceph.sh" kill "$victim"
    "$PROBE" lifted --oid "$GANESHA_OID" --after "$c0" --timeout "$WINDOW" > "$W/$sub.lifted" & pl=$!
    # the head stays dead for WINDOW s: does A get its I/O back (or an error) meanwhile?
    for _ in $(seq $((WINDOW * 5))); do
        kill -0 "$GA" 2>/dev/null || { ended=1; break; }
        sleep 0.2
    done
    wait "$pl" || true
    t_lift=$(cat "$W/$sub.lifted")
    # then it comes back (as cephadm would redeploy it), so that the guests can end
    t_restart=$("$PROBE" now)
    "$ROOT/bench/ganesha-ceph.sh" restart "$victim" >> "$W/ganesha-restart.log" 2>&1 || log "$style $sub: restart failed"
    "$PROBE" lifted --oid "$GANESHA_OID" --after "$c0" --timeout 200 >/dev/null || log "$style $sub: no lift 200 s after the restart"
    sleep "$AFTER"
    "$HOSTPY" put "$GANESHA_DIR/$sub/release" < /dev/null
    finish_round "$style" "$sub" "$(awk -v a="$t0" -v l="$t_lift" -v s="$t_restart" \
        'BEGIN { printf "moved=- lifted=%s restarted=%.2f", l == "" ? "-" : sprintf("%.2f", l - a), s - a }')" \
        "a_ended_before_restart=$ended"
    stop_haproxy "$style"
}

# ---------------------------------------------------------------- the runs
ours=0 ganesha=0
for s in $SERVERS; do case $s in ours) ours=1 ;; *) ganesha=1 ;; esac; done
case " $PARTS " in *" forwarding "*) ours=1 ;; esac
if [ "$ours" = 1 ]; then
    [ -f "$JAR" ] || { log "$JAR missing (mvn -B package -DskipTests)"; exit 1; }
    setup_ours
fi
case " $PARTS " in *" forwarding "*) forwarding ;; esac
case " $PARTS " in *" takeover "*)
    [ "$ganesha" = 0 ] || setup_ganesha
    for r in $(seq "$ROUNDS"); do
        for s in $SERVERS; do
            if [ "$s" = ours ]; then round_ours "$r" || FAILED=1; else round_ganesha "$s" "$r" || FAILED=1; fi
        done
    done ;;
esac

if [ -s "$W/forwarding" ]; then
    echo
    echo "forwarding: median of $ROUNDS rounds, one client (one head), mounting the node hosting its head or another"
    median_table "$W/forwarding" write_MBps read_MBps create_per_s stat_per_s rename_per_s readdir_per_s unlink_per_s forwarded_compounds
fi
if [ -s "$W/results" ]; then
    echo
    echo "takeover: median of $ROUNDS rounds, seconds from the kill -9 (the node hosting A's head / the nfs-ganesha head A was on)"
    echo "resumed: A's longest wait for one write+fsync (- : A saw errors); heldback: B's lock attempts held back"
    median_table "$W/results" moved lifted resumed heldback a_errors acquired rejoin
fi
[ "$FAILED" = 0 ] || { log "some rounds of ours FAILED (see above)"; exit 1; }
