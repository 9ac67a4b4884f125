#!/usr/bin/env bash
# Mailpit (SMTP server that keeps every message, with an HTTP API and a web inbox) for the test
# suite and local development, built from source with `go install`.
#
#   mailpit.sh install            build the pinned Mailpit once into the cache (idempotent)
#   mailpit.sh start STATE_DIR    start on free 127.0.0.1 ports (SMTP + HTTP), wait until its API
#                                 answers, write STATE_DIR/mailpit.env
#   mailpit.sh stop STATE_DIR     stop it (no-op when not running)
#
# The ports chosen on the first start are kept in STATE_DIR/mailpit/port (SMTP) and http_port,
# the messages in STATE_DIR/mailpit/data/mailpit.db, so a restart comes back on the same
# addresses with the same messages. Log and pid live in STATE_DIR/mailpit/.
set -euo pipefail

NAME=mailpit
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MAILPIT_VERSION="v1.33.1"

CACHE_DIR="${CRPV_CACHE:-$HOME/.cache/crpv}"
GO_ROOT_DIR="$CACHE_DIR/go"
MAILPIT_BIN_DIR="$CACHE_DIR/mailpit/$MAILPIT_VERSION"
MAILPIT_BIN="$MAILPIT_BIN_DIR/mailpit"
START_TIMEOUT=60

do_install() {
  go_build github.com/axllent/mailpit "$MAILPIT_VERSION" "$MAILPIT_BIN"
}

running_pid() { pid_serving "$PID_FILE" "$DATA_DIR"; }

# node_ready URL: the HTTP API answers and the SMTP port (kept in SVC_DIR/port) listens.
node_ready() {
  http_ok "$1/api/v1/info" && port_in_use "$(cat "$SVC_DIR/port")"
}

kept_ports() { # sets smtp_port and http_port, chosen free on the first start
  if [[ ! -s "$SVC_DIR/port" || ! -s "$SVC_DIR/http_port" ]]; then
    { read -r smtp_port; read -r http_port; } < <(free_ports 2)
    echo "$smtp_port" >"$SVC_DIR/port"
    echo "$http_port" >"$SVC_DIR/http_port"
  fi
  smtp_port="$(cat "$SVC_DIR/port")"
  http_port="$(cat "$SVC_DIR/http_port")"
}

write_env() {
  write_env_file \
    "EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend" \
    "EMAIL_HOST=127.0.0.1" \
    "EMAIL_PORT=$smtp_port" \
    "MAILPIT_URL=http://127.0.0.1:$http_port"
  chmod 644 "$ENV_FILE"
}

do_start() {
  state_paths "$@"
  do_install
  local smtp_port http_port url
  kept_ports
  url="http://127.0.0.1:$http_port"

  if running_pid >/dev/null && node_ready "$url"; then
    log "already running: SMTP 127.0.0.1:$smtp_port, inbox $url"
    write_env
    return 0
  fi
  if running_pid >/dev/null; then
    do_stop "$STATE_DIR"
  fi
  port_in_use "$smtp_port" && die "port $smtp_port (kept in $SVC_DIR/port) is used by another process"
  port_in_use "$http_port" && die "port $http_port (kept in $SVC_DIR/http_port) is used by another process"

  mkdir -p "$DATA_DIR"
  rm -f "$PID_FILE"
  log "starting: SMTP 127.0.0.1:$smtp_port, HTTP $url (data $DATA_DIR, log $LOG_FILE)"
  # shellcheck disable=SC2016  # $$/$1/$@ belong to the inner shell
  # setsid: own session, so the server outlives this script and the caller's process group.
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    "$MAILPIT_BIN" --smtp "127.0.0.1:$smtp_port" --listen "127.0.0.1:$http_port" \
    --database "$DATA_DIR/mailpit.db" --max 5000 \
    --smtp-auth-accept-any --smtp-auth-allow-insecure --disable-version-check \
    </dev/null >>"$LOG_FILE" 2>&1 &

  wait_ready Mailpit "$url"
  write_env
  log "ready: SMTP 127.0.0.1:$smtp_port, inbox $url (env: $ENV_FILE)"
}

do_stop() {
  state_paths "$@"
  local pid http_port=""
  [[ -s "$SVC_DIR/http_port" ]] && http_port="$(cat "$SVC_DIR/http_port")"
  if pid="$(running_pid)"; then
    stop_group "$pid"
  else
    rm -f "$PID_FILE"
    log "not running"
  fi
  wait_port_free "$(cat "$SVC_DIR/port" 2>/dev/null || true)"
  wait_port_free "$http_port"
}

dispatch "$@"
