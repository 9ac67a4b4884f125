#!/usr/bin/env bash
# One command for every benchmark: benchmarks/run.sh [BENCHMARK...]
# BENCHMARK among pages search import_csv pdf_extraction partner_api doublons oai alerts misspellings search_stats
# (default: all; misspellings: the share of misspellings "vouliez-vous dire" corrects, on each engine;
# search_stats: the search page with and without the search statistics' recording).
# Throwaway SQLite database and embedded engine. For the search benchmark, real OpenSearch and
# Elasticsearch nodes and a PostgreSQL server started here (as the test suite does) unless
# OPENSEARCH_URL / ELASTICSEARCH_URL / BENCH_POSTGRES_URL are already set (BENCH_POSTGRES_URL: a
# database the run may fill, for Wagtail's database search backend). Prints Markdown tables for
# BENCHMARKS.md.
# BENCH_NOTICES=10000 benchmarks/run.sh for a quicker, smaller run. BENCH_WAGTAIL_SQLITE=1 adds
# Wagtail's database search on SQLite FTS5 (off by default: at 100,000 notices its relevance
# ordering takes over a minute for a query matching 4,500 of them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
all=(pages search import_csv pdf_extraction partner_api doublons oai alerts misspellings search_stats load)  # load: the production stack under locust; doublons: duplicate detection; alerts: send_alerts; search_stats: cost of the search statistics
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${all[@]}")
for name in "${selected[@]}"; do
    [[ " ${all[*]} " == *" $name "* ]] || { echo "unknown benchmark: $name (one of: ${all[*]})" >&2; exit 2; }
done
wants() { [[ " ${selected[*]} " == *" $1 "* ]]; }

scripts/venv.sh requirements-test.txt
work="$(mktemp -d /tmp/crpv-bench.XXXXXX)"
chmod 711 "$work"  # the Elasticsearch and PostgreSQL nodes run as their own users
cleanup() {
    [ -n "${started_opensearch:-}" ] && scripts/services/opensearch.sh stop "$work" >/dev/null 2>&1
    [ -n "${started_elasticsearch:-}" ] && scripts/services/elasticsearch.sh stop "$work" >/dev/null 2>&1
    [ -n "${started_postgres:-}" ] && scripts/services/postgres.sh stop "$work" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=crpv_site.settings.dev CRPV_VAR_DIR="$work"
python=.venv/bin/python
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"

if wants search || wants misspellings; then
    if [ -z "${OPENSEARCH_URL:-}" ]; then
        scripts/services/opensearch.sh start "$work" >/dev/null
        started_opensearch=1
        OPENSEARCH_URL="$(cut -d= -f2- "$work/opensearch.env")"
    fi
    if [ -z "${ELASTICSEARCH_URL:-}" ]; then
        scripts/services/elasticsearch.sh start "$work" >/dev/null
        started_elasticsearch=1
        ELASTICSEARCH_URL="$(cut -d= -f2- "$work/elasticsearch.env")"
    fi
    if [ -z "${BENCH_POSTGRES_URL:-}" ]; then
        scripts/services/postgres.sh start "$work" >/dev/null
        started_postgres=1
        BENCH_POSTGRES_URL="$(cut -d= -f2- "$work/postgres.env")"
    fi
fi
export BENCH_OPENSEARCH_URL="${OPENSEARCH_URL:-}" BENCH_ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-}"
unset OPENSEARCH_URL ELASTICSEARCH_URL  # the site itself stays on the embedded defaults

if [ "${selected[*]}" != search ]; then  # the site's database with the demo content (search alone needs none)
    $python manage.py migrate --noinput -v0
    $python manage.py load_demo >/dev/null
fi
if wants pages; then $python -m benchmarks.pages; fi
if wants search; then
    # One table for every engine: each process appends its rows to $results; the last prints them.
    # Wagtail's database search runs under benchmarks/settings.py on its own database.
    results="$work/search-results.jsonl"
    $python -m benchmarks.search --engines embedded,opensearch,elasticsearch --results "$results" --no-table
    wagtail_on() {  # wagtail_on DATABASE_URL [--no-table]
        DJANGO_SETTINGS_MODULE=benchmarks.settings DATABASE_URL="$1" $python manage.py migrate --noinput -v0
        DJANGO_SETTINGS_MODULE=benchmarks.settings DATABASE_URL="$1" \
            $python -m benchmarks.search --engines wagtail --results "$results" "${@:2}"
    }
    if [ "${BENCH_WAGTAIL_SQLITE:-0}" != 0 ]; then wagtail_on "sqlite:///$work/wagtail-peer.sqlite3" --no-table; fi
    wagtail_on "$BENCH_POSTGRES_URL"
    echo "Load average after the search benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
if wants load; then  # the production stack (benchmarks/production_stack.sh) started in $work/stack, then locust
    trap 'benchmarks/production_stack.sh stop "$work/stack" >/dev/null 2>&1; cleanup' EXIT
    benchmarks/production_stack.sh start "$work/stack" && $python -m benchmarks.load "$work/stack"
fi
for extra in import_csv pdf_extraction partner_api doublons oai alerts misspellings search_stats; do
    if wants "$extra" && [ -f "benchmarks/$extra.py" ]; then $python -m "benchmarks.$extra"; fi
done
