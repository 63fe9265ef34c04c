#!/bin/busybox sh
# /init (PID 1) of the kernel-client guest; busybox sh. build.sh puts it in the initramfs,
# run.sh appends a second archive with /kclient/config (shell variables) and /kclient/script.sh.
#
# Console protocol, parsed by run.sh (TOKEN is unique per run, so stale or interleaved output
# can never be mistaken for this run's result):
#   @@KC TOKEN BEGIN
#   ...script output...
#   @@KC TOKEN END rc=N
#   @@KC TOKEN OPS OP=count ...        NFS per-op counters (before umount: they vanish with it)
#   @@KC TOKEN UMOUNT rc=N
#   @@KC TOKEN RESULT rc=N             always last; 200 = mount failed, 201 = guest setup failed

/bin/busybox mkdir -p /proc /sys /dev /tmp /mnt
/bin/busybox --install -s /bin
export PATH=/bin HOME=/root TERM=dumb
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/null >/dev/console 2>&1

result() {
    echo "@@KC ${KC_TOKEN:-none} RESULT rc=$1"
    sync
    poweroff -f     # -no-reboot on the qemu side turns this into a clean exit
    sleep 60
}

[ -r /kclient/config ] || { echo "kclient: /kclient/config missing"; result 201; }
. /kclient/config
hostname "$KC_HOSTNAME"

# Module parameters on the kernel command line are not seen by busybox modprobe, so the
# per-run NFSv4 client identity (all guests reach the server from 127.0.0.1) is given here.
for m in $(cat /etc/kclient-modules); do
    case $m in
        nfs) modprobe nfs nfs4_unique_id="$KC_HOSTNAME" ;;
        *) modprobe "$m" ;;
    esac || { echo "kclient: modprobe $m failed"; result 201; }
done

# qemu user networking (slirp or passt): guest 10.0.2.15, the host's loopback is 10.0.2.2
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -e /sys/class/net/eth0 ] || { echo "kclient: no eth0"; result 201; }
ip link set lo up
[ -n "${KC_MTU:-}" ] && ip link set eth0 mtu "$KC_MTU"
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2

# Debian's busybox mount has no NFS support of its own; with -t nfs4 it passes the option
# string to mount(2) unchanged and the kernel parses it, which is all we need.
mkdir -p "$KC_MNT"
n=0
until mount -t nfs4 -o "$KC_OPTS" "$KC_SERVER:$KC_PATH" "$KC_MNT"; do
    n=$((n + 1))
    if [ $n -ge 3 ]; then
        echo "kclient: NFS mount failed $n times"; dmesg | tail -15; result 200
    fi
    sleep 1
done
echo "kclient: mounted $KC_SERVER:$KC_PATH ($KC_OPTS) at uptime $(cut -d' ' -f1 /proc/uptime)s"

export NFS_MNT="$KC_MNT" NFS_OPTS="$KC_OPTS"
echo "@@KC $KC_TOKEN BEGIN"
(cd "$KC_MNT" && exec sh /kclient/script.sh)
rc=$?
echo "@@KC $KC_TOKEN END rc=$rc"

# Which NFS operations the run sent: the "per-op statistics" block of our mount; field 2 of
# each "OP: n ..." line is the request count.
ops=$(awk -v m="$KC_MNT" '$1 == "device" { mine = ($5 == m); perop = 0 }
                          mine && /per-op statistics/ { perop = 1; next }
                          mine && perop && $2 > 0 { sub(":", "", $1); printf " %s=%s", $1, $2 }' /proc/self/mountstats)
echo "@@KC $KC_TOKEN OPS$ops"
cd /
umount "$KC_MNT"
urc=$?
echo "@@KC $KC_TOKEN UMOUNT rc=$urc"
# a failed umount means state may be left on the server: report it even if the script passed
[ $rc = 0 ] && [ $urc != 0 ] && rc=202
result $rc
