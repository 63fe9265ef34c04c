#!/bin/bash
# libcephfs alone on the dev cluster: bench/cephfs-alone.c (the ceph_ll_* calls an NFS server
# makes for each load-generator workload) from one mount with 4, 32 and 256 threads — the
# requests 1, 8 and 64 load-generator clients with 4 slots each keep in flight. What it prints
# is the ceiling the MDS, OSD and libcephfs put under any NFS server on this cluster: read
# bench/compare-load.sh's BACKEND=ceph rows against it.
#
#   bench/cephfs-alone.sh            # the dev cluster must be up (scripts/ceph-dev-cluster.sh up)
#
# Env: WORKLOADS (create rename lock openclose readdir seqwrite)  THREADS (4 32 256)
#      SECS (5)  WARMUP (1)  ROUNDS (3: the median of 3 runs per row)  ENTRIES (10000, readdir)
# Installs libcephfs-dev (the header) if missing. Prints one table; OUT=FILE also keeps the
# ALONE lines of every run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORKLOADS=${WORKLOADS:-create rename lock openclose readdir seqwrite}
THREADS=${THREADS:-4 32 256}
ROUNDS=${ROUNDS:-3}
eval "$("$ROOT/scripts/ceph-dev-cluster.sh" env)"
[ -f /usr/include/cephfs/libcephfs.h ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q libcephfs-dev >/dev/null
BIN=$(mktemp /tmp/cephfs-alone.XXXXXX)
OUT=${OUT:-$BIN.out}
trap 'rm -f "$BIN" "$BIN.out"' EXIT
gcc -O2 -Wall -o "$BIN" "$ROOT/bench/cephfs-alone.c" -lcephfs -lpthread
: > "$OUT"
for t in $THREADS; do
    for w in $WORKLOADS; do
        for r in $(seq "$ROUNDS"); do
            echo "== $w, $t threads, run $r/$ROUNDS" >&2
            CEPH_ID=$CEPH_DEV_USER CEPH_KEYRING=$CEPH_DEV_USER_KEYRING \
                "$BIN" "$w" "$t" "${SECS:-5}" "${WARMUP:-1}" | tee -a "$OUT" >&2
        done
    done
done
# the median run (by rate) per workload and thread count
awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
       k = f["workload"] " " f["threads"]; n[k]++; line[k, n[k]] = f["rate"] " " f["unit"] " " f["p50_ms"] " " f["p99_ms"] " " f["p999_ms"]
       if (!(k in seen)) { seen[k] = 1; order[++m] = k } }
     END { print "| workload | threads | rate | unit | p50 ms | p99 ms | p99.9 ms |"; print "|---|---|---|---|---|---|---|"
           for (j = 1; j <= m; j++) { k = order[j]; c = n[k]
               for (a = 1; a <= c; a++) { split(line[k, a], x, " "); v[a] = x[1] + 0; s[a] = line[k, a] }
               for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (v[b] < v[a]) { t = v[a]; v[a] = v[b]; v[b] = t; t = s[a]; s[a] = s[b]; s[b] = t }
               split(s[int((c + 1) / 2)], x, " "); split(k, kk, " ")
               printf "| %s | %s | %s | %s | %s | %s | %s |\n", kk[1], kk[2], x[1], x[2], x[3], x[4], x[5] } }' "$OUT"
