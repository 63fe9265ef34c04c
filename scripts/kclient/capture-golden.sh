#!/bin/bash
# Re-create protocol/src/test/resources/golden/ from the real Linux NFS client:
# nfs-ganesha (bench/ganesha.sh) serves a scratch directory, tcpdump records the loopback,
# the guest runs src/test/kclient/golden-capture.sh once per minor version, and two guests
# at once run golden-lock2.sh so the server has to deny a lock. scripts/pcap-to-golden.py
# then cuts one file per distinct call out of the captures.
#
#   scripts/kclient/capture-golden.sh [OUTDIR]     # default: the golden directory (replaced)
# Needs root (tcpdump, apt-get for ganesha/tcpdump if missing). KEEP=1 keeps the pcaps.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/protocol/src/test/resources/golden}
PORT=${PORT:-20499}
W=$(mktemp -d /tmp/cephgw-golden.XXXXXX)
TCPDUMP_PID=""
cleanup() {
    set +e      # best effort: one step failing (e.g. a process already gone) must not skip the rest
    [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null
    "$ROOT/bench/ganesha.sh" stop "$PORT" || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

command -v tcpdump >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q tcpdump >/dev/null
"$ROOT/scripts/kclient/build.sh"

capture() { # NAME VERS SCRIPT [PARALLEL]: one pcap, fresh export, 1 or 2 guests
    local name=$1 vers=$2 script=$3 par=${4:-1}
    mkdir -p "$W/$name.export"
    # short lease: the idle guest in golden-lock2.sh then renews it with a lone SEQUENCE
    LEASE=15 "$ROOT/bench/ganesha.sh" start "$PORT" "$W/$name.export"
    tcpdump -i lo -s 0 -U -w "$W/$name.pcap" "tcp port $PORT" 2>"$W/$name.tcpdump.log" &
    TCPDUMP_PID=$!
    sleep 1
    local pids=() i
    for i in $(seq "$par"); do
        "$ROOT/scripts/kclient/run.sh" "$PORT" "$script" "vers=$vers" > "$W/$name.$i.out" 2>&1 &
        pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || { echo "guest failed:"; cat "$W/$name".*.out; exit 1; }; done
    sleep 1
    kill "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true; TCPDUMP_PID=""
    "$ROOT/bench/ganesha.sh" stop "$PORT"
    cat "$W/$name".*.out
}
capture v41 4.1 "$ROOT/src/test/kclient/golden-capture.sh"
capture v41-lock2 4.1 "$ROOT/src/test/kclient/golden-lock2.sh" 2
capture v42 4.2 "$ROOT/src/test/kclient/golden-capture.sh"
capture v42-lock2 4.2 "$ROOT/src/test/kclient/golden-lock2.sh" 2

rm -rf "$OUT.new"; mkdir -p "$OUT.new"
[ -f "$OUT/README.md" ] && cp "$OUT/README.md" "$OUT.new/"
python3 "$ROOT/scripts/pcap-to-golden.py" -p "$PORT" -o "$OUT.new" --variants --cross-dedupe \
    "$W/v41.pcap" "$W/v41-lock2.pcap" "$W/v42.pcap" "$W/v42-lock2.pcap"
rm -rf "$OUT"; mv "$OUT.new" "$OUT"
if [ "${KEEP:-0}" = 1 ]; then echo "captures kept in $W"; else rm -rf "$W"; fi
echo "golden files in $OUT"
