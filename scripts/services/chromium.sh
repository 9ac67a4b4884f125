#!/usr/bin/env bash
# Chromium (Debian package) for browser tests. Nothing runs in the background:
#
#   chromium.sh install            apt-get install chromium if /usr/bin/chromium is missing
#   chromium.sh start STATE_DIR    install, then write STATE_DIR/chromium.env (CHROMIUM_PATH)
#   chromium.sh stop STATE_DIR     no-op
set -euo pipefail

NAME=chromium
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
CHROMIUM_PATH=/usr/bin/chromium


do_install() {
  if [[ -x "$CHROMIUM_PATH" ]]; then
    return 0
  fi
  log "$CHROMIUM_PATH missing: apt-get install chromium"
  apt_install chromium fonts-liberation
  [[ -x "$CHROMIUM_PATH" ]] || die "$CHROMIUM_PATH still missing after apt-get install chromium"
}

do_start() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  do_install
  mkdir -p "$1"
  local env_file tmp
  env_file="$(cd "$1" && pwd)/$NAME.env"
  tmp="$(mktemp "$env_file.XXXXXX")"
  echo "CHROMIUM_PATH=$CHROMIUM_PATH" >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$env_file"
  log "ready: $CHROMIUM_PATH (env: $env_file)"
}

do_stop() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  return 0
}

dispatch "$@"
