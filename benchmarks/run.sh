#!/usr/bin/env bash
# One command for every benchmark: benchmarks/run.sh
# Throwaway SQLite database and embedded engine, plus a real OpenSearch node started here (as the
# test suite does) unless OPENSEARCH_URL is already set. Prints Markdown tables for BENCHMARKS.md.
# BENCH_NOTICES=10000 benchmarks/run.sh for a quicker, smaller run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/venv.sh requirements-test.txt
work="$(mktemp -d /tmp/crpv-bench.XXXXXX)"
cleanup() {
    [ -n "${started_opensearch:-}" ] && scripts/services/opensearch.sh stop "$work" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${OPENSEARCH_URL:-}" ]; then
    scripts/services/opensearch.sh start "$work" >/dev/null
    started_opensearch=1
    OPENSEARCH_URL="$(cut -d= -f2- "$work/opensearch.env")"
fi
bench_opensearch_url="$OPENSEARCH_URL"
unset OPENSEARCH_URL  # the site itself stays on the embedded defaults

export DJANGO_SETTINGS_MODULE=crpv_site.settings.dev CRPV_VAR_DIR="$work"
python=.venv/bin/python
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
$python manage.py migrate --noinput -v0
$python manage.py load_demo >/dev/null
$python -m benchmarks.pages
OPENSEARCH_URL="$bench_opensearch_url" $python -m benchmarks.search
for extra in import_csv pdf_extraction partner_api doublons oai; do  # doublons: duplicate detection
    if [ -f "benchmarks/$extra.py" ]; then $python -m "benchmarks.$extra"; fi
done
