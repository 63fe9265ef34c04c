#!/usr/bin/python3
"""A second, independent CephFS client for coherence tests (its own libcephfs session, not
the gateway's): python3-cephfs from Debian, against $CEPH_CONF and the fs "a".

  cephfs-client.py [--conf F] [--id ID] [--keyring F] [--fs NAME] COMMAND ...
    write PATH                 stdin -> PATH (created or truncated, mode 0644), then fsync
    read PATH                  PATH -> stdout
    stat PATH                  JSON: ino, size, mode, nlink, uid, gid, blocks, times (whole s)
    statfs [PATH]              JSON: the statfs of the fs
    getxattr PATH NAME         the value of the extended attribute NAME (e.g. user.x) -> stdout
    lock PATH START LEN [--read] [--wait SECONDS] [--hold SECONDS]
                               POSIX byte-range lock (LEN 0 = to the end of the file): prints
                               "locked" and exits 0 (after holding it --hold seconds, or until
                               SIGTERM/SIGINT, then unlocking); if another lock conflicts (still
                               after --wait seconds of retrying), prints "conflict" and the
                               holder, exit 1. Other errors: exit 2.

Locks: python3-cephfs (16.2) only wraps ceph_flock, a whole-file BSD lock that the MDS keeps apart
from POSIX locks, so it would never conflict with the gateway's ceph_ll_setlk locks. "lock"
therefore calls ceph_ll_setlk/ceph_ll_getlk of the same libcephfs.so.2 through ctypes, on a
mount of its own (checked: it and an fcntl lock through a ceph-fuse mount conflict both ways,
and neither conflicts with ceph_flock). PATHs are from the root of the fs. Defaults: --conf $CEPH_CONF, --id $CEPHFS_CLIENT_ID or admin, --fs
$CEPH_DEV_FS or a; --keyring only if given (else ceph.conf's / $CEPH_KEYRING).
"""
import argparse
import ctypes
import errno
import json
import os
import signal
import sys
import time

import cephfs

CHUNK = 4 << 20


def mount(args):
    conf = {"keyring": args.keyring} if args.keyring else None
    fs = cephfs.LibCephFS(conf=conf, conffile=args.conf, auth_id=args.id)
    fs.mount(filesystem_name=args.fs.encode())
    return fs


def cmd_write(fs, args):
    fd = fs.open(args.path, "w", 0o644)
    try:
        off = 0
        while True:
            buf = sys.stdin.buffer.read(CHUNK)
            if not buf:
                break
            off += fs.write(fd, buf, off)
        fs.fsync(fd, 0)
    finally:
        fs.close(fd)


def cmd_getxattr(fs, args):
    sys.stdout.buffer.write(fs.getxattr(args.path, args.name))
    sys.stdout.flush()


def cmd_read(fs, args):
    fd = fs.open(args.path, "r")
    try:
        off = 0
        while True:
            buf = fs.read(fd, off, CHUNK)
            if not buf:
                break
            sys.stdout.buffer.write(buf)
            off += len(buf)
    finally:
        fs.close(fd)
    sys.stdout.flush()


def cmd_stat(fs, args):
    want = cephfs.CEPH_STATX_BASIC_STATS | cephfs.CEPH_STATX_BTIME | cephfs.CEPH_STATX_VERSION
    st = fs.statx(args.path, want, cephfs.AT_SYMLINK_NOFOLLOW)
    out = {}
    for k, v in st.items():
        if hasattr(v, "timestamp"):  # datetime (whole seconds in python3-cephfs 16.2)
            out[k] = int(v.timestamp())
        else:
            out[k] = v
    out["mode_octal"] = oct(st["mode"])
    print(json.dumps(out, sort_keys=True))


def cmd_statfs(fs, args):
    print(json.dumps(fs.statfs(args.path or "/"), sort_keys=True))


# ---- POSIX locks through ctypes (see the module doc) -----------------------------------------
class Flock(ctypes.Structure):  # struct flock on Linux x86_64/aarch64
    _fields_ = [("l_type", ctypes.c_short), ("l_whence", ctypes.c_short),
                ("l_start", ctypes.c_int64), ("l_len", ctypes.c_int64), ("l_pid", ctypes.c_int)]


F_RDLCK, F_WRLCK, F_UNLCK = 0, 1, 2


def cmd_lock(args):
    lib = ctypes.CDLL("libcephfs.so.2", use_errno=True)
    vp = ctypes.c_void_p
    lib.ceph_mount_perms.restype = vp
    for f in ("ceph_create", "ceph_conf_read_file", "ceph_conf_set", "ceph_select_filesystem",
              "ceph_mount", "ceph_ll_walk", "ceph_ll_open", "ceph_ll_setlk", "ceph_ll_getlk",
              "ceph_ll_close", "ceph_ll_put", "ceph_unmount", "ceph_release"):
        getattr(lib, f).restype = ctypes.c_int
    lib.ceph_ll_setlk.argtypes = [vp, vp, ctypes.POINTER(Flock), ctypes.c_uint64, ctypes.c_int]
    lib.ceph_ll_getlk.argtypes = [vp, vp, ctypes.POINTER(Flock), ctypes.c_uint64]
    lib.ceph_ll_walk.argtypes = [vp, ctypes.c_char_p, ctypes.POINTER(vp), vp, ctypes.c_uint,
                                 ctypes.c_uint, vp]
    lib.ceph_ll_open.argtypes = [vp, vp, ctypes.c_int, ctypes.POINTER(vp), vp]
    for f in ("ceph_ll_close", "ceph_ll_put"):
        getattr(lib, f).argtypes = [vp, vp]

    def check(rc, what):
        if rc < 0:
            raise OSError(-rc, f"{what}: {os.strerror(-rc)}")

    cm = vp()
    check(lib.ceph_create(ctypes.byref(cm), args.id.encode()), "ceph_create")
    inode, fh = vp(), vp()
    owner = os.getpid()
    fl = Flock(F_RDLCK if args.read else F_WRLCK, os.SEEK_SET, args.start, args.len, os.getpid())
    try:
        check(lib.ceph_conf_read_file(cm, args.conf.encode()), "ceph_conf_read_file")
        if args.keyring:
            check(lib.ceph_conf_set(cm, b"keyring", args.keyring.encode()), "ceph_conf_set")
        check(lib.ceph_select_filesystem(cm, args.fs.encode()), "ceph_select_filesystem")
        check(lib.ceph_mount(cm, b"/"), "ceph_mount")
        perms = lib.ceph_mount_perms(cm)
        stx = ctypes.create_string_buffer(512)  # struct ceph_statx, not read here
        check(lib.ceph_ll_walk(cm, args.path.encode(), ctypes.byref(inode), stx, 0, 0, perms),
              f"walk {args.path}")
        check(lib.ceph_ll_open(cm, inode, os.O_RDONLY if args.read else os.O_RDWR,
                               ctypes.byref(fh), perms), f"open {args.path}")
        deadline = time.monotonic() + args.wait
        while True:  # non-blocking tries: a blocking ceph_ll_setlk would not see SIGTERM
            rc = lib.ceph_ll_setlk(cm, fh, ctypes.byref(fl), owner, 0)
            if rc == 0:
                break
            if rc != -errno.EAGAIN:
                check(rc, "ceph_ll_setlk")
            if time.monotonic() >= deadline:
                held = Flock(fl.l_type, os.SEEK_SET, args.start, args.len, 0)
                lib.ceph_ll_getlk(cm, fh, ctypes.byref(held), owner)
                kind = {F_RDLCK: "read", F_WRLCK: "write"}.get(held.l_type, str(held.l_type))
                print(f"conflict {kind} lock start={held.l_start} len={held.l_len} "
                      f"pid={held.l_pid}", flush=True)
                return 1
            time.sleep(0.05)
        print(f"locked {'read' if args.read else 'write'} start={args.start} len={args.len}",
              flush=True)
        end = time.monotonic() + args.hold
        try:
            while time.monotonic() < end:
                time.sleep(min(0.2, max(0.0, end - time.monotonic())))
        except SystemExit:  # SIGTERM/SIGINT ends the hold early: still a success
            pass
        return 0
    finally:
        if fh.value:  # unlock explicitly; closing the Fh would release it too
            fl.l_type = F_UNLCK
            lib.ceph_ll_setlk(cm, fh, ctypes.byref(fl), owner, 0)
            lib.ceph_ll_close(cm, fh)
        if inode.value:
            lib.ceph_ll_put(cm, inode)
        # a clean unmount ends the MDS session now; without it the MDS would keep the session
        # (and any lock in it) until the session times out
        lib.ceph_unmount(cm)
        lib.ceph_release(cm)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--conf", default=os.environ.get("CEPH_CONF", "/etc/ceph/ceph.conf"))
    p.add_argument("--id", default=os.environ.get("CEPHFS_CLIENT_ID", "admin"))
    p.add_argument("--keyring")
    p.add_argument("--fs", default=os.environ.get("CEPH_DEV_FS", "a"))
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("write", "read", "stat"):
        sub.add_parser(name).add_argument("path")
    sub.add_parser("statfs").add_argument("path", nargs="?")
    gx = sub.add_parser("getxattr")
    gx.add_argument("path")
    gx.add_argument("name")
    lk = sub.add_parser("lock")
    lk.add_argument("path")
    lk.add_argument("start", type=int)
    lk.add_argument("len", type=int)
    lk.add_argument("--read", action="store_true", help="a read (shared) lock instead of a write lock")
    lk.add_argument("--wait", type=float, default=0.0, help="retry this long before giving up")
    lk.add_argument("--hold", type=float, default=0.0, help="keep the lock this long")
    args = p.parse_args()

    def stop(sig, _frame):  # SIGTERM/SIGINT: leave through the finally blocks (unlock, unmount)
        raise SystemExit(128 + sig)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        if args.cmd == "lock":
            return cmd_lock(args)
        fs = mount(args)
        try:
            {"write": cmd_write, "read": cmd_read, "stat": cmd_stat, "statfs": cmd_statfs,
             "getxattr": cmd_getxattr}[args.cmd](fs, args)
        finally:
            fs.unmount()
            fs.shutdown()
        return 0
    except (cephfs.Error, OSError) as e:
        print(f"cephfs-client: {args.cmd} {getattr(args, 'path', '')}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
