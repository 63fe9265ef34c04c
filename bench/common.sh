# Shared by the bench/ scripts (sourced, not run): ports, the dev cluster, one gateway of ours.
# Needs ROOT (the checkout) set by the script that sources it.

dev_cluster_up() { # the dev cluster (scripts/ceph-dev-cluster.sh) and its environment; started if none runs
    if ! "$ROOT/scripts/ceph-dev-cluster.sh" env >/dev/null 2>&1; then
        echo "starting the dev cluster (stopped again at the end)" >&2
        STARTED_CLUSTER=1
        "$ROOT/scripts/ceph-dev-cluster.sh" up >/dev/null
    fi
    eval "$("$ROOT/scripts/ceph-dev-cluster.sh" env)"
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

ceph_export() { # the HOCON of an export's back end: a local DIR, or with BACKEND=ceph the CephFS path DIR
    if [ "${BACKEND:-local}" = ceph ]; then
        printf 'backend = "cephfs", path = "%s"\n    ceph { conf = "%s", user = "%s", keyring = "%s", fs = "%s", mount-timeout = %s }' \
            "$1" "$CEPH_CONF" "$CEPH_DEV_USER" "$CEPH_DEV_USER_KEYRING" "$CEPH_DEV_FS" "${MOUNT_TIMEOUT:-15s}"
    else
        printf 'path = "%s"' "$1"
    fi
}

start_gateway() { # DIR PORT MPORT: one gateway of ours with DIR/gateway.conf, state in DIR/state, log in
    # DIR/gateway.log, on 127.0.0.1:PORT (management MPORT); returns once /health/ready answers (or
    # fails naming why), its pid in GW_PID. GW_JAVA_OPTS: more JVM options.
    local dir=$1 port=$2 mport=$3
    # shellcheck disable=SC2086  # GW_JAVA_OPTS: several words on purpose
    env -u CEPH_KEYRING -u CEPH_ARGS -u CEPH_CONF java -Dpekko.remote.artery.canonical.port=0 \
        -Dgateway.state-dir="$dir/state" ${GW_JAVA_OPTS:-} -jar "$dir/gateway.jar" --config "$dir/gateway.conf" \
        --port "$port" --bind 127.0.0.1 --management-port "$mport" >> "$dir/gateway.log" 2>&1 &
    GW_PID=$!
    disown   # a kill -9 of it (a restart in bench/scale.sh) is no news for this shell
    for _ in $(seq 720); do
        kill -0 "$GW_PID" 2>/dev/null || { echo "gateway exited:" >&2; tail -30 "$dir/gateway.log" >&2; return 1; }
        curl -sf "http://127.0.0.1:$mport/health/ready" >/dev/null 2>&1 && return 0
        sleep 0.25
    done
    echo "gateway not ready after 180 s" >&2; tail -30 "$dir/gateway.log" >&2
    return 1
}

stop_gateway() { # PID: SIGTERM, then wait until it is gone (SIGKILL after 60 s)
    local pid=$1
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
}
