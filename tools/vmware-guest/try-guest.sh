#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# try-guest.sh [GUEST-COMMAND...]: boots the test VM (tools/hvx-vm) and in
# it the Linux guest with open-vm-tools (make vmware-guest) under hvx
# (hvxctl run --kernel, one vCPU), types each GUEST-COMMAND into the
# guest's shell once it is up (default: the tools' basic commands, each
# followed by "G: <command> rc=N"; vmtoolsd logging at debug level to
# the console), then shows `hvxctl guestinfo` and prints the guest's
# console. A manual check; selftests/hvx_vmware_tools.sh is make check's.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
initrd=$build/vmware-guest/initramfs.cpio
[ -f "$initrd" ] || { echo "try-guest: no $initrd (make vmware-guest)" >&2; exit 1; }

# vmtoolsd's log at debug level on its stderr (the guest's console)
debug_log='printf "[logging]\nlog = true\nvmsvc.level = debug\nvmsvc.handler = std\nvmtoolsd.level = debug\nvmtoolsd.handler = std\n" >/etc/vmware-tools/tools.conf'
if [ $# -eq 0 ]; then
	set -- vmware-checkvm "vmware-checkvm -p" "vmware-toolbox-cmd -v" \
		"vmware-toolbox-cmd stat speed" \
		"vmware-toolbox-cmd stat hosttime" \
		"vmware-rpctool 'info-get guestinfo.x'" \
		"$debug_log" "timeout 20 vmtoolsd -n vmsvc"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
script=$tmp/vmware-guest-run
{
	cat <<'EOF'
#!/bin/sh
# In the test VM: types the commands into the guest's shell when it is up.
out=/tmp/guest.out
fifo=/tmp/guest.in
mkfifo $fifo
exec 3<>$fifo
hvxctl run --kernel /usr/lib/hvx/linux/Image \
	--initrd /mnt/add/initramfs.cpio --vcpus 1 --mem 192 --timeout 300 \
	--name vmw \
	--append "hvx.end=shell" <$fifo >$out 2>&1 &
pid=$!
n=0
while ! grep -q 'hvx-guest:/#' $out; do
	sleep 1
	n=$((n + 1))
	[ $n -lt 240 ] || break
done
sleep 2
say() { echo "$1" >&3; sleep "${2:-3}"; }
say 'stty -echo'
EOF
	for c in "$@"; do
		q=$(printf '%s' "$c" | sed "s/'/'\\\\''/g")
		wait=3
		case "$c" in *vmtoolsd*) wait=25 ;; esac
		printf "say '%s; echo \"G: %s rc=\$?\"' %s\n" "$q" \
			"$(printf '%s' "$q" | tr -d '"')" "$wait"
	done
	cat <<'EOF'
hvxctl guestinfo vmw
say 'poweroff -f' 5
wait $pid
echo "hvxctl exited with $?"
cat $out
EOF
} >"$script"
chmod 755 "$script"
HVX_VM_TIMEOUT=${HVX_VM_TIMEOUT:-600} "$top/tools/hvx-vm" --add "$initrd" \
	--add "$script" -- /mnt/add/vmware-guest-run
