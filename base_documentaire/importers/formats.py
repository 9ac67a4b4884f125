"""Which reader a file needs, and reading it: the entry of the reading layer.

Every reader (csv_format, ris_format; later UNIMARC, OAI, API payloads) produces a `ParsedFile`
of `NoticeRecord`s (records.py); validation.py checks them, writing.py writes them.
"""
from pathlib import Path

from . import csv_format, ris_format
from .reading import decode, read_bytes
from .records import ImportFileError


def detect_format(path, data=None, declared=None):
    """`csv` or `ris`: as declared, else from the extension, else from the content."""
    if declared:
        return declared
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".ris":
        return "ris"
    if suffix in (".csv", ".tsv"):
        return "csv"
    try:
        text = decode(data if data is not None else read_bytes(path))
    except ImportFileError:
        return "csv"  # the CSV reader gives the precise message
    return "ris" if ris_format.looks_like_ris(text) else "csv"


def parse_data(data, format):
    """The ParsedFile of bytes in this format (`csv` or `ris`); ImportFileError if unreadable."""
    return (ris_format if format == "ris" else csv_format).parse(data)


def parse(path, format=None):
    """Read the file into a ParsedFile (records read lazily); ImportFileError if unreadable."""
    data = read_bytes(path)
    return parse_data(data, detect_format(path, data, format))
