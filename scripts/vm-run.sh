#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a throwaway QEMU VM with a busybox initramfs that carries a payload
# directory (the module, test programs, guest.sh) to /opt/zircon, run
# /opt/zircon/guest.sh, and return its exit status. The serial console
# (guest output and kernel messages) goes to the log file.
#
# Usage: vm-run.sh -k KERNEL -p PAYLOAD_DIR -l LOG [-t SECONDS] [-a CMDLINE]
#   -k  bzImage/vmlinuz to boot
#   -p  payload directory (copied to /opt/zircon; must hold guest.sh)
#   -l  console log to write (also echoed to stdout unless VM_QUIET=1)
#   -t  hard timeout for the whole VM (default $VM_TIMEOUT or 900)
#   -a  extra kernel command line
# Environment:
#   VM_ACCEL    tcg (default) or kvm
#   VM_TIMEOUT  default for -t
#   VM_MEM      guest memory (default 2G; KASAN wants plenty)
#   VM_SMP      guest CPUs (default 2)
#   VM_LOGLEVEL console loglevel (default 5: warnings and worse reach the
#               console; the whole dmesg is dumped at the end anyway)
#   VM_APPEND   more kernel command line
#   VM_QUIET=1  do not echo the console to stdout
#   VM_VERBOSE=1 echo the dmesg dump too
#   VM_KEEP=1   keep the temporary initramfs directory
# A payload whose mode file says "shell" gets an interactive shell on the
# console (stdin is the terminal, no timeout).
# Exit status: the guest script's status; 124 if the VM timed out; 125 if
# it ended without reporting a status (crash, panic); 2 on usage errors.
#
# Host side markers printed by the guest /init:
#   ZXVM-DMESG-BEGIN / ZXVM-DMESG-END   the full kernel log
#   ZXVM-EXIT-STATUS=<n>                guest.sh's exit status
set -euo pipefail

usage() {
	sed -n '/^# Usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

kernel="" payload="" log="" extra_append=""
timeout_s=${VM_TIMEOUT:-900}
while getopts "k:p:l:t:a:h" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	p) payload=$OPTARG ;;
	l) log=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	a) extra_append=$OPTARG ;;
	*) usage ;;
	esac
done
[ -n "$kernel" ] && [ -n "$payload" ] && [ -n "$log" ] || usage
[ -r "$kernel" ] || { echo "vm-run.sh: cannot read kernel $kernel" >&2; exit 2; }
[ -r "$payload/guest.sh" ] || { echo "vm-run.sh: $payload/guest.sh missing" >&2; exit 2; }

busybox=${BUSYBOX:-/bin/busybox}
if ! [ -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "vm-run.sh: need a static busybox at $busybox (apt-get install busybox-static)" >&2
	exit 2
fi
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "vm-run.sh: qemu-system-x86_64 not found (apt-get install qemu-system-x86)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/zxvm.XXXXXX")
cleanup() { [ "${VM_KEEP:-0}" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
root="$work/root"

# --- the initramfs ---
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,run,root,etc,lib/modules,opt}
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
# The kernel opens /dev/console for init before anything is mounted; the
# node can only be made as root (init redirects itself again later).
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"
echo "root:x:0:" >"$root/etc/group"
cp -a "$payload" "$root/opt/zircon"
chmod +x "$root/opt/zircon/guest.sh"

cat >"$root/init" <<'EOF'
#!/bin/sh
export PATH=/sbin:/bin:/usr/sbin:/usr/bin HOME=/root
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs -o mode=1777 tmpfs /tmp
mount -t tmpfs tmpfs /run
mkdir -p /sys/fs/cgroup /dev/shm /dev/pts
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
ln -sf /proc/self/fd /dev/fd 2>/dev/null
hostname zxvm
echo "ZXVM-GUEST-START $(cat /proc/uptime)"
/bin/sh /opt/zircon/guest.sh
status=$?
if [ "$(cat /opt/zircon/mode 2>/dev/null)" = shell ]; then
	echo "ZXVM: interactive shell; exit it to power off"
	setsid cttyhack /bin/sh -l
fi
echo "ZXVM-DMESG-BEGIN"
dmesg
echo "ZXVM-DMESG-END"
echo "ZXVM-EXIT-STATUS=$status"
sync
# -no-reboot turns the reboot into QEMU exiting; poweroff as a fallback.
reboot -f
poweroff -f
sleep 3600
EOF
chmod +x "$root/init"

(cd "$root" && find . -print0 | cpio --null -o -H newc --quiet -R 0:0) |
	gzip -1 >"$work/initramfs.cpio.gz"

# --- QEMU ---
accel=${VM_ACCEL:-tcg}
qemu=(qemu-system-x86_64 -nographic -no-reboot -nic none
	-m "${VM_MEM:-2G}" -smp "${VM_SMP:-2}"
	-kernel "$kernel" -initrd "$work/initramfs.cpio.gz")
case $accel in
kvm) qemu+=(-accel kvm -cpu host) ;;
# RDRAND (emulated from the host's getrandom()) seeds the guest's CRNG
# during boot.  Without it the CRNG became ready minutes in, mid-test, and
# patching its static key while a process sat in getrandom() could hang
# the vCPU under TCG (soft lockups in __x64_sys_getrandom, a stuck run).
tcg) qemu+=(-accel tcg -cpu qemu64,+rdrand) ;;
*) echo "vm-run.sh: VM_ACCEL must be tcg or kvm" >&2; exit 2 ;;
esac
append="console=ttyS0 panic=-1 loglevel=${VM_LOGLEVEL:-5} printk.devkmsg=on log_buf_len=8M"
append+=" no_hash_pointers random.trust_cpu=on rdinit=/init ${VM_APPEND:-} $extra_append"
qemu+=(-append "$append")

mkdir -p "$(dirname "$log")"

# One boot; its console goes to $log.
run_qemu() {
	: >"$log"
	echo "vm-run.sh: booting $(basename "$kernel") ($accel, timeout ${timeout_s}s), log: $log" >&2
	if [ "$(cat "$payload/mode" 2>/dev/null)" = shell ]; then
		# Interactive (make vm-shell): the terminal is the console.
		"${qemu[@]}" 2>&1 | tee "$log"
		qrc=${PIPESTATUS[0]}
	elif [ "${VM_QUIET:-0}" = 1 ]; then
		timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null >"$log" 2>&1
		qrc=$?
	else
		# Echo the console live, minus the firmware's screen codes and
		# the final dmesg dump (it is in the log; VM_VERBOSE=1 shows it).
		timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee "$log" |
			awk -v all="${VM_VERBOSE:-0}" '
				{ sub(/\r$/, ""); gsub(/\033(\[[0-9;?]*[A-Za-z]|c)/, "") }
				all != 1 && /^ZXVM-DMESG-BEGIN/ { skip = 1; print "(dmesg dump in the log)"; next }
				all != 1 && /^ZXVM-DMESG-END/ { skip = 0; next }
				!skip { print; fflush() }'
		qrc=${PIPESTATUS[0]}
	fi
}

start=$(date +%s)
set +e
run_qemu
# A kernel that dies before /init starts never reached the module (it is
# loaded by guest.sh, after ZXVM-GUEST-START): under TCG, Debian's 6.12
# kernel was once seen to take an int3 oops in boot-time code patching.
# Such a boot is retried once; the first console is kept as $log.boot1,
# and vm-report.py still judges the second boot alone.
if [ "$(cat "$payload/mode" 2>/dev/null)" != shell ] &&
   ! grep -qa '^ZXVM-GUEST-START' "$log"; then
	mv "$log" "$log.boot1"
	echo "vm-run.sh: the kernel did not reach /init (console kept in $log.boot1); booting once more" >&2
	run_qemu
fi
set -e
secs=$(($(date +%s) - start))

# The console uses CRLF line ends.
status=$(tr -d '\r' <"$log" | sed -n 's/^ZXVM-EXIT-STATUS=\([0-9]\{1,\}\)$/\1/p' | tail -n1)
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	echo "vm-run.sh: VM timed out after ${timeout_s}s" >&2
	echo "ZXVM-HOST: timeout after ${timeout_s}s" >>"$log"
	exit 124
fi
if [ -z "$status" ]; then
	echo "vm-run.sh: VM ended after ${secs}s without an exit status (qemu status $qrc)" >&2
	exit 125
fi
echo "vm-run.sh: VM done in ${secs}s, guest status $status" >&2
exit "$status"
