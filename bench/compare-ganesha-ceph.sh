#!/bin/bash
# Our gateway against nfs-ganesha 4.3 with FSAL_CEPH, both serving a directory of their own in
# CephFS "a" of the project's one-machine Ceph cluster (scripts/ceph-dev-cluster.sh), with the
# same kernel-client benchmark (bench/kclient-bench.sh: 256 MiB sequential write and read,
# 2,000 small files), alternating between the two servers for ROUNDS rounds so that drift in the
# machine's load hits both alike; prints the medians and the ratio ours/ganesha.
#
#   bench/compare-ganesha-ceph.sh            # after mvn package (gateway/target/gateway.jar)
#
# Starts the dev cluster if it is not up (and stops it again at the end); reuses a running one.
# Both servers use client.cephgw with its own key, no root squashing, numeric owners; ganesha as
# bench/ganesha-ceph.sh sets it up (Attr_Expiration_Time 0, Dir_Chunk 0, as recommended for
# CephFS). Each export directory is removed from CephFS at the end.
# Env: ROUNDS (3)  WARMUP (1 unmeasured round per server first)  MOUNT_OPTS (vers=4.1)  SIZE_MB (256)
#      FILES (2000)  JAR (gateway/target/gateway.jar; copied, so a rebuild cannot pull it away)
#      IO_WORKERS (gateway.io-workers; empty = the gateway's default)  GW_JAVA_OPTS (more JVM options)
#      ONLY=ganesha|ours (run one side only)  KCLIENT_NET=passt and the other scripts/kclient/run.sh knobs
# Needs root for apt-get (nfs-ganesha-ceph and the Ceph packages are installed if missing).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
OPTS=${MOUNT_OPTS:-vers=4.1}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
ONLY=${ONLY:-}
IO_WORKERS=${IO_WORKERS:-}
CLUSTER=$ROOT/scripts/ceph-dev-cluster.sh
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
W=$(mktemp -d /tmp/cephgw-compare-ceph.XXXXXX)
GW_PID="" G_PORT="" M_PORT="" OURS_PATH="" STARTED_CLUSTER=0

log() { echo "compare-ganesha-ceph: $*" >&2; }
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
free_port() { free_ports 1; }   # below the ephemeral range: no outgoing connection takes it first
cleanup() {
    set +e      # best effort: one step failing (e.g. a process already gone) must not skip the rest
    if [ -n "$GW_PID" ]; then kill -TERM "$GW_PID" 2>/dev/null; wait "$GW_PID" 2>/dev/null; fi
    [ -n "$G_PORT" ] && "$ROOT/bench/ganesha-ceph.sh" stop "$G_PORT"
    [ -n "$OURS_PATH" ] && "$HOSTPY" rmtree "$OURS_PATH"
    [ "$STARTED_CLUSTER" = 1 ] && "$CLUSTER" down
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the cluster
if ! "$CLUSTER" env >/dev/null 2>&1; then
    log "starting the dev cluster (stopped again at the end)"
    STARTED_CLUSTER=1
    "$CLUSTER" up >/dev/null
fi
eval "$("$CLUSTER" env)"

"$ROOT/scripts/kclient/build.sh"
SERVERS=()
if [ "$ONLY" != ganesha ]; then
    [ -f "$JAR" ] || { log "$JAR missing (mvn -B package -DskipTests), or ONLY=ganesha"; exit 1; }
    cp "$JAR" "$W/gateway.jar"
    { read -r O_PORT; read -r M_PORT; } < <(free_ports 2)
    OURS_PATH=/bench-ours-$$
    "$HOSTPY" mkdirs "$OURS_PATH" 755
    cat > "$W/gateway.conf" <<EOF
gateway {
  idmap.numeric-owners = true
  exports = [ {
    id = 1, pseudo = "/", path = "$OURS_PATH", backend = "cephfs"
    squash = "none"    # like the ganesha export: the guest benchmarks as root
    ceph { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING", fs = "$CEPH_DEV_FS" }
  } ]
}
EOF
    # shellcheck disable=SC2086  # GW_JAVA_OPTS: several words on purpose
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF java -Dpekko.remote.artery.canonical.port=0 \
        -Dgateway.state-dir="$W/state" ${IO_WORKERS:+-Dgateway.io-workers=$IO_WORKERS} ${GW_JAVA_OPTS:-} \
        -jar "$W/gateway.jar" --config "$W/gateway.conf" --port "$O_PORT" --bind 127.0.0.1 --management-port "$M_PORT" \
        > "$W/gateway.log" 2>&1 &
    GW_PID=$!
    ready=0
    for _ in $(seq 240); do
        kill -0 "$GW_PID" 2>/dev/null || { log "gateway exited:"; tail -30 "$W/gateway.log" >&2; exit 1; }
        if curl -sf "http://127.0.0.1:$M_PORT/health/ready" >/dev/null 2>&1; then ready=1; break; fi
        sleep 0.25
    done
    [ $ready = 1 ] || { log "gateway not ready after 60 s"; tail -30 "$W/gateway.log" >&2; exit 1; }
    log "ours: pid $GW_PID on 127.0.0.1:$O_PORT exports CephFS $CEPH_DEV_FS:$OURS_PATH, io-workers ${IO_WORKERS:-default}"
    SERVERS+=("ours:$O_PORT")
fi
if [ "$ONLY" != ours ]; then
    G_PORT=$(free_port)
    "$ROOT/bench/ganesha-ceph.sh" start "$G_PORT"
    SERVERS+=("ganesha:$G_PORT")
fi

# Unmeasured rounds first: the JVM compiles its hot paths in the first minutes, and a
# long-running server is measured warm (ganesha gets the same round, so both start from a
# used export and warm caches).
for r in $(seq "${WARMUP:-1}"); do
    for s in "${SERVERS[@]}"; do
        name=${s%%:*} port=${s##*:}
        echo "== warm-up $r: $name (127.0.0.1:$port, $OPTS)" >&2
        "$ROOT/bench/kclient-bench.sh" "$port" "$name-warmup" "$OPTS" >/dev/null 2>"$W/bench.err" \
            || { log "warm-up against $name failed:"; cat "$W/bench.err" >&2; exit 1; }
    done
done

for r in $(seq "$ROUNDS"); do
    for s in "${SERVERS[@]}"; do
        name=${s%%:*} port=${s##*:}
        echo "== round $r/$ROUNDS: $name (127.0.0.1:$port, $OPTS)" >&2
        SECONDS=0
        "$ROOT/bench/kclient-bench.sh" "$port" "$name" "$OPTS" 2>"$W/bench.err" | tee -a "$W/results" \
            || { log "benchmark against $name failed:"; cat "$W/bench.err" >&2; exit 1; }
        echo "   ($SECONDS s)" >&2
    done
done

if [ -n "$GW_PID" ]; then
    # no Fh may be left open after the guests unmounted (leak check)
    echo "ours: GET /exports -> $(curl -s "http://127.0.0.1:$M_PORT/exports" | grep -o '"openHandles":[0-9]*')"
fi
echo "ours: CephFS export, gateway.io-workers = ${IO_WORKERS:-16 (default)}; ganesha: FSAL_CEPH, Attr_Expiration_Time ${GANESHA_ATTR_EXPIRATION:-0}, Dir_Chunk ${GANESHA_DIR_CHUNK:-0}; $OPTS"
# medians per server and key, then one row per key
awk '
    { split($3, kv, "="); v[$2, kv[1]] = v[$2, kv[1]] " " kv[2]; keys[kv[1]] = 1; servers[$2] = 1 }
    function median(list,   a, n, i, j, t) {
        n = split(list, a, " ")
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n == 0 ? "" : (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2)
    }
    END {
        split("write_MBps read_MBps create_per_s stat_per_s rename_per_s readdir_per_s unlink_per_s", order, " ")
        printf "%-16s %12s %12s %14s\n", "median of '"$ROUNDS"'", "ours", "ganesha", "ours/ganesha"
        for (i = 1; i <= 7; i++) {
            k = order[i]
            if (!(k in keys)) continue
            o = median(v["ours", k]); g = median(v["ganesha", k])
            printf "%-16s %12s %12s %14s\n", k, o == "" ? "-" : o, g == "" ? "-" : g,
                   (o != "" && g + 0 > 0) ? sprintf("%.2f", o / g) : "-"
        }
    }' "$W/results"
