# Guest side of bench/kclient-bench.sh (busybox sh in the qemu guest, cwd = the NFS mount).
# Prints "BENCH <label> key=value" lines. Env: KCT_LABEL, KCT_SIZE_MB (256), KCT_FILES (2000).
set -u
L=${KCT_LABEL:-bench}
MB=${KCT_SIZE_MB:-256}
N=${KCT_FILES:-2000}
D=bench-$(hostname)
now() { kc-helper now; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", (b > a) ? n / (b - a) : 0 }'; }
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

mkdir "$D" || exit 1
# /dev/zero, not random data: generating it would cost the emulated CPU more than the NFS I/O
t0=$(now); dd if=/dev/zero of="$D/seq" bs=1M count="$MB" conv=fsync 2>/dev/null || exit 1; t1=$(now)
echo "BENCH $L write_MBps=$(rate "$MB" "$t0" "$t1")"
drop
t0=$(now); dd if="$D/seq" of=/dev/null bs=1M 2>/dev/null || exit 1; t1=$(now)
echo "BENCH $L read_MBps=$(rate "$MB" "$t0" "$t1")"
rm -f "$D/seq"
# plain syscalls, so the numbers measure NFS round trips rather than fork/exec in the guest
kc-helper smallfiles "$D/small" "$N" > /tmp/sf || { cat /tmp/sf; exit 1; }
awk -v l="$L" -F'[ =]' '{ for (i = 1; i < NF; i += 2) if ($i ~ /_per_s$/) { k = $i; sub(/^smallfiles_/, "", k); print "BENCH " l " " k "=" $(i + 1) } }' /tmp/sf
rmdir "$D"
