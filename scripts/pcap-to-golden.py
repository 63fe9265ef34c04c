#!/usr/bin/env python3
"""Cut NFSv4 RPC call records (and the server's replies) out of tcpdump captures.

    scripts/pcap-to-golden.py [-p PORT] [-o DIR] [--list] [--cross-dedupe] A.pcap [B.pcap ...]

Used to build protocol/src/test/resources/golden/ (see the README there): each call the
client sent to PORT becomes one file holding the lowercase hex of one complete RPC record
(record-marking headers removed, fragments joined), named

    <nn>-v4<minor>-<OP>-<OP>...[+<variant>...].rpc.hex   and the matching   ....reply.hex

Only the first call of each distinct op list (per minor version) is kept. With --variants
the op list is extended with the argument shapes of CREATE (dir, symlink), OPEN (create
mode, claim), LOCK (new/old lock owner), READDIR (first/cont), WRITE (stable how) and a
non-OK reply status (e.g. +DENIED), so those count as distinct cases. With
--cross-dedupe a later minor version only keeps op lists an earlier one did not already
produce, except the session lifecycle operations, which are always kept per version because
their bodies differ (minorversion, flags). --list prints what would be written.

The script decodes every COMPOUND's arguments itself (no tshark needed) and refuses a call
whose arguments do not end exactly at the end of the record: the op list in a file name is
therefore checked, not guessed. Plain pcap only (tcpdump -w), Ethernet/SLL/raw links,
IPv4/IPv6, one or more TCP connections; retransmitted segments are dropped.
"""
import argparse
import os
import struct
import sys

NFS_PROGRAM = 100003
OPS = {
    3: "ACCESS", 4: "CLOSE", 5: "COMMIT", 6: "CREATE", 7: "DELEGPURGE", 8: "DELEGRETURN",
    9: "GETATTR", 10: "GETFH", 11: "LINK", 12: "LOCK", 13: "LOCKT", 14: "LOCKU", 15: "LOOKUP",
    16: "LOOKUPP", 17: "NVERIFY", 18: "OPEN", 19: "OPENATTR", 20: "OPEN_CONFIRM",
    21: "OPEN_DOWNGRADE", 22: "PUTFH", 23: "PUTPUBFH", 24: "PUTROOTFH", 25: "READ",
    26: "READDIR", 27: "READLINK", 28: "REMOVE", 29: "RENAME", 30: "RENEW", 31: "RESTOREFH",
    32: "SAVEFH", 33: "SECINFO", 34: "SETATTR", 35: "SETCLIENTID", 36: "SETCLIENTID_CONFIRM",
    37: "VERIFY", 38: "WRITE", 39: "RELEASE_LOCKOWNER", 40: "BACKCHANNEL_CTL",
    41: "BIND_CONN_TO_SESSION", 42: "EXCHANGE_ID", 43: "CREATE_SESSION", 44: "DESTROY_SESSION",
    45: "FREE_STATEID", 46: "GET_DIR_DELEGATION", 47: "GETDEVICEINFO", 48: "GETDEVICELIST",
    49: "LAYOUTCOMMIT", 50: "LAYOUTGET", 51: "LAYOUTRETURN", 52: "SECINFO_NO_NAME",
    53: "SEQUENCE", 54: "SET_SSV", 55: "TEST_STATEID", 56: "WANT_DELEGATION",
    57: "DESTROY_CLIENTID", 58: "RECLAIM_COMPLETE", 59: "ALLOCATE", 60: "COPY",
    61: "COPY_NOTIFY", 62: "DEALLOCATE", 63: "IO_ADVISE", 64: "LAYOUTERROR", 65: "LAYOUTSTATS",
    66: "OFFLOAD_CANCEL", 67: "OFFLOAD_STATUS", 68: "READ_PLUS", 69: "SEEK", 70: "WRITE_SAME",
    71: "CLONE", 72: "GETXATTR", 73: "SETXATTR", 74: "LISTXATTRS", 75: "REMOVEXATTR",
}
# kept once per minor version even with --cross-dedupe: their bodies carry the version
LIFECYCLE = {"EXCHANGE_ID", "CREATE_SESSION", "RECLAIM_COMPLETE", "SECINFO_NO_NAME",
             "DESTROY_SESSION", "DESTROY_CLIENTID", "NULL"}


# ----------------------------------------------------------------------------- XDR reader
class Xdr:
    def __init__(self, buf, pos=0):
        self.b, self.p = buf, pos

    def u32(self):
        if self.p + 4 > len(self.b):
            raise ValueError("short record")
        v = struct.unpack_from(">I", self.b, self.p)[0]
        self.p += 4
        return v

    def u64(self):
        return (self.u32() << 32) | self.u32()

    def fixed(self, n):
        end = self.p + ((n + 3) & ~3)       # XDR pads to a multiple of 4
        if end > len(self.b):
            raise ValueError("short record")
        v = self.b[self.p:self.p + n]
        self.p = end
        return v

    def opaque(self, limit=1 << 24):
        n = self.u32()
        if n > limit:
            raise ValueError("opaque length %d too large" % n)
        return self.fixed(n)

    def array(self, fn, limit=1 << 16):
        n = self.u32()
        if n > limit:
            raise ValueError("array length %d too large" % n)
        return [fn() for _ in range(n)]

    # NFSv4 compound pieces
    def stateid(self):
        self.fixed(16)

    def bitmap(self):
        self.array(self.u32)

    def fattr(self):
        self.bitmap()
        self.opaque()

    def owner(self):  # state_owner4: clientid + opaque owner
        self.u64()
        self.opaque()

    def cb_sec_parms(self):
        def one():
            flavor = self.u32()
            if flavor == 1:  # AUTH_SYS
                self.u32(); self.opaque(); self.u32(); self.u32(); self.array(self.u32)
            elif flavor == 6:  # RPCSEC_GSS
                self.u32(); self.opaque(); self.opaque()
            elif flavor != 0:
                raise ValueError("callback flavor %d" % flavor)
        self.array(one)

    def channel_attrs(self):
        for _ in range(6):
            self.u32()
        self.array(self.u32)


def skip_op_args(x, op):
    """Consume the arguments of one operation (RFC 8881 / RFC 7862 XDR). Returns a variant
    tag for the argument shapes worth keeping separately (e.g. CREATE of a symlink), or None."""
    void = {10, 16, 23, 24, 27, 31, 32}
    if op in void:
        return
    if op in (3, 52):                      # ACCESS, SECINFO_NO_NAME: u32
        x.u32()
    elif op == 4:                          # CLOSE
        x.u32(); x.stateid()
    elif op == 5:                          # COMMIT
        x.u64(); x.u32()
    elif op == 6:                          # CREATE
        t = x.u32()
        if t == 5:
            x.opaque()                     # symlink target
        elif t in (3, 4):
            x.u32(); x.u32()               # device numbers
        x.opaque(); x.fattr()
        return {2: "dir", 5: "symlink"}.get(t, "type%d" % t)
    elif op in (8, 45, 66, 67):            # DELEGRETURN FREE_STATEID OFFLOAD_*: stateid
        x.stateid()
    elif op == 9:                          # GETATTR
        x.bitmap()
    elif op in (11, 15, 28, 33):           # LINK LOOKUP REMOVE SECINFO: component
        x.opaque()
    elif op == 12:                         # LOCK
        x.u32(); x.u32(); x.u64(); x.u64()
        if x.u32():                        # new lock owner: open_to_lock_owner4
            x.u32(); x.stateid(); x.u32(); x.owner()
            return "newowner"
        x.stateid(); x.u32()
        return "oldowner"
    elif op == 13:                         # LOCKT
        x.u32(); x.u64(); x.u64(); x.owner()
    elif op == 14:                         # LOCKU
        x.u32(); x.u32(); x.stateid(); x.u64(); x.u64()
    elif op in (17, 37):                   # NVERIFY VERIFY
        x.fattr()
    elif op == 18:                         # OPEN
        x.u32(); x.u32(); x.u32(); x.owner()
        tag = "nocreate"
        if x.u32() == 1:                   # OPEN4_CREATE
            how = x.u32()
            tag = ["unchecked", "guarded", "exclusive", "exclusive41"][how] if how < 4 else "how%d" % how
            if how in (0, 1):
                x.fattr()
            elif how == 2:
                x.fixed(8)
            elif how == 3:
                x.fixed(8); x.fattr()
        claim = x.u32()
        if claim in (0, 3):
            x.opaque()
        elif claim == 1:
            x.u32()
        elif claim == 2:
            x.stateid(); x.opaque()
        elif claim == 5:
            x.stateid()
        return tag + "-" + (["null", "previous", "delegcur", "delegprev", "fh", "delegcurfh",
                             "delegprevfh"][claim] if claim < 7 else "claim%d" % claim)
    elif op == 19:                         # OPENATTR
        x.u32()
    elif op == 21:                         # OPEN_DOWNGRADE
        x.stateid(); x.u32(); x.u32(); x.u32()
    elif op == 22:                         # PUTFH
        x.opaque(128)
    elif op in (25, 68):                   # READ READ_PLUS
        x.stateid(); x.u64(); x.u32()
    elif op == 26:                         # READDIR
        cookie = x.u64(); x.fixed(8); x.u32(); x.u32(); x.bitmap()
        return "first" if cookie == 0 else "cont"
    elif op == 29:                         # RENAME
        x.opaque(); x.opaque()
    elif op == 34:                         # SETATTR
        x.stateid(); x.fattr()
    elif op == 38:                         # WRITE
        x.stateid(); x.u64(); how = x.u32(); x.opaque(1 << 26)
        return ["unstable", "datasync", "filesync"][how] if how < 3 else "stable%d" % how
    elif op == 39:                         # RELEASE_LOCKOWNER
        x.owner()
    elif op == 40:                         # BACKCHANNEL_CTL
        x.u32(); x.cb_sec_parms()
    elif op == 41:                         # BIND_CONN_TO_SESSION
        x.fixed(16); x.u32(); x.u32()
    elif op == 42:                         # EXCHANGE_ID
        x.fixed(8); x.opaque(); x.u32()
        how = x.u32()
        if how in (1, 2):
            x.bitmap(); x.bitmap()
            if how == 2:
                x.array(x.opaque); x.array(x.opaque); x.u32(); x.u32()
        def impl_id():
            x.opaque(); x.opaque(); x.u64(); x.u32()
        x.array(impl_id, 1)
    elif op == 43:                         # CREATE_SESSION
        x.u64(); x.u32(); x.u32(); x.channel_attrs(); x.channel_attrs(); x.u32(); x.cb_sec_parms()
    elif op == 44:                         # DESTROY_SESSION
        x.fixed(16)
    elif op == 47:                         # GETDEVICEINFO
        x.fixed(16); x.u32(); x.u32(); x.bitmap()
    elif op == 53:                         # SEQUENCE
        x.fixed(16); x.u32(); x.u32(); x.u32(); x.u32()
    elif op == 55:                         # TEST_STATEID
        x.array(x.stateid)
    elif op == 57:                         # DESTROY_CLIENTID
        x.u64()
    elif op == 58:                         # RECLAIM_COMPLETE
        x.u32()
    elif op in (59, 62):                   # ALLOCATE DEALLOCATE
        x.stateid(); x.u64(); x.u64()
    elif op == 60:                         # COPY
        x.stateid(); x.stateid(); x.u64(); x.u64(); x.u64(); x.u32(); x.u32()
        def netloc():
            t = x.u32()
            if t in (1, 2):
                x.opaque()
            elif t == 3:
                x.opaque(); x.opaque()
        x.array(netloc)
    elif op == 63:                         # IO_ADVISE
        x.stateid(); x.u64(); x.u64(); x.bitmap()
    elif op == 69:                         # SEEK
        x.stateid(); x.u64(); x.u32()
    elif op == 71:                         # CLONE
        x.stateid(); x.stateid(); x.u64(); x.u64(); x.u64()
    elif op in (72, 75):                   # GETXATTR REMOVEXATTR
        x.opaque()
    elif op == 73:                         # SETXATTR
        x.u32(); x.opaque(); x.opaque()
    elif op == 74:                         # LISTXATTRS
        x.u64(); x.u32()
    else:
        raise ValueError("no decoder for op %s" % OPS.get(op, op))
    return None


def decode_call(rec):
    """-> (xid, minorversion or None, [op names]) for an NFS call, None for anything else."""
    x = Xdr(rec)
    xid, mtype = x.u32(), x.u32()
    if mtype != 0:
        return None
    rpcvers, prog, vers, proc = x.u32(), x.u32(), x.u32(), x.u32()
    if rpcvers != 2 or prog != NFS_PROGRAM or vers != 4:
        return None
    x.u32(); x.opaque(400)                 # credential
    x.u32(); x.opaque(400)                 # verifier
    if proc == 0:
        if x.p != len(rec):
            raise ValueError("NULL call with %d trailing bytes" % (len(rec) - x.p))
        return xid, None, ["NULL"], []
    x.opaque(1024)                         # tag
    minor = x.u32()
    names, tags = [], []
    for _ in range(x.u32()):
        op = x.u32()
        names.append(OPS.get(op, "OP%d" % op))
        tag = skip_op_args(x, op)
        if tag:
            tags.append(tag)
    if x.p != len(rec):
        raise ValueError("%d trailing bytes after %s" % (len(rec) - x.p, "-".join(names)))
    return xid, minor, names, tags


STATUS = {1: "PERM", 2: "NOENT", 13: "ACCESS", 17: "EXIST", 18: "XDEV", 20: "NOTDIR",
          21: "ISDIR", 22: "INVAL", 28: "NOSPC", 66: "NOTEMPTY", 70: "STALE", 10004: "NOTSUPP",
          10008: "DELAY", 10010: "DENIED", 10011: "EXPIRED", 10012: "LOCKED", 10013: "GRACE",
          10020: "NOFILEHANDLE", 10024: "OLD_STATEID", 10025: "BAD_STATEID", 10029: "SYMLINK",
          10052: "BADSESSION"}


def reply_status(rec):
    """COMPOUND status of an accepted reply; None if the RPC itself was not successful."""
    x = Xdr(rec)
    x.u32(); x.u32()
    if x.u32() != 0:                       # MSG_DENIED
        return None
    x.u32(); x.opaque(400)                 # verifier
    if x.u32() != 0:                       # accept_stat
        return None
    return x.u32() if x.p < len(rec) else 0


# ----------------------------------------------------------------------------- pcap + TCP
def packets(path):
    """Yield (ts, src, sport, dst, dport, seq, flags, payload) for TCP segments."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        sys.exit("%s: not a pcap file (pcapng is not supported; use tcpdump -w)" % path)
    link = struct.unpack_from(e + "I", data, 20)[0]
    pos = 24
    while pos + 16 <= len(data):
        sec, frac, incl, _orig = struct.unpack_from(e + "IIII", data, pos)
        pkt = data[pos + 16:pos + 16 + incl]
        pos += 16 + incl
        if link == 1:                      # Ethernet (lo shows up as Ethernet on Linux)
            off, etype = 14, struct.unpack_from(">H", pkt, 12)[0]
        elif link == 113:                  # Linux cooked v1
            off, etype = 16, struct.unpack_from(">H", pkt, 14)[0]
        elif link == 276:                  # Linux cooked v2
            off, etype = 20, struct.unpack_from(">H", pkt, 0)[0]
        elif link in (101, 12):            # raw IP
            off, etype = 0, 0x86DD if pkt[0] >> 4 == 6 else 0x0800
        else:
            sys.exit("%s: unsupported link type %d" % (path, link))
        if etype == 0x0800:
            ihl = (pkt[off] & 15) * 4
            if pkt[off + 9] != 6:
                continue
            total = struct.unpack_from(">H", pkt, off + 2)[0]
            src, dst = pkt[off + 12:off + 16], pkt[off + 16:off + 20]
            tcp, end = off + ihl, off + total
        elif etype == 0x86DD:
            if pkt[off + 6] != 6:
                continue
            plen = struct.unpack_from(">H", pkt, off + 4)[0]
            src, dst = pkt[off + 8:off + 24], pkt[off + 24:off + 40]
            tcp, end = off + 40, off + 40 + plen
        else:
            continue
        sport, dport, seq = struct.unpack_from(">HHI", pkt, tcp)
        doff = (pkt[tcp + 12] >> 4) * 4
        flags = pkt[tcp + 13]
        yield sec + frac / 1e6, src, sport, dst, dport, seq, flags, pkt[tcp + doff:end]


class Stream:
    """One direction of a TCP connection: in-order bytes -> RPC records (RFC 5531 sec. 11)."""

    def __init__(self):
        self.next = None                   # next expected sequence number
        self.pending = {}                  # out-of-order segments: seq -> payload
        self.buf = bytearray()
        self.frags = bytearray()

    def add(self, seq, syn, payload):
        if syn:
            self.next = (seq + 1) & 0xFFFFFFFF
        if not payload:
            return []
        if self.next is None:              # capture started mid-connection
            self.next = seq
        self.pending[seq] = payload
        out = []
        progressed = True
        while progressed:
            progressed = False
            for s in list(self.pending):
                d = (self.next - s) & 0xFFFFFFFF   # bytes of this segment already seen
                p = self.pending[s]
                if d == 0 or d < len(p):
                    del self.pending[s]
                    self.buf += p[d:]
                    self.next = (self.next + len(p) - d) & 0xFFFFFFFF
                    progressed = True
                elif d < 0x80000000:       # entirely old: retransmission
                    del self.pending[s]
        while len(self.buf) >= 4:
            hdr = struct.unpack_from(">I", self.buf, 0)[0]
            n = hdr & 0x7FFFFFFF
            if len(self.buf) < 4 + n:
                break
            self.frags += self.buf[4:4 + n]
            del self.buf[:4 + n]
            if hdr & 0x80000000:           # last fragment: a complete record
                out.append(bytes(self.frags))
                self.frags = bytearray()
        return out


def extract(path, port):
    """-> list of dicts {minor, ops, call, reply} in the order the calls were sent."""
    streams = {}
    calls = []
    by_xid = {}
    for _ts, src, sport, dst, dport, seq, flags, payload in packets(path):
        if port not in (sport, dport):
            continue
        key = (src, sport, dst, dport)
        st = streams.setdefault(key, Stream())
        for rec in st.add(seq, flags & 0x02, payload):
            conn = (src, sport) if dport == port else (dst, dport)
            if dport == port:
                try:
                    d = decode_call(rec)
                except ValueError as err:
                    sys.exit("%s: undecodable call record (%s): %s" % (path, err, rec[:64].hex()))
                if d is None:
                    continue                # e.g. our reply to a backchannel call
                xid, minor, ops, tags = d
                c = {"minor": minor, "ops": ops, "tags": tags, "call": rec, "reply": None}
                calls.append(c)
                by_xid[(conn, xid)] = c
            else:
                xid, mtype = struct.unpack_from(">II", rec, 0)
                c = by_xid.get((conn, xid))
                if mtype == 1 and c is not None and c["reply"] is None:
                    c["reply"] = rec
    # NULL pings carry no minor version: give them the one the capture used
    minors = [c["minor"] for c in calls if c["minor"] is not None]
    for c in calls:
        if c["minor"] is None:
            c["minor"] = minors[0] if minors else 0
    return calls


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pcaps", nargs="+")
    ap.add_argument("-p", "--port", type=int, default=2049)
    ap.add_argument("-o", "--out", default=".")
    ap.add_argument("--list", action="store_true", help="print, do not write")
    ap.add_argument("--cross-dedupe", action="store_true")
    ap.add_argument("--variants", action="store_true",
                    help="dedupe by op list plus argument shape and error status")
    ap.add_argument("--start", type=int, default=0, help="first file number")
    a = ap.parse_args()

    # class key -> the smallest call (then reply) seen for it: a 1 MiB WRITE or a 128 KiB
    # READDIR reply makes a poor golden file;
    # files are numbered in the order the classes first appeared
    classes = {}
    total = 0
    for path in a.pcaps:
        calls = extract(path, a.port)
        total += len(calls)
        for c in calls:
            ops = "-".join(c["ops"])
            tags = list(c["tags"])
            st = reply_status(c["reply"]) if c["reply"] else None
            if st:                         # an error reply is a case of its own
                tags.append(STATUS.get(st, "ERR%d" % st))
            if a.variants and tags:
                ops += "+" + "+".join(tags)
            key = (c["minor"], ops)
            size = (len(c["call"]), len(c["reply"] or b""))
            if key not in classes or size < classes[key]["size"]:
                c["size"] = size
                classes[key] = dict(c, name=ops)

    seen_any = set()
    n = a.start
    for (minor, ops), c in classes.items():   # dicts keep insertion order
        if a.cross_dedupe and ops in seen_any and not LIFECYCLE & set(c["ops"]):
            continue
        seen_any.add(ops)
        name = "%02d-v4%d-%s" % (n, minor, ops)
        n += 1
        print("%s  call %d bytes%s" % (name, len(c["call"]), "" if c["reply"] else " (no reply captured)"))
        if a.list:
            continue
        with open(os.path.join(a.out, name + ".rpc.hex"), "w") as f:
            f.write(c["call"].hex() + "\n")
        if c["reply"]:
            with open(os.path.join(a.out, name + ".reply.hex"), "w") as f:
                f.write(c["reply"].hex() + "\n")
    print("%d calls decoded, %d files %s" % (total, n - a.start, "listed" if a.list else "written"),
          file=sys.stderr)


if __name__ == "__main__":
    main()
