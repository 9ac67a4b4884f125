# Helpers shared by the service scripts (sourced, not run). Each script sets NAME first.
# shellcheck shell=bash

log() { echo "[$NAME] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  echo "usage: $0 install | start STATE_DIR | stop STATE_DIR" >&2
  exit 2
}

free_ports() { # free_ports N -> N distinct free 127.0.0.1 ports, one per line
  python3 - "${1:-1}" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
PY
}

free_port() { free_ports 1; }

# 0 when a process listens on PORT. SO_REUSEADDR, as servers set it, so that connections
# left in TIME_WAIT by clients of a stopped server do not count as "in use".
port_in_use() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

http_ok() { curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null; }

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}

# apt_install PACKAGE... : Debian packages, waiting for the dpkg lock (services start in parallel).
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
  as_root apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@"
}

# mvn_locked M2_REPO ARGS... : Maven on a local repository shared by several service scripts
# (started in parallel by test.sh); two downloads writing one repository at once can corrupt it.
mvn_locked() {
  local repo="$1"
  shift
  mkdir -p "$repo"
  flock "$repo.lock" mvn "$@"
}

# source_checksum DIR: checksum of what defines a Maven build (pom.xml and src/ of DIR).
source_checksum() {
  (
    cd "$1"
    find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  ) | sha256sum | cut -c1-16
}

# kept_port: the port of this service, chosen free on the first start and kept in SVC_DIR/port
# so that a restart comes back on the same address.
kept_port() {
  if [[ ! -s "$SVC_DIR/port" ]]; then
    free_port >"$SVC_DIR/port"
  fi
  cat "$SVC_DIR/port"
}

# write_env_file LINE... : ENV_FILE, written atomically (readers never see half a file).
write_env_file() {
  local tmp
  tmp="$(mktemp "$ENV_FILE.XXXXXX")"
  printf '%s\n' "$@" >"$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

# already_running VARIABLE URL: 0 when our node (found by the script's `running_pid`) answers at
# URL, after writing VARIABLE=URL to the env file again; a node alive but not answering (still
# starting, or wedged) is stopped first. 1 when the caller must start one; its port must be free.
already_running() {
  local variable="$1" url="$2"
  if running_pid >/dev/null && node_ready "$url"; then
    log "already running on ${url#http://}"
    write_env_file "$variable=$url"
    return 0
  fi
  if running_pid >/dev/null; then
    do_stop "$STATE_DIR"
  fi
  port_in_use "${url##*:}" && die "port ${url##*:} (kept in $SVC_DIR/port) is used by another process"
  return 1
}

# wait_ready LABEL URL: wait until `node_ready URL` (defined by the script) succeeds; on death
# of the process in PID_FILE or after START_TIMEOUT seconds, show the log, stop, and fail.
wait_ready() {
  local label="$1" url="$2" deadline=$((SECONDS + START_TIMEOUT)) pid
  until node_ready "$url"; do
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 60 "$LOG_FILE" >&2 || true
      die "$label exited during startup (log: $LOG_FILE)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 60 "$LOG_FILE" >&2 || true
      do_stop "$STATE_DIR" || true
      die "$label not ready after ${START_TIMEOUT}s (log: $LOG_FILE)"
    fi
    sleep 0.5
  done
}

# stop_group PID: SIGTERM, then wait up to 30 s for the process and its group (children
# included) to end, SIGKILL after that.
stop_group() {
  local pid="$1" deadline=$((SECONDS + 30))
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "still alive after 30s, sending SIGKILL to process group $pid"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
  log "stopped"
}

# stop_node: stop the service whose pid `running_pid` (defined by the script) finds, then wait
# until its kept port is free; "not running" is no error.
stop_node() {
  local pid port=""
  [[ -s "$SVC_DIR/port" ]] && port="$(cat "$SVC_DIR/port")"
  if pid="$(running_pid)"; then
    # The node's JVMs share the process group setsid gave it: stop_group waits for all of them.
    stop_group "$pid"
  else
    rm -f "$PID_FILE"
    log "not running"
  fi
  wait_port_free "$port"
}

# wait_port_free PORT: return once nothing listens on PORT (15 s at most).
wait_port_free() {
  local deadline=$((SECONDS + 15))
  [[ -n "$1" ]] || return 0
  while port_in_use "$1"; do
    ((SECONDS < deadline)) || die "port $1 still in use after stop"
    sleep 0.2
  done
}

# maven_build TMP DOWNLOAD ARGS... : mvn ARGS on M2_REPO, offline first (a warm cache needs no
# network), else from Maven Central (DOWNLOAD says how much, the first time). On failure: the
# log's end, TMP removed, status 1.
# go_build MODULE VERSION BIN: build a Go program once into BIN (its folder is per version), with a
# Go toolchain, module and build cache of our own under GO_ROOT_DIR; concurrent installs wait for
# each other (test.sh and run.sh may build at the same time).
go_build() {
  local module="$1" version="$2" bin="$3"
  [[ -x "$bin" ]] && return 0
  command -v go >/dev/null 2>&1 || die "go is not installed (needed to build $module from source)"
  local bin_dir tmp_bin start_ts=$SECONDS
  bin_dir="$(dirname "$bin")"
  mkdir -p "$GO_ROOT_DIR" "$bin_dir"
  exec 9>"$bin_dir/../.install.lock"
  flock 9
  if [[ -x "$bin" ]]; then
    exec 9>&-
    return 0
  fi
  tmp_bin="$(mktemp -d "$bin_dir/.build.XXXXXX")"
  log "building $module@$version (first time only)"
  (
    export GOPATH="$GO_ROOT_DIR/path"
    export GOMODCACHE="$GO_ROOT_DIR/path/pkg/mod"
    export GOCACHE="$GO_ROOT_DIR/build-cache"
    export GOBIN="$tmp_bin"
    export GOTOOLCHAIN=local
    export GOFLAGS="-buildvcs=false -modcacherw"
    export CGO_ENABLED=0
    cd "$tmp_bin"
    go install "$module@$version"
  ) || { rm -rf "$tmp_bin"; die "go install $module@$version failed"; }
  mv -f "$tmp_bin/$(basename "$bin")" "$bin"
  rm -rf "$tmp_bin"
  exec 9>&-
  log "built $bin in $((SECONDS - start_ts))s"
}

# pid_serving PID_FILE DATA_DIR: prints the pid of PID_FILE when that process is alive and serves
# DATA_DIR (guards against pid reuse).
pid_serving() {
  [[ -f "$1" ]] || return 1
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
  echo "$pid"
}

maven_build() {
  local tmp="$1" download="$2"
  shift 2
  mvn_locked "$M2_REPO" -o "$@" >"$tmp/mvn-offline.log" 2>&1 && return 0
  log "offline build not possible, resolving from Maven Central (first time: $download)"
  mvn_locked "$M2_REPO" "$@" >"$tmp/mvn.log" 2>&1 && return 0
  tail -n 40 "$tmp/mvn.log" >&2 || true
  rm -rf "$tmp"
  return 1
}

# state_paths STATE_DIR: where this service keeps its port, data, pid, log and env file.
# shellcheck disable=SC2034  # the variables are read by the script that sourced this file
state_paths() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  mkdir -p "$1"
  STATE_DIR="$(cd "$1" && pwd)"
  SVC_DIR="$STATE_DIR/$NAME"
  DATA_DIR="$SVC_DIR/data"
  PID_FILE="$SVC_DIR/pid"
  LOG_FILE="$SVC_DIR/${LOG_NAME:-$NAME.log}"
  ENV_FILE="$STATE_DIR/$NAME.env"
  mkdir -p "$SVC_DIR"
}

# dispatch "$@": the command line every service script shares.
dispatch() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install) do_install ;;
    start) do_start "$@" ;;
    stop) do_stop "$@" ;;
    *) usage ;;
  esac
}
