#!/usr/bin/env bash
# Usage: scripts/venv.sh REQUIREMENTS_FILE
# Create .venv with Python >= 3.11 and install the pinned requirements; does nothing when they
# have not changed since the last install (a checksum is kept inside .venv).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$root/${1:?requirements file}"
venv="$root/.venv"

find_python() {
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
            command -v "$candidate"
            return
        fi
    done
    echo "Python 3.11 or newer is required." >&2
    exit 1
}

if [ ! -x "$venv/bin/python" ]; then
    "$(find_python)" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
fi

stamp="$venv/.installed-$(basename "$requirements")"
checksum="$(cat "$root"/requirements*.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$checksum" ]; then
    echo "Installing Python packages from $(basename "$requirements")…"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$checksum" > "$stamp"
fi
