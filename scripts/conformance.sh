#!/usr/bin/env bash
# Runs the pynfs NFSv4.1/4.2 conformance suite against a gateway serving a fresh local export.
#
#   scripts/conformance.sh PYNFS_DIR [OUTDIR]
#
# PYNFS_DIR is a checkout of pynfs (https://github.com/kofemann/pynfs or linux-nfs/pynfs); it is
# built here if it is not yet (needs python3-ply: apt-get install python3-ply).
# The gateway is the jar of this tree (built if missing), started on a temporary directory with
# root not squashed (pynfs creates device files and works as uid 0), then stopped again.
#
# Environment:
#   MINORVERSION  pynfs --minorversion, 1 or 2 (default 2, pynfs's own default)
#   TESTS         test codes/flags to run (default "all")
#   LEASE         the gateway's lease time (default 20s; pynfs's courtesy and lease tests each
#                 sleep one lease + 10 s)
#   PORT          NFS port of the gateway (default 22049)
#   JAR           the gateway jar (default gateway/target/gateway.jar)
#   TEST_TIMEOUT  seconds one test may take before the run is stopped as hung (default 300)
#
# OUTDIR (default ./target/conformance) gets gateway.log, pynfs.log (pynfs -v output),
# results.json (pynfs --json) and summary.txt: the totals and the failed tests.
# Exit status: 0 when the suite ran to the end (whatever failed), 1 when it could not.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
pynfs=${1:?usage: scripts/conformance.sh PYNFS_DIR [OUTDIR]}
out=${2:-$here/target/conformance}
minor=${MINORVERSION:-2}
tests=${TESTS:-all}
lease=${LEASE:-20s}
port=${PORT:-22049}
jar=${JAR:-$here/gateway/target/gateway.jar}
test_timeout=${TEST_TIMEOUT:-300}
python=/usr/bin/python3

pynfs=$(cd "$pynfs" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

if [ ! -f "$pynfs/nfs4.1/testserver.py" ]; then
    echo "conformance: $pynfs is not a pynfs checkout (no nfs4.1/testserver.py)" >&2
    exit 1
fi
if [ ! -f "$pynfs/nfs4.1/xdrdef/nfs4_const.py" ]; then
    echo "conformance: building pynfs in $pynfs"
    if ! "$python" -c 'import ply' 2>/dev/null; then
        echo "conformance: pynfs needs python3-ply (apt-get install python3-ply)" >&2
        exit 1
    fi
    # its setup.py runs the sub-builds through $PATH's python3
    (cd "$pynfs" && PATH=/usr/bin:$PATH "$python" setup.py build > "$out/pynfs-build.log" 2>&1)
    [ -f "$pynfs/nfs4.1/xdrdef/nfs4_const.py" ] || { echo "conformance: pynfs build failed, see $out/pynfs-build.log" >&2; exit 1; }
fi
if [ ! -f "$jar" ]; then
    echo "conformance: building the gateway"
    (cd "$here" && mvn -B -q package -DskipTests)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cephgw-conformance.XXXXXX")
gw_pid=
cleanup() {
    if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
        kill "$gw_pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$gw_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

mkdir -p "$work/export"
cat > "$work/gateway.conf" <<EOF
gateway {
  state-dir = "$work/state"
  lease-time = $lease
  nfs { bind = "127.0.0.1", port = $port }
  exports = [ { id = 1, path = "$work/export", pseudo = "/", squash = "none" } ]
}
pekko.management.http.port = 0
pekko.remote.artery.canonical.port = 0
EOF

java -jar "$jar" --config "$work/gateway.conf" > "$out/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 120); do
    if ! kill -0 "$gw_pid" 2>/dev/null; then
        echo "conformance: the gateway did not start, see $out/gateway.log" >&2
        exit 1
    fi
    if "$python" - "$port" <<'PY' 2>/dev/null; then break; fi
import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
PY
    sleep 0.5
done

echo "conformance: pynfs $tests, minor version $minor, against 127.0.0.1:$port (lease $lease)"
rm -f "$out/results.json"
# shellcheck disable=SC2086
(cd "$pynfs/nfs4.1" && timeout $((test_timeout * 4 + 1800)) "$python" -u testserver.py "127.0.0.1:$port/" \
    --minorversion="$minor" --maketree -v --json="$out/results.json" $tests) > "$out/pynfs.log" 2>&1 &
py_pid=$!

# a test that runs longer than TEST_TIMEOUT is hung: stop the run rather than wait forever
last=$(wc -l < "$out/pynfs.log"); since=$(date +%s)
while kill -0 "$py_pid" 2>/dev/null; do
    sleep 5
    now=$(wc -l < "$out/pynfs.log")
    if [ "$now" != "$last" ]; then last=$now; since=$(date +%s); fi
    if [ $(( $(date +%s) - since )) -gt "$test_timeout" ]; then
        echo "conformance: no progress for ${test_timeout}s: stopping pynfs (see the end of $out/pynfs.log)" >&2
        kill "$py_pid" 2>/dev/null || true
        break
    fi
    if ! kill -0 "$gw_pid" 2>/dev/null; then
        echo "conformance: the gateway exited during the run, see $out/gateway.log" >&2
        kill "$py_pid" 2>/dev/null || true
        break
    fi
done
wait "$py_pid" || true

if [ ! -s "$out/results.json" ]; then
    echo "conformance: pynfs wrote no results, see $out/pynfs.log" >&2
    exit 1
fi
"$python" - "$out/results.json" > "$out/summary.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
# pynfs lists every test it knows; those outside the selection are "skipped"
cases = [c for c in r.get("testcase", []) if not c.get("skipped")]
failed = [c for c in cases if c.get("failure") or c.get("error")]
print("ran=%d pass=%d fail=%d" % (len(cases), len(cases) - len(failed), len(failed)))
for c in sorted(failed, key=lambda c: c.get("code", "")):
    f = c.get("failure") or c.get("error")
    msg = f.get("message", "") if isinstance(f, dict) else str(f)
    print("FAIL %s %s.%s: %s" % (c.get("code", ""), c.get("classname", ""), c.get("name", ""),
                                 " ".join(msg.split())[:200]))
PY
cat "$out/summary.txt"
