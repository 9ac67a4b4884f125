"""Text extraction from the documentary base's files (PDF, plain text, DOCX, ODT), safe on hostile files.

The type comes from the content, never from the file name. Parsing happens in a child process
(`base_documentaire.extraction_worker`) with a wall-clock timeout, an address-space limit, a page
limit and a cap on the returned text; whatever happens there, `extract_text` returns an
`ExtractionResult` and never raises. Limits default to `DEFAULT_LIMITS`, overridable by the
`PDF_EXTRACTION` setting (a dict with any of its keys) and then by `extract_text`'s arguments.
"""
import dataclasses
import json
import math
import os
import signal
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from base_documentaire import extraction_worker as worker


class ExtractionStatus(models.TextChoices):
    TEXT = worker.TEXT, _("Text extracted")
    NO_TEXT = worker.NO_TEXT, _("No text (scanned document)")
    ENCRYPTED = worker.ENCRYPTED, _("Password protected")
    INVALID = worker.INVALID, _("Invalid file")
    TOO_LARGE = "trop_volumineux", _("Too large")
    UNSUPPORTED = worker.UNSUPPORTED, _("Unsupported format")
    PENDING = "en_attente", _("Waiting for extraction")
    FAILED = worker.FAILED, _("Extraction failed (time or memory limit)")


@dataclass(frozen=True)
class ExtractionResult:
    status: str  # an ExtractionStatus value
    text: str  # "" unless status is TEXT
    pages: int  # page count when known, else 0
    detail: str  # short technical reason, in English, for logs


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    timeout_s: float = 60
    memory_mb: int = 1024
    max_chars: int = 5_000_000


DEFAULT_LIMITS = Limits()

PDF = "application/pdf"
HTML = "text/html"
PLAIN_TEXT = "text/plain"
XML = "application/xml"
SVG = "image/svg+xml"
UNKNOWN = "application/octet-stream"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

# Formats filetype recognises that are made of text, and must not pass for plain text.
TEXT_BASED_FORMATS = {"application/rtf", "application/postscript"}

# What the worker knows how to read, by detected type.
WORKER_KINDS = {PDF: "pdf", PLAIN_TEXT: "text", DOCX: "docx", ODT: "odt"}

HEAD_BYTES = 8192
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<meta", b"<title")
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def with_setting(defaults, setting_name):
    """`defaults` (a dataclass) updated with the dict in settings.<setting_name>, read at call time so tests can
    override it; an unknown key raises ImproperlyConfigured."""
    overrides = getattr(settings, setting_name, {}) or {}
    unknown = set(overrides) - {field.name for field in dataclasses.fields(defaults)}
    if unknown:
        raise ImproperlyConfigured(f"Unknown {setting_name} keys: {', '.join(sorted(unknown))}")
    return dataclasses.replace(defaults, **overrides)


def configured_limits():
    """DEFAULT_LIMITS updated with settings.PDF_EXTRACTION."""
    return with_setting(DEFAULT_LIMITS, "PDF_EXTRACTION")


# --- Type detection ------------------------------------------------------------------------


def detect_mime(head: bytes) -> str:
    """MIME type of a file from its first bytes (HEAD_BYTES are enough), whatever its name says."""
    # Readers accept junk before the header; the PDF specification tolerates up to 1024 bytes.
    if b"%PDF-" in head[:1024]:
        return PDF
    is_text = looks_like_text(head)
    guessed = filetype.guess_mime(head)
    # Some signatures are two or three letters ("BM" for BMP, "MZ", "ID3"): text may start with them.
    if guessed and (guessed in TEXT_BASED_FORMATS or not is_text):
        return guessed
    markup = markup_mime(head)
    if markup:
        return markup
    return PLAIN_TEXT if is_text else UNKNOWN


def markup_mime(head):
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\f").lower()
    if not start.startswith(b"<"):
        return None
    window = start[:1024]
    if any(marker in window for marker in HTML_MARKERS):
        return HTML
    if b"<svg" in window:
        return SVG
    return XML


def looks_like_text(head):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        # The head may end in the middle of a multi-byte character.
        if error.start >= len(head) - 3 and error.reason.startswith("unexpected end"):
            return True
    # Legacy 8-bit text (Windows-1252, Latin-1): accept unless it is full of control characters.
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return controls <= len(head) // 100


# --- Extraction ----------------------------------------------------------------------------


def extract_text(path, *, max_bytes=None, max_pages=None, timeout_s=None, memory_mb=None, max_chars=None):
    """Text of the file at `path`, read in a child process killed after the timeout.

    Whatever the file does, returns an ExtractionResult; only a mistyped PDF_EXTRACTION setting raises.
    """
    limits = configured_limits()
    arguments = {"max_bytes": max_bytes, "max_pages": max_pages, "timeout_s": timeout_s,
                 "memory_mb": memory_mb, "max_chars": max_chars}
    limits = dataclasses.replace(limits, **{name: value for name, value in arguments.items() if value is not None})
    try:
        return extract_checked_file(os.fspath(path), limits)
    except OSError as error:
        return ExtractionResult(ExtractionStatus.INVALID, "", 0, f"cannot read file: {error.strerror or error}")


def extract_checked_file(path, limits):
    file_stat = os.stat(path)
    if not stat.S_ISREG(file_stat.st_mode):
        return ExtractionResult(ExtractionStatus.INVALID, "", 0, "not a regular file")
    if file_stat.st_size == 0:
        return ExtractionResult(ExtractionStatus.INVALID, "", 0, "empty file")
    if file_stat.st_size > limits.max_bytes:
        return ExtractionResult(
            ExtractionStatus.TOO_LARGE, "", 0, f"{file_stat.st_size} bytes, limit {limits.max_bytes}"
        )
    with open(path, "rb") as file:
        mime = detect_mime(file.read(HEAD_BYTES))
    if mime in WORKER_KINDS:
        return run_worker(path, WORKER_KINDS[mime], limits)
    return result_without_worker(mime)


def result_without_worker(mime):
    if mime == HTML:
        return ExtractionResult(ExtractionStatus.INVALID, "", 0, "HTML content, not a document")
    if mime.startswith("image/") and mime != SVG:
        return ExtractionResult(ExtractionStatus.NO_TEXT, "", 0, f"{mime} image, no OCR")
    return ExtractionResult(ExtractionStatus.UNSUPPORTED, "", 0, f"{mime} content")


def run_worker(path, kind, limits):
    job = {
        "path": os.path.abspath(path),
        "kind": kind,
        "max_pages": limits.max_pages,
        "max_chars": limits.max_chars,
        "memory_mb": limits.memory_mb,
        "cpu_s": math.ceil(limits.timeout_s) + 1,
    }
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "base_documentaire.extraction_worker"],
            input=json.dumps(job).encode(),
            capture_output=True,
            timeout=limits.timeout_s,
            env=worker_environment(),
            cwd=PROJECT_ROOT,
        )
    except subprocess.TimeoutExpired:
        return failed(f"timeout: worker killed after {limits.timeout_s} s")
    except OSError as error:
        return failed(f"cannot start worker: {error}")
    if completed.returncode != 0:
        return failed(
            f"{exit_description(completed.returncode)} (memory limit {limits.memory_mb} MB): {last_line(completed.stderr)}"
        )
    return parse_worker_output(completed.stdout)


def worker_environment():
    """Only what Python needs: the process parsing hostile files gets no secrets from ours."""
    return {"PYTHONPATH": str(PROJECT_ROOT), "PYTHONUTF8": "1", "PYTHONDONTWRITEBYTECODE": "1", "PATH": os.defpath}


def parse_worker_output(stdout):
    try:
        payload = json.loads(stdout.decode("utf-8"))
        status = ExtractionStatus(payload["status"])
        text, pages, detail = payload["text"], payload["pages"], payload["detail"]
        if not (isinstance(text, str) and isinstance(pages, int) and isinstance(detail, str)):
            raise TypeError("unexpected field types")
    except (ValueError, KeyError, TypeError) as error:
        return failed(f"unreadable worker output: {error}")
    return ExtractionResult(status, text if status == ExtractionStatus.TEXT else "", pages, detail)


def failed(detail):
    return ExtractionResult(ExtractionStatus.FAILED, "", 0, detail)


def exit_description(returncode):
    if returncode < 0:
        try:
            return f"worker killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"worker killed by signal {-returncode}"
    return f"worker exited with status {returncode}"


def last_line(stderr, limit=200):
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:limit] if lines else "no error output"
