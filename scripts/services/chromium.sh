#!/usr/bin/env bash
# Chromium (Debian package) for browser tests, and axe-core (npm registry, pinned version and
# checksum) that the accessibility tests inject into pages. Nothing runs in the background:
#
#   chromium.sh install            apt-get install chromium if /usr/bin/chromium is missing;
#                                  npm pack axe-core into the cache if missing, checksum verified
#   chromium.sh start STATE_DIR    install, then write STATE_DIR/chromium.env (CHROMIUM_PATH, AXE_CORE_PATH)
#   chromium.sh stop STATE_DIR     no-op
set -euo pipefail

NAME=chromium
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CHROMIUM_PATH=/usr/bin/chromium
AXE_VERSION=4.14.1
# The npm registry's dist.integrity of axe-core@4.14.1 (sha512 of the tarball, base64).
AXE_SHA512=FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE_DIR="${CRPV_CACHE:-$HOME/.cache/crpv}/axe-core-$AXE_VERSION"
AXE_CORE_PATH="$AXE_DIR/package/axe.min.js"

do_install() {
  install_axe
  if [[ -x "$CHROMIUM_PATH" ]]; then
    return 0
  fi
  log "$CHROMIUM_PATH missing: apt-get install chromium"
  apt_install chromium fonts-liberation
  [[ -x "$CHROMIUM_PATH" ]] || die "$CHROMIUM_PATH still missing after apt-get install chromium"
}

# axe-core's tarball from the npm registry (npm pack), kept only if its sha512 is the pinned one.
install_axe() {
  if [[ -s "$AXE_CORE_PATH" ]]; then
    return 0
  fi
  command -v npm >/dev/null || die "npm is needed to fetch axe-core $AXE_VERSION (apt-get install npm)"
  local tmp tarball actual
  tmp="$(mktemp -d)"
  log "fetching axe-core $AXE_VERSION (npm pack)"
  (cd "$tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null) || { rm -rf "$tmp"; die "npm pack axe-core@$AXE_VERSION failed"; }
  tarball="$tmp/axe-core-$AXE_VERSION.tgz"
  actual="$(python3 -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")"
  if [[ "$actual" != "$AXE_SHA512" ]]; then
    rm -rf "$tmp"
    die "axe-core-$AXE_VERSION.tgz: sha512 $actual, expected $AXE_SHA512"
  fi
  mkdir -p "$tmp/out"
  tar -xzf "$tarball" -C "$tmp/out" package/axe.min.js package/LICENSE package/package.json
  rm -rf "$AXE_DIR"
  mkdir -p "$(dirname "$AXE_DIR")"
  mv "$tmp/out" "$AXE_DIR"
  rm -rf "$tmp"
  [[ -s "$AXE_CORE_PATH" ]] || die "$AXE_CORE_PATH missing after extraction"
}

do_start() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  do_install
  mkdir -p "$1"
  local env_file tmp
  env_file="$(cd "$1" && pwd)/$NAME.env"
  tmp="$(mktemp "$env_file.XXXXXX")"
  {
    echo "CHROMIUM_PATH=$CHROMIUM_PATH"
    echo "AXE_CORE_PATH=$AXE_CORE_PATH"
  } >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$env_file"
  log "ready: $CHROMIUM_PATH (env: $env_file)"
}

do_stop() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  return 0
}

dispatch "$@"
