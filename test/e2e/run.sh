#!/usr/bin/env bash
# End-to-end UI test: the packaged extension in a real VS Code UI (code-server + Debian chromium,
# driven by playwright-core), offline. See test/e2e/README.md.
#
# Environment (all optional):
#   CCW_CACHE              cache for Node 24 and code-server   (default ~/.cache/ccw-debug)
#   CCW_E2E_EXTENSION_DIR  extension folder to package with `npm run package`
#                          (default: this repository; it must produce ccw-debug.vsix)
#   CCW_E2E_VSIX           an already built .vsix to test; skips packaging
#   CCW_E2E_EXAMPLE        the .ccw file copied into the scratch workspace
#                          (default: <extension dir>/examples/read-vol1.ccw, else this repo's)
#   CCW_E2E_OUT            screenshots and logs                (default <repo>/test-results/e2e)
#   CCW_E2E_SCENARIOS      space-separated scenario files      (default test/e2e/scenario.mjs)
#   CCW_E2E_PORT           port for code-server                (default: a free one)
#   CCW_E2E_TIMEOUT        seconds allowed per scenario         (default 300)
#   CCW_E2E_KEEP=1         keep the scratch folder (HOME, user data, workspace) for inspection
#   CCW_E2E_HEADED=1       show the browser (needs a display)
#   CCW_E2E_EXTHOST=0      skip the extension-host suite (test/e2e/exthost.mjs)
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$E2E_DIR/../.." && pwd)"
# shellcheck source=test/e2e/lib.sh
source "$E2E_DIR/lib.sh"

OUT="${CCW_E2E_OUT:-$REPO/test-results/e2e}"
EXT_DIR="${CCW_E2E_EXTENSION_DIR:-$REPO}"
EXT_DIR="$(cd "$EXT_DIR" && pwd)"
SCENARIOS="${CCW_E2E_SCENARIOS:-$E2E_DIR/scenario.mjs}"
SCENARIO_TIMEOUT="${CCW_E2E_TIMEOUT:-300}"

T0=$SECONDS
phase_start=$SECONDS
phase() { # phase NAME: print the time the previous phase took, then start NAME
  local now=$SECONDS
  if [ -n "${PHASE_NAME:-}" ]; then ccw_log "e2e phase '$PHASE_NAME' took $((now - phase_start))s"; fi
  PHASE_NAME="$1"; phase_start=$now
  [ -n "$1" ] && ccw_log "e2e phase '$1'"
  return 0
}

SCRATCH=""
CS_PGID=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$CS_PGID" ] && kill -0 -- "-$CS_PGID" 2>/dev/null; then
    kill -TERM -- "-$CS_PGID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$CS_PGID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$CS_PGID" 2>/dev/null
  fi
  if [ -n "$SCRATCH" ] && [ -d "$SCRATCH" ]; then
    # a browser left behind by a killed scenario: its profile is inside this scratch folder
    local pid args
    while read -r pid args; do
      case "$args" in *"$SCRATCH/browser"*) kill -KILL "$pid" 2>/dev/null ;; esac
    done < <(ps -eo pid=,args=)
    if [ "$rc" != 0 ]; then
      # keep what explains a failure next to the screenshots
      mkdir -p "$OUT/logs"
      cp "$SCRATCH/code-server.log" "$OUT/logs/" 2>/dev/null
      [ -d "$SCRATCH/user-data/logs" ] && cp -r "$SCRATCH/user-data/logs" "$OUT/logs/vscode" 2>/dev/null
      ccw_log "logs copied to $OUT/logs"
    fi
    if [ "${CCW_E2E_KEEP:-0}" = 1 ]; then ccw_log "scratch kept: $SCRATCH"; else rm -rf "$SCRATCH"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- toolchain -------------------------------------------------------------------------------
phase "toolchain"
ccw_ensure_node
NEED_APT=()
[ -x /usr/bin/chromium ] || NEED_APT+=(chromium)
if [ "${#NEED_APT[@]}" -gt 0 ]; then ccw_apt_install "${NEED_APT[@]}"; fi
ccw_ensure_code_server
CS_ENTRY="$(ccw_code_server_entry)"
if [ ! -d "$REPO/node_modules/playwright-core" ]; then
  ccw_log "node_modules missing in $REPO: running npm ci"
  (cd "$REPO" && npm ci --no-audit --no-fund)
fi

# --- package the extension -------------------------------------------------------------------
phase "package"
if [ -n "${CCW_E2E_VSIX:-}" ] && [ -z "${CCW_E2E_EXTENSION_DIR:-}" ]; then
  VSIX="$(cd "$(dirname "$CCW_E2E_VSIX")" && pwd)/$(basename "$CCW_E2E_VSIX")"
  ccw_log "using prebuilt $VSIX"
else
  ccw_log "packaging $EXT_DIR (npm run package)"
  rm -f "$EXT_DIR/ccw-debug.vsix"
  # the repository's tools (vsce, esbuild) are on PATH for extension folders that have none
  (cd "$EXT_DIR" && PATH="$PATH:$REPO/node_modules/.bin" npm run package </dev/null)
  VSIX="${CCW_E2E_VSIX:-$EXT_DIR/ccw-debug.vsix}"
fi
[ -f "$VSIX" ] || { ccw_log "no vsix at $VSIX"; exit 1; }

EXAMPLE="${CCW_E2E_EXAMPLE:-}"
if [ -z "$EXAMPLE" ]; then
  if [ -f "$EXT_DIR/examples/read-vol1.ccw" ]; then EXAMPLE="$EXT_DIR/examples/read-vol1.ccw"; else EXAMPLE="$REPO/examples/read-vol1.ccw"; fi
fi
[ -f "$EXAMPLE" ] || { ccw_log "example $EXAMPLE not found"; exit 1; }

# --- isolated code-server --------------------------------------------------------------------
phase "code-server"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/ccw-e2e.XXXXXX")"
mkdir -p "$SCRATCH/home" "$SCRATCH/config" "$SCRATCH/data" "$SCRATCH/cache" "$SCRATCH/tmp" \
  "$SCRATCH/user-data/User" "$SCRATCH/extensions" "$SCRATCH/ws" "$SCRATCH/browser"
cp "$EXAMPLE" "$SCRATCH/ws/read-vol1.ccw"
cat >"$SCRATCH/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "window.restoreWindows": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "extensions.ignoreRecommendations": true,
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "chat.disableAIFeatures": true,
  "files.hotExit": "off",
  "editor.minimap.enabled": false,
  "debug.openDebug": "openOnSessionStart",
  "debug.toolBarLocation": "floating"
}
JSON
ISOLATED_ENV=(
  HOME="$SCRATCH/home" XDG_CONFIG_HOME="$SCRATCH/config" XDG_DATA_HOME="$SCRATCH/data"
  XDG_CACHE_HOME="$SCRATCH/cache" TMPDIR="$SCRATCH/tmp"
)
CS_ARGS=(--user-data-dir "$SCRATCH/user-data" --extensions-dir "$SCRATCH/extensions")

ccw_log "installing $(basename "$VSIX") into a fresh extensions dir"
env "${ISOLATED_ENV[@]}" node "$CS_ENTRY" "${CS_ARGS[@]}" --install-extension "$VSIX" \
  >"$SCRATCH/install-extension.log" 2>&1 || { cat "$SCRATCH/install-extension.log" >&2; exit 1; }
grep -qi 'successfully installed' "$SCRATCH/install-extension.log" || { cat "$SCRATCH/install-extension.log" >&2; exit 1; }
ccw_log "$(grep -i 'successfully installed' "$SCRATCH/install-extension.log" | tail -n 1)"

PORT="${CCW_E2E_PORT:-$(ccw_free_port)}"
# setsid: code-server leads its own process group, so the trap ends it together with every
# extension host it started (they outlive the page otherwise).
setsid env "${ISOLATED_ENV[@]}" node "$CS_ENTRY" "${CS_ARGS[@]}" \
  --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override \
  --vscode-option enable-smoke-test-driver \
  "$SCRATCH/ws" </dev/null >"$SCRATCH/code-server.log" 2>&1 &
CS_PGID=$!
for i in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$CS_PGID" 2>/dev/null; then cat "$SCRATCH/code-server.log" >&2; ccw_log "code-server exited"; exit 1; fi
  [ "$i" = 120 ] && { cat "$SCRATCH/code-server.log" >&2; ccw_log "code-server not ready after 60s"; exit 1; }
  sleep 0.5
done
ccw_log "code-server $CCW_CODE_SERVER_VERSION ready on 127.0.0.1:$PORT (pgid $CS_PGID)"

# --- scenarios -------------------------------------------------------------------------------
mkdir -p "$OUT"
rm -rf "$OUT/logs"
rm -f "$OUT"/*.png "$OUT"/*.txt "$OUT"/*.log
rc=0
for scenario in $SCENARIOS; do
  phase "scenario $(basename "$scenario")"
  rm -rf "$SCRATCH/browser" && mkdir -p "$SCRATCH/browser"
  if ! CCW_E2E_URL="http://127.0.0.1:$PORT/?folder=$SCRATCH/ws" \
    CCW_E2E_WORKSPACE="$SCRATCH/ws" CCW_E2E_FILE="read-vol1.ccw" \
    CCW_E2E_OUT="$OUT" CCW_E2E_BROWSER_PROFILE="$SCRATCH/browser" CCW_E2E_USER_DATA="$SCRATCH/user-data" \
    timeout --kill-after=10 "$SCENARIO_TIMEOUT" env "${ISOLATED_ENV[@]}" node "$scenario" </dev/null; then
    src=$?
    rc=1
    case "$src" in
      124 | 137) ccw_log "scenario $(basename "$scenario") exceeded CCW_E2E_TIMEOUT=${SCENARIO_TIMEOUT}s" ;;
    esac
  fi
done
# --- extension-host suite (test/electron/suite) in code-server's extension host -----------------
if [ "${CCW_E2E_EXTHOST:-1}" = 1 ]; then
  phase "extension-host suite"
  (cd "$EXT_DIR" && node scripts/build.mjs --tests) || rc=1
  node -e 'import("'"$REPO"'/test/electron/workspace.mjs").then((m) => m.makeWorkspace(process.argv[1], process.argv[2]))' "$SCRATCH/ws-exthost" "$EXT_DIR"
  rm -rf "$SCRATCH/browser" && mkdir -p "$SCRATCH/browser"
  if ! CCW_E2E_PORT="$PORT" CCW_E2E_EXTENSION_DIR="$EXT_DIR" CCW_E2E_EXTHOST_WORKSPACE="$SCRATCH/ws-exthost" \
    CCW_E2E_OUT="$OUT" CCW_E2E_BROWSER_PROFILE="$SCRATCH/browser" \
    timeout --kill-after=10 "$SCENARIO_TIMEOUT" env "${ISOLATED_ENV[@]}" node "$E2E_DIR/exthost.mjs" </dev/null; then
    rc=1
  fi
fi
phase ""
ccw_log "e2e total $((SECONDS - T0))s; screenshots in $OUT"
exit "$rc"
