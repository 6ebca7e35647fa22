#!/usr/bin/env bash
# Builds the tiny operating system the end-to-end boots use, from Debian packages:
#   OUT/vmlinuz     Debian's kernel (only the file, from the linux-image .deb)
#   OUT/initrd.img  busybox-static initramfs: loads the virtio-net modules, DHCP, fetches its Ignition and prints
#                   it to the serial console between BOOT-E2E markers, then powers off
#   OUT/uki.efi     a UKI of the two with CMDLINE, made with the systemd EFI stub and objcopy
# The Ignition URL comes from ignition.config.url= on the kernel command line (iPXE boots), or, when booted as a
# UKI, from ignition.base= plus the SMBIOS UUID (/sys/class/dmi/id/product_uuid).
#
#   build-os-image.sh OUT "console=ttyS0 ignition.base=http://10.0.2.2:8082"
# Missing Debian packages are installed with apt-get (root). The kernel .deb is kept in OUT/cache.
set -euo pipefail
out=$1
cmdline=$2
mkdir -p "$out/cache"
need=()
[ -x /bin/busybox ] || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v objcopy >/dev/null || need+=(binutils)
[ -f /usr/lib/systemd/boot/efi/linuxx64.efi.stub ] || need+=(systemd-boot-efi)
if [ ${#need[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2; }
fi

# The kernel: the package linux-image-amd64 points at, downloaded once.
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
[ -n "$kpkg" ] || { echo "cannot find the kernel package linux-image-amd64 depends on" >&2; exit 1; }
deb=$(ls "$out/cache/${kpkg}"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
  (cd "$out/cache" && apt-get download "$kpkg" >&2) \
    || (apt-get update -q >&2 && cd "$out/cache" && apt-get download "$kpkg" >&2)
  deb=$(ls "$out/cache/${kpkg}"_*.deb | head -1)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './boot/vmlinuz-*' \
  './lib/modules/*/kernel/drivers/virtio/virtio.ko' './lib/modules/*/kernel/drivers/virtio/virtio_ring.ko' \
  './lib/modules/*/kernel/drivers/virtio/virtio_pci*.ko' './lib/modules/*/kernel/net/core/failover.ko' \
  './lib/modules/*/kernel/drivers/net/net_failover.ko' './lib/modules/*/kernel/drivers/net/virtio_net.ko'
cp "$work"/boot/vmlinuz-* "$out/vmlinuz"

# The initramfs.
root="$work/root"
mkdir -p "$root"/{bin,dev,proc,sys,lib/modules,etc,tmp}
cp /bin/busybox "$root/bin/busybox"
find "$work/lib/modules" -name '*.ko' -exec cp {} "$root/lib/modules/" \;
mknod -m 600 "$root/dev/console" c 5 1
mknod -m 666 "$root/dev/null" c 1 3
cat > "$root/bin/udhcpc.script" <<'SCRIPT'
#!/bin/busybox sh
case "$1" in
  bound|renew)
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
    ;;
esac
SCRIPT
cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
echo "BOOT-E2E-INIT up"
for m in virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net; do
  [ -f /lib/modules/$m.ko ] && insmod /lib/modules/$m.ko 2>/dev/null
done
ip link set lo up
ip link set eth0 up
udhcpc -i eth0 -s /bin/udhcpc.script -q -n -t 10 -T 2 >/dev/null 2>&1 || echo "BOOT-E2E-DHCP failed"
url=$(sed -n 's/.*ignition\.config\.url=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -z "$url" ]; then
  base=$(sed -n 's/.*ignition\.base=\([^ ]*\).*/\1/p' /proc/cmdline)
  uuid=$(cat /sys/class/dmi/id/product_uuid | tr 'A-F' 'a-f')
  url="$base/ignition/$uuid"
fi
echo "BOOT-E2E-IGNITION-URL $url"
if wget -q -O /tmp/ignition.json "$url"; then
  echo "BOOT-E2E-IGNITION-BEGIN"
  cat /tmp/ignition.json
  echo
  echo "BOOT-E2E-IGNITION-END"
else
  echo "BOOT-E2E-IGNITION-FAILED"
fi
poweroff -f
INIT
chmod 755 "$root/init" "$root/bin/udhcpc.script"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1 > "$out/initrd.img")

# The UKI.
printf 'NAME="boot-e2e"\nID=boot-e2e\n' > "$work/os-release"
printf '%s' "$cmdline" > "$work/cmdline"
objcopy --add-section .osrel="$work/os-release" --change-section-vma .osrel=0x20000 \
  --add-section .cmdline="$work/cmdline" --change-section-vma .cmdline=0x30000 \
  --add-section .linux="$out/vmlinuz" --change-section-vma .linux=0x2000000 \
  --add-section .initrd="$out/initrd.img" --change-section-vma .initrd=0x3000000 \
  /usr/lib/systemd/boot/efi/linuxx64.efi.stub "$out/uki.efi"
ls -l "$out/vmlinuz" "$out/initrd.img" "$out/uki.efi" >&2
