# Shared by bench/compare-recovery.sh and bench/compare-takeover.sh (sourced, not run): the pieces
# of a round in which kernel client A (bench/guest-fsync.sh) writes under an fcntl lock and kernel
# client B (bench/guest-lockprobe.sh) asks for the same lock while a server goes away.
# Needs: HOSTPY (src/test/kclient/cephfs-host.py); evict_run_sessions also RUN and the dev
# cluster's environment (scripts/ceph-dev-cluster.sh env); dev_cluster_up CLUSTER (that script)
# and sets STARTED_CLUSTER=1 when it started the cluster.

dev_cluster_up() { # the dev cluster (scripts/ceph-dev-cluster.sh) and its environment; started if none runs
    if ! "$CLUSTER" env >/dev/null 2>&1; then
        echo "starting the dev cluster (stopped again at the end)" >&2
        STARTED_CLUSTER=1
        "$CLUSTER" up >/dev/null
    fi
    eval "$("$CLUSTER" env)"
}

free_ports() { # N distinct free TCP ports, below the ephemeral range (an outgoing connection
    # cannot take one between this pick and the server's bind), one a line
    /usr/bin/python3 -c '
import random, socket, sys
n, found, held = int(sys.argv[1]), [], []
for port in random.sample(range(20000, 32000), 12000):
    s = socket.socket()
    try:
        s.bind(("", port))
    except OSError:
        s.close()
        continue
    held.append(s)
    found.append(port)
    if len(found) == n:
        break
print("\n".join(map(str, found)))' "$1"
}

gone() { # PID: exited (a zombie not yet reaped counts as gone)
    local st
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
    [ "${st%% *}" = Z ]
}

await_marker() { # PATH GUEST_PID: wait until PATH exists in CephFS while the guest runs (400 s)
    for _ in $(seq 80); do
        "$HOSTPY" wait "$1" 5 >/dev/null && return 0
        kill -0 "$2" 2>/dev/null || break
    done
    "$HOSTPY" wait "$1" 0 >/dev/null
}

# Stopped servers of both kinds leave their CephFS sessions for a successor to reclaim (that is
# the point of the exercise), and those sessions keep their caps for the MDS session timeout
# (300 s): evict the ones of this run (their client uuid names the run) so nothing else stalls.
evict_run_sessions() {
    timeout 30 ceph tell "mds.$CEPH_DEV_FS:0" session ls 2>/dev/null | /usr/bin/python3 -c '
import json, sys
for s in json.load(sys.stdin):
    if sys.argv[1] in s.get("client_metadata", {}).get("uuid", ""):
        print(s["id"])' "$RUN" | while read -r id; do
        timeout 30 ceph tell "mds.$CEPH_DEV_FS:0" client evict id="$id" >/dev/null 2>&1 \
            || echo "recovery-lib: could not evict session $id" >&2
    done
}

stop_jobs() { # this shell's background jobs still running: guests (run.sh stops its qemu), probes
    local p
    for p in $(jobs -pr); do kill -TERM "$p" 2>/dev/null; done
    for p in $(jobs -pr); do wait "$p" 2>/dev/null; done
}

# The end of a run, after the script stopped its own servers: the nfs-ganesha heads on
# GANESHA_PORTS, this run's CephFS sessions, the directories DIRS and every RADOS object whose
# name contains RUN (grace objects, recovery records), the dev cluster if STARTED_CLUSTER=1, the
# work directory W unless KEEP_LOGS=1 (then log, the script's, says where it is).
finish_run() {
    local p d
    for p in "${GANESHA_PORTS[@]}"; do
        GANESHA_CEPH_KEEP=1 "$ROOT/bench/ganesha-ceph.sh" stop "$p"
        [ "${KEEP_LOGS:-0}" = 1 ] || [ -n "${GANESHA_STATE:-}" ] || rm -rf "/tmp/cephgw-ganesha-ceph-$p"
    done
    evict_run_sessions
    for d in "${DIRS[@]}"; do "$HOSTPY" rmtree "$d"; done
    rados -p "$CEPH_DEV_META_POOL" -N "$CEPH_DEV_NAMESPACE" ls 2>/dev/null | grep -F -- "$RUN" \
        | while read -r obj; do rados -p "$CEPH_DEV_META_POOL" -N "$CEPH_DEV_NAMESPACE" rm "$obj"; done
    [ "$STARTED_CLUSTER" = 1 ] && "$CLUSTER" down
    if [ "${KEEP_LOGS:-0}" = 1 ]; then log "logs kept in $W"; else rm -rf "$W"; fi
}

# Copies JAR to W/gateway.jar (a rebuild during the run must not mix builds) and, unless GW_CDS=0,
# records a class-data-sharing archive with "gateway.jar warm-up" as the README recommends for
# production; sets CDS_OPTS to the java options that use it (empty without one).
prepare_jar() {
    cp "$JAR" "$W/gateway.jar"
    CDS_OPTS=()
    [ "${GW_CDS:-1}" = 1 ] || return 0
    if java -XX:ArchiveClassesAtExit="$W/gateway.jsa" -jar "$W/gateway.jar" warm-up > "$W/warm-up.log" 2>&1 \
            && [ -s "$W/gateway.jsa" ]; then
        CDS_OPTS=(-XX:SharedArchiveFile="$W/gateway.jsa")
    else
        log "ours: no class-data-sharing archive, the gateways start without one:"; tail -5 "$W/warm-up.log" >&2
    fi
}

# SUB PORT_A PORT_B [ID]: kernel clients A (bench/guest-fsync.sh) on 127.0.0.1:PORT_A and B
# (bench/guest-lockprobe.sh) on PORT_B, both in KCT_DIR=SUB, in the background; with ID their
# NFSv4 identities are kc-aID and kc-bID (scripts/kclient/run.sh KCLIENT_ID). Sets GA GB (pids),
# LA LB (their logs in W).
start_guests() {
    LA=$W/guest-$1-a.log LB=$W/guest-$1-b.log
    KCLIENT_ID=${4:+a$4} KCT_DIR=$1 "$ROOT/scripts/kclient/run.sh" "$2" "$ROOT/bench/guest-fsync.sh" "$OPTS" > "$LA" 2>&1 &
    GA=$!
    KCLIENT_ID=${4:+b$4} KCT_DIR=$1 "$ROOT/scripts/kclient/run.sh" "$3" "$ROOT/bench/guest-lockprobe.sh" "$OPTS" > "$LB" 2>&1 &
    GB=$!
}

guests_running() { # WHAT SUB DIR: A writes and B has tried the lock once (their markers in DIR/SUB)
    await_marker "$3/$2/writing" "$GA" || { log "$1: client A never wrote"; cat "$LA" >&2; return 1; }
    await_marker "$3/$2/probing" "$GB" || { log "$1: client B never tried the lock"; cat "$LB" >&2; return 1; }
}

appendsync_stall() { # A_LOG: client A's longest wait for one write+fsync (s), "-" if it saw an error
    local s
    s=$(sed -n 's/.*KCT appendsync blocks=[0-9]* .*errors=0 .*max_stall_s=\([0-9.]*\) .*/\1/p' "$1")
    echo "${s:--}"
}

appendsync_errors() { # A_LOG: the write/fsync errors client A saw ("?" if it never reported)
    local e
    e=$(sed -n 's/.*KCT appendsync blocks=[0-9]* .*errors=\([0-9]*\) .*/\1/p' "$1")
    echo "${e:-?}"
}

# B_LOG [HELD]: the window in which client B's lock attempts were held back, among those that
# ended after it saw the host's "stopping": from the start of the first attempt that did not answer
# "conflict" within HELD seconds (1.0) to the end of the last such attempt; 0 if none was held
# back, a "+" if the last attempt before "release" still was. Prints
# "heldback=S attempts=N held=N acquired=N errors=N" (acquired: attempts that got the lock before
# "release" — never, while A holds it).
lockprobe_summary() {
    awk -v h="${2:-1.0}" '
        /KCT try n=/ {
            for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
            if (v["released"] == 1) next
            if (v["rc"] == 0) got++
            if (v["mark"] != 1) next
            n++
            if (v["rc"] != 0 && v["rc"] != 1 && v["rc"] != 137) err++
            open = v["rc"] != 1 || v["end"] - v["start"] > h
            if (open) { held++; if (first == "") first = v["start"]; last = v["end"] } }
        END { printf "heldback=%.2f%s attempts=%d held=%d acquired=%d errors=%d\n", first == "" ? 0 : last - first, open ? "+" : "",
                     n, held, got, err }' "$1"
}

# RESULTS COLUMN...: one row per key (fields 2 and 3 of each line: server and mode) with the
# median of every COLUMN over its lines ("COLUMN=value" fields from the 5th on; "-" and missing
# values do not count; a trailing "+" is dropped). Numeric columns only.
median_table() {
    local results=$1; shift
    awk -v cols="$*" '
        { k = $2 " " $3; if (!(k in seen)) { seen[k] = 1; keys[++nk] = k }
          for (i = 5; i <= NF; i++) { split($i, kv, "="); sub(/\+$/, "", kv[2])
              if (kv[2] != "" && kv[2] != "-") v[k, kv[1]] = v[k, kv[1]] " " kv[2] } }
        function median(list,   a, n, i, j, t) {
            n = split(list, a, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
            return n == 0 ? "-" : (n % 2 ? a[(n + 1) / 2] : sprintf("%.2f", (a[n / 2] + a[n / 2 + 1]) / 2))
        }
        END {
            nc = split(cols, c, " ")
            printf "%-24s", ""; for (j = 1; j <= nc; j++) printf " %10s", c[j]; printf "\n"
            for (i = 1; i <= nk; i++) { k = keys[i]; printf "%-24s", k
                for (j = 1; j <= nc; j++) printf " %10s", median(v[k, c[j]]); printf "\n" }
        }' "$results"
}
