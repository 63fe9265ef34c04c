#!/bin/bash
# Many clients on one head: N clients (default 10,000), each with its own connection, session and
# open file, against one gateway (a local directory, or with BACKEND=ceph a CephFS directory of the
# dev cluster; the local grace database); the gateway's memory per client (RSS and heap after a
# full GC, against the same gateway with no clients), SEQUENCE latency with all of them alive and
# with 64 busy while the others idle (bench/loadgen.sh scale), then kill -9 and a restart on the
# same state: every client reclaims its open, which works only if all N recovery records were written.
#
#   bench/scale.sh                    # after mvn -B -q install -DskipTests
#   BACKEND=ceph bench/scale.sh       # CephFS (the dev cluster is started if none runs)
#
# The local back end holds a descriptor per open file: with the socket, two per client, so N is
# bounded by half of `ulimit -n` (20,000 on the project's test machine: use BACKEND=ceph there).
# Env: CLIENTS (10000)  DURATION (10 s of SEQUENCE)  LOOPS (2 event-loop threads)  JAR  GW_JAVA_OPTS
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
CLIENTS=${CLIENTS:-10000}
BACKEND=${BACKEND:-local}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
W=$(mktemp -d /tmp/cephgw-scale.XXXXXX)
CEPH_PATH="" STARTED_CLUSTER=0
log() { echo "scale: $*" >&2; }
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((CLIENTS + 2048)) ] || { log "ulimit -n $(ulimit -n) is too low for $CLIENTS clients"; exit 1; }
{ read -r PORT; read -r MPORT; } < <(free_ports 2)
cleanup() {
    set +e
    [ -f "$W/pid" ] && kill -9 "$(cat "$W/pid")" 2>/dev/null
    [ -n "$CEPH_PATH" ] && "$HOSTPY" rmtree "$CEPH_PATH"
    [ "$STARTED_CLUSTER" = 1 ] && "$ROOT/scripts/ceph-dev-cluster.sh" down
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp "$JAR" "$W/gateway.jar"
if [ "$BACKEND" = ceph ]; then
    dev_cluster_up
    CEPH_PATH=/bench-scale-$$
    "$HOSTPY" mkdirs "$CEPH_PATH" 755
    # after a kill -9 the MDS is busy a while with the old session's caps
    EXPORT=$(MOUNT_TIMEOUT=180s ceph_export "$CEPH_PATH")
else
    mkdir -p "$W/export"
    EXPORT=$(ceph_export "$W/export")
fi
cat > "$W/gateway.conf" <<CONF
gateway {
  lease-time = 120s
  grace-time = 300s
  exports = [ { id = 1, pseudo = "/", squash = "none"
    $EXPORT } ]
}
CONF
start_gateway "$W" "$PORT" "$MPORT"
echo "$GW_PID" > "$W/pid"

# heap in use after a full GC (KiB) and RSS (KiB) of the gateway
memory() {
    local pid
    pid=$(cat "$W/pid")
    jcmd "$pid" GC.run >/dev/null
    echo "$(jcmd "$pid" GC.heap_info | awk '/ used /{ for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K$/, "", v); print v; exit } }') $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")"
}
# a first pass of the load generator warms the gateway's code paths: memory is compared warm
java -XX:+UseParallelGC -jar "$ROOT/bench/loadgen/target/loadgen.jar" scale --server "127.0.0.1:$PORT" \
    --clients 200 --duration 2 --warmup 1 >/dev/null
read -r HEAP0 RSS0 < <(memory)
log "gateway (pid $(cat "$W/pid")) with no clients: heap after GC ${HEAP0} KiB, RSS ${RSS0} KiB"

# what the load generator runs once every client holds its open file: measure, kill -9, start again
cat > "$W/restart.sh" <<RESTART
#!/bin/bash
set -e
ROOT=$ROOT W=$W
. "\$ROOT/bench/common.sh"
$(declare -f memory)
read -r HEAP1 RSS1 < <(memory)
echo "MEM \$HEAP1 \$RSS1" >> "\$W/mem"
echo "scale: with $CLIENTS clients: heap after GC \$HEAP1 KiB, RSS \$RSS1 KiB; kill -9 and restart" >&2
kill -9 "\$(cat "\$W/pid")"
while kill -0 "\$(cat "\$W/pid")" 2>/dev/null; do sleep 0.1; done
GW_JAVA_OPTS="${GW_JAVA_OPTS:-}" start_gateway "\$W" $PORT $MPORT
echo "\$GW_PID" > "\$W/pid"
RESTART
java -XX:+UseParallelGC -jar "$ROOT/bench/loadgen/target/loadgen.jar" scale --server "127.0.0.1:$PORT" \
    --clients "$CLIENTS" --duration "${DURATION:-10}" --warmup 2 --loops "${LOOPS:-2}" \
    --restart-command "bash $W/restart.sh" | tee "$W/out"
read -r _ HEAP1 RSS1 < "$W/mem"
awk -v n="$CLIENTS" -v h0="$HEAP0" -v h1="$HEAP1" -v r0="$RSS0" -v r1="$RSS1" 'BEGIN {
    printf "memory per client (session + open file + recovery record): heap %.1f KiB, RSS %.1f KiB (heap %d -> %d MiB, RSS %d -> %d MiB)\n",
        (h1 - h0) / n, (r1 - r0) / n, h0 / 1024, h1 / 1024, r0 / 1024, r1 / 1024 }'
