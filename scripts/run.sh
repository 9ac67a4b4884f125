#!/usr/bin/env bash
# The run command: set up and serve the site on the embedded defaults (SQLite, embedded search
# engine, local files) with demo content, at http://127.0.0.1:8000. Safe to run again.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${PORT:-8000}"

scripts/venv.sh requirements.txt
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-crpv_site.settings.dev}"
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo

cat <<MSG

  Site :           http://127.0.0.1:$port/
  Administration : http://127.0.0.1:$port/admin/  (identifiant admin, mot de passe changeme)
  État du service: http://127.0.0.1:$port/sante/

MSG
exec .venv/bin/python manage.py runserver "127.0.0.1:$port"
