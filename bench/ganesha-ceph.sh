#!/bin/bash
# nfs-ganesha (Debian 12: 4.3) with FSAL_CEPH on the project's one-machine Ceph cluster
# (scripts/ceph-dev-cluster.sh) as the reference for the CephFS benchmarks
# (bench/compare-ganesha-ceph.sh). Not used by the tests.
#
#   bench/ganesha-ceph.sh start PORT     # the dev cluster must be up; installs nfs-ganesha(-ceph) if missing
#   bench/ganesha-ceph.sh stop PORT
#   bench/ganesha-ceph.sh kill PORT      # SIGKILL (a crash); state and CephFS directory stay
#   bench/ganesha-ceph.sh term PORT      # SIGTERM (a clean stop), returns once it exited; state and
#                                        # CephFS directory stay (exit 1 if it still runs after 120 s)
#   bench/ganesha-ceph.sh restart PORT   # start again with the configuration and state it had
#
# Clustered mode (GANESHA_NODEID set): RecoveryBackend rados_cluster with RADOS_KV in the dev
# cluster's pool/namespace as client.$CEPH_DEV_USER, grace object GANESHA_GRACE_OID (default
# grace), Grace_Period GANESHA_GRACE (90) instead of Graceless: one head of an nfs-ganesha pair;
# its node id must be a member already (ganesha-rados-grace add). The heads of a pair share one
# CephFS directory through GANESHA_CEPH_PATH.
#
# Serves, on 127.0.0.1:PORT, NFSv4.1/4.2 only, pseudo path /, the CephFS directory
# ${GANESHA_CEPH_PATH:-/bench-ganesha-PORT} of fs "a" (created if missing; removed again by stop
# unless GANESHA_CEPH_KEEP=1), as client.cephgw with the key from its own keyring, no root
# squashing, numeric owners; unless clustered: Graceless, recovery in a local directory.
# Enable_NLM = false unless GANESHA_NLM=true (nfs-ganesha's own default): with NLM enabled
# nfs-ganesha cannot know that no NLM client has state to reclaim, so it never ends a grace
# period early when every NFSv4 client has reclaimed (nfs_try_lift_grace): the whole Grace_Period.
# Caching as the nfs-ganesha-ceph sample config (/etc/ganesha/ceph.conf) and Ceph's mgr/nfs
# recommend for CephFS, where libcephfs caches under MDS caps: Attr_Expiration_Time = 0 and
# MDCACHE Dir_Chunk = 0 (GANESHA_ATTR_EXPIRATION, GANESHA_DIR_CHUNK change them).
# State (config, pid, logs, recovery dir) in ${GANESHA_STATE:-/tmp/cephgw-ganesha-ceph-PORT};
# the dev cluster in ${CEPH_DEV_DIR:-/tmp/cephgw-ceph}. Env: LEASE (seconds, default 60).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CMD=${1:-} PORT=${2:-}
[ -n "$CMD" ] && [[ $PORT =~ ^[0-9]+$ ]] || { sed -n '2,30p' "$0" >&2; exit 2; }
STATE=${GANESHA_STATE:-/tmp/cephgw-ganesha-ceph-$PORT}
PLUGINS=/usr/lib/x86_64-linux-gnu/ganesha
CPATH=${GANESHA_CEPH_PATH:-/bench-ganesha-$PORT}
HOSTPY=$ROOT/src/test/kclient/cephfs-host.py
log() { echo "ganesha-ceph.sh: $*" >&2; }

our_pid() { # the pid in our pidfile, if it is still the ganesha started with our config
    local pid
    pid=$(cat "$STATE/pid" 2>/dev/null) || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -- "-f $STATE/ganesha.conf" >/dev/null && echo "$pid"
}

gone() { # PID: the process has exited (a zombie nobody reaped yet counts as gone)
    local st
    st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 0
    [ "${st%% *}" = Z ]
}

cluster_env() { # CEPH_CONF etc. of the running dev cluster (its script unsets a caller's CEPH_*)
    local e
    e=$("$ROOT/scripts/ceph-dev-cluster.sh" env) || { log "the dev cluster is not up (scripts/ceph-dev-cluster.sh up)"; exit 1; }
    eval "$e"
}

launch() { # ganesha.nfsd on $STATE/ganesha.conf; returns once it listens
    # -F: stay in the foreground so $! is ganesha itself; setsid: not in our process group.
    # No CEPH_* of ours in its environment: only its config says how to reach Ceph.
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF setsid ganesha.nfsd -F -f "$STATE/ganesha.conf" \
        -L "$STATE/ganesha.log" -p "$STATE/ganesha.pidfile" </dev/null >"$STATE/stdout.log" 2>&1 &
    pid=$!
    echo "$pid" > "$STATE/pid"
    for _ in $(seq 120); do
        kill -0 "$pid" 2>/dev/null || { log "ganesha exited:"; tail "$STATE/ganesha.log" >&2; exit 1; }
        if ss -Hltnp "sport = :$PORT" | grep "pid=$pid," >/dev/null; then
            log "pid $pid on 127.0.0.1:$PORT exports CephFS $CEPH_DEV_FS:$CPATH (client.$CEPH_DEV_USER)"
            return 0
        fi
        sleep 0.25
    done
    log "not listening after 30 s"
    kill "$pid"
    exit 1
}

case $CMD in
start)
    if ! command -v ganesha.nfsd >/dev/null || [ ! -e "$PLUGINS/libfsalceph.so" ]; then
        log "installing nfs-ganesha nfs-ganesha-ceph"
        # policy-rc.d 101: do not let the package start the distribution's own service
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 nfs-ganesha nfs-ganesha-ceph >/dev/null \
            || { rm -f /usr/sbin/policy-rc.d; log "apt-get install failed"; exit 1; }
        rm -f /usr/sbin/policy-rc.d
    fi
    if pid=$(our_pid); then log "already running (pid $pid)"; exit 1; fi
    if ss -Hltn "sport = :$PORT" | grep . >/dev/null; then log "port $PORT is in use"; exit 1; fi
    cluster_env
    # the gateway user's own key, not client.admin's: the same rights as our gateway
    KEY=$(CEPH_CONF=/dev/null ceph-authtool -p -n "client.$CEPH_DEV_USER" "$CEPH_DEV_USER_KEYRING") \
        || { log "no key for client.$CEPH_DEV_USER in $CEPH_DEV_USER_KEYRING"; exit 1; }
    "$HOSTPY" mkdirs "$CPATH" 755 || { log "cannot create $CPATH in CephFS"; exit 1; }
    rm -rf "$STATE"; mkdir -p "$STATE/recov"
    if [ -n "${GANESHA_NODEID:-}" ]; then
        RECOVERY="Graceless = false; Grace_Period = ${GANESHA_GRACE:-90}; RecoveryBackend = rados_cluster;"
        RADOS_KV="RADOS_KV { ceph_conf = \"$CEPH_CONF\"; userid = \"$CEPH_DEV_USER\"; pool = \"$CEPH_DEV_META_POOL\";
    namespace = \"$CEPH_DEV_NAMESPACE\"; grace_oid = \"${GANESHA_GRACE_OID:-grace}\"; nodeid = \"$GANESHA_NODEID\"; }"
    else
        # one server: without Graceless, OPEN and LOCK wait out a 90 s grace period after start
        RECOVERY="Graceless = true; RecoveryBackend = fs; RecoveryRoot = \"$STATE/recov\";"
        RADOS_KV=""
    fi
    (umask 077; cat > "$STATE/ganesha.conf") <<EOF
NFS_CORE_PARAM {
    NFS_Port = $PORT;
    Bind_addr = 127.0.0.1;        # qemu's user networking reaches the host via loopback
    Protocols = 4;
    Enable_NLM = ${GANESHA_NLM:-false}; Enable_RQUOTA = false; Enable_UDP = false;
    Plugins_Dir = "$PLUGINS";
    Dbus_Name_Prefix = "cephgwceph$PORT";   # several instances must not fight over one D-Bus name
}
NFS_KRB5 { Active_krb5 = false; }
NFSV4 {
    Minor_Versions = 1, 2;
    Lease_Lifetime = ${LEASE:-60};
    Only_Numeric_Owners = true;   # owners as "0", not "root@localdomain": the guest has no idmapper
    $RECOVERY
}
$RADOS_KV
MDCACHE { Dir_Chunk = ${GANESHA_DIR_CHUNK:-0}; }
CEPH { Ceph_Conf = "$CEPH_CONF"; }
EXPORT {
    Export_Id = 1;
    Path = "$CPATH";
    Pseudo = "/";
    Access_Type = RW;
    Squash = No_Root_Squash;
    SecType = sys;
    Protocols = 4;
    Transports = TCP;
    Attr_Expiration_Time = ${GANESHA_ATTR_EXPIRATION:-0};
    FSAL {
        Name = CEPH;
        User_Id = "$CEPH_DEV_USER";
        Secret_Access_Key = "$KEY";
        Filesystem = "$CEPH_DEV_FS";
    }
}
LOG { Default_Log_Level = EVENT; }
EOF
    echo "$CPATH" > "$STATE/cephfs-path"
    launch ;;
restart)
    if pid=$(our_pid); then log "already running (pid $pid)"; exit 1; fi
    [ -s "$STATE/ganesha.conf" ] || { log "never started on port $PORT (no $STATE/ganesha.conf)"; exit 1; }
    cluster_env
    CPATH=$(cat "$STATE/cephfs-path")
    launch ;;
kill)
    if pid=$(our_pid); then
        kill -KILL "$pid"
        for _ in $(seq 250); do gone "$pid" && break; sleep 0.02; done
    fi
    rm -f "$STATE/pid" ;;
term)
    if pid=$(our_pid); then
        kill -TERM "$pid"
        for _ in $(seq 6000); do gone "$pid" && break; sleep 0.02; done
        gone "$pid" || { log "pid $pid still runs 120 s after SIGTERM"; exit 1; }
    fi
    rm -f "$STATE/pid" ;;
stop)
    if pid=$(our_pid); then
        kill -TERM "$pid"
        for _ in $(seq 60); do gone "$pid" && break; sleep 0.25; done
        gone "$pid" || kill -KILL "$pid"
    fi
    rm -f "$STATE/pid"
    if [ "${GANESHA_CEPH_KEEP:-0}" != 1 ] && [ -s "$STATE/cephfs-path" ] && "$ROOT/scripts/ceph-dev-cluster.sh" env >/dev/null 2>&1; then
        cluster_env
        "$HOSTPY" rmtree "$(cat "$STATE/cephfs-path")" || log "could not remove $(cat "$STATE/cephfs-path") from CephFS"
        rm -f "$STATE/cephfs-path"
    fi ;;
*) sed -n '2,30p' "$0" >&2; exit 2 ;;
esac
