#!/usr/bin/env bash
# Builds the gdp node image on a machine that reaches no image registry and
# no npm registry (CI here): the base image from this machine's node
# (deploy/base-image.sh), and node_modules from this checkout's installed
# tree (run `npm ci` first) instead of `npm ci` in the build stage.
#
#   deploy/build-offline.sh [--tag gdp-node:local] [--base gdp-base:local]
#
# With a registry, build as usual: docker build -f deploy/Dockerfile -t gdp-node:local .
set -euo pipefail
cd "$(dirname "$0")/.."

tag=gdp-node:local
base=gdp-base:local
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "build-offline.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -d node_modules ] || { echo "build-offline.sh: no node_modules here: run npm ci first" >&2; exit 1; }

deploy/base-image.sh --tag "$base" --addons node_modules
# What the build stage needs of the installed tree: the production dependencies
# (npm ls), the compiler, the bundler and the type packages; not the test and benchmark
# tools, which are most of it. A package nested in one already packed is left
# to its parent.
packages=$({ npm ls --omit=dev --all --parseable 2>/dev/null || true; } | node -e '
  const paths = require("node:fs").readFileSync(0, "utf8").split("\n")
    .map((p) => p.slice(process.cwd().length + 1)).filter((p) => p.startsWith("node_modules/"))
  const packed = new Set(paths)
  const nestedInPacked = (p) => [...p.matchAll(/\/node_modules\//g)].some((m) => packed.has(p.slice(0, m.index)))
  process.stdout.write(paths.filter((p) => !nestedInPacked(p)).join("\n"))')
[ -n "$packages" ] || { echo "build-offline.sh: npm ls lists no production dependencies: is node_modules complete (npm ci)?" >&2; exit 1; }
tarball=deploy/cache/node_modules.tar
trap 'rm -f "$tarball"' EXIT
# shellcheck disable=SC2086 # one package path a line, none with spaces
tar -cf "$tarball" node_modules/.package-lock.json node_modules/.bin node_modules/typescript node_modules/@types node_modules/esbuild node_modules/@esbuild $packages
# The legacy builder: docker-compose v1 builds with it too, and it needs no buildx.
DOCKER_BUILDKIT=0 docker build -q --force-rm -f deploy/Dockerfile --build-arg NODE_IMAGE="$base" --build-arg NPM_DEPS=context -t "$tag" .
