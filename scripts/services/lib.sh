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
