#!/usr/bin/env bash
# The run command: set up and serve the site on the embedded defaults (SQLite, embedded search
# engine, local files) with demo content, at http://127.0.0.1:8000. Safe to run again.
# E-mails go to a local Mailpit (web inbox printed below) when it can be built (Go present) or is
# already built; otherwise, or with CRPV_MAILPIT=0, they are printed on the console.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${PORT:-8000}"

scripts/venv.sh requirements.txt
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-crpv_site.settings.dev}"
# Links in e-mails point at the port actually served.
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://127.0.0.1:$port}"

# Mailpit: started here, stopped when the server stops; its messages are kept in var/services/.
mail_state="${CRPV_VAR_DIR:-$root/var}/services"
mail_line="  E-mails :        affichés dans ce terminal"
stop_mailpit() { scripts/services/mailpit.sh stop "$mail_state" >/dev/null 2>&1 || true; }
if [ -n "${EMAIL_HOST:-}${EMAIL_BACKEND:-}" ]; then
    mail_line="  E-mails :        ${EMAIL_BACKEND:-SMTP} ${EMAIL_HOST:-}:${EMAIL_PORT:-} (variables d'environnement)"
elif [ "${CRPV_MAILPIT:-1}" = 0 ]; then
    mail_line="  E-mails :        affichés dans ce terminal (CRPV_MAILPIT=0)"
else
    echo "Démarrage de Mailpit (la première fois, go install le compile : environ une minute)…"
    mkdir -p "$mail_state"
    if scripts/services/mailpit.sh start "$mail_state" >"$mail_state/mailpit.start.log" 2>&1; then
        set -a; . "$mail_state/mailpit.env"; set +a
        trap stop_mailpit EXIT
        trap 'exit 130' INT TERM
        mail_line="  E-mails reçus :  $MAILPIT_URL/  (Mailpit, SMTP 127.0.0.1:$EMAIL_PORT)"
    else
        echo "Mailpit n'a pas démarré ($(tail -n 1 "$mail_state/mailpit.start.log")) : e-mails affichés dans ce terminal." >&2
        mail_line="  E-mails :        affichés dans ce terminal (Mailpit n'a pas démarré : $mail_state/mailpit.start.log)"
    fi
fi
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo

cat <<MSG

  Site :           http://127.0.0.1:$port/
  Administration : http://127.0.0.1:$port/admin/  (identifiant admin, mot de passe changeme)
  État du service: http://127.0.0.1:$port/sante/
$mail_line

MSG
# Not exec'd: on exit (Ctrl-C, or a TERM to the process group) the trap stops Mailpit.
.venv/bin/python manage.py runserver "127.0.0.1:$port"
