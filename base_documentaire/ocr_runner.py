"""Running OCRmyPDF on one untrusted PDF (or scanned image), in a child process with limits.

`image_to_pdf(source, target, config, workdir)` first makes a scanned image a PDF of its pages in a child of its
own (`ocr_image`), under the same limits, refusing more than `max_pixels` per page before decoding anything.
`run_ocr(source, target, limits)` starts `python -m ocrmypdf` (OCRmyPDF in the virtualenv, Debian's
Tesseract) in its own process group with an address-space limit, a file-size limit (no output or
temporary file grows past `max_output_bytes`), no core dumps and one Tesseract thread; the whole
group is killed after `timeout_s`. Whatever happens, it returns an `OcrRun` and never raises.
Limits default to `DEFAULT_OCR`, overridable by the `OCR` setting (a dict with any of its keys).
"""
import functools
import importlib.util
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from . import ocr_image
from .extraction import PROJECT_ROOT, with_setting


@dataclass(frozen=True)
class OcrSettings:
    enabled: bool = True
    tesseract: str = "tesseract"  # a command name looked up on PATH, or an absolute path
    language: str = "fra"
    max_pages: int = 300
    max_bytes: int = 100 * 1024 * 1024
    timeout_s: float = 1800
    memory_mb: int = 3072
    max_output_bytes: int = 300 * 1024 * 1024
    max_pixels: int = 100_000_000  # per page of a scanned image (A4 at 600 dpi: 35 million)
    image_dpi: int = 300  # resolution of a scanned image whose file declares none credible


DEFAULT_OCR = OcrSettings()

# OCRmyPDF's exit codes (ocrmypdf.ExitCode) that deserve their own message.
EXIT_ENCRYPTED = 8
EXIT_MISSING_DEPENDENCY = 3
EXIT_INPUT_FILE = 2
EXIT_INVALID_OUTPUT = 4
# What a child hitting its address-space limit says (Python, C++, the dynamic loader).
MEMORY_MARKERS = (b"MemoryError", b"std::bad_alloc", b"failed to map segment", b"Cannot allocate memory",
                  b"out of memory")


@dataclass(frozen=True)
class OcrRun:
    ok: bool
    detail: str  # French, for the admin ("" when ok)
    log: str = ""  # technical, in English, for logs
    too_large: bool = False  # refused for its size (pixels, pages), not failed


def configured():
    """DEFAULT_OCR updated with settings.OCR."""
    return with_setting(DEFAULT_OCR, "OCR")


def tesseract_path(config):
    return shutil.which(config.tesseract, path=os.environ.get("PATH", os.defpath))


def missing_component(config=None):
    """Why OCR cannot run here (French, for the admin and the system check), or "" when it can."""
    config = config or configured()
    if not config.enabled:
        return _("OCR is turned off by the OCR setting.")
    if importlib.util.find_spec("ocrmypdf") is None:
        return _("OCRmyPDF is not installed.")
    path = tesseract_path(config)
    if path is None:
        return _("Tesseract is not installed (%(command)s not found).") % {"command": config.tesseract}
    if config.language not in tesseract_languages(path):
        return _("Tesseract's language model %(language)s is not installed.") % {"language": config.language}
    return ""


@functools.lru_cache(maxsize=8)
def tesseract_languages(path):
    try:
        listed = subprocess.run([path, "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = listed.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def command(source, target, config):
    return [
        sys.executable, "-m", "ocrmypdf",
        "--language", config.language,
        "--output-type", "pdf",  # no PDF/A conversion: no Ghostscript needed
        "--rasterizer", "pypdfium",  # pypdfium2, already used for extraction
        "--skip-text",  # pages that already hold text are copied as they are
        "--invalidate-digital-signatures",  # the OCRed copy is a derivative; the original keeps its signature
        "--jobs", "1",
        "--tesseract-timeout", str(int(config.timeout_s)),
        "--quiet",
        os.fspath(source), os.fspath(target),
    ]


def child_environment(config, workdir):
    """Only what the child needs: no secrets of ours reach a process reading hostile files."""
    tesseract = tesseract_path(config) or config.tesseract
    path = os.pathsep.join([str(Path(tesseract).parent), os.path.dirname(sys.executable), os.defpath])
    environment = {"PATH": path, "PYTHONUTF8": "1", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8",
                   "OMP_THREAD_LIMIT": "1", "TMPDIR": os.fspath(workdir), "HOME": os.fspath(workdir)}
    if os.environ.get("TESSDATA_PREFIX"):
        environment["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    return environment


def limit_child(config):
    """Runs in the child before exec: memory, file size and core limits (inherited by Tesseract)."""
    def apply():
        lower(resource.RLIMIT_AS, config.memory_mb * 1024 * 1024)
        lower(resource.RLIMIT_FSIZE, config.max_output_bytes)
        lower(resource.RLIMIT_CORE, 0)
    return apply


def lower(kind, value):
    _soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def run_ocr(source, target, config, workdir, timeout_s=None):
    """OCR `source` into `target` (both paths in `workdir`)."""
    finished = run_limited(command(source, target, config), config, workdir, timeout_s or config.timeout_s)
    if isinstance(finished, OcrRun):
        return finished
    return outcome(*finished, target, config)


def image_to_pdf(source, target, config, workdir):
    """A scanned image (`source`) as a PDF of page images (`target`), in a limited child (`ocr_image`)."""
    arguments = [sys.executable, "-m", "base_documentaire.ocr_image", os.fspath(source), os.fspath(target),
                 str(config.max_pixels), str(config.max_pages), str(config.image_dpi)]
    finished = run_limited(arguments, config, workdir, config.timeout_s, cwd=PROJECT_ROOT)
    if isinstance(finished, OcrRun):
        return finished
    returncode, stderr = finished
    log = f"ocr_image exit {returncode}: {last_lines(stderr)}"
    if returncode == 0:
        return OcrRun(True, "", log)
    if returncode == ocr_image.TOO_MANY_PIXELS:
        return OcrRun(False, pixels_refusal(last_lines(stderr, count=1), config), log, too_large=True)
    if returncode == ocr_image.TOO_MANY_PAGES:
        return OcrRun(False, _("%(pages)s pages: OCR is limited to %(limit)s pages.") % {
            "pages": last_lines(stderr, count=1), "limit": config.max_pages}, log, too_large=True)
    if returncode == ocr_image.UNREADABLE:
        return OcrRun(False, _("The image could not be read."), log)
    if any(marker in stderr for marker in MEMORY_MARKERS):
        returncode = -signal.SIGKILL
    return OcrRun(False, failure_message(returncode, config), log)


def pixels_refusal(pixels, config):
    megapixels = int(pixels) // 1_000_000 if pixels.isdigit() else "?"
    return _("The image has %(megapixels)s million pixels: OCR is limited to %(limit)s million per page.") % {
        "megapixels": megapixels, "limit": config.max_pixels // 1_000_000}


def run_limited(arguments, config, workdir, timeout_s, cwd=None):
    """(return code, stderr) of a child run under the OCR's limits, or the OcrRun saying it could not run or was
    killed after `timeout_s`."""
    try:
        child = subprocess.Popen(
            arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=child_environment(config, workdir), cwd=cwd or workdir,
            start_new_session=True, preexec_fn=limit_child(config),  # noqa: PLW1509 (no threads touch it)
        )
    except OSError as error:
        return OcrRun(False, _("OCR could not start."), f"cannot start {arguments[2]}: {error}")
    try:
        _stdout, stderr = child.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        kill_group(child)
        return OcrRun(False, _("OCR took longer than the limit (%(seconds)s s).") % {"seconds": int(config.timeout_s)},
                      f"timeout after {timeout_s} s")
    return child.returncode, stderr


def kill_group(child):
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    child.communicate()


def outcome(returncode, stderr, target, config):
    log = last_lines(stderr)
    if returncode == 0:
        size = os.path.getsize(target) if os.path.exists(target) else -1
        if size <= 0:
            return OcrRun(False, _("OCR produced no file."), "no output file")
        return OcrRun(True, "", log)
    if any(marker in stderr for marker in MEMORY_MARKERS):
        returncode = -signal.SIGKILL  # the address-space limit was hit
    return OcrRun(False, failure_message(returncode, config), f"ocrmypdf exit {returncode}: {log}")


def failure_message(returncode, config):
    if returncode == EXIT_ENCRYPTED:
        return _("The PDF is password protected.")
    if returncode in (EXIT_INPUT_FILE, EXIT_INVALID_OUTPUT):
        return _("The PDF could not be read.")
    if returncode == EXIT_MISSING_DEPENDENCY:
        return _("A component of OCR is missing (Tesseract or its language model).")
    if returncode == -signal.SIGXFSZ:
        return _("OCR output exceeded the size limit.")
    if returncode < 0:
        return _("OCR stopped (memory limit %(memory)s MB).") % {"memory": config.memory_mb}
    return _("OCR failed (code %(code)s).") % {"code": returncode}


def last_lines(stderr, count=3, limit=300):
    lines = [line for line in stderr.decode("utf-8", "replace").strip().splitlines() if line.strip()]
    return " | ".join(lines[-count:])[:limit]
