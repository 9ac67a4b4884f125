"""Turning an uploaded or local file into text, with a clear French message when it is not text."""
import codecs

from django.utils.translation import gettext as _

from .records import ImportFileError

# Signatures of files people send by mistake instead of a CSV or RIS export.
SIGNATURES = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP / XLSX / ODS"),
    (b"\xd0\xcf\x11\xe0", "XLS / DOC"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "GZIP"),
    (b"7z\xbc\xaf", "7Z"),
    (b"Rar!", "RAR"),
    (b"SQLite format 3", "SQLite"),
)


def read_bytes(source):
    if isinstance(source, bytes):
        return source
    if hasattr(source, "read"):
        data = source.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    try:
        with open(source, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise ImportFileError(_("“%(name)s” is a folder, not a file.") % {"name": source}) from None
    except FileNotFoundError:
        raise ImportFileError(_("The file “%(name)s” does not exist.") % {"name": source}) from None
    except OSError as error:
        raise ImportFileError(
            _("The file “%(name)s” cannot be read: %(error)s") % {"name": source, "error": error.strerror or error}
        ) from None


def decode(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary content is refused."""
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise ImportFileError(_("The file is empty."))
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise ImportFileError(
                _("This is not a text file but a %(kind)s file: export the notices as CSV or RIS.") % {"kind": kind}
            )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text.")) from None
    if b"\x00" in data[:65536]:
        raise ImportFileError(_("The file contains binary data: it is not a CSV or RIS export."))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text.")) from None
    if _control_ratio(text[:65536]) > 0.05:
        raise ImportFileError(_("The file contains binary data: it is not a CSV or RIS export."))
    return text


def _control_ratio(text):
    if not text:
        return 0
    control = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n\f")
    return control / len(text)
