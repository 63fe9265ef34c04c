#!/bin/bash
# Benchmark an NFS server on 127.0.0.1:PORT with the Linux kernel client in qemu:
# 256 MiB sequential write (dd bs=1M conv=fsync) and read after drop_caches (MB/s), and
# 2,000 small files created, stat'ed, renamed, listed (5 times, each after drop_caches) and
# removed (files/s; entries/s for the listings).
#
#   bench/kclient-bench.sh PORT [LABEL] [MOUNT_OPTS]     # MOUNT_OPTS default vers=4.1
#
# Prints "BENCH LABEL key=value" lines (write_MBps read_MBps create_per_s stat_per_s
# rename_per_s readdir_per_s unlink_per_s). Env: SIZE_MB (256), FILES (2000), and the
# KCLIENT_* knobs of scripts/kclient/run.sh (KCLIENT_NET=passt: 2-3x the MB/s of slirp).
# Under TCG the guest CPU, not the server, limits the numbers: compare servers on the same
# machine and network mode only (bench/compare-ganesha.sh does).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${1:?usage: kclient-bench.sh PORT [LABEL] [MOUNT_OPTS]}
"$ROOT/scripts/kclient/build.sh"
KCT_LABEL=${2:-bench} KCT_SIZE_MB=${SIZE_MB:-256} KCT_FILES=${FILES:-2000} \
    "$ROOT/scripts/kclient/run.sh" "$PORT" "$ROOT/bench/guest-bench.sh" "${3:-vers=4.1}" \
    | awk '/^BENCH / { print; fflush(); next } { print > "/dev/stderr" }'   # results on stdout, the rest (errors) on stderr
