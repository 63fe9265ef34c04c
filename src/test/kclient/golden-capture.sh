# Guest workload for the golden RPC captures (protocol/src/test/resources/golden/).
# Not a test: it drives the Linux NFS client through one instance of each common
# operation so that scripts/pcap-to-golden.py can cut the resulting RPC calls out of a
# tcpdump capture. Run with scripts/kclient/run.sh PORT golden-capture.sh vers=4.x
# while tcpdump records the server port on lo. Every step is separated by sync so the
# client cannot merge them into fewer COMPOUNDs than a user would see.
set -u
cd "${NFS_MNT:-/mnt}" || exit 1
D=g-$(hostname)
step() { echo "GOLDEN step $*"; sync; }

step ls;        ls -la . >/dev/null
step mkdir;     mkdir "$D"; cd "$D" || exit 1
step create;    echo hello > f1
step stat;      stat f1 >/dev/null
step read;      echo 3 > /proc/sys/vm/drop_caches; cat f1 >/dev/null
# two separate dirty ranges: the client sends them as UNSTABLE WRITEs and COMMITs on fsync
# (a single small flush goes out as one FILE_SYNC WRITE, as "create" shows)
step unstable;  dd if=/dev/zero of=big bs=4k count=1 conv=notrunc 2>/dev/null
                dd if=/dev/zero of=big bs=4k count=1 seek=8 conv=notrunc,fsync 2>/dev/null
step rename;    mv f1 f2
step symlink;   ln -s f2 sl
step readlink;  echo 3 > /proc/sys/vm/drop_caches; readlink sl >/dev/null
step hardlink;  ln f2 hl; stat -c %h f2 >/dev/null
step chmod;     chmod 600 f2
step chown;     chown 1000:1000 f2
step touch;     touch -d '2001-02-03 04:05:06' f2
step truncate;  truncate -s 3 f2
step getlk;     echo x > lk; kc-helper getlk lk >/dev/null
step fcntl;     kc-helper try fcntl lk >/dev/null
step flock;     flock lk true
# enough names that READDIR needs more than one round trip (continuation cookies)
step readdir;   mkdir many; i=0; while [ $i -lt 1000 ]; do : > many/entry-with-a-longer-name-$i; i=$((i+1)); done
                echo 3 > /proc/sys/vm/drop_caches; ls many | wc -l
step v42;       kc-helper v42 v42f >/dev/null 2>&1; rm -f v42f
step remove;    rm -f f2 hl sl big lk; rm -rf many
step rmdir;     cd ..; rmdir "$D"
step done
