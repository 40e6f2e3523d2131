#!/usr/bin/env bash
# Builds a Node base image with no image registry, from this machine: its
# node binary and npm, the shared libraries `ldd` lists for node and for every
# native addon (*.node) under the folders given, a static busybox for /bin/sh
# and the basic tools, and a `node` user (uid 1000) as in the official Node
# images. Then `docker import`s it.
#
#   deploy/base-image.sh [--tag gdp-base:local] [--addons node_modules]...
#
# The result stands in for node:20-bookworm-slim as the Dockerfile's
# NODE_IMAGE (docs/deploy.md). It needs a glibc Linux host with node, npm and
# busybox-static (apt-get install busybox-static). It prints the image id;
# an image of that tag made from the same files is kept as it is.
set -euo pipefail

tag=gdp-base:local
addon_dirs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --addons) addon_dirs+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "base-image.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

node_bin=$(readlink -f "$(command -v node)")
npm_dir=$(readlink -f "$(dirname "$(readlink -f "$(command -v npm)")")/..")
busybox_bin=$(command -v busybox || true)
# A dynamically linked busybox would need its own libraries; the static one (busybox-static) needs none.
if [ -z "$busybox_bin" ] || ldd "$busybox_bin" >/dev/null 2>&1; then
  echo "base-image.sh: needs a static busybox (apt-get install busybox-static)" >&2
  exit 1
fi
[ -f "$npm_dir/bin/npm-cli.js" ] || { echo "base-image.sh: npm not found beside node (looked in $npm_dir)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Each file at the path this host has it (dereferenced), so the loader's paths in the binaries hold.
copy_in () { mkdir -p "$root$(dirname "$1")"; cp -L "$1" "$root$1"; }

copy_in "$node_bin"
[ "$node_bin" = /usr/bin/node ] || ln -s "$node_bin" "$root/usr/bin/node"
mkdir -p "$root/usr/lib/node_modules"
cp -a "$npm_dir" "$root/usr/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"

# Libraries: those node needs, and those of the native addons found (classic-level, zstd-napi, ...).
binaries=("$node_bin")
for dir in "${addon_dirs[@]}"; do
  while IFS= read -r addon; do binaries+=("$addon"); done < <(find "$dir" -name '*.node' -type f)
done
for bin in "${binaries[@]}"; do
  # An addon built for another libc (musl prebuilds) lists libraries "not found": it is never loaded here.
  ldd "$bin" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' || true
done | sort -u | while IFS= read -r lib; do copy_in "$lib"; done

# A shell and the tools the Dockerfile's RUN steps and the compose scripts use.
mkdir -p "$root/bin"
cp "$busybox_bin" "$root/bin/busybox"
"$busybox_bin" --list-full | while IFS= read -r applet; do
  [ -e "$root/$applet" ] || { mkdir -p "$root/$(dirname "$applet")"; ln -s /bin/busybox "$root/$applet"; }
done

mkdir -p "$root/etc" "$root/tmp" "$root/root" "$root/home/node"
chmod 1777 "$root/tmp"
chown 1000:1000 "$root/home/node"
printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nnode:x:1000:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"

settings=('ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' 'CMD ["node"]')
# The same files and settings make the same image: keep the one there, and with it the build cache of images on it.
fingerprint=$({ printf '%s\n' "${settings[@]}"; cd "$root" && find . -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -c1-32)
if [ "$(docker image inspect --format '{{index .Config.Labels "gdp.base.fingerprint"}}' "$tag" 2>/dev/null)" = "$fingerprint" ]; then
  docker image inspect --format '{{.Id}}' "$tag"
  exit 0
fi
changes=(--change "LABEL gdp.base.fingerprint=$fingerprint")
for setting in "${settings[@]}"; do changes+=(--change "$setting"); done
tar -C "$root" -c . | docker import "${changes[@]}" \
  --message "node $(node --version) and npm $(npm --version) from $(hostname), libraries by ldd" \
  - "$tag"
