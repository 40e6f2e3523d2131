#!/bin/sh
# Builds the small guest that testnet/vm/handoff.ts runs under QEMU: the host's
# Debian kernel plus a busybox initramfs whose /init counts in a shell variable
# (RAM only), prints `tick <n>` to the serial console every 0.2 s and now and
# then writes the counter to the virtio disk, so a handoff has to carry both
# RAM and disk for the count to continue.
#
#   testnet/vm/build-guest.sh [cache-dir]      (default /var/tmp/gdp-vm)
#
# Writes <cache-dir>/vmlinuz and <cache-dir>/initramfs.cpio.gz. Idempotent: does
# nothing when the cache was built by this same script for the same kernel.
# Installs the Debian packages it needs when they are missing, unless
# GDP_VM_NO_INSTALL=1 (tests must not install anything: they fail instead).
set -eu

CACHE=${1:-/var/tmp/gdp-vm}
PACKAGES="qemu-system-x86 linux-image-amd64 busybox-static"

fail () { echo "build-guest: $*" >&2; exit 1; }

# busybox-static rather than whatever /bin/busybox is: the initramfs has no libc.
is_static_busybox () {
  [ -x /bin/busybox ] && dpkg-query -W -f '${Status}' busybox-static 2>/dev/null | grep -q 'ok installed'
}
newest_kernel () { find /boot -maxdepth 1 -name 'vmlinuz-*' 2>/dev/null | sort -V | tail -n 1; }

if ! command -v qemu-system-x86_64 >/dev/null || ! is_static_busybox || [ -z "$(newest_kernel)" ]; then
  [ "${GDP_VM_NO_INSTALL:-0}" = 1 ] && fail "missing packages ($PACKAGES) and GDP_VM_NO_INSTALL=1"
  echo "build-guest: installing $PACKAGES" >&2
  apt-get update -q >&2
  # shellcheck disable=SC2086 # a list of package names, split into words on purpose
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $PACKAGES >&2
fi

KERNEL=$(newest_kernel)
[ -n "$KERNEL" ] || fail "no /boot/vmlinuz-* after installing linux-image-amd64"
KVER=${KERNEL#/boot/vmlinuz-}
MODDIR=/lib/modules/$KVER
[ -f "$MODDIR/modules.dep" ] || fail "no $MODDIR/modules.dep for kernel $KVER"

# The stamp ties the cache to this script's text and the kernel version, so an
# edited workload or an upgraded kernel rebuilds it.
STAMP="$(sha256sum "$0" | cut -d' ' -f1) $KVER"
if [ -f "$CACHE/stamp" ] && [ "$(cat "$CACHE/stamp")" = "$STAMP" ] &&
   [ -f "$CACHE/vmlinuz" ] && [ -f "$CACHE/initramfs.cpio.gz" ]; then
  exit 0
fi

mkdir -p "$CACHE"
ROOT=$(mktemp -d "$CACHE/initramfs.XXXXXX")
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/proc" "$ROOT/sys" "$ROOT/dev" "$ROOT/modules"
cp /bin/busybox "$ROOT/bin/busybox"

# Debian builds virtio, virtio_pci and virtio_blk as modules: ship them with
# their dependencies, listed in load order (dependencies first).
MODULE_ORDER="$ROOT/modules/order"
: > "$MODULE_ORDER"
add_module () { # $1: path relative to $MODDIR, as modules.dep names it
  grep -qxF "$(basename "$1" | sed 's/\.ko.*$/.ko/')" "$MODULE_ORDER" && return 0
  # shellcheck disable=SC2013 # modules.dep lists a module's dependencies as words on its one line
  for dep in $(grep "^$1:" "$MODDIR/modules.dep" | cut -d: -f2); do add_module "$dep"; done
  # After the recursion: a shell function's variables are global.
  name=$(basename "$1" | sed 's/\.ko.*$/.ko/')
  case "$1" in
    *.ko) cp "$MODDIR/$1" "$ROOT/modules/$name" ;;
    *.ko.xz) xz -dc "$MODDIR/$1" > "$ROOT/modules/$name" ;;
    *.ko.zst) zstd -dc "$MODDIR/$1" > "$ROOT/modules/$name" ;;
    *) fail "unknown module format: $1" ;;
  esac
  echo "$name" >> "$MODULE_ORDER"
}
for module in virtio_pci virtio_blk; do
  path=$(grep -E "/$module\.ko(\.xz|\.zst)?:" "$MODDIR/modules.dep" | cut -d: -f1)
  if [ -z "$path" ]; then
    # Built into this kernel: nothing to load.
    grep -qE "/$module\.ko" "$MODDIR/modules.builtin" 2>/dev/null || fail "kernel $KVER has no $module"
    continue
  fi
  add_module "$path"
done

cat > "$ROOT/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for module in $(cat /modules/order); do insmod "/modules/$module"; done
# The disk shows up asynchronously after virtio_blk loads.
waited=0
while [ ! -b /dev/vda ] && [ $waited -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
[ -b /dev/vda ] || echo "guest: no /dev/vda"
echo "guest: counting"
# The counter lives only in this shell's memory; every 10th value also goes to
# the first disk sector (fsync'd so it reaches QEMU's image, not just the guest
# page cache).
n=0
while true; do
  n=$((n + 1))
  echo "tick $n"
  if [ $((n % 10)) -eq 0 ]; then
    printf 'counter %s\n' "$n" | dd of=/dev/vda bs=512 count=1 conv=sync,fsync 2>/dev/null
  fi
  sleep 0.2
done
EOF
chmod +x "$ROOT/init"

cp "$KERNEL" "$CACHE/vmlinuz.tmp"
(cd "$ROOT" && find . | /bin/busybox cpio -o -H newc) | gzip -1 > "$CACHE/initramfs.cpio.gz.tmp"
mv "$CACHE/vmlinuz.tmp" "$CACHE/vmlinuz"
mv "$CACHE/initramfs.cpio.gz.tmp" "$CACHE/initramfs.cpio.gz"
echo "$STAMP" > "$CACHE/stamp"
echo "build-guest: built $CACHE for kernel $KVER ($(tr '\n' ' ' < "$MODULE_ORDER"))" >&2
