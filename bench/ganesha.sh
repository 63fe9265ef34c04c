#!/bin/bash
# nfs-ganesha (Debian 12: 4.3, FSAL_VFS) as the reference NFSv4.1/4.2 server for benchmarks
# and for capturing golden traffic. Not used by the tests.
#
#   bench/ganesha.sh start PORT EXPORT_DIR     # installs nfs-ganesha(-vfs) with apt-get if missing
#   bench/ganesha.sh stop PORT
#
# State (config, pid, log, recovery dir) lives in ${GANESHA_STATE:-/tmp/cephgw-ganesha-PORT}.
# Env: LEASE (seconds, default 60).
set -euo pipefail

CMD=${1:-} PORT=${2:-}
[ -n "$CMD" ] && [[ $PORT =~ ^[0-9]+$ ]] || { sed -n '2,10p' "$0" >&2; exit 2; }
STATE=${GANESHA_STATE:-/tmp/cephgw-ganesha-$PORT}
PLUGINS=/usr/lib/x86_64-linux-gnu/ganesha

our_pid() { # the pid in our pidfile, if it is still the ganesha started with our config
    local pid
    pid=$(cat "$STATE/pid" 2>/dev/null) || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -- "-f $STATE/ganesha.conf" >/dev/null && echo "$pid"
}

case $CMD in
start)
    EXPORT=${3:?export dir}
    mkdir -p "$EXPORT"
    EXPORT=$(cd "$EXPORT" && pwd -P)
    if ! command -v ganesha.nfsd >/dev/null || [ ! -e "$PLUGINS/libfsalvfs.so" ]; then
        echo "ganesha.sh: installing nfs-ganesha nfs-ganesha-vfs" >&2
        # policy-rc.d 101: do not let the package start the distribution's own service
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q nfs-ganesha nfs-ganesha-vfs >/dev/null
        rm -f /usr/sbin/policy-rc.d
    fi
    if pid=$(our_pid); then echo "ganesha.sh: already running (pid $pid)" >&2; exit 1; fi
    if ss -Hltn "sport = :$PORT" | grep . >/dev/null; then echo "ganesha.sh: port $PORT is in use" >&2; exit 1; fi
    rm -rf "$STATE"; mkdir -p "$STATE/recov"
    cat > "$STATE/ganesha.conf" <<EOF
NFS_CORE_PARAM {
    NFS_Port = $PORT;
    Bind_addr = 127.0.0.1;        # qemu's user networking reaches the host via loopback
    Protocols = 4;
    Enable_NLM = false; Enable_RQUOTA = false; Enable_UDP = false;
    Plugins_Dir = "$PLUGINS";
    Dbus_Name_Prefix = "cephgw$PORT";   # several instances must not fight over one D-Bus name
}
NFS_KRB5 { Active_krb5 = false; }
NFSV4 {
    Minor_Versions = 1, 2;
    Graceless = true;             # otherwise OPEN/LOCK wait out a 90 s grace period after start
    Lease_Lifetime = ${LEASE:-60};
    Only_Numeric_Owners = true;   # owners as "0", not "root@localdomain": the guest has no idmapper
    RecoveryBackend = fs;
    RecoveryRoot = "$STATE/recov";
}
EXPORT {
    Export_Id = 1;
    Path = "$EXPORT";
    Pseudo = "/";
    Access_Type = RW;
    Squash = No_Root_Squash;
    SecType = sys;
    Protocols = 4;
    Transports = TCP;
    FSAL { Name = VFS; }
}
LOG { Default_Log_Level = EVENT; }
EOF
    # -F: stay in the foreground so $! is ganesha itself; setsid: not in our process group
    setsid ganesha.nfsd -F -f "$STATE/ganesha.conf" -L "$STATE/ganesha.log" -p "$STATE/ganesha.pidfile" \
        </dev/null >"$STATE/stdout.log" 2>&1 &
    pid=$!
    echo "$pid" > "$STATE/pid"
    for _ in $(seq 60); do
        kill -0 "$pid" 2>/dev/null || { echo "ganesha.sh: ganesha exited:" >&2; tail "$STATE/ganesha.log" >&2; exit 1; }
        ss -Hltnp "sport = :$PORT" | grep "pid=$pid," >/dev/null && { echo "ganesha.sh: pid $pid on 127.0.0.1:$PORT exports $EXPORT" >&2; exit 0; }
        sleep 0.25
    done
    echo "ganesha.sh: not listening after 15 s" >&2
    kill "$pid"
    exit 1 ;;
stop)
    if pid=$(our_pid); then
        kill -TERM "$pid"
        for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$STATE/pid" ;;
*) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
