# Client B of bench/compare-recovery.sh (busybox sh in a second kernel-client guest, cwd = the
# mount of head b, lookupcache=positive). Another application, on the other head, asking for the
# lock client A (bench/guest-fsync.sh) holds: once A writes ($KCT_DIR/writing exists) it opens
# $KCT_DIR/data once and then, every KCT_PROBE_INTERVAL seconds (0.5), tries the same whole-file
# fcntl write lock without blocking (kc-helper lockprobe: a child process per attempt, as
# "kc-helper try fcntl data" but on the open file), until the host creates $KCT_DIR/release.
# Opened once, before the host stops head a: an OPEN during the stop would make head b ask CephFS
# for the attributes of a file whose caps the stopped head holds, and wait for them.
# While head b holds new locks back (a grace period: the kernel retries NFS4ERR_GRACE inside
# F_SETLK, backing off up to 15 s between tries) an attempt does not return; it is killed after
# KCT_PROBE_CAP seconds (1), so the last held-back attempt ends within about a second of head b
# answering again rather than at the kernel's next retry.
# Creates $KCT_DIR/probing after the first attempt. One line per attempt: "KCT try n=N start=T
# end=T rc=R mark=0|1 released=0|1" (T: this guest's CLOCK_MONOTONIC seconds; rc 0 acquired —
# never while A holds it —, 1 conflict, 2 error, 137 killed at the cap; mark=1: the host's
# "stopping" existed after the attempt; released=1: "release" did, A may have unlocked).
# Exit status: kc-helper's, 1 if A's marker never appeared.
set -u
D=${KCT_DIR:?}

echo "KCT kernel=$(uname -r)"
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"
i=0
while [ ! -e "$D/writing" ]; do
    i=$((i + 1))
    [ $i -le 3000 ] || { echo "KCT lockprobe: $D/writing did not appear within 10 min"; exit 1; }
    sleep 0.2
done
cd "$D" || exit 1
exec kc-helper lockprobe data "${KCT_PROBE_INTERVAL:-0.5}" "${KCT_PROBE_CAP:-1}" probing stopping release
