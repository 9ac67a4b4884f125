"""Turning an uploaded or local file into text, with a clear French message when it is not text.

`open_text` gives the text as a stream: the readers take their records from it as they go, so a
large file is never held whole in memory. `decode` makes the same checks on bytes in memory.
"""
import codecs
import io
import tempfile
from dataclasses import dataclass

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
BLANK = b" \t\r\n\x00" + codecs.BOM_UTF8
SAMPLE_SIZE = 256 * 1024  # what the checks and the format detection read of a file's start
CHUNK_SIZE = 256 * 1024  # what the character set check reads at once
SPOOL_SIZE = 8 * 1024 * 1024  # a stream that cannot seek is copied to a temporary file beyond this
CHECKED_CHARS = 65536  # binary content is looked for in the first characters


def read_bytes(source):
    if isinstance(source, bytes):
        return source
    if hasattr(source, "read"):
        data = source.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    handle, _owned = open_binary(source)
    with handle:
        return handle.read()


def decode(data):
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; binary content is refused."""
    if not data.strip(BLANK):
        raise ImportFileError(_("The file is empty."))
    _refuse_binary_head(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text.")) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text.")) from None
    _refuse_control_characters(text)
    return text


def _refuse_binary_head(head):
    """ImportFileError when the file starts as a known binary format, or holds NUL bytes (but UTF-16)."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            raise ImportFileError(
                _("This is not a text file but a %(kind)s file: export the notices as CSV or RIS.") % {"kind": kind}
            )
    if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in head[:CHECKED_CHARS]:
        raise ImportFileError(_("The file contains binary data: it is not a CSV or RIS export."))


def _refuse_control_characters(text):
    if _control_ratio(text[:CHECKED_CHARS]) > 0.05:
        raise ImportFileError(_("The file contains binary data: it is not a CSV or RIS export."))


def _control_ratio(text):
    if not text:
        return 0
    control = sum(1 for char in text if ord(char) < 32 and char not in "\t\r\n\f")
    return control / len(text)


# -- streams ---------------------------------------------------------------------------------------

@dataclass
class TextSource:
    """A file opened as text: ``stream`` reads it from its start; ``head`` is its first characters
    (its first ``SAMPLE_SIZE`` bytes decoded); ``close()`` once the records are read (a file given
    open is left open)."""
    stream: object
    head: str
    close: object


def open_binary(source):
    """(binary file at its start, whether it was opened here): a path is opened, bytes wrapped, a
    binary file that can seek used as it is, any other file copied to a temporary file (kept in
    memory up to 8 MB); ImportFileError (French) when it cannot be read."""
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if hasattr(source, "read"):
        if is_seekable(source) and isinstance(source.read(0), bytes):
            return source, False
        return _spooled(source), True
    try:
        return open(source, "rb"), True
    except IsADirectoryError:
        raise ImportFileError(_("“%(name)s” is a folder, not a file.") % {"name": source}) from None
    except FileNotFoundError:
        raise ImportFileError(_("The file “%(name)s” does not exist.") % {"name": source}) from None
    except OSError as error:
        raise ImportFileError(
            _("The file “%(name)s” cannot be read: %(error)s") % {"name": source, "error": error.strerror or error}
        ) from None


def is_seekable(handle):
    try:
        return bool(handle.seekable())
    except (AttributeError, ValueError, OSError):
        return False


def _spooled(handle):
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)
    while chunk := handle.read(CHUNK_SIZE):
        spool.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    spool.seek(0)
    return spool


def open_text(source, newline=None):
    """The file as a `TextSource`, decoded as `decode` decodes it (UTF-8 with or without BOM, UTF-16
    with BOM, else Windows-1252; binary content refused), read as a stream; the character set is
    checked by one pass over the bytes, a chunk at a time. ``newline``: as for ``open``."""
    handle, owned = open_binary(source)
    try:
        start = handle.tell()
        head = handle.read(SAMPLE_SIZE)
        encoding = _stream_encoding(handle, head)
        if encoding == "cp1252" and head.startswith(codecs.BOM_UTF8):  # a BOM, then no UTF-8 after all
            start, head = start + len(codecs.BOM_UTF8), head[len(codecs.BOM_UTF8):]
        handle.seek(start)
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
        _refuse_control_characters(text)
    except BaseException:
        if owned:
            handle.close()
        raise
    stream = (io.TextIOWrapper if owned else BorrowedText)(handle, encoding=encoding, newline=newline)
    return TextSource(stream, text, stream.close)


class BorrowedText(io.TextIOWrapper):
    """Text read from a file its caller owns: closing this layer (or dropping it) leaves the file
    open, for the caller to close."""

    def close(self):
        try:
            self.detach()
        except ValueError:  # detached already, or the file closed by its owner
            pass


def _stream_encoding(handle, head):
    """The file's encoding, from its start ``head`` and, for UTF-8 and Windows-1252, from the bytes
    of the whole file (the handle stands after ``head``)."""
    if not head.strip(BLANK) and not _has_text(handle):
        raise ImportFileError(_("The file is empty."))
    _refuse_binary_head(head)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8", "cp1252")
    for encoding in candidates:
        if _decodes(handle, head, encoding):
            return encoding
    raise ImportFileError(_("The file is neither UTF-8 nor Windows-1252 text."))


def _has_text(handle):
    position = handle.tell()
    try:
        while chunk := handle.read(CHUNK_SIZE):
            if chunk.strip(BLANK):
                return True
        return False
    finally:
        handle.seek(position)


def _decodes(handle, head, encoding):
    """True when the whole file decodes in this encoding (``head`` read; the handle after it)."""
    position = handle.tell()
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        decoder.decode(head)
        while chunk := handle.read(CHUNK_SIZE):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    finally:
        handle.seek(position)
