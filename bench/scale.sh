#!/bin/bash
# Many clients on one head: N clients (default 10,000), each with its own connection, session and
# open file, against one gateway (a local directory, or with BACKEND=ceph a CephFS directory of the
# dev cluster; the local grace database); the gateway's memory per client (RSS and heap after a full GC, against the same
# gateway with no clients), SEQUENCE latency with all of them alive (bench/loadgen.sh scale), then
# kill -9 and a restart on the same state: every client reclaims its open, which works only if all
# N recovery records were written.
#
#   bench/scale.sh                    # after mvn -B -q install -DskipTests
#   BACKEND=ceph bench/scale.sh       # CephFS (the dev cluster is started if none runs)
#
# The local back end holds a descriptor per open file: with the socket, two per client, so N is
# bounded by half of `ulimit -n` (20,000 on the project's test machine: use BACKEND=ceph there).
#
# Env: CLIENTS (10000)  DURATION (10 s of SEQUENCE)  LOOPS (2 event-loop threads)  JAR  GW_JAVA_OPTS
# Needs `ulimit -n` above CLIENTS + 2048 (each of the two processes holds a descriptor per client;
# raised here as far as the hard limit allows).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CLIENTS=${CLIENTS:-10000}
BACKEND=${BACKEND:-local}
CLUSTER=$ROOT/scripts/ceph-dev-cluster.sh
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
CEPH_PATH="" STARTED_CLUSTER=0
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
W=$(mktemp -d /tmp/cephgw-scale.XXXXXX)
log() { echo "scale: $*" >&2; }
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((CLIENTS + 2048)) ] || { log "ulimit -n $(ulimit -n) is too low for $CLIENTS clients"; exit 1; }
free_port() {
    local lo
    lo=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range)
    while :; do
        p=$(shuf -i 20000-$((lo - 1)) -n 1)
        ss -Htan "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
}
PORT=$(free_port) MPORT=$(free_port)
cleanup() {
    set +e
    [ -f "$W/pid" ] && kill -9 "$(cat "$W/pid")" 2>/dev/null
    [ -n "$CEPH_PATH" ] && "$HOSTPY" rmtree "$CEPH_PATH"
    [ "$STARTED_CLUSTER" = 1 ] && "$CLUSTER" down
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$JAR" "$W/gateway.jar"
if [ "$BACKEND" = ceph ]; then
    if ! "$CLUSTER" env >/dev/null 2>&1; then
        STARTED_CLUSTER=1
        "$CLUSTER" up >/dev/null
    fi
    eval "$("$CLUSTER" env)"
    CEPH_PATH=/bench-scale-$$
    "$HOSTPY" mkdirs "$CEPH_PATH" 755
    EXPORT="backend = \"cephfs\", path = \"$CEPH_PATH\"
    ceph { conf = \"$CEPH_CONF\", user = \"$CEPH_DEV_USER\", keyring = \"$CEPH_DEV_USER_KEYRING\", fs = \"$CEPH_DEV_FS\"
           mount-timeout = 180s }"   # after kill -9 the MDS is busy with the old session's caps a while
else
    mkdir -p "$W/export"
    EXPORT="path = \"$W/export\""
fi
cat > "$W/gateway.conf" <<CONF
gateway {
  lease-time = 120s
  grace-time = 300s
  exports = [ { id = 1, pseudo = "/", squash = "none"
    $EXPORT } ]
}
CONF
start() {
    # shellcheck disable=SC2086  # GW_JAVA_OPTS: several words on purpose
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF java -Dpekko.remote.artery.canonical.port=0 -Dgateway.state-dir="$W/state" ${GW_JAVA_OPTS:-} \
        -jar "$W/gateway.jar" --config "$W/gateway.conf" --port "$PORT" --bind 127.0.0.1 --management-port "$MPORT" \
        >> "$W/gateway.log" 2>&1 &
    echo $! > "$W/pid"
    for _ in $(seq 240); do
        curl -sf "http://127.0.0.1:$MPORT/health/alive" >/dev/null 2>&1 && return 0
        sleep 0.25
    done
    log "gateway not alive after 60 s"; tail -30 "$W/gateway.log" >&2; exit 1
}
# heap in use after a full GC (KiB) and RSS (KiB) of the gateway
memory() {
    local pid
    pid=$(cat "$W/pid")
    jcmd "$pid" GC.run >/dev/null
    echo "$(jcmd "$pid" GC.heap_info | awk '/ used /{ for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K$/, "", v); print v; exit } }') $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")"
}
start
until [ "$(curl -sf "http://127.0.0.1:$MPORT/health/ready" -o /dev/null -w '%{http_code}')" = 200 ]; do sleep 0.25; done
# a first pass of the load generator warms the gateway's code paths: memory is compared warm
java -XX:+UseParallelGC -jar "$ROOT/bench/loadgen/target/loadgen.jar" scale --server "127.0.0.1:$PORT" \
    --clients 200 --duration 2 --warmup 1 >/dev/null
read -r HEAP0 RSS0 < <(memory)
log "gateway (pid $(cat "$W/pid")) with no clients: heap after GC ${HEAP0} KiB, RSS ${RSS0} KiB"

cat > "$W/restart.sh" <<RESTART
#!/bin/bash
set -e
read -r HEAP1 RSS1 < <($(declare -f memory); W=$W memory)
echo "MEM \$HEAP1 \$RSS1" >> "$W/mem"
echo "scale: with $CLIENTS clients: heap after GC \$HEAP1 KiB, RSS \$RSS1 KiB; kill -9 and restart" >&2
kill -9 "\$(cat $W/pid)"
while kill -0 "\$(cat $W/pid)" 2>/dev/null; do sleep 0.1; done
$(declare -f start log); W=$W PORT=$PORT MPORT=$MPORT JAR=$JAR start
RESTART
chmod +x "$W/restart.sh"
java -XX:+UseParallelGC -Xss512k -jar "$ROOT/bench/loadgen/target/loadgen.jar" scale --server "127.0.0.1:$PORT" \
    --clients "$CLIENTS" --duration "${DURATION:-10}" --warmup 2 --loops "${LOOPS:-2}" \
    --restart-command "bash $W/restart.sh" | tee "$W/out"
read -r _ HEAP1 RSS1 < "$W/mem"
awk -v n="$CLIENTS" -v h0="$HEAP0" -v h1="$HEAP1" -v r0="$RSS0" -v r1="$RSS1" 'BEGIN {
    printf "memory per client (session + open file + recovery record): heap %.1f KiB, RSS %.1f KiB (heap %d -> %d MiB, RSS %d -> %d MiB)\n",
        (h1 - h0) / n, (r1 - r0) / n, h0 / 1024, h1 / 1024, r0 / 1024, r1 / 1024 }'
