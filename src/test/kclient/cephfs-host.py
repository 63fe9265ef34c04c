#!/usr/bin/python3
"""Host-side helpers for the CephFS kernel-client test and benchmarks: what
scripts/cephfs-client.py (the second CephFS client of the coherence checks) does not do.
Runs on its own libcephfs mount (python3-cephfs from Debian), like cephfs-client.py.

  cephfs-host.py [--conf F] [--id ID] [--keyring F] [--fs NAME] COMMAND ...
    mkdirs PATH [MODE]     create PATH and its parents (MODE octal, default 755); exists: ok
    readlink PATH          the symlink's target on stdout (no newline)
    ls PATH                the names in directory PATH, one a line, without . and ..
    lstat PATH...          one JSON object a line: {"path", "mode", "uid", "gid", "size", "nlink",
                           "ino", "mtime" (whole s)}, or {"path", "error"} if PATH cannot be stat'ed
    rmtree PATH            remove PATH and everything below it (absent: ok)
    put PATH               stdin -> PATH.put-tmp, fsync, then renamed to PATH: whoever sees PATH
                           sees all of it (marker files handed to the guest)
    wait PATH SECONDS      exit 0 as soon as PATH exists (polls every 50 ms), 1 after SECONDS

PATHs are from the root of the fs. Defaults as in cephfs-client.py: --conf $CEPH_CONF,
--id $CEPHFS_CLIENT_ID or admin, --fs $CEPH_DEV_FS or a. Exit status 2 on errors.
"""
import argparse
import json
import os
import stat as st
import sys
import time

import cephfs


def mount(args):
    conf = {"keyring": args.keyring} if args.keyring else None
    fs = cephfs.LibCephFS(conf=conf, conffile=args.conf, auth_id=args.id)
    fs.mount(filesystem_name=args.fs.encode())
    return fs


def names(fs, path):
    d = fs.opendir(path)
    try:
        out = []
        while True:
            e = fs.readdir(d)
            if e is None:
                return out
            n = e.d_name.decode()
            if n not in (".", ".."):
                out.append(n)
    finally:
        fs.closedir(d)


def rmtree(fs, path):
    try:
        s = fs.lstat(path)
    except cephfs.ObjectNotFound:
        return
    if st.S_ISDIR(s.st_mode):
        for n in names(fs, path):
            rmtree(fs, path.rstrip("/") + "/" + n)
        fs.rmdir(path)
    else:
        fs.unlink(path)


def lstat(fs, path):
    try:
        x = fs.statx(path, cephfs.CEPH_STATX_BASIC_STATS, cephfs.AT_SYMLINK_NOFOLLOW)
    except cephfs.Error as e:
        return {"path": path, "error": str(e)}
    return {"path": path, "mode": x["mode"], "uid": x["uid"], "gid": x["gid"], "size": x["size"],
            "nlink": x["nlink"], "ino": x["ino"], "mtime": int(x["mtime"].timestamp())}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--conf", default=os.environ.get("CEPH_CONF", "/etc/ceph/ceph.conf"))
    p.add_argument("--id", default=os.environ.get("CEPHFS_CLIENT_ID", "admin"))
    p.add_argument("--keyring")
    p.add_argument("--fs", default=os.environ.get("CEPH_DEV_FS", "a"))
    sub = p.add_subparsers(dest="cmd", required=True)
    mk = sub.add_parser("mkdirs")
    mk.add_argument("path")
    mk.add_argument("mode", nargs="?", default="755")
    for name in ("readlink", "ls", "rmtree", "put"):
        sub.add_parser(name).add_argument("path")
    sub.add_parser("lstat").add_argument("paths", nargs="+")
    w = sub.add_parser("wait")
    w.add_argument("path")
    w.add_argument("seconds", type=float)
    args = p.parse_args()
    try:
        fs = mount(args)
        try:
            if args.cmd == "mkdirs":
                fs.mkdirs(args.path, int(args.mode, 8))
            elif args.cmd == "readlink":
                sys.stdout.write(fs.readlink(args.path, 4096).decode())
            elif args.cmd == "ls":
                for n in sorted(names(fs, args.path)):
                    print(n)
            elif args.cmd == "lstat":
                for path in args.paths:
                    print(json.dumps(lstat(fs, path), sort_keys=True))
            elif args.cmd == "put":
                tmp = args.path + ".put-tmp"
                fd = fs.open(tmp, "w", 0o644)
                try:
                    data = sys.stdin.buffer.read()
                    if data:
                        fs.write(fd, data, 0)
                    fs.fsync(fd, 0)
                finally:
                    fs.close(fd)
                fs.rename(tmp, args.path)
            elif args.cmd == "rmtree":
                rmtree(fs, args.path)
            elif args.cmd == "wait":
                deadline = time.monotonic() + args.seconds
                while True:
                    try:
                        fs.stat(args.path)
                        return 0
                    except cephfs.ObjectNotFound:
                        if time.monotonic() >= deadline:
                            return 1
                        time.sleep(0.05)
        finally:
            fs.unmount()
            fs.shutdown()
        return 0
    except (cephfs.Error, OSError) as e:
        print(f"cephfs-host: {args.cmd}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
