# shellcheck shell=bash
# Shared helpers for .ci/run and test/e2e/run.sh. Source it; it defines functions only.
#
# Everything heavy is cached outside the clone, keyed by version:
#   ${CCW_CACHE:-$HOME/.cache/ccw-debug}/node-<version>/         Node from the npm registry
#   ${CCW_CACHE:-$HOME/.cache/ccw-debug}/code-server-<version>/  code-server from the npm registry

: "${CCW_CACHE:=${HOME:-/root}/.cache/ccw-debug}"
: "${CCW_NODE_VERSION:=24.21.0}"
: "${CCW_NODE_MIN_MAJOR:=24}"
: "${CCW_CODE_SERVER_VERSION:=4.139.1}"
export CCW_CACHE CCW_NODE_VERSION CCW_CODE_SERVER_VERSION

ccw_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ccw_node_pkg_dir: where the cached Node package lives (its bin/ has node, its include/ the headers).
ccw_node_pkg_dir() {
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) ccw_log "unsupported machine $(uname -m)"; return 1 ;;
  esac
  printf '%s/node-%s/node_modules/node-linux-%s\n' "$CCW_CACHE" "$CCW_NODE_VERSION" "$arch"
}

ccw_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# ccw_ensure_node: make sure `node` on PATH is >= CCW_NODE_MIN_MAJOR. When the machine's node is
# older, install node-linux-<arch>@CCW_NODE_VERSION from the npm registry into the cache (once) and
# put it first on PATH. The machine's npm (11.x) then runs under that node. Also points node-gyp
# at that node's headers (npm_config_nodedir) so nothing tries to download headers.
ccw_ensure_node() {
  local major pkg base arch_pkg tmp
  major="$(ccw_node_major)"
  if [ "$major" -ge "$CCW_NODE_MIN_MAJOR" ]; then
    ccw_log "node $(node --version) on PATH is new enough"
    if [ -z "${npm_config_nodedir:-}" ]; then
      # headers of the node we run, so native builds match it
      local nd; nd="$(dirname "$(dirname "$(command -v node)")")"
      if [ -f "$nd/include/node/node.h" ]; then export npm_config_nodedir="$nd"; fi
    fi
    return 0
  fi
  pkg="$(ccw_node_pkg_dir)"
  base="$CCW_CACHE/node-$CCW_NODE_VERSION"
  arch_pkg="$(basename "$pkg")"
  if [ ! -x "$pkg/bin/node" ] || [ "$("$pkg/bin/node" --version 2>/dev/null)" != "v$CCW_NODE_VERSION" ]; then
    ccw_log "installing Node $CCW_NODE_VERSION ($arch_pkg) into $base (machine has node $(node --version 2>/dev/null || echo none))"
    mkdir -p "$CCW_CACHE" || return 1
    tmp="$(mktemp -d "$CCW_CACHE/.node-XXXXXX")" || return 1
    if ! npm install --prefix "$tmp" --no-audit --no-fund --no-save "$arch_pkg@$CCW_NODE_VERSION" >&2 ||
      [ ! -x "$tmp/node_modules/$arch_pkg/bin/node" ]; then
      rm -rf "$tmp"
      ccw_log "could not install $arch_pkg@$CCW_NODE_VERSION from the npm registry"
      return 1
    fi
    rm -rf "$base" && mv "$tmp" "$base" || return 1
  else
    ccw_log "reusing cached Node $CCW_NODE_VERSION from $base"
  fi
  "$pkg/bin/node" --version >/dev/null || return 1
  export PATH="$pkg/bin:$PATH"
  export npm_config_nodedir="$pkg"
  hash -r
  ccw_log "node $(node --version), npm $(npm --version) ($(command -v node))"
}

# ccw_apt_install PKG...: install the Debian packages that are missing (one apt-get update first).
ccw_apt_install() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  ccw_log "apt-get install ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo -n); fi
  "${sudo[@]}" apt-get update -qq >&2 || return 1
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >&2 || return 1
}

ccw_code_server_dir() { printf '%s/code-server-%s\n' "$CCW_CACHE" "$CCW_CODE_SERVER_VERSION"; }
ccw_code_server_entry() { printf '%s/node_modules/code-server/out/node/entry.js\n' "$(ccw_code_server_dir)"; }

# ccw_ensure_code_server: install code-server@CCW_CODE_SERVER_VERSION into the cache once.
# Needs Node 24 first on PATH (its postinstall refuses others), libkrb5-dev and pkg-config for the
# kerberos native module, and npm_config_nodedir at Node 24's headers (node-gyp would download).
ccw_ensure_code_server() {
  local dir tmp
  dir="$(ccw_code_server_dir)"
  if [ -f "$dir/.ccw-complete" ] && [ -f "$(ccw_code_server_entry)" ]; then
    ccw_log "reusing cached code-server $CCW_CODE_SERVER_VERSION from $dir"
    return 0
  fi
  ccw_apt_install libkrb5-dev pkg-config || return 1
  ccw_log "installing code-server@$CCW_CODE_SERVER_VERSION into $dir (about 2 minutes)"
  mkdir -p "$CCW_CACHE" || return 1
  tmp="$(mktemp -d "$CCW_CACHE/.code-server-XXXXXX")" || return 1
  if ! npm install --prefix "$tmp" --no-audit --no-fund --no-save "code-server@$CCW_CODE_SERVER_VERSION" >"$tmp.log" 2>&1; then
    tail -n 40 "$tmp.log" >&2
    rm -rf "$tmp"
    return 1
  fi
  # code-server's postinstall builds lib/vscode's dependencies; check that it ran.
  if [ ! -d "$tmp/node_modules/code-server/lib/vscode/node_modules" ]; then
    tail -n 40 "$tmp.log" >&2
    ccw_log "code-server postinstall did not run (lib/vscode/node_modules missing)"
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$dir" "$tmp.log" && mv "$tmp" "$dir" && touch "$dir/.ccw-complete" || return 1
}

# ccw_free_port: an unused TCP port on 127.0.0.1.
ccw_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
