#!/usr/bin/env bash
# OCR of scanned PDFs (base_documentaire/ocr.py): Debian's Tesseract 5 and its French model.
# OCRmyPDF itself is a Python package pinned in requirements.txt (installed in .venv by venv.sh); it
# rasterises pages with pypdfium2 and writes plain PDF, so Ghostscript is not needed. Nothing runs
# in the background:
#
#   ocr.sh install            apt-get install tesseract-ocr tesseract-ocr-fra unless both are there
#   ocr.sh start STATE_DIR    install (start and stop do nothing else)
#   ocr.sh stop STATE_DIR     no-op
#   ocr.sh status             versions of Tesseract (and its languages) and of OCRmyPDF
set -euo pipefail

NAME=ocr
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

has_french() {
  command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx fra
}

do_install() {
  if has_french; then
    return 0
  fi
  log "Tesseract or its French model missing: apt-get install tesseract-ocr tesseract-ocr-fra"
  apt_install tesseract-ocr tesseract-ocr-fra
  has_french || die "tesseract with the fra language still missing after apt-get install"
}

do_start() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  do_install
}

do_stop() {
  [[ $# -ge 1 && -n "$1" ]] || usage
  return 0
}

do_status() {
  if command -v tesseract >/dev/null 2>&1; then
    echo "tesseract: $(tesseract --version 2>&1 | head -n 1); languages: $(tesseract --list-langs 2>/dev/null | tail -n +2 | paste -sd' ')"
  else
    echo "tesseract: not installed"
  fi
  if [[ -x "$ROOT/.venv/bin/python" ]] && "$ROOT/.venv/bin/python" -c 'import ocrmypdf' 2>/dev/null; then
    echo "ocrmypdf: $("$ROOT/.venv/bin/python" -c 'import ocrmypdf; print(ocrmypdf.__version__)')"
  else
    echo "ocrmypdf: not installed in $ROOT/.venv (scripts/venv.sh requirements.txt)"
  fi
  has_french
}

case "${1:-}" in
  status) do_status ;;
  *) dispatch "$@" ;;
esac
