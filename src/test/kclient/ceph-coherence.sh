# Coherence between the kernel NFS client (through the gateway's CephFS export) and a second,
# independent CephFS client on the host (scripts/cephfs-client.py), both on the same files at
# the same time. Run by CephKernelClientTest, which plays the host side concurrently; the two
# sides hand over through marker files in $KCT_DIR (the guest polls with lookupcache=positive,
# so a file the host creates shows up at the next lookup).
#
#   before boot  host: writes from-host-1.bin (md5 in KCT_HOST1_MD5)
#   guest        reads from-host-1.bin                          -> check coh-host-file
#   guest        writes from-guest.bin (fsync, close), then the marker guest-wrote = its md5
#   host         reads from-guest.bin through libcephfs, compares with the marker; then writes
#                from-host-2.bin (new) and overwrites from-guest.bin in place with other bytes
#                of the same size; then the marker host-wrote = "<md5 host-2> <md5 overwrite>"
#   guest        reads both WITHOUT dropping its caches: the page cache of from-guest.bin must be
#                invalidated by the changed attributes the gateway reports (close-to-open)
#                                                               -> checks coh-host-new, coh-host-overwrite
#   guest        appends to from-host-1.bin, then the marker guest-appended = its new md5 and size
#   host         checks the appended file through libcephfs, writes host-done
#
# Env: KCT_DIR (relative to the export root; the host created it), KCT_HOST1_MD5, KCT_MB (8).
# Output/exit status as in workload.sh ("KCT check NAME PASS|FAIL detail"; exit = failed checks).
set -u
D=${KCT_DIR:?}
MB=${KCT_MB:-8}
fails=0
checks=0
pass() { checks=$((checks + 1)); echo "KCT check $1 PASS $2"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }
# wait_for FILE: up to 120 s (the host side may be slow to notice a marker)
wait_for() { i=0; while [ ! -e "$1" ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done; [ -e "$1" ]; }
md5() { md5sum < "$1" | cut -c1-32; }

cd "$D" || { fail setup "cd $D"; exit 1; }
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"

# ---- host -> guest, written before the mount
expect coh-host-file "$(md5 from-host-1.bin)" "${KCT_HOST1_MD5:?}"

# ---- guest -> host
dd if=/dev/urandom of=/tmp/g bs=1M count="$MB" 2>/dev/null
dd if=/tmp/g of=from-guest.bin bs=1M conv=fsync 2>/dev/null
expect coh-guest-write-rc "$?" 0
G=$(md5 /tmp/g)
echo "KCT guest_md5=$G"
cat from-guest.bin > /dev/null          # now in the guest's page cache, which must not be trusted later
echo "$G" > guest-wrote.tmp && mv guest-wrote.tmp guest-wrote

# ---- host -> guest while mounted: a new file, and a same-size overwrite of a cached file
wait_for host-wrote || { fail coh-handover "host-wrote never appeared"; exit $((fails > 100 ? 100 : fails)); }
read -r WANT_NEW WANT_OVER < host-wrote
expect coh-host-new "$(md5 from-host-2.bin)" "$WANT_NEW"
expect coh-host-overwrite "$(md5 from-guest.bin)" "$WANT_OVER"
expect coh-host-overwrite-size "$(stat -c %s from-guest.bin)" $((MB * 1048576))

# ---- guest appends to the host's file
echo "appended by the guest" >> from-host-1.bin
sync
echo "$(md5 from-host-1.bin) $(stat -c %s from-host-1.bin)" > guest-appended.tmp && mv guest-appended.tmp guest-appended
wait_for host-done || fail coh-handover "host-done never appeared"
echo "KCT checks=$checks failed=$fails"
[ $fails -gt 100 ] && fails=100
exit $fails
