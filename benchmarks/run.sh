#!/usr/bin/env bash
# One command for every benchmark: scripts/../benchmarks/run.sh [pytest-style names of suites]
# Runs on a throwaway SQLite database (embedded defaults) and prints Markdown tables for BENCHMARKS.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/venv.sh requirements.txt
work="$(mktemp -d /tmp/crpv-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DJANGO_SETTINGS_MODULE=crpv_site.settings.dev CRPV_VAR_DIR="$work" DEBUG_TOOLBAR=0
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo >/dev/null
.venv/bin/python -m benchmarks.pages
