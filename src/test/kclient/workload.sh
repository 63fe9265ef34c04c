# End-to-end workload for the Linux kernel NFS client (busybox sh, run inside the qemu guest
# by scripts/kclient/run.sh with cwd = the NFS mount). Used by KernelClientTest for vers=4.1
# and vers=4.2, and runnable by hand:
#   KCT_DIR=v41 scripts/kclient/run.sh PORT src/test/kclient/workload.sh vers=4.1
#
# Output: "KCT key=value" lines (timings, counts, the md5 of the data file) and one
#   "KCT check <name> PASS|FAIL <detail>" line per check. Exit status: number of failed checks.
# Everything lives under $KCT_DIR (relative to the export root, must not exist yet). Left
# behind on purpose, for the host-side checks in KernelClientTest:
#   data.bin (md5 = KCT data_md5), attrs/f, links/*, dir5000/ (all entries), xattr.f (with
#   user.cephgw.kept = "kept-by-kclient" on a vers=4.2 mount).
#   tree/ is removed by the workload itself.
# Env: KCT_DIR (required), KCT_SIZE_MB (64), KCT_TREE (10: 10 x 10 dirs x 20 files = 2000),
#      KCT_BIGDIR (5000 entries).
set -u
D=${KCT_DIR:?KCT_DIR must name a fresh directory under the export}
SIZE_MB=${KCT_SIZE_MB:-64}
TREE=${KCT_TREE:-10}
BIGDIR=${KCT_BIGDIR:-5000}
fails=0
checks=0

now() { kc-helper now; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
per_s() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", (b > a) ? n / (b - a) : 0 }'; }
# drop the guest's page, dentry and attribute caches so the next access asks the server
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
pass() { checks=$((checks + 1)); echo "KCT check $1 PASS $2"; }
fail() { checks=$((checks + 1)); fails=$((fails + 1)); echo "KCT check $1 FAIL $2"; }
# expect NAME GOT WANT
expect() { if [ "$2" = "$3" ]; then pass "$1" "$2"; else fail "$1" "got '$2' want '$3'"; fi; }

echo "KCT kernel=$(uname -r)"
echo "KCT mount=$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)"
[ ! -e "$D" ] || { fail setup "$D already exists"; exit 1; }
mkdir "$D" && cd "$D" || { fail setup "mkdir $D"; exit 1; }
T_ALL=$(now)

# ---- 1. bulk data: written, read back from the server after dropping caches, checksummed
dd if=/dev/urandom of=/tmp/src bs=1M count="$SIZE_MB" 2>/dev/null
SRC_MD5=$(md5sum /tmp/src | cut -c1-32)
t0=$(now)
dd if=/tmp/src of=data.bin bs=1M conv=fsync 2>/tmp/dd.err
expect data-write-rc "$?" 0
t1=$(now)
echo "KCT data_mb=$SIZE_MB write_s=$(secs "$t0" "$t1") write_MBps=$(per_s "$SIZE_MB" "$t0" "$t1")"
rm -f /tmp/src
drop
t0=$(now)
READ_MD5=$(md5sum data.bin | cut -c1-32)
t1=$(now)
echo "KCT read_s=$(secs "$t0" "$t1") read_MBps=$(per_s "$SIZE_MB" "$t0" "$t1")"
echo "KCT data_md5=$READ_MD5"
expect data-md5 "$READ_MD5" "$SRC_MD5"
expect data-size "$(stat -c %s data.bin)" $((SIZE_MB * 1048576))

# ---- 2. a tree of TREE x 10 directories with 20 files each: create, stat, list, rename, remove
# One background job per top-level directory: the client then has many requests in flight
# (several session slots busy at once on the server), and the emulated guest's two vCPUs are
# both used, which roughly halves the run time under TCG.
NTREE=$((TREE * 10 * 20))
t0=$(now)
mkdir tree
a=0
while [ $a -lt "$TREE" ]; do
    (
        mkdir tree/d$a
        b=0
        while [ $b -lt 10 ]; do
            mkdir tree/d$a/s$b
            c=0
            while [ $c -lt 20 ]; do echo "$a/$b/$c" > tree/d$a/s$b/f$c; c=$((c + 1)); done
            b=$((b + 1))
        done
    ) &
    a=$((a + 1))
done
wait
t1=$(now)
echo "KCT tree_files=$NTREE tree_create_s=$(secs "$t0" "$t1") tree_create_per_s=$(per_s "$NTREE" "$t0" "$t1")"
drop
t0=$(now)
# every file's size must match its content "a/b/c\n"
bad=$(stat -c '%n %s' tree/*/*/* | awk '{ split($1, p, "/"); want = length(substr(p[2], 2) "/" substr(p[3], 2) "/" substr(p[4], 2)) + 1
                                          n++; if ($2 != want) bad++ } END { print n + 0, bad + 0 }')
t1=$(now)
echo "KCT tree_stat_s=$(secs "$t0" "$t1") tree_stat_per_s=$(per_s "$NTREE" "$t0" "$t1")"
expect tree-stat "$bad" "$NTREE 0"
drop
expect tree-list "$(find tree -type f | wc -l) $(find tree -type d | wc -l)" "$NTREE $((1 + TREE * 11))"
t0=$(now)
a=0
while [ $a -lt "$TREE" ]; do
    (
        b=0
        while [ $b -lt 10 ]; do
            # one mv per leaf directory: 20 cross-directory RENAMEs, then the old dir must be empty
            mkdir tree/d$a/t$b && mv tree/d$a/s$b/* tree/d$a/t$b/ && rmdir tree/d$a/s$b || echo "rename failed in tree/d$a/s$b"
            b=$((b + 1))
        done
        mv tree/d$a tree/e$a || echo "rename failed: tree/d$a"
    ) &
    a=$((a + 1))
done
wait
t1=$(now)
echo "KCT tree_rename_s=$(secs "$t0" "$t1") tree_rename_per_s=$(per_s "$NTREE" "$t0" "$t1")"
drop
expect tree-renamed "$(find tree -type f -path 'tree/e*/t*/f*' | wc -l) $(find tree -name 'd*' -o -name 's*' | wc -l)" "$NTREE 0"
got="" want=""
for p in 0/0/0 $((TREE - 1))/9/19 $((TREE / 2))/3/7; do
    IFS=/ read -r a b c <<EOF
$p
EOF
    got="$got $(cat tree/e$a/t$b/f$c)"
    want="$want $p"
done
expect tree-content "${got# }" "${want# }"
t0=$(now)
rm -rf tree
t1=$(now)
echo "KCT tree_remove_s=$(secs "$t0" "$t1") tree_remove_per_s=$(per_s "$NTREE" "$t0" "$t1")"
drop
expect tree-removed "$( [ -e tree ] && echo exists || echo gone) $(ls | grep -c '^tree$')" "gone 0"

# ---- 3. one directory with BIGDIR entries, listed completely (READDIR cookies/continuation)
mkdir dir5000
t0=$(now)
w=0
while [ $w -lt 4 ]; do                   # four creators in one directory at once
    ( i=$w; while [ $i -lt "$BIGDIR" ]; do : > dir5000/entry-$i; i=$((i + 4)); done ) &
    w=$((w + 1))
done
wait
t1=$(now)
echo "KCT bigdir_entries=$BIGDIR bigdir_create_s=$(secs "$t0" "$t1") bigdir_create_per_s=$(per_s "$BIGDIR" "$t0" "$t1")"
drop
t0=$(now)
ls dir5000 > /tmp/names
t1=$(now)
echo "KCT bigdir_list_s=$(secs "$t0" "$t1")"
# each expected name exactly once, nothing else
missing=$(awk -v n="$BIGDIR" '{ seen[$0]++ } END { for (i = 0; i < n; i++) if (seen["entry-" i] != 1) m++; print m + 0 }' /tmp/names)
expect bigdir-list "$(wc -l < /tmp/names) missing-or-duplicate=$missing" "$BIGDIR missing-or-duplicate=0"
drop
t0=$(now)
n=$(ls -l dir5000 | grep -c '^-')
t1=$(now)
echo "KCT bigdir_ls_l_s=$(secs "$t0" "$t1")"
expect bigdir-ls-l "$n" "$BIGDIR"

# ---- 4. symbolic and hard links
mkdir links
echo target-data > links/target
ln -s target links/sym
ln -s /nonexistent/target links/dangling
ln links/target links/h1 && ln links/target links/h2
drop
expect symlink-readlink "$(readlink links/sym) $(readlink links/dangling)" "target /nonexistent/target"
expect symlink-follow "$(cat links/sym)" target-data
expect hardlink-nlink-3 "$(stat -c %h links/target)" 3
expect hardlink-same-file "$(stat -c %i links/h1)" "$(stat -c %i links/target)"
rm links/h2
drop
expect hardlink-nlink-2 "$(stat -c %h links/target) $(cat links/h1)" "2 target-data"

# ---- 5. attributes: each change read back from the server
mkdir attrs
echo 0123456789 > attrs/f
chmod 640 attrs/f
chown 1234:5678 attrs/f
truncate -s 12345 attrs/f
touch -d '2001-02-03 04:05:06' attrs/f      # last: truncate sets mtime. Guest TZ is UTC: 981173106
echo 0123456789 > attrs/g
truncate -s 5 attrs/g
drop
expect attr-mode "$(stat -c %a attrs/f)" 640
expect attr-owner "$(stat -c %u:%g attrs/f)" 1234:5678
expect attr-mtime "$(stat -c %Y attrs/f)" 981173106
expect attr-size "$(stat -c %s attrs/f)" 12345
# growing with truncate must read back as zeros; shrinking keeps the head
want=$( (echo 0123456789; head -c 12334 /dev/zero) | md5sum | cut -c1-32)
expect attr-truncate-grow "$(md5sum < attrs/f | cut -c1-32)" "$want"
expect attr-truncate-shrink "$(cat attrs/g)" 01234

# ---- 6. locks: a second process's non-blocking attempt fails while the first holds the
#         lock, and succeeds after the release. (Between processes of one client the kernel
#         settles the conflict itself; the server sees the LOCK, LOCKU and LOCKT traffic.)
mkdir locks
echo lock > locks/f
for kind in fcntl flock ofd; do
    rm -f /tmp/ready /tmp/release
    kc-helper hold $kind locks/f /tmp/ready /tmp/release &
    holder=$!
    i=0
    while [ ! -e /tmp/ready ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
    if [ ! -e /tmp/ready ]; then
        fail lock-$kind "the holder never got the lock"
        kill $holder 2>/dev/null
        continue
    fi
    kc-helper try $kind locks/f >/dev/null; held=$?
    [ $kind = fcntl ] && { kc-helper getlk locks/f >/dev/null; expect lock-fcntl-getlk-held $? 1; }
    : > /tmp/release
    wait $holder; hrc=$?
    kc-helper try $kind locks/f >/dev/null; free=$?
    expect lock-$kind "while-held=$held holder=$hrc after-release=$free" "while-held=1 holder=0 after-release=0"
done
kc-helper getlk locks/f >/dev/null
expect lock-getlk-free "$?" 0          # no local lock left: this one is a LOCKT to the server
flock locks/f true
expect flock-wrapper "$?" 0

# ---- 7. NFSv4.2-backed syscalls (ALLOCATE, DEALLOCATE, SEEK, COPY; on 4.1 or without
#         server support the client falls back): the data read back must be right either way
kc-helper v42 v42.bin > /tmp/v42.out
expect v42-syscalls "$?" 0
sed 's/^/KCT /' /tmp/v42.out
rm -f v42.bin

# ---- 8. extended attributes (RFC 8276): a vers=4.2 mount carries the user namespace, where
#         the kernel client caches and checks ACCESS XA* rights; vers=4.1 has no xattrs at all
echo x > xattr.f
kc-helper xattr xattr.f > /tmp/xattr.out
expect xattr-calls "$?" 0
sed 's/^/KCT /' /tmp/xattr.out
case "$(awk -v m="$NFS_MNT" '$2 == m { print $4 }' /proc/mounts)" in
    *vers=4.2*) want=ok ;;
    *) want="Operation not supported" ;;
esac
expect xattr-set "$(sed -n 's/^xattr_set=//p' /tmp/xattr.out)" "$want"

echo "KCT workload_s=$(secs "$T_ALL" "$(now)") checks=$checks failed=$fails"
[ $fails -gt 100 ] && fails=100        # keep clear of the harness's exit codes (124, 125, 200...)
exit $fails
