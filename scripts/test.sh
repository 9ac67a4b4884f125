#!/usr/bin/env bash
# The test command: install and start what the tests need (PostgreSQL, an OpenSearch node, an
# Elasticsearch node, MinIO, Mailpit, Chromium), run the whole suite, stop everything it started, exit non-zero on any failure.
#   scripts/test.sh               whole suite on the real services
#   scripts/test.sh --quick       only the tests that need no service (SQLite, embedded engine)
# Extra arguments go to pytest (e.g. scripts/test.sh -k health).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi

scripts/venv.sh requirements-test.txt
pytest=(.venv/bin/python -m pytest)

if [ "$quick" = 1 ]; then
    exec "${pytest[@]}" -m "not services and not browser" "$@"
fi

scripts/services/ocr.sh install  # Tesseract and its French model (Debian); OCRmyPDF comes with requirements.txt

services=(postgres opensearch elasticsearch minio mailpit chromium)
state_dir="$(mktemp -d /tmp/crpv-services.XXXXXX)"
chmod 755 "$state_dir"  # the postgres OS user must reach its data folder inside

cleanup() {
    for name in "${services[@]}"; do
        scripts/services/"$name".sh stop "$state_dir" >/dev/null 2>&1 || echo "warning: could not stop $name" >&2
    done
    rm -rf "$state_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "Starting services (first run builds MinIO and Mailpit, the OpenSearch node and the Elasticsearch plugin; later runs use the cache)…"
declare -A pids
for name in "${services[@]}"; do
    scripts/services/"$name".sh start "$state_dir" >"$state_dir/$name.start.log" 2>&1 &
    pids[$name]=$!
done
for name in "${services[@]}"; do
    if ! wait "${pids[$name]}"; then
        echo "Could not start $name:" >&2
        tail -n 40 "$state_dir/$name.start.log" >&2
        exit 1
    fi
    echo "  $name: $(cat "$state_dir/$name.env" | cut -d= -f1 | paste -sd' ')"
done

set -a
for env_file in "$state_dir"/*.env; do . "$env_file"; done
set +a
export CRPV_SERVICES_DIR="$state_dir"

"${pytest[@]}" "$@"
