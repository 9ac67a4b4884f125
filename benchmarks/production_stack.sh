#!/usr/bin/env bash
# The documented production stack (deploy/docker-compose.yml), started for real as plain processes on
# 127.0.0.1 with the project's service scripts: PostgreSQL, OpenSearch, MinIO, Mailpit, then the site with
# the PRODUCTION settings under gunicorn and the task worker (manage.py db_worker).
#
#   benchmarks/production_stack.sh start STATE_DIR   services, migrate, demo content, STACK_NOTICES bulk
#                                                    notices, rebuild_index, collectstatic, gunicorn, worker;
#                                                    writes STATE_DIR/stack.env (STACK_URL=http://127.0.0.1:PORT)
#   benchmarks/production_stack.sh app STATE_DIR     (re)start gunicorn and the worker only (other settings)
#   benchmarks/production_stack.sh stop STATE_DIR    stop everything start launched
#
# Environment: STACK_NOTICES (20000); gunicorn runs with deploy/gunicorn.conf.py as docker-compose does, so
# GUNICORN_WORKERS (4), GUNICORN_THREADS (1: sync workers; more: gthread), GUNICORN_MAX_REQUESTS (1000; 0: never recycled,
# for the memory check) apply, STACK_WORKERS is GUNICORN_WORKERS, STACK_GUNICORN_ARGS adds gunicorn options;
# DATABASE_CONN_MAX_AGE (60, as docker-compose),
# STACK_SETTINGS (another settings module for gunicorn and the worker), PAGE_CACHE_SECONDS (600 as production;
# 0 turns the anonymous page cache off, to compare).
# Production settings are kept as they are: SECURE_SSL_REDIRECT stays on, so clients send
# X-Forwarded-Proto: https as the TLS proxy would; ALLAUTH_TRUSTED_PROXY_COUNT=1 (one proxy in front), so
# per-address limits read X-Forwarded-For.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="$root/.venv/bin/python"
services=(postgres opensearch minio mailpit)

usage() { echo "usage: $0 start|app|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command="$1"
state="$(mkdir -p "$2" && cd "$2" && pwd)"

load_env() { set -a; . "$state/stack.env"; set +a; }

write_env() {  # the services' addresses plus the production settings, in STATE_DIR/stack.env
    local port
    port="$(NAME=stack; . scripts/services/lib.sh; free_port)"
    {
        for name in "${services[@]}"; do cat "$state/$name.env"; done
        echo "DJANGO_SETTINGS_MODULE=crpv_site.settings.production"
        echo "SECRET_KEY=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
        echo "ALLOWED_HOSTS=127.0.0.1,localhost"
        echo "ALLAUTH_TRUSTED_PROXY_COUNT=1"
        echo "TASKS_BACKEND=django_tasks_db.DatabaseBackend"
        echo "CRPV_VAR_DIR=$state/var"
        echo "STATIC_ROOT=$state/static"
        echo "WAGTAILADMIN_BASE_URL=http://127.0.0.1:$port"
        echo "LOG_LEVEL=WARNING"
        echo "STACK_PORT=$port"
        echo "STACK_URL=http://127.0.0.1:$port"
    } >"$state/stack.env"
}

seed() {  # migrate, demo content, bulk notices (benchmarks/oai.py's bulk creation), index, static files
    $python manage.py migrate --noinput -v0
    $python manage.py load_demo >/dev/null
    BENCH_OAI_NOTICES="${STACK_NOTICES:-20000}" $python -c "from benchmarks.oai import create_notices; create_notices()"
    $python manage.py rebuild_index --no-progress >/dev/null
    $python manage.py collectstatic --noinput -v0
    # The tasks the seeding queued (a second index rebuild, reference index) run now, not during the measure.
    $python manage.py db_worker --batch --no-startup-delay >"$state/seed-tasks.log" 2>&1
}

stop_pid() {  # stop_pid FILE: TERM the process it names, wait up to 20 s, then KILL
    local file="$1" pid
    [ -s "$file" ] || return 0
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

start_app() {
    stop_app
    load_env
    export DJANGO_SETTINGS_MODULE="${STACK_SETTINGS:-$DJANGO_SETTINGS_MODULE}"  # e.g. benchmarks.stack_page_cache
    # DATABASE_CONN_MAX_AGE and the worker count: docker-compose's, unless the caller's environment says otherwise.
    export DATABASE_CONN_MAX_AGE="${DATABASE_CONN_MAX_AGE:-60}"
    $python manage.py createcachetable  # the page cache's table, when the stack was seeded by an older version
    # Each (re)start measures from an empty page cache, whatever the run before left in it.
    $python manage.py shell -c "from django.core.cache import caches; caches['pages'].clear()"
    [ -z "${STACK_WORKERS:-}" ] || export GUNICORN_WORKERS="$STACK_WORKERS"
    GUNICORN_BIND="127.0.0.1:$STACK_PORT" GUNICORN_ACCESS_LOG="" "$root/.venv/bin/gunicorn" crpv_site.wsgi:application \
        -c "$root/deploy/gunicorn.conf.py" ${STACK_GUNICORN_ARGS:-} \
        --pid "$state/gunicorn.pid" --error-logfile "$state/gunicorn.log" --daemon
    nohup $python manage.py db_worker >"$state/worker.log" 2>&1 &
    echo $! >"$state/worker.pid"
    for _ in $(seq 120); do
        if curl -fsS -o /dev/null --max-time 5 "$STACK_URL/sante/"; then
            echo "STACK_URL=$STACK_URL ($DJANGO_SETTINGS_MODULE, gunicorn pid $(cat "$state/gunicorn.pid"), ${GUNICORN_WORKERS:-4} workers × ${GUNICORN_THREADS:-1} threads, max requests ${GUNICORN_MAX_REQUESTS:-1000} ${STACK_GUNICORN_ARGS:-}, DATABASE_CONN_MAX_AGE=$DATABASE_CONN_MAX_AGE, PAGE_CACHE_SECONDS=${PAGE_CACHE_SECONDS:-600})"
            return 0
        fi
        sleep 1
    done
    echo "the site did not answer /sante/ within 120 s: see $state/gunicorn.log" >&2
    curl -sS --max-time 5 "$STACK_URL/sante/" >&2 || true
    return 1
}

stop_app() {
    stop_pid "$state/worker.pid"
    stop_pid "$state/gunicorn.pid"
}

case "$command" in
    start)
        chmod 711 "$state"  # the PostgreSQL node runs as its own user
        scripts/venv.sh requirements-test.txt
        for name in "${services[@]}"; do scripts/services/$name.sh start "$state" >/dev/null; done
        write_env
        load_env
        seed
        start_app
        ;;
    app) start_app ;;
    stop)
        stop_app
        for name in "${services[@]}"; do scripts/services/$name.sh stop "$state" >/dev/null 2>&1 || true; done
        ;;
    *) usage ;;
esac
