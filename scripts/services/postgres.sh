#!/usr/bin/env bash
# PostgreSQL for the test suite: Debian's server binaries, our own throwaway
# cluster (the Debian cluster/service is never used).
#
#   postgres.sh install            apt-get install postgresql if the server binaries are missing
#   postgres.sh start STATE_DIR    initdb on first start, start on 127.0.0.1:PORT, wait until
#                                  ready, ensure role/db crpv, write STATE_DIR/postgres.env
#   postgres.sh stop STATE_DIR     pg_ctl stop -m fast (no-op when not running)
#
# The port chosen on the first start is kept in STATE_DIR/postgres/port, the
# cluster in STATE_DIR/postgres/data, so a restart comes back on the same port
# with the same data. Log, pid and unix socket live in STATE_DIR/postgres/.
# PostgreSQL refuses to run as root: when run as root the cluster belongs to,
# and runs as, the `postgres` OS user.
set -euo pipefail

NAME=postgres
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB_USER=crpv
DB_PASSWORD=crpv
DB_NAME=crpv
PG_OS_USER=postgres


find_bin_dir() { # newest /usr/lib/postgresql/<major>/bin with a server in it
  local d best=""
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k4,4n); do
    if [[ -x "$d/postgres" && -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/pg_isready" && -x "$d/psql" ]]; then
      best="$d"
    fi
  done
  [[ -n "$best" ]] || return 1
  echo "$best"
}

do_install() {
  if find_bin_dir >/dev/null; then
    return 0
  fi
  log "PostgreSQL server binaries missing: apt-get install postgresql"
  apt_install postgresql postgresql-client
  find_bin_dir >/dev/null || die "no /usr/lib/postgresql/*/bin after installing postgresql"
}

# Run a command as the OS user that owns the cluster (postgres when we are root).
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u "$PG_OS_USER" -- "$@")
  else
    "$@"
  fi
}

pg_paths() { # the shared state paths, plus where the cluster really lives
  state_paths "$@"
  # Cluster home: normally SVC_DIR itself (data/ and run/ in it). When the
  # postgres OS user cannot reach SVC_DIR (e.g. STATE_DIR under /root or under
  # pytest's 0700 /tmp/pytest-of-root) or the socket path would be too long,
  # the cluster lives in a per-STATE_DIR directory under /tmp instead and
  # SVC_DIR/data, SVC_DIR/run are symlinks to it (see place_cluster).
  if [[ -L "$SVC_DIR/data" ]]; then
    PG_HOME="$(dirname "$(readlink -f "$SVC_DIR/data")")"
  else
    PG_HOME="$SVC_DIR"
  fi
  DATA_DIR="$PG_HOME/data"
  SOCK_DIR="$PG_HOME/run"
}

pg_can_reach() { # pg_can_reach DIR: can the cluster's OS user enter DIR?
  if [[ $EUID -eq 0 ]]; then
    runuser -u "$PG_OS_USER" -- test -x "$1" 2>/dev/null
  else
    test -x "$1"
  fi
}

socket_path_ok() { # unix socket paths are limited to 107 bytes
  (( ${#1} + ${#PORT} + 12 <= 100 ))
}

place_cluster() { # decide PG_HOME before the first initdb; make dirs owned by the cluster user
  if [[ $EUID -eq 0 ]]; then
    id "$PG_OS_USER" >/dev/null 2>&1 || die "OS user $PG_OS_USER does not exist (is postgresql installed?)"
  fi
  if [[ ! -e "$SVC_DIR/data" ]]; then
    if [[ $EUID -eq 0 ]]; then
      chown "$PG_OS_USER:" "$SVC_DIR"
      # mktemp -d makes 0700 dirs: let the postgres user traverse (not list) it.
      pg_can_reach "$SVC_DIR" || chmod o+x "$STATE_DIR"
    fi
    if pg_can_reach "$SVC_DIR" && socket_path_ok "$SVC_DIR/run"; then
      PG_HOME="$SVC_DIR"
    else
      PG_HOME="/tmp/crpv-postgres-$(id -u)-$(printf '%s' "$SVC_DIR" | sha1sum | cut -c1-12)"
      log "postgres user cannot use $SVC_DIR (permissions or socket path length): cluster in $PG_HOME"
      rm -rf "$PG_HOME"
      mkdir -p "$PG_HOME/data" "$PG_HOME/run"
      ln -sfn "$PG_HOME/data" "$SVC_DIR/data"
      ln -sfn "$PG_HOME/run" "$SVC_DIR/run"
    fi
    DATA_DIR="$PG_HOME/data"
    SOCK_DIR="$PG_HOME/run"
  fi
  mkdir -p "$DATA_DIR" "$SOCK_DIR"
  chmod 700 "$DATA_DIR"
  if [[ $EUID -eq 0 ]]; then
    chown "$PG_OS_USER:" "$PG_HOME" "$DATA_DIR" "$SOCK_DIR"
  fi
  pg_can_reach "$DATA_DIR" || die "the $PG_OS_USER OS user cannot reach $DATA_DIR"
  socket_path_ok "$SOCK_DIR" || die "unix socket path too long: $SOCK_DIR"
}

write_env() {
  local port="$1" tmp
  tmp="$(mktemp "$ENV_FILE.XXXXXX")"
  echo "DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$port/$DB_NAME" >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

is_running() {
  [[ -f "$DATA_DIR/PG_VERSION" ]] || return 1
  as_pg "$BIN/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

psql_admin() { # psql as the bootstrap superuser over our unix socket
  "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK_DIR" -p "$PORT" -U postgres -d postgres "$@"
}

ensure_role_and_db() {
  psql_admin -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB"
  psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
}

clear_zombie_locks() {
  # A SIGKILLed postmaster can linger as a zombie until init reaps it (some
  # container inits reap lazily); its pid then still "exists" and the lock
  # files naming it (postmaster.pid, the socket's .lock) block a new start.
  local lock pid
  for lock in "$DATA_DIR/postmaster.pid" "$SOCK_DIR/.s.PGSQL.$PORT.lock"; do
    pid="$(head -n 1 "$lock" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ && "$(ps -o stat= -p "$pid" 2>/dev/null || true)" == Z* ]]; then
      log "removing stale $lock (pid $pid is a dead zombie)"
      rm -f "$lock"
      [[ "$lock" == *.lock ]] && rm -f "${lock%.lock}"
    fi
  done
  return 0
}

do_start() {
  pg_paths "$@"
  do_install
  BIN="$(find_bin_dir)"

  if [[ -s "$SVC_DIR/port" ]]; then
    PORT="$(cat "$SVC_DIR/port")"
  else
    PORT="$(free_port)"
    echo "$PORT" >"$SVC_DIR/port"
  fi
  place_cluster

  clear_zombie_locks

  if is_running; then
    local deadline=$((SECONDS + 30))
    until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres; do
      ((SECONDS < deadline)) || die "a postmaster runs on $DATA_DIR but does not answer on 127.0.0.1:$PORT (log: $LOG_FILE)"
      sleep 0.2
    done
    log "already running on 127.0.0.1:$PORT"
    ensure_role_and_db
    write_env "$PORT"
    return 0
  fi

  if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
    log "initdb $DATA_DIR ($("$BIN/postgres" --version))"
    as_pg "$BIN/initdb" -D "$DATA_DIR" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 --no-sync >>"$LOG_FILE" 2>&1 \
      || { tail -n 30 "$LOG_FILE" >&2; die "initdb failed (log: $LOG_FILE)"; }
    echo "include_if_exists = 'crpv.conf'" >>"$DATA_DIR/postgresql.conf"
  fi

  # Rewritten on every start so it always matches the kept port/paths.
  cat >"$DATA_DIR/crpv.conf" <<EOF
# written by scripts/services/postgres.sh
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCK_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
logging_collector = off
EOF
  if [[ $EUID -eq 0 ]]; then chown "$PG_OS_USER:" "$DATA_DIR/crpv.conf"; fi

  port_in_use "$PORT" && die "port $PORT (kept in $SVC_DIR/port) is used by another process"

  log "starting on 127.0.0.1:$PORT (data $DATA_DIR, log $LOG_FILE)"
  # No -l: the server inherits pg_ctl's stdout/stderr, i.e. our log file,
  # which this (possibly root) shell opens. setsid detaches it from our session.
  as_pg setsid "$BIN/pg_ctl" start -D "$DATA_DIR" -w -t 60 -s </dev/null >>"$LOG_FILE" 2>&1 \
    || { tail -n 30 "$LOG_FILE" >&2; die "pg_ctl start failed (log: $LOG_FILE)"; }

  local deadline=$((SECONDS + 60))
  until "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -d postgres; do
    if ((SECONDS >= deadline)); then
      tail -n 30 "$LOG_FILE" >&2 || true
      die "PostgreSQL not ready after 60s (log: $LOG_FILE)"
    fi
    sleep 0.2
  done
  head -n 1 "$DATA_DIR/postmaster.pid" >"$PID_FILE"

  ensure_role_and_db
  write_env "$PORT"
  log "ready: 127.0.0.1:$PORT (env: $ENV_FILE)"
}

do_stop() {
  pg_paths "$@"
  if ! BIN="$(find_bin_dir)"; then
    log "not installed, nothing to stop"
    return 0
  fi
  if ! is_running; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  log "stopping"
  as_pg "$BIN/pg_ctl" stop -D "$DATA_DIR" -m fast -w -t 60 -s >>"$LOG_FILE" 2>&1 \
    || as_pg "$BIN/pg_ctl" stop -D "$DATA_DIR" -m immediate -w -t 30 -s >>"$LOG_FILE" 2>&1 \
    || die "pg_ctl stop failed (log: $LOG_FILE)"
  rm -f "$PID_FILE"
  log "stopped"
}

dispatch "$@"
