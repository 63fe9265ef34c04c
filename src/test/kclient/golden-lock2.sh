# Golden capture, second part: two guests run this at the same time against one export, so
# the server (not the client kernel, which settles conflicts between its own processes
# locally) must answer a conflicting LOCK and LOCKT with NFS4ERR_DENIED. The first guest to
# create the role directory holds the lock; the other one probes it. Timing-based on purpose:
# the guests' attribute caches would hide marker files for up to a minute.
set -u
cd "${NFS_MNT:-/mnt}" || exit 1
if mkdir role-holder 2>/dev/null; then
    echo "GOLDEN holder"
    echo x > lk2
    (sleep 30; : > /tmp/release) &
    kc-helper hold fcntl lk2 /tmp/ready /tmp/release
    echo "GOLDEN holder released"
else
    echo "GOLDEN prober"
    sleep 10
    kc-helper getlk lk2; echo "getlk rc=$? (1 = server said DENIED)"
    kc-helper try fcntl lk2; echo "try rc=$? (1 = server said DENIED)"
    # idle long enough for the lease renewal (lease 15 s: a lone SEQUENCE every 10 s)
    sleep 35
    kc-helper try fcntl lk2; echo "try after release rc=$?"
fi
