#!/bin/bash
# Our gateway against nfs-ganesha 4.3 under the project's load generator (bench/loadgen.sh):
# every workload (create+remove, stat, readdir, rename, open/close, lock/unlock, 4 KiB random
# read/write, 1 MiB sequential read/write) at 1, 8 and 64 clients, each client its own
# connection and session with SLOTS calls in flight; both servers run side by side and are
# measured in alternating rounds, so drift in the machine's load hits both alike. Prints the
# medians and the ratio ours/ganesha per row (latency: p99 of the COMPOUND round trip).
#
#   bench/compare-load.sh               # BACKEND=local: a local directory each (ganesha FSAL_VFS)
#   BACKEND=ceph bench/compare-load.sh  # CephFS of the dev cluster each (ganesha FSAL_CEPH)
#
# After `mvn -B -q install -DskipTests` (gateway/target/gateway.jar, bench/loadgen/target/loadgen.jar).
# Ours is one node as the README's "Using it" runs it (squash none, numeric owners); ganesha as
# bench/ganesha.sh or bench/ganesha-ceph.sh sets it up. With BACKEND=ceph the dev cluster is
# started if none runs (and stopped at the end).
# Env: ROUNDS (3, after one unmeasured warm-up round per server)  CLIENTS (1,8,64)  WORKLOADS (all)  SLOTS (4)  DURATION (5 s)  WARMUP (1 s)
#      FILES (1000)  DIR_ENTRIES (10000)  DATA_MIB (64)  ONLY=ours|ganesha
#      JAR (gateway/target/gateway.jar; copied)  GW_JAVA_OPTS  OUT (keep the CSV here)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BACKEND=${BACKEND:-local}
ROUNDS=${ROUNDS:-3}
JAR=${JAR:-$ROOT/gateway/target/gateway.jar}
ONLY=${ONLY:-}
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
W=$(mktemp -d /tmp/cephgw-compare-load.XXXXXX)
GW_PID="" G_PORT="" OURS_PATH="" STARTED_CLUSTER=0
[ "$BACKEND" = local ] || [ "$BACKEND" = ceph ] || { echo "BACKEND: local or ceph, got $BACKEND" >&2; exit 2; }

log() { echo "compare-load: $*" >&2; }
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
cleanup() {
    set +e
    [ -n "$GW_PID" ] && stop_gateway "$GW_PID"
    if [ -n "$G_PORT" ]; then
        if [ "$BACKEND" = ceph ]; then "$ROOT/bench/ganesha-ceph.sh" stop "$G_PORT"; else "$ROOT/bench/ganesha.sh" stop "$G_PORT"; fi
    fi
    [ -n "$OURS_PATH" ] && "$HOSTPY" rmtree "$OURS_PATH"
    [ "$STARTED_CLUSTER" = 1 ] && "$ROOT/scripts/ceph-dev-cluster.sh" down
    [ -n "${OUT:-}" ] && cp "$W/results.csv" "$OUT" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -f "$ROOT/bench/loadgen/target/loadgen.jar" ] || { log "bench/loadgen/target/loadgen.jar missing: mvn -B -q install -DskipTests"; exit 1; }
[ "$BACKEND" = ceph ] && dev_cluster_up

SERVERS=()
if [ "$ONLY" != ganesha ]; then
    [ -f "$JAR" ] || { log "$JAR missing (mvn -B package -DskipTests), or ONLY=ganesha"; exit 1; }
    cp "$JAR" "$W/gateway.jar"
    { read -r O_PORT; read -r M_PORT; } < <(free_ports 2)
    if [ "$BACKEND" = ceph ]; then
        OURS_PATH=/bench-load-ours-$$
        "$HOSTPY" mkdirs "$OURS_PATH" 755
        EXPORT=$(ceph_export "$OURS_PATH")
    else
        mkdir -p "$W/ours"
        EXPORT=$(ceph_export "$W/ours")
    fi
    cat > "$W/gateway.conf" <<CONF
gateway {
  idmap.numeric-owners = true
  exports = [ {
    id = 1, pseudo = "/", squash = "none"
    $EXPORT
  } ]
}
CONF
    start_gateway "$W" "$O_PORT" "$M_PORT"
    log "ours: pid $GW_PID on 127.0.0.1:$O_PORT ($BACKEND)"
    SERVERS+=("ours:$O_PORT")
fi
if [ "$ONLY" != ours ]; then
    G_PORT=$(free_ports 1)
    if [ "$BACKEND" = ceph ]; then
        "$ROOT/bench/ganesha-ceph.sh" start "$G_PORT"
    else
        "$ROOT/bench/ganesha.sh" start "$G_PORT" "$W/ganesha"
    fi
    SERVERS+=("ganesha:$G_PORT")
fi

ARGS=(--clients "${CLIENTS:-1,8,64}" --workloads "${WORKLOADS:-all}" --slots "${SLOTS:-4}"
      --duration "${DURATION:-5}" --warmup "${WARMUP:-1}" --files "${FILES:-1000}"
      --dir-entries "${DIR_ENTRIES:-10000}" --data-mib "${DATA_MIB:-64}")
# an unmeasured round first: the JVM compiles its hot paths in the first minutes, and a
# long-running server is measured warm (ganesha gets the same round: warm caches for both)
for s in "${SERVERS[@]}"; do
    name=${s%%:*} port=${s##*:}
    echo "== warm-up: $name (127.0.0.1:$port)" >&2
    "$ROOT/bench/loadgen.sh" --server "127.0.0.1:$port" --label "$name" "${ARGS[@]}" > "$W/run.out" 2>&1 \
        || { log "warm-up against $name failed:"; cat "$W/run.out" >&2; exit 1; }
done
for r in $(seq "$ROUNDS"); do
    for s in "${SERVERS[@]}"; do
        name=${s%%:*} port=${s##*:}
        echo "== round $r/$ROUNDS: $name (127.0.0.1:$port)" >&2
        SECONDS=0
        "$ROOT/bench/loadgen.sh" --server "127.0.0.1:$port" --label "$name" --csv "$W/results.csv" "${ARGS[@]}" \
            > "$W/run.out" 2>&1 || { log "load run against $name failed:"; cat "$W/run.out" >&2; exit 1; }
        # the table up to its first blank line (no pipe: a reader that stops early would fail the run under pipefail)
        awk '/^server /{p=1} p && /^$/{exit} p' "$W/run.out" >&2
        echo "   ($SECONDS s)" >&2
    done
done

echo "$BACKEND back end, $ROUNDS rounds alternating, median per row; ${SLOTS:-4} slots per client, ${DURATION:-5} s measured after ${WARMUP:-1} s"
python3 - "$W/results.csv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
by = {}
order = []
for r in rows:
    k = (r["workload"], int(r["clients"]))
    if k not in order:
        order.append(k)
    by.setdefault((k, r["label"]), []).append(r)
def med(k, label, field):
    v = [float(r[field]) for r in by.get((k, label), [])]
    return statistics.median(v) if v else None
print(f"{'workload':<10} {'clients':>7} {'unit':<10} {'ours':>11} {'ganesha':>11} {'ratio':>6}   {'p99 ms ours':>11} {'ganesha':>8}  errors")
for k in order:
    unit = next(iter(by.get((k, "ours"), by.get((k, "ganesha"), [{}]))))["rate_unit"]
    o, g = med(k, "ours", "rate"), med(k, "ganesha", "rate")
    po, pg = med(k, "ours", "p99_ms"), med(k, "ganesha", "p99_ms")
    errs = sum(int(r["errors"]) for lab in ("ours", "ganesha") for r in by.get((k, lab), []))
    f = lambda x, p=1: "-" if x is None else f"{x:.{p}f}"
    ratio = f"{o / g:.2f}" if o is not None and g else "-"
    print(f"{k[0]:<10} {k[1]:>7} {unit:<10} {f(o):>11} {f(g):>11} {ratio:>6}   {f(po, 2):>11} {f(pg, 2):>8}  {errs}")
PY
