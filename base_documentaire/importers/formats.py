"""Which reader a file needs, and reading it: the entry of the reading layer.

Every reader (csv_format, ris_format; later UNIMARC, OAI, API payloads) produces a `ParsedFile`
of `NoticeRecord`s (records.py); validation.py checks them, writing.py writes them.
"""
from pathlib import Path

from . import csv_format, ris_format, unimarc_format
from .reading import SAMPLE_SIZE, decode, is_seekable, open_binary
from .records import ImportFileError


def detect_format(path, data=None, declared=None):
    """`csv`, `ris`, `unimarc` (ISO 2709) or `marcxml`: as declared, else from the content for
    UNIMARC, else from the extension, else from the content."""
    if declared:
        return declared
    head = (data if data is not None else _head(path))[:unimarc_format.SAMPLE_SIZE]
    marc = unimarc_format.sniff(head) if isinstance(head, bytes) else None
    if marc or unimarc_format.format_of_name(path):
        return marc or unimarc_format.format_of_name(path)
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".ris":
        return "ris"
    if suffix in (".csv", ".tsv"):
        return "csv"
    try:
        text = decode(head)  # the start is enough: the first lines tell
    except ImportFileError:
        return "csv"  # the CSV reader gives the precise message
    return "ris" if ris_format.looks_like_ris(text) else "csv"


def parse_data(data, format):
    """The ParsedFile of bytes in this format (`csv`, `ris`, `unimarc`, `marcxml`); ImportFileError if unreadable."""
    if format in (unimarc_format.ISO2709, unimarc_format.MARCXML):
        return unimarc_format.parse(data, format)
    return (ris_format if format == "ris" else csv_format).parse(data)


def parse(path, format=None, files_dir=None):
    """Read the file (a path or an open file) into a ParsedFile, its records read lazily from the
    file as a stream (never whole in memory); ImportFileError if unreadable. ``files_dir``: where
    a UNIMARC 856 link may name a file."""
    format = detect_format(path, None, format)
    if format in (unimarc_format.ISO2709, unimarc_format.MARCXML):
        return unimarc_format.parse(path, format, files_dir)
    return (ris_format if format == "ris" else csv_format).parse(path)


def _head(path):
    """The first bytes of a file (b"" when it cannot be read: the reader gives the message); an
    open file is left where it was."""
    if isinstance(path, bytes):
        return path
    if hasattr(path, "read") and not is_seekable(path):
        return b""  # read once, by the reader
    try:
        handle, owned = open_binary(path)
    except (ImportFileError, TypeError):
        return b""
    try:
        start = handle.tell()
        head = handle.read(max(SAMPLE_SIZE, unimarc_format.SAMPLE_SIZE))
        handle.seek(start)
        return head
    finally:
        if owned:
            handle.close()
