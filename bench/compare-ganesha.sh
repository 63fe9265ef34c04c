#!/bin/bash
# Our gateway against nfs-ganesha 4.3 (FSAL_VFS) with the same kernel-client benchmark
# (bench/kclient-bench.sh), alternating between the two servers for ROUNDS rounds so that
# drift in the machine's load hits both alike; prints the medians and the ratio ours/ganesha.
#
#   bench/compare-ganesha.sh                 # after mvn package (gateway/target/gateway.jar)
#
# Env: ROUNDS (3)  WARMUP (1 unmeasured round per server first)  MOUNT_OPTS (vers=4.1)  SIZE_MB (256)  FILES (2000)
#      JAR (gateway/target/gateway.jar)  ONLY=ganesha|ours (run one side only)
#      KCLIENT_NET=passt and the other scripts/kclient/run.sh knobs
# Needs root for apt-get (nfs-ganesha is installed if missing) and ~1 GiB free for the exports.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-3}
OPTS=${MOUNT_OPTS:-vers=4.1}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
ONLY=${ONLY:-}
W=$(mktemp -d /tmp/cephgw-compare.XXXXXX)
GW_PID="" G_PORT=""

# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
free_port() { free_ports 1; }   # below the ephemeral range: no outgoing connection takes it first
cleanup() {
    set +e      # best effort: one step failing (e.g. a process already gone) must not skip the rest
    if [ -n "$GW_PID" ]; then kill -TERM "$GW_PID" 2>/dev/null; wait "$GW_PID" 2>/dev/null; fi
    [ -n "$G_PORT" ] && "$ROOT/bench/ganesha.sh" stop "$G_PORT"
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/scripts/kclient/build.sh"
SERVERS=()
if [ "$ONLY" != ganesha ]; then
    [ -f "$JAR" ] || { echo "compare-ganesha: $JAR missing (mvn -B package -DskipTests), or ONLY=ganesha" >&2; exit 1; }
    { read -r O_PORT; read -r M_PORT; } < <(free_ports 2)
    mkdir "$W/ours"
    # no root squashing, like the ganesha export: the guest benchmarks as root
    java -jar "$JAR" --export "$W/ours" --port "$O_PORT" --bind 127.0.0.1 --management-port "$M_PORT" --squash none \
        > "$W/gateway.log" 2>&1 &
    GW_PID=$!
    for _ in $(seq 240); do
        kill -0 "$GW_PID" 2>/dev/null || { echo "compare-ganesha: gateway exited:" >&2; tail -30 "$W/gateway.log" >&2; exit 1; }
        ss -Hltn "sport = :$O_PORT" | grep . >/dev/null && break
        sleep 0.25
    done
    ss -Hltn "sport = :$O_PORT" | grep . >/dev/null || { echo "compare-ganesha: gateway not listening on $O_PORT" >&2; exit 1; }
    SERVERS+=("ours:$O_PORT")
fi
if [ "$ONLY" != ours ]; then
    G_PORT=$(free_port)
    "$ROOT/bench/ganesha.sh" start "$G_PORT" "$W/ganesha"
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
            || { echo "compare-ganesha: warm-up against $name failed:" >&2; cat "$W/bench.err" >&2; exit 1; }
    done
done

for r in $(seq "$ROUNDS"); do
    for s in "${SERVERS[@]}"; do
        name=${s%%:*} port=${s##*:}
        echo "== round $r/$ROUNDS: $name (127.0.0.1:$port, $OPTS)" >&2
        SECONDS=0
        "$ROOT/bench/kclient-bench.sh" "$port" "$name" "$OPTS" 2>"$W/bench.err" | tee -a "$W/results" \
            || { echo "compare-ganesha: benchmark against $name failed:" >&2; cat "$W/bench.err" >&2; exit 1; }
        echo "   ($SECONDS s)" >&2
    done
done

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
