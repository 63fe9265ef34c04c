#!/usr/bin/python3
"""Timing probes for bench/compare-recovery.sh (not used by the tests).

    recovery-probe.py epoch   --oid OID        print the grace database's cur epoch
    recovery-probe.py lifted  --oid OID --after CUR [--timeout S]
        wait until the grace database has cur > CUR and rec == 0 (the grace period a restarted
        head opened is over) and print CLOCK_MONOTONIC seconds at that moment
    recovery-probe.py serving --port PORT [--timeout S]
        wait until 127.0.0.1:PORT executes an (empty) NFSv4.1 COMPOUND and print CLOCK_MONOTONIC seconds
    recovery-probe.py now      print CLOCK_MONOTONIC seconds
    recovery-probe.py watch   --oid OID [--every S] [--timeout S]
        print "T CUR REC" (CLOCK_MONOTONIC seconds, the grace database's epochs) every S seconds
        (0.2), line by line, until killed or the timeout (default 300 s) passes
    recovery-probe.py ready   --mport PORT [--timeout S]
        wait until GET /health/ready of the gateway node with management port PORT answers 200
        and print CLOCK_MONOTONIC seconds (polls every 50 ms)
    recovery-probe.py heads   --mport PORT --count N [--without NODE] [--per-node K] [--timeout S]
        virtual-IP mode: wait until GET /heads of the gateway node with management port PORT shows
        N heads serving out of grace, none on NODE (a Pekko address) and, with --per-node, K on
        every node hosting one; print CLOCK_MONOTONIC seconds (polls every 100 ms)
    recovery-probe.py client  --mport PORT --owner-contains S [--timeout S]
        virtual-IP mode: wait until GET /clients names a confirmed client whose owner contains S;
        print "HEAD NODE" (its head and the node hosting that head)

The grace object is read with python3-rados (its 16 data bytes: cur, rec as u64 little-endian,
see the project's docs); --conf/--id/--pool/--ns default to the dev cluster's CEPH_CONF,
CEPH_DEV_USER, CEPH_DEV_META_POOL, CEPH_DEV_NAMESPACE. Polls every 20 ms unless said otherwise.
Exit 1 on timeout (watch: 0).
"""
import argparse
import os
import socket
import struct
import sys
import time


def now():
    return time.clock_gettime(time.CLOCK_MONOTONIC)


def open_ioctx(a):
    import rados  # python3-rados, Debian's
    cluster = rados.Rados(conffile=a.conf, rados_id=a.id)
    cluster.connect(timeout=10)
    io = cluster.open_ioctx(a.pool)
    io.set_namespace(a.ns)
    return cluster, io


def epochs(io, oid):
    data = io.read(oid, 16, 0)
    if len(data) != 16:
        raise SystemExit("grace object %s has %d data bytes, not 16" % (oid, len(data)))
    return struct.unpack("<QQ", data)


def nfs_serves(port):
    """True if an empty NFSv4.1 COMPOUND on a fresh TCP connection is answered NFS4_OK.

    Not a NULL call: a server may accept connections and answer NULL before it serves (ours
    listens while it waits for the grace period to be enforced everywhere), and only a COMPOUND
    shows that requests are executed."""
    xid = 0x4E465334
    # RPC call header, AUTH_NONE credential and verifier; COMPOUND4args: tag "", minorversion 1, no ops
    call = struct.pack(">IIIIIIIIII", xid, 0, 2, 100003, 4, 1, 0, 0, 0, 0) + struct.pack(">III", 0, 1, 0)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.settimeout(2)
            s.sendall(struct.pack(">I", 0x80000000 | len(call)) + call)
            hdr = s.recv(4)
            if len(hdr) < 4:
                return False
            body = b""
            want = struct.unpack(">I", hdr)[0] & 0x7FFFFFFF
            while len(body) < want:
                chunk = s.recv(want - len(body))
                if not chunk:
                    return False
                body += chunk
            # xid, REPLY(1), MSG_ACCEPTED(0), verifier (flavor, length 0), SUCCESS(0), then COMPOUND4res status
            rxid, mtype, stat, _, vlen = struct.unpack(">IIIII", body[:20])
            if rxid != xid or mtype != 1 or stat != 0 or vlen != 0:
                return False
            accept, status = struct.unpack(">II", body[20:28])
            return accept == 0 and status == 0
    except (OSError, struct.error):
        return False


def management(port, path):
    import json
    import urllib.request
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5) as r:
        return json.load(r)


def heads_ready(a):
    """True once /heads shows what the heads probe waits for."""
    try:
        heads = management(a.mport, "/heads")["heads"]
    except (OSError, ValueError, KeyError):
        return False
    serving = [h for h in heads if h.get("phase") == "serving" and not h.get("inGrace")]
    if len(serving) != a.count or any(h.get("node") == a.without for h in serving):
        return False
    per = {}
    for h in serving:
        per[h["node"]] = per.get(h["node"], 0) + 1
    return a.per_node is None or all(n == a.per_node for n in per.values())


def ready(a):
    """True once the node's readiness endpoint answers 200 (anything else, or no answer: not yet)."""
    import urllib.error
    import urllib.request
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/health/ready" % a.mport, timeout=2) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError):
        return False


def client_head(a):
    """(head, node) of the confirmed client whose owner contains a.owner_contains, or None."""
    try:
        for c in management(a.mport, "/clients")["clients"]:
            if a.owner_contains in c.get("owner", "") and c.get("confirmed"):
                return c["head"], c["node"]
    except (OSError, ValueError, KeyError):
        pass
    return None


def await_print(deadline, every, check):
    """Polls check() every `every` seconds until it returns a line (printed: exit status 0) or the
    deadline passes (1)."""
    while now() < deadline:
        line = check()
        if line:
            print(line)
            return 0
        time.sleep(every)
    return 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["epoch", "lifted", "serving", "now", "heads", "client", "watch", "ready"])
    p.add_argument("--oid")
    p.add_argument("--after", type=int)
    p.add_argument("--port", type=int)
    p.add_argument("--timeout", type=float, default=300)
    p.add_argument("--mport", type=int)
    p.add_argument("--count", type=int)
    p.add_argument("--without")
    p.add_argument("--per-node", type=int)
    p.add_argument("--owner-contains")
    p.add_argument("--every", type=float, default=0.2)
    p.add_argument("--conf", default=os.environ.get("CEPH_CONF"))
    p.add_argument("--id", default=os.environ.get("CEPH_DEV_USER", "admin"))
    p.add_argument("--pool", default=os.environ.get("CEPH_DEV_META_POOL", "cephfs.a.meta"))
    p.add_argument("--ns", default=os.environ.get("CEPH_DEV_NAMESPACE", "ganesha"))
    a = p.parse_args()
    deadline = now() + a.timeout
    if a.what == "now":
        print("%.3f" % now())
        return 0
    if a.what == "serving":
        return await_print(deadline, 0.02, lambda: nfs_serves(a.port) and "%.3f" % now())
    if a.what == "heads":
        return await_print(deadline, 0.1, lambda: heads_ready(a) and "%.3f" % now())
    if a.what == "ready":
        return await_print(deadline, 0.05, lambda: ready(a) and "%.3f" % now())
    if a.what == "client":
        return await_print(deadline, 0.25, lambda: (lambda f: f and "%s %s" % f)(client_head(a)))
    cluster, io = open_ioctx(a)
    try:
        if a.what == "epoch":
            print(epochs(io, a.oid)[0])
            return 0
        if a.what == "watch":
            import rados
            # a fixed cadence: the time a read takes does not shift the next sample
            t = now()
            while t < deadline:
                try:
                    cur, rec = epochs(io, a.oid)
                    print("%.3f %d %d" % (now(), cur, rec), flush=True)
                except rados.Error as e:  # no object yet, a slow OSD: a missing sample, not the end
                    print("recovery-probe.py watch: %s" % e, file=sys.stderr)
                t += a.every
                time.sleep(max(0.0, t - now()))
            return 0

        def over():
            cur, rec = epochs(io, a.oid)
            return cur > a.after and rec == 0 and "%.3f" % now()
        return await_print(deadline, 0.02, over)
    finally:
        io.close()
        cluster.shutdown()


if __name__ == "__main__":
    sys.exit(main())
