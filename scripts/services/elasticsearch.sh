#!/usr/bin/env bash
# Elasticsearch (a real single-node cluster, 8.19) for the test suite: Maven Central's
# integ-test distribution of Elasticsearch plus crpv-analysis, our small analysis plugin
# (scripts/services/elasticsearch/), because that distribution has no analysis-common module.
#
#   elasticsearch.sh install            download the distribution and build the plugin into
#                                       the cache; rebuilds only when pom/sources change
#   elasticsearch.sh start STATE_DIR    start on 127.0.0.1:PORT, wait until ready,
#                                       write STATE_DIR/elasticsearch.env (ELASTICSEARCH_URL=...)
#   elasticsearch.sh stop STATE_DIR     stop it (no-op when not running); the port is free on return
#
# The port chosen on the first start is kept in STATE_DIR/elasticsearch/port, the data in
# STATE_DIR/elasticsearch/data, so a restart comes back on the same port with the same
# indices. The node's own files live next to them: home/ (the distribution, hard links into
# the cache), config/ (ES_PATH_CONF), logs/, tmp/; its console output goes to node.log.
#
# Elasticsearch refuses to run as root: run by root, this script runs the node as a system
# user (crpv-es, created when missing) owning data/, config/, logs/ and tmp/; run by anyone
# else, the node runs as that user. STATE_DIR must then be traversable by that user.
#
# Environment:
#   CRPV_CACHE                      cache root (default ~/.cache/crpv): Maven repo in m2/,
#                                   distribution + plugin in elasticsearch/dist-<checksum>/
#   CRPV_ELASTICSEARCH_JAVA_OPTS    JVM options of the node (default: -Xms512m -Xmx512m)
#   CRPV_ELASTICSEARCH_TIMEOUT      seconds to wait for the node (default 180)
#   CRPV_ELASTICSEARCH_USER         the node's user when run by root (default crpv-es)
set -euo pipefail

NAME=elasticsearch
LOG_NAME=node.log
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$SCRIPT_DIR/elasticsearch"
PLUGIN_NAME=crpv-analysis

CACHE_DIR="${CRPV_CACHE:-$HOME/.cache/crpv}"
M2_REPO="$CACHE_DIR/m2"
BUILD_ROOT="$CACHE_DIR/elasticsearch"
JAVA_OPTS_DEFAULT="-Xms512m -Xmx512m"
START_TIMEOUT="${CRPV_ELASTICSEARCH_TIMEOUT:-180}"
ES_USER="${CRPV_ELASTICSEARCH_USER:-crpv-es}"

# Ready = the cluster answers AND is at least yellow (after a restart the existing indices'
# shards are red for a moment while they recover). Not GET /: this distribution has no
# rest-root module, so "/" answers 405.
node_ready() { http_ok "$1/_cluster/health?wait_for_status=yellow&timeout=2s"; }

es_version() { # the version the pom builds against: one source of truth
  sed -n 's:.*<elasticsearch.version>\(.*\)</elasticsearch.version>.*:\1:p' "$PROJECT_DIR/pom.xml" | head -n 1
}

java_home() { # a Java 17+ home for ES_JAVA_HOME (the distribution bundles no JDK)
  local java home
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    home="$JAVA_HOME"
  else
    java="$(command -v java 2>/dev/null)" || die "java is not installed (Java 17+ needed)"
    home="$(dirname "$(dirname "$(readlink -f "$java")")")"
  fi
  local major
  major="$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = //p')"
  [[ "${major:-0}" =~ ^[0-9]+$ && "$major" -ge 17 ]] || die "Java 17+ needed, $home/bin/java is ${major:-unknown}"
  echo "$home"
}

# The node's user: a system user when we are root, else ourselves.
ensure_user() {
  [[ $EUID -eq 0 ]] || return 0
  id -u "$ES_USER" >/dev/null 2>&1 && return 0
  log "creating system user $ES_USER (Elasticsearch refuses to run as root)"
  # A concurrent install may create it between the check and useradd: check again.
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER" 2>/dev/null ||
    id -u "$ES_USER" >/dev/null 2>&1 || die "could not create user $ES_USER"
}

build_complete() { # build_complete DIR -> 0 when the assembled distribution is all there
  local dir="$1"
  [[ -f "$dir/.complete" && -x "$dir/bin/elasticsearch" &&
    -f "$dir/plugins/$PLUGIN_NAME/$PLUGIN_NAME.jar" &&
    -f "$dir/plugins/$PLUGIN_NAME/plugin-descriptor.properties" ]]
}

# Sets BUILD_DIR (distribution with the plugin installed); builds it when missing.
do_install() {
  command -v mvn >/dev/null 2>&1 || die "mvn is not installed (Maven 3.8+ needed)"
  java_home >/dev/null
  ensure_user
  local sum
  sum="$(source_checksum "$PROJECT_DIR")"
  BUILD_DIR="$BUILD_ROOT/dist-$sum"
  if build_complete "$BUILD_DIR"; then
    return 0
  fi
  command -v unzip >/dev/null 2>&1 || apt_install unzip
  mkdir -p "$BUILD_ROOT" "$M2_REPO"
  # Serialise concurrent installs.
  exec 9>"$BUILD_ROOT/.install.lock"
  flock 9
  if build_complete "$BUILD_DIR"; then
    exec 9>&-
    return 0
  fi
  local tmp version start_ts=$SECONDS
  version="$(es_version)"
  tmp="$(mktemp -d "$BUILD_ROOT/.build.XXXXXX")"
  local mvn_args=(-B -q -f "$PROJECT_DIR/pom.xml"
    "-Dmaven.repo.local=$M2_REPO" "-Dcrpv.build.dir=$tmp/target"
    compile jar:jar)
  log "building Elasticsearch $version with the $PLUGIN_NAME plugin (checksum $sum)"
  if ! maven_build "$tmp" "~130 MB" "${mvn_args[@]}"; then
    exec 9>&-
    die "maven build failed"
  fi
  # unzip keeps the archive's file modes (bin/ scripts must stay executable).
  if ! unzip -q "$tmp/target/elasticsearch-$version.zip" -d "$tmp/unpacked"; then
    rm -rf "$tmp"
    exec 9>&-
    die "could not unpack $tmp/target/elasticsearch-$version.zip"
  fi
  local dist="$tmp/unpacked/elasticsearch-$version"
  # Installing a plugin = its jar + descriptor in plugins/<name>/ (what elasticsearch-plugin
  # install does with a plugin zip); the node checks the descriptor when it starts.
  mkdir -p "$dist/plugins/$PLUGIN_NAME"
  cp "$tmp/target/$PLUGIN_NAME.jar" "$tmp/target/plugin/plugin-descriptor.properties" "$dist/plugins/$PLUGIN_NAME/"
  # Readable by the node's user once linked out of the cache (see prepare_home).
  chmod -R a+rX "$dist"
  touch "$dist/.complete"
  rm -rf "$BUILD_DIR"
  mv "$dist" "$BUILD_DIR"
  rm -rf "$tmp"
  # Drop builds of older sources (running nodes use their own links, not these paths).
  find "$BUILD_ROOT" -mindepth 1 -maxdepth 1 -type d -name 'dist-*' ! -name "dist-$sum" \
    -exec rm -rf {} + 2>/dev/null || true
  exec 9>&-
  log "built $BUILD_DIR in $((SECONDS - start_ts))s"
}

es_paths() { # the shared state paths, plus the node's own folders
  state_paths "$@"
  HOME_DIR="$SVC_DIR/home"
  CONF_DIR="$SVC_DIR/config"
  LOGS_DIR="$SVC_DIR/logs"
  TMP_DIR="$SVC_DIR/tmp"
}

# The distribution is in the cache, which may sit in a folder the node's user cannot enter
# (/root/.cache is mode 700): give the node its own tree under SVC_DIR, hard links when the
# cache is on the same filesystem (instant, no space), a copy otherwise. Files stay owned by
# whoever ran install and read-only to the node's user. Redone only for another build.
prepare_home() {
  local stamp="$HOME_DIR/.crpv-build"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$BUILD_DIR" ]] && return 0
  local tmp="$SVC_DIR/.home.tmp"
  rm -rf "$tmp" "$HOME_DIR"
  if ! cp -al "$BUILD_DIR" "$tmp" 2>/dev/null; then
    rm -rf "$tmp"
    log "copying the distribution into $HOME_DIR (the cache is on another filesystem)"
    cp -a "$BUILD_DIR" "$tmp"
  fi
  echo "$BUILD_DIR" >"$tmp/.crpv-build"
  mv "$tmp" "$HOME_DIR"
}

write_config() { # write_config HTTP_PORT TRANSPORT_PORT
  if [[ ! -d "$CONF_DIR" ]]; then
    # First start: the distribution's defaults (log4j2.properties, jvm.options, ...). The node
    # writes here too (elasticsearch.keystore), so a real copy owned by the node's user.
    cp -r "$HOME_DIR/config" "$CONF_DIR.tmp"
    mv "$CONF_DIR.tmp" "$CONF_DIR"
  fi
  local tmp
  tmp="$(mktemp "$CONF_DIR/.elasticsearch.yml.XXXXXX")"
  cat >"$tmp" <<EOF
# Written by scripts/services/elasticsearch.sh on every start.
cluster.name: crpv-test
node.name: crpv-test-node
path.data: $DATA_DIR
path.logs: $LOGS_DIR
network.host: 127.0.0.1
http.port: $1
transport.port: $2
discovery.type: single-node
# A local test node: plain HTTP, no authentication.
xpack.security.enabled: false
# Never go read-only because the test machine's disk is fuller than production's.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  chmod 644 "$tmp"
  mv -f "$tmp" "$CONF_DIR/elasticsearch.yml"
}

node_owned() { # node_owned DIR...: the node's user owns them (when we are root)
  [[ $EUID -eq 0 ]] || return 0
  chown -R "$ES_USER:$(id -gn "$ES_USER")" "$@"
}

running_pid() { # prints the pid when our node is alive
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: it must be the Elasticsearch launcher of our config folder.
  local cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *org.elasticsearch.launcher.CliToolLauncher* && "$cmdline" == *"-Des.path.conf=$CONF_DIR "* ]] || return 1
  echo "$pid"
}

do_start() {
  es_paths "$@"
  do_install

  local port
  port="$(kept_port)"
  local url="http://127.0.0.1:$port"

  already_running ELASTICSEARCH_URL "$url" && return 0
  # The transport port (node-to-node) only has to be free now: picked anew on each start.
  local transport_port
  while :; do
    transport_port="$(free_port)"
    [[ "$transport_port" != "$port" ]] && break
  done

  prepare_home
  mkdir -p "$DATA_DIR" "$LOGS_DIR" "$TMP_DIR"
  write_config "$port" "$transport_port"
  node_owned "$DATA_DIR" "$LOGS_DIR" "$TMP_DIR" "$CONF_DIR"
  local as_user=()
  if [[ $EUID -eq 0 ]]; then
    as_user=(setpriv "--reuid=$ES_USER" "--regid=$(id -g "$ES_USER")" --init-groups --)
    "${as_user[@]}" test -w "$DATA_DIR" -a -r "$HOME_DIR/bin/elasticsearch" ||
      die "user $ES_USER cannot reach $SVC_DIR (every folder above it must be traversable, e.g. chmod 755 $STATE_DIR)"
  fi

  rm -f "$PID_FILE"
  local java_home_dir
  java_home_dir="$(java_home)"
  log "starting on 127.0.0.1:$port (data $DATA_DIR, log $LOG_FILE)"
  echo "=== $(date -u +%FT%TZ) start on 127.0.0.1:$port ===" >>"$LOG_FILE"
  # ES_TMPDIR is the server's temporary folder; the launcher's own (it leaves a final-flags*
  # folder behind on each start) goes there too rather than into /tmp.
  # setsid: own session/process group, so the node outlives this script and the caller's
  # process group; the inner shell records its pid then execs (setpriv, then) the launcher,
  # which keeps that pid and runs the server JVM as its child.
  # shellcheck disable=SC2016  # $$ / $1 are expanded by the inner shell
  setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$PID_FILE" \
    env -u JAVA_HOME -u ES_HOME -u ES_JAVA_OPTS -u CLI_JAVA_OPTS \
    "ES_JAVA_HOME=$java_home_dir" \
    "ES_PATH_CONF=$CONF_DIR" \
    "ES_TMPDIR=$TMP_DIR" \
    "ES_JAVA_OPTS=${CRPV_ELASTICSEARCH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}" \
    "CLI_JAVA_OPTS=-Djava.io.tmpdir=$TMP_DIR" \
    "HOME=$TMP_DIR" \
    "${as_user[@]}" "$HOME_DIR/bin/elasticsearch" \
    </dev/null >>"$LOG_FILE" 2>&1 &

  wait_ready Elasticsearch "$url"
  write_env_file "ELASTICSEARCH_URL=$url"
  log "ready: $url (env: $ENV_FILE)"
}

do_stop() {
  es_paths "$@"
  stop_node
}

dispatch "$@"
