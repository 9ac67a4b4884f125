#!/usr/bin/env bash
# MinIO (real S3 server) for the test suite, built from source with `go install`.
#
#   minio.sh install            build the pinned MinIO once into the cache (idempotent)
#   minio.sh start STATE_DIR    start on 127.0.0.1:PORT, wait until ready,
#                               create the bucket, write STATE_DIR/minio.env
#   minio.sh stop STATE_DIR     stop it (no-op when not running)
#
# The port chosen on the first start is kept in STATE_DIR/minio/port, the data
# in STATE_DIR/minio/data, so a restart comes back on the same port with the
# same objects. Log and pid live in STATE_DIR/minio/.
set -euo pipefail

NAME=minio
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# MinIO's community edition is source-only and its RELEASE.* tags are not
# semver, so pin the Go module proxy's pseudo-version: the last commit of
# github.com/minio/minio master (2026-02-12), which is newer than the last tag
# RELEASE.2025-10-15T17-29-55Z (the proxy refuses that tag name) and carries its
# fixes. Its go.mod has no replace directives, so `go install pkg@version` works.
MINIO_VERSION="v0.0.0-20260212201848-7aac2a2c5b7c"

CACHE_DIR="${CRPV_CACHE:-$HOME/.cache/crpv}"
GO_ROOT_DIR="$CACHE_DIR/go"
MINIO_BIN_DIR="$CACHE_DIR/minio/$MINIO_VERSION"
MINIO_BIN="$MINIO_BIN_DIR/minio"

# Fixed credentials for tests only.
MINIO_TEST_USER="crpv-minio"
MINIO_TEST_PASSWORD="crpv-minio-secret"
BUCKET="crpv-test"
REGION="us-east-1"



do_install() {
  go_build github.com/minio/minio "$MINIO_VERSION" "$MINIO_BIN"
}

running_pid() { pid_serving "$PID_FILE" "$DATA_DIR"; }

write_env() {
  local port="$1" tmp
  tmp="$(mktemp "$ENV_FILE.XXXXXX")"
  cat >"$tmp" <<EOF
AWS_S3_ENDPOINT_URL=http://127.0.0.1:$port
AWS_ACCESS_KEY_ID=$MINIO_TEST_USER
AWS_SECRET_ACCESS_KEY=$MINIO_TEST_PASSWORD
AWS_STORAGE_BUCKET_NAME=$BUCKET
AWS_S3_REGION_NAME=$REGION
EOF
  chmod 644 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

ensure_bucket() { # create the test bucket (signed S3 PUT); existing bucket is fine
  local port="$1" code
  code="$(curl -sS -o "$SVC_DIR/.bucket.out" -w '%{http_code}' --max-time 10 -X PUT \
    --aws-sigv4 "aws:amz:$REGION:s3" --user "$MINIO_TEST_USER:$MINIO_TEST_PASSWORD" \
    "http://127.0.0.1:$port/$BUCKET")" || die "could not reach MinIO to create bucket $BUCKET"
  case "$code" in
    200) ;;
    409) grep -q BucketAlreadyOwnedByYou "$SVC_DIR/.bucket.out" \
           || die "creating bucket $BUCKET: HTTP 409: $(cat "$SVC_DIR/.bucket.out")" ;;
    *) die "creating bucket $BUCKET: HTTP $code: $(cat "$SVC_DIR/.bucket.out")" ;;
  esac
  rm -f "$SVC_DIR/.bucket.out"
}

do_start() {
  state_paths "$@"
  do_install

  local port console_port
  if [[ -s "$SVC_DIR/port" ]]; then
    port="$(cat "$SVC_DIR/port")"
    console_port="$(cat "$SVC_DIR/console_port" 2>/dev/null || true)"
  fi
  if [[ -z "${port:-}" ]]; then
    { read -r port; read -r console_port; } < <(free_ports 2)
    echo "$port" >"$SVC_DIR/port"
    echo "$console_port" >"$SVC_DIR/console_port"
  elif [[ -z "${console_port:-}" ]]; then
    console_port="$(free_ports 1)"
    echo "$console_port" >"$SVC_DIR/console_port"
  fi

  if running_pid >/dev/null && http_ok "http://127.0.0.1:$port/minio/health/ready"; then
    log "already running on 127.0.0.1:$port"
    ensure_bucket "$port"
    write_env "$port"
    return 0
  fi

  port_in_use "$port" && die "port $port (kept in $SVC_DIR/port) is used by another process"
  if port_in_use "$console_port"; then
    console_port="$(free_ports 1)"
    echo "$console_port" >"$SVC_DIR/console_port"
  fi

  mkdir -p "$DATA_DIR"
  rm -f "$PID_FILE"
  log "starting on 127.0.0.1:$port (data $DATA_DIR, log $LOG_FILE)"
  # shellcheck disable=SC2016  # $$/$1/$@ belong to the inner shell
  # setsid: own session, so the server outlives this script and the caller's
  # process group; the inner shell records its pid and execs MinIO.
  MINIO_ROOT_USER="$MINIO_TEST_USER" \
  MINIO_ROOT_PASSWORD="$MINIO_TEST_PASSWORD" \
  MINIO_BROWSER=off \
  MINIO_UPDATE=off \
  MINIO_CALLHOME_ENABLE=off \
  MINIO_REGION="$REGION" \
  MINIO_CI_CD=1 \
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    "$MINIO_BIN" server --anonymous \
    --address "127.0.0.1:$port" --console-address "127.0.0.1:$console_port" \
    "$DATA_DIR" </dev/null >>"$LOG_FILE" 2>&1 &

  local deadline=$((SECONDS + 60))
  until http_ok "http://127.0.0.1:$port/minio/health/ready"; do
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$LOG_FILE" >&2 || true
      die "MinIO exited during startup (log: $LOG_FILE)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$LOG_FILE" >&2 || true
      die "MinIO not ready after 60s (log: $LOG_FILE)"
    fi
    sleep 0.2
  done
  ensure_bucket "$port"
  write_env "$port"
  log "ready: http://127.0.0.1:$port (env: $ENV_FILE)"
}

do_stop() {
  state_paths "$@"
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "still alive after 30s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.1
  done
  rm -f "$PID_FILE"
  log "stopped"
}

dispatch "$@"
