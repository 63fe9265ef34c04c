# Shared by bench/compare-recovery.sh, bench/compare-takeover.sh and bench/compare-roll.sh
# (sourced, not run): the pieces of a round in which kernel client A (bench/guest-fsync.sh) writes
# under an fcntl lock and kernel client B (bench/guest-lockprobe.sh) asks for the same lock while a
# server goes away, or two clients run src/test/kclient/roll-work.sh while the servers restart;
# our per-node heads; probes of the grace database.
# Needs: HOSTPY (src/test/kclient/cephfs-host.py); evict_run_sessions also RUN and the dev
# cluster's environment (scripts/ceph-dev-cluster.sh env); dev_cluster_up (bench/common.sh)
# and sets STARTED_CLUSTER=1 when it started the cluster.

# dev_cluster_up and free_ports
# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cleanup_heads() { # the EXIT trap of a script whose heads are in GW_PID: background jobs, heads, the run's leftovers
    set +e
    stop_jobs
    for h in "${!GW_PID[@]}"; do kill -TERM "${GW_PID[$h]}" 2>/dev/null; done
    for h in "${!GW_PID[@]}"; do wait "${GW_PID[$h]}" 2>/dev/null; done
    finish_run
}

gone() { # PID: exited (a zombie not yet reaped counts as gone)
    local st
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
    [ "${st%% *}" = Z ]
}

listening() { # PORT TIMEOUT: CLOCK_MONOTONIC when 127.0.0.1:PORT accepts a TCP connection (every 20 ms)
    /usr/bin/python3 -c '
import socket, sys, time
now = lambda: time.clock_gettime(time.CLOCK_MONOTONIC)
port, deadline = int(sys.argv[1]), now() + float(sys.argv[2])
while now() < deadline:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        print("%.3f" % now())
        sys.exit(0)
    except OSError:
        time.sleep(0.02)
sys.exit(1)' "$1" "$2"
}

term_wait() { # PID: SIGTERM, then wait until it exited (polled every 20 ms); after 120 s SIGKILL, exit status 1
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 6000); do gone "$1" && break; sleep 0.02; done
    if ! gone "$1"; then kill -KILL "$1"; wait "$1" 2>/dev/null || true; return 1; fi
    wait "$1" 2>/dev/null || true
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

# ---------------------------------------------------------------- our per-node heads
# A head NAME lives in W/NAME: ports in port (NFS), mport (management), rport (Pekko remoting),
# its configuration in gateway.conf, its log gateway.log (every incarnation), state in state/.
# GW_PID (an associative array the script declares) maps NAME to the running process.

# NODEID INDEX DIR OID SEED_RPORT...: a per-node head's configuration (stdout) as the README
# shows it: RADOS grace store in the dev cluster's pool/namespace (object OID, default poll
# interval; the head adds itself), CephFS DIR as export 1 at "/", one Pekko cluster through the
# seed nodes on 127.0.0.1:SEED_RPORT... (the split brain resolver on, as by default)
per_node_conf() {
    local node=$1 index=$2 dir=$3 oid=$4 seeds="" p
    shift 4
    for p in "$@"; do seeds+="${seeds:+, }\"pekko://cephgw@127.0.0.1:$p\""; done
    cat <<EOF
gateway {
  node-id = "$node", head-index = $index
  idmap.numeric-owners = true
  grace {
    store = "rados"
    rados { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING",
            pool = "$CEPH_DEV_META_POOL", namespace = "$CEPH_DEV_NAMESPACE", oid = "$oid" }
  }
  exports = [ {
    id = 1, pseudo = "/", path = "$dir", backend = "cephfs", squash = "none"
    ceph { conf = "$CEPH_CONF", user = "$CEPH_DEV_USER", keyring = "$CEPH_DEV_USER_KEYRING", fs = "$CEPH_DEV_FS" }
  } ]
}
pekko.cluster.seed-nodes = [$seeds]
EOF
}

start_head() { # NAME: launch head NAME in the background (W/gateway.jar, CDS_OPTS: prepare_jar)
    local h=$1
    # shellcheck disable=SC2086  # GW_JAVA_OPTS: several words on purpose
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF java "${CDS_OPTS[@]}" -Dpekko.remote.artery.canonical.port="$(cat "$W/$h/rport")" \
        -Dgateway.state-dir="$W/$h/state" ${GW_JAVA_OPTS:-} -jar "$W/gateway.jar" --config "$W/$h/gateway.conf" \
        --port "$(cat "$W/$h/port")" --bind 127.0.0.1 --management-port "$(cat "$W/$h/mport")" >> "$W/$h/gateway.log" 2>&1 &
    GW_PID[$h]=$!
}

up_members() { # NAME: Up members of the Pekko cluster as head NAME sees it (GET /cluster/members)
    /usr/bin/python3 -c '
import json, sys, urllib.request
try:
    with urllib.request.urlopen("http://127.0.0.1:%s/cluster/members" % sys.argv[1], timeout=5) as r:
        print(sum(1 for m in json.load(r).get("members", []) if m.get("status") == "Up"))
except Exception:
    print(0)' "$(cat "$W/$1/mport")"
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

# SUB PORT_A PORT_B: kernel clients A on 127.0.0.1:PORT_A and B on PORT_B, both running
# src/test/kclient/roll-work.sh as RollingRestartKernelClientTest does (A mounts with vers=4.2, B
# with vers=4.1, both lookupcache=positive; MOUNT_OPTS_A, MOUNT_OPTS_B change that): A in
# KCT_DIR=SUB-a, B in SUB-b, each probing the other's lock, until the marker SUB-release; in the
# background. Sets GA GB (pids), LA LB (their logs in W).
start_roll_guests() {
    LA=$W/guest-$1-a.log LB=$W/guest-$1-b.log
    KCT_DIR=$1-a KCT_PEER=$1-b KCT_RELEASE=$1-release "$ROOT/scripts/kclient/run.sh" "$2" "$ROOT/src/test/kclient/roll-work.sh" \
        "${MOUNT_OPTS_A:-vers=4.2,lookupcache=positive}" > "$LA" 2>&1 &
    GA=$!
    KCT_DIR=$1-b KCT_PEER=$1-a KCT_RELEASE=$1-release "$ROOT/scripts/kclient/run.sh" "$3" "$ROOT/src/test/kclient/roll-work.sh" \
        "${MOUNT_OPTS_B:-vers=4.1,lookupcache=positive}" > "$LB" 2>&1 &
    GB=$!
}

roll_guests_running() { # WHAT SUB DIR: both write and both have tried the other's lock (markers in DIR)
    local n p l
    for n in a b; do
        if [ $n = a ]; then p=$GA l=$LA; else p=$GB l=$LB; fi
        await_marker "$3/$2-$n/writing" "$p" || { log "$1: client $n never wrote"; cat "$l" >&2; return 1; }
    done
    for n in a b; do
        if [ $n = a ]; then p=$GA l=$LA; else p=$GB l=$LB; fi
        await_marker "$3/$2-$n/probing" "$p" || { log "$1: client $n never tried the other's lock"; cat "$l" >&2; return 1; }
    done
}

# LOG RC: what a roll-work.sh guest (run.sh exit status RC) saw:
# "stall=S errors=E mismatches=M granted_while_held=G checks=PASSED/ALL|BAD" ("-" where it did not
# say; BAD: what failed — a check, the exit status, errors, wrong reads, a lock granted while its
# holder held it —, empty if nothing did)
roll_guest_summary() {
    awk -v rc="$2" '
        function val(k,   i, kv) { for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) return kv[2] } return "-" }
        /^KCT rollwork blocks=/ { stall = val("max_stall_s"); err = val("errors"); mm = val("mismatches") }
        /^KCT peerlock / { gh = val("granted_while_held") }
        /^KCT check / { all++; if ($4 == "PASS") ok++; else failed = failed " " $3 }
        END {
            if (stall == "") stall = "-"; if (err == "") err = "-"; if (mm == "") mm = "-"; if (gh == "") gh = "-"
            bad = failed
            if (rc != 0) bad = bad " rc=" rc
            if (err != "0") bad = bad " errors=" err
            if (mm != "0") bad = bad " mismatches=" mm
            if (gh != "0") bad = bad " granted_while_held=" gh
            printf "stall=%s errors=%s mismatches=%s granted_while_held=%s checks=%d/%d|%s\n", stall, err, mm, gh, ok, all, bad }' "$1"
}

# WATCH_LOG T_TERM T_START: from "T CUR REC" samples (recovery-probe.py watch), when the grace
# period a pod's restart caused was lifted: the grace period in force at the first sample after
# T_TERM that shows one (rec != 0; opened by the stop, or one already in force), or, if that one
# ended before T_START, the latest one before T_START, or the first one after (opened by the
# start); lifted at the first sample at or after T_START that shows no grace period (rec = 0) or a
# newer one (rec >= that one's cur: it ended between two samples). Prints that T, or "-" if the
# samples never show it lifted.
grace_lifted_at() {
    awk -v term="$2" -v start="$3" '
        NF == 3 && $1 + 0 >= term + 0 {
            after = $1 + 0 >= start + 0
            if ($3 != 0) {
                if (!seen || !after) { seen = 1; g = $2 + 0 }
                else if ($3 + 0 >= g) { print $1; found = 1; exit }
            } else if (seen && after) { print $1; found = 1; exit }
        }
        END { if (!found) print "-" }' "$1"
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
