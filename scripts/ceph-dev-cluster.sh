#!/usr/bin/env bash
# ceph-dev-cluster.sh install|up|down|status|env [WORKDIR]
#
# A throw-away one-machine Ceph (Debian 12's Pacific 16.2 packages) for the CephFS tests and CI:
# mon.a, osd.0 on memstore (objects live in the OSD's RAM), mds.a, mgr.x, the CephFS "a" on the
# pools cephfs.a.meta / cephfs.a.data (size 1, 8 PGs), cephx on, everything on 127.0.0.1, all
# state (conf, keyrings, mon store, logs, pid files, sockets) under WORKDIR
# (default ${CEPH_DEV_DIR:-/tmp/cephgw-ceph}).
#
#   install  apt-get install the packages if missing
#   up       install, then start the cluster (about 2 s); "already up" if it is (0.2 s);
#            recreates a half-dead one. stdout = the `env` lines (so: eval "$(ceph-dev-cluster.sh up)");
#            progress on stderr. If startup fails it stops what it started (logs kept).
#   down     stop the daemons started in WORKDIR (pid files, checked against the command line)
#            and remove WORKDIR (only if it carries our marker file)
#   status   daemons, pids, RSS, `ceph -s`; exit 0 only if the cluster is up
#   env      print `export NAME=value` lines for clients/tests; exit 1 if not up
#
# Users: client.admin (everything) and client.cephgw, the gateway's user: rw on fs "a" and its
# data pool, rw on the namespace "ganesha" of cephfs.a.meta (grace/recovery DB), mon r.
# WORKDIR/keyring holds both keys (CEPH_KEYRING may name it for either id: Ceph reads
# CEPH_KEYRING and it overrides ceph.conf); WORKDIR/client.cephgw.keyring holds only cephgw's.
#
# Knobs: CEPH_DEV_MGR=0 skips the mgr (saves ~0.7 s and ~45 MB RSS, but then statfs reports
# 0 bytes: the mon answers statfs from PG statistics that only a mgr collects).
# CEPH_DEV_OSD_BYTES: the OSD's advertised size (default 8 GiB; data really lives in its RAM).
# CEPH_DEV_MON_PORTS="V2 V1" pins the mon ports; by default 3300/6789, or the first free pair
# of 3301/6790 ... 3309/6798 (another cluster may be running on this machine).
set -euo pipefail

CMD=${1:-}
W=${2:-${CEPH_DEV_DIR:-/tmp/cephgw-ceph}}
case $W in /*) ;; *) W=$PWD/$W ;; esac
W=${W%/}
CONF=$W/ceph.conf
MARKER=$W/.cephgw-ceph-dev          # only a dir with this file is ours to wipe
# Our own calls must not follow a caller's CEPH_* settings (e.g. an eval'ed `env`). CEPH_KEYRING
# in particular would override the daemons' own keyrings too: they then fail to log in.
export CEPH_CONF=$CONF
unset CEPH_KEYRING CEPH_ARGS
FS=a META=cephfs.a.meta DATA=cephfs.a.data NS=ganesha GW_USER=cephgw
WANT_MGR=${CEPH_DEV_MGR:-1}
DAEMONS="mon.a osd.0 mds.a"
[ "$WANT_MGR" = 1 ] && DAEMONS="$DAEMONS mgr.x"
# a running cluster's own list (it may have been started with another CEPH_DEV_MGR)
if [ "$CMD" != up ] && [ -s "$W/daemons" ]; then DAEMONS=$(cat "$W/daemons"); fi
PY=/usr/bin/python3                  # not the pyenv shim first on PATH: rados/cephfs are Debian's
PKGS="ceph-mon ceph-osd ceph-mds ceph-mgr ceph-common libcephfs2 librados2 python3-cephfs python3-rados ceph-fuse"

log() { printf '[ceph-dev %s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

install_pkgs() {
    local p missing=()
    for p in $PKGS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    log "installing ${missing[*]}"
    # --no-install-recommends: ceph-mds still pulls the "ceph" metapackage (so ceph-mgr too).
    # No systemd here, so the postinst scripts start no daemon. Lock timeout: other jobs may
    # be running apt. A fresh machine may have no package lists yet: update once and retry.
    local apt=($sudo env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600)
    "${apt[@]}" --no-install-recommends install "${missing[@]}" </dev/null >&2 \
        || { "${apt[@]}" update </dev/null >&2 && "${apt[@]}" --no-install-recommends install "${missing[@]}" </dev/null >&2; } \
        || die "apt-get install failed"
}

# --- our daemons: pid file run/NAME.pid, and the process's cmdline must be "ceph-T -c CONF -i ID"
pidof_ours() {   # pidof_ours NAME -> pid on stdout if alive (zombies count as dead)
    local n=$1 pid
    pid=$(tr -dc 0-9 2>/dev/null <"$W/run/$n.pid") || return 1
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    [ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" = "ceph-${n%%.*} -c $CONF -i ${n#*.} " ] || return 1
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
    echo "$pid"
}
all_alive() { local n; for n in $DAEMONS; do pidof_ours "$n" >/dev/null || return 1; done; }
fs_active() { timeout 15 ceph --connect-timeout 10 mds stat 2>/dev/null | grep -q "^$FS:1 {0=a=up:active}"; }

# Clients of the mon first (an OSD waits for the mon to ack its going down), then the mon:
# SIGTERM, then SIGKILL after 2 s (5 s for the mon). The data is thrown away anyway, and a clean
# MDS stop spends ~4 s waiting for the mon to take it out of the map, so the MDS usually gets
# the SIGKILL.
stop_ours() {
    local group n pid pids i p
    for group in "mgr.x mds.a osd.0:20" "mon.a:50"; do
        pids=()
        for n in ${group%:*}; do
            pid=$(pidof_ours "$n") && { kill -TERM "$pid" 2>/dev/null || true; pids+=("$n:$pid"); }
        done
        for ((i = 0; i < ${group##*:} && ${#pids[@]} > 0; i++)); do
            local left=()
            for p in "${pids[@]}"; do pidof_ours "${p%%:*}" >/dev/null && left+=("$p"); done
            pids=("${left[@]+"${left[@]}"}")
            [ ${#pids[@]} -gt 0 ] && sleep 0.1
        done
        for p in "${pids[@]+"${pids[@]}"}"; do
            log "SIGKILL to ${p%%:*} (pid ${p#*:}): still running after SIGTERM"
            kill -KILL "${p#*:}" 2>/dev/null || true
        done
    done
    rm -f "$W"/run/*.pid
}

unmount_fuse() { # ceph-fuse mounts someone made under WORKDIR (ceph-fuse then exits by itself)
    local mp
    [ -r /proc/mounts ] || return 0
    awk -v w="$W/" '$3 ~ /^fuse/ && index($2, w) == 1 {print $2}' /proc/mounts | while read -r mp; do
        log "unmounting $mp"; umount -l "$mp" 2>/dev/null || true
    done
}

print_env() {    # %q: safe to eval even if WORKDIR has odd characters
    printf 'export %s=%q\n' CEPH_DEV_DIR "$W" CEPH_CONF "$CONF" CEPH_KEYRING "$W/keyring" \
        CEPH_DEV_FS $FS CEPH_DEV_META_POOL $META CEPH_DEV_DATA_POOL $DATA CEPH_DEV_NAMESPACE $NS \
        CEPH_DEV_USER $GW_USER CEPH_DEV_USER_KEYRING "$W/client.$GW_USER.keyring"
}

port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }  # (no iproute2 needed)
pick_ports() {
    if [ -n "${CEPH_DEV_MON_PORTS:-}" ]; then
        read -r P2 P1 <<<"$CEPH_DEV_MON_PORTS"
        ! port_busy "$P2" && ! port_busy "$P1" || die "mon port $P2 or $P1 is in use"
        return
    fi
    local i
    for i in 0 1 2 3 4 5 6 7 8 9; do
        P2=$((3300 + i)) P1=$((6789 + i))
        if ! port_busy $P2 && ! port_busy $P1; then return; fi
    done
    die "no free mon port pair in 3300-3309/6789-6798"
}

write_conf() {
    local fsid=$1 disabled
    # The mgr is here only for the PG statistics behind statfs (C++): of its python modules it
    # keeps "status" (ceph fs status). That makes 45 MB RSS instead of ~300 MB and saves ~1 s.
    # The "always on" ones among those not loaded raise MGR_MODULE_ERROR, which is muted.
    disabled=$(cd /usr/share/ceph/mgr && ls -d */ 2>/dev/null | tr -d / | grep -vx status | tr '\n' ' ')
    cat >"$CONF" <<EOF
# generated by scripts/ceph-dev-cluster.sh: throw-away test cluster, loopback only
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$P2,v1:127.0.0.1:$P1]
public addr = 127.0.0.1
public network = 127.0.0.0/8
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
# clients: admin + cephgw keys; daemons override below. Client admin sockets go to run/,
# log file etc. are set per daemon section only (in [global] they would hit every client).
keyring = $W/keyring
run dir = $W/run
crash dir = $W/crash
osd pool default size = 1
osd pool default min size = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
# /tmp may sit on a fairly full disk
mon data avail warn = 2
mon data avail crit = 1
# without a mgr (CEPH_DEV_MGR=0) keep MGR_DOWN out of health
mon mgr mkfs grace = 315360000
# faster state changes for a one-node cluster: map proposals, MDS beacons, PG stats -> statfs
paxos propose interval = 0.1
mds beacon interval = 1
mgr stats period = 1
mon mgr digest period = 1

[mon]
mon data = $W/\$name
keyring = $W/\$name/keyring
pid file = $W/run/\$name.pid
admin socket = $W/run/\$name.asok
log file = $W/log/\$name.log
mon cluster log file = default=$W/log/cluster.\$channel.log cluster=$W/log/cluster.log
mgr initial modules =

[osd]
osd data = $W/\$name
keyring = $W/\$name/keyring
pid file = $W/run/\$name.pid
admin socket = $W/run/\$name.asok
log file = $W/log/\$name.log
osd objectstore = memstore
# memstore keeps objects in the OSD's RAM; this is only the size it advertises (statfs total)
memstore device bytes = ${CEPH_DEV_OSD_BYTES:-8589934592}
osd op num shards = 2
osd op num threads per shard = 1

[mds]
mds data = $W/\$name
keyring = $W/\$name/keyring
pid file = $W/run/\$name.pid
admin socket = $W/run/\$name.asok
log file = $W/log/\$name.log
mds cache memory limit = 268435456

[mgr]
mgr data = $W/\$name
keyring = $W/\$name/keyring
pid file = $W/run/\$name.pid
admin socket = $W/run/\$name.asok
log file = $W/log/\$name.log
mgr disabled modules = $disabled
EOF
}

write_keyrings() {
    # CEPH_CONF=/dev/null: with our conf, "-n osd.0" makes ceph-authtool open the OSD's log file
    at() { CEPH_CONF=/dev/null ceph-authtool "$@" >/dev/null; }
    at "$W/keyring" --create-keyring --gen-key -n client.admin \
        --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *'
    at "$W/client.$GW_USER.keyring" --create-keyring --gen-key -n client.$GW_USER --cap mon 'allow r' \
        --cap mds "allow rw fsname=$FS" \
        --cap osd "allow rw tag cephfs data=$FS, allow rw pool=$META namespace=$NS"
    at "$W/keyring" --import-keyring "$W/client.$GW_USER.keyring"
    at "$W/osd.0/keyring" --create-keyring --gen-key -n osd.0 \
        --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *'
    at "$W/mds.a/keyring" --create-keyring --gen-key -n mds.a \
        --cap mon 'allow profile mds' --cap mgr 'allow profile mds' --cap osd 'allow *' --cap mds 'allow *'
    at "$W/mgr.x/keyring" --create-keyring --gen-key -n mgr.x \
        --cap mon 'allow profile mgr' --cap osd 'allow *' --cap mds 'allow *'
    # every key goes into the mon's initial keyring: no auth commands needed at run time
    at "$W/mon.keyring" --create-keyring --gen-key -n mon. --cap mon 'allow *'
    local k; for k in keyring osd.0/keyring mds.a/keyring mgr.x/keyring; do
        at "$W/mon.keyring" --import-keyring "$W/$k"; done
    chmod 600 "$W"/*keyring "$W"/*/keyring
}

# After mon.a: connects as client.admin, starts the MDS and mgr, creates osd.0, the pools and
# the fs, starts osd.0, then waits until the OSD is up, every PG of both pools serves I/O, the
# MDS is active and (with a mgr) the mon reports space. One python process and one connection
# instead of a `ceph` CLI process per step and per poll; polls every 0.1 s.
configure_and_wait() {
    "$PY" - "$CONF" "$FS" "$META" "$DATA" "$WANT_MGR" "$1" $DAEMONS <<'PYEOF'
import json, subprocess, sys, time, rados
conf, fs, meta, data, want_mgr, osd_uuid, *daemons = sys.argv[1:]
def until(what, ok, limit=60):
    t = time.time()
    while not ok():
        if time.time() - t > limit:
            sys.exit(f"timed out after {limit} s waiting for {what}")
        time.sleep(0.1)
def start(name):  # the daemons fork; the parent exits once the child runs (or failed)
    kind, i = name.split(".")
    out = f"{conf.rsplit('/', 1)[0]}/log/{name}.out"
    with open(out, "ab") as o:
        rc = subprocess.run([f"ceph-{kind}", "-c", conf, "-i", i], stdin=subprocess.DEVNULL,
                            stdout=o, stderr=subprocess.STDOUT).returncode
    if rc != 0:
        with open(out, errors="replace") as o:
            sys.exit(f"ceph-{kind} -i {i} failed (exit {rc}):\n" + "".join(o.readlines()[-5:]))
r = rados.Rados(conffile=conf, name="client.admin")
r.conf_set("rados_mon_op_timeout", "30")
r.conf_set("rados_osd_op_timeout", "30")
r.connect(timeout=30)  # retries until the new mon answers
def mon(prefix, **kw):
    rc, out, err = r.mon_command(json.dumps(dict(prefix=prefix, format="json", **kw)), b"")
    if rc != 0:
        sys.exit(f"'{prefix}' failed: {err} ({rc})")
    return json.loads(out) if out.strip() else None
for d in daemons:
    if d.split(".")[0] in ("mds", "mgr"):
        start(d)
mon("osd new", uuid=osd_uuid, id=0)
for p in (meta, data):
    mon("osd pool create", pool=p, pg_num=8, pgp_num=8, pool_type="replicated")
mon("fs new", fs_name=fs, metadata=meta, data=data)
if want_mgr == "1":
    mon("health mute", code="MGR_MODULE_ERROR", sticky=True)
start("osd.0")
def mds_active():
    for f in mon("fs dump")["filesystems"]:
        if f["mdsmap"]["fs_name"] == fs:
            return any(i["state"] == "up:active" for i in f["mdsmap"]["info"].values())
    return False
until("osd.0 up", lambda: any(o["osd"] == 0 and o["up"] for o in mon("osd dump")["osds"]))
for p in (meta, data):   # listing a pool visits every PG: returns once all are active
    with r.open_ioctx(p) as io:
        sum(1 for _ in io.list_objects())
until("mds.a active", mds_active)
if want_mgr == "1":
    until("mgr available", lambda: mon("mgr stat")["available"])
    until("space in statfs", lambda: r.get_cluster_stats()["kb"] > 0)
r.shutdown()
PYEOF
}

cmd_up() {
    local t0 fsid n; t0=$(date +%s.%N)
    install_pkgs
    if [ -f "$MARKER" ]; then
        if all_alive && fs_active; then
            log "already up in $W"; print_env; return 0
        fi
        log "stale or partial cluster in $W: stopping it and starting afresh"
        unmount_fuse; stop_ours
        find "$W" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
    elif [ -n "$(ls -A "$W" 2>/dev/null)" ]; then
        die "$W is not empty and has no $(basename "$MARKER"): not ours, not touching it"
    fi
    pick_ports
    mkdir -p "$W"/{run,log,crash} "$W"/{mon.a,osd.0,mds.a,mgr.x}
    : >"$MARKER"
    echo "$DAEMONS" >"$W/daemons"
    trap 'rc=$?; if [ $rc -ne 0 ]; then log "startup failed: stopping what was started; logs in $W/log"; stop_ours; fi' EXIT
    fsid=$(cat /proc/sys/kernel/random/uuid)
    write_conf "$fsid"
    write_keyrings
    monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$P2,v1:127.0.0.1:$P1]" \
        "$W/monmap" >/dev/null
    # mkfs exits 0 even when it refuses (e.g. non-empty data dir): check that a store appeared
    ceph-mon -c "$CONF" --mkfs -i a --monmap "$W/monmap" --keyring "$W/mon.keyring" \
        >"$W/log/mkfs.mon.out" 2>&1 && [ -d "$W/mon.a/store.db" ] \
        || die "ceph-mon --mkfs failed: $(tail -5 "$W/log/mkfs.mon.out")"
    local osd_uuid; osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    ceph-osd -c "$CONF" -i 0 --mkfs --no-mon-config --osd-uuid "$osd_uuid" >"$W/log/mkfs.osd.out" 2>&1 \
        || die "ceph-osd --mkfs failed: $(tail -5 "$W/log/mkfs.osd.out")"
    log "starting mon.a on 127.0.0.1:$P2/$P1"
    ceph-mon -c "$CONF" -i a </dev/null >>"$W/log/mon.a.out" 2>&1 9>&- \
        || die "ceph-mon failed to start: $(tail -5 "$W/log/mon.a.out")"
    log "starting ${DAEMONS#mon.a }, creating pools and fs $FS, waiting until active"
    configure_and_wait "$osd_uuid" || die "cluster did not come up; logs in $W/log"
    all_alive || die "a daemon died during startup; logs in $W/log"
    trap - EXIT
    log "up in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s ($W)"
    print_env
}

cmd_down() {
    [ -d "$W" ] || { log "$W does not exist: nothing to do"; return 0; }
    [ -f "$MARKER" ] || die "$W has no $(basename "$MARKER"): not ours, not touching it"
    unmount_fuse
    stop_ours
    rm -rf -- "$W"
    log "stopped; removed $W"
}

cmd_status() {
    local n pid up=0
    [ -f "$MARKER" ] || { echo "no cluster in $W"; return 1; }
    for n in $DAEMONS; do
        if pid=$(pidof_ours "$n"); then
            echo "$n pid $pid rss $(awk '/^VmRSS/ {print $2 " " $3}' "/proc/$pid/status")"
        else echo "$n not running"; up=1; fi
    done
    [ $up = 0 ] && timeout 20 ceph -c "$CONF" --connect-timeout 10 -s || up=1
    return $up
}

cmd_env() {
    [ -f "$MARKER" ] && all_alive || die "no running cluster in $W (run: $0 up)"
    print_env
}

# one up/down at a time per WORKDIR (e.g. CI and a test JVM, or two test JVMs); the lock file
# sits beside WORKDIR because down removes WORKDIR
serialize() { exec 9>>"$W.lock"; flock -w 300 9 || die "another up/down on $W holds $W.lock"; }

case $CMD in
    install) install_pkgs ;;
    up) serialize; cmd_up ;;
    down) serialize; cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    *) echo "usage: $0 install|up|down|status|env [WORKDIR]" >&2; exit 2 ;;
esac
