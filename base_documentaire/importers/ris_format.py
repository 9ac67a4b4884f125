"""RIS import format (Zotero, PMB, EndNote exports), read by a tolerant parser of our own.

`rispy` silently drops a record without `ER` and gives no line numbers, so it cannot tell the
user what went wrong. This parser keeps the line of each record, accepts one or two spaces
around the dash and lines wrapped by some exporters, and reports instead of failing:
garbage lines are listed, a record cut short by the end of the file is rejected, a record
not closed before the next `TY` is kept with a warning.
"""
import re
from urllib.parse import unquote, urlparse

from django.utils.translation import gettext as _

from base_documentaire import addresses

from .codes import resolve_type
from .reading import open_text
from .records import Auteur, ImportFileError, NoticeRecord, ParsedFile, attributes_but, author_nature

TAG_LINE = re.compile(r"^\s*([A-Z][A-Z0-9])\s{1,3}-(?:\s(.*))?\s*$")
# Tags whose value may continue on the next lines (wrapped by the exporting tool).
CONTINUABLE = {"TI", "T1", "T2", "T3", "AB", "N1", "N2", "BT", "JF", "JO", "ST", "PB"}
MAX_LISTED_GARBAGE = 10
ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")


def looks_like_ris(text):
    """True when one of the first non-empty lines is a `TY  - ` line."""
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        match = TAG_LINE.match(line.lstrip("\ufeff"))
        if match and match.group(1) == "TY":
            return True
        seen += 1
        if seen > 5:
            return False
    return False


def parse(source):
    """Read a RIS export: a ParsedFile whose records are read lazily from the file (a stream, never
    the whole text in memory); ImportFileError if unreadable or without a record."""
    text = open_text(source)
    try:
        if not any(_is_type_line(line) for line in lines(text.stream)):
            raise ImportFileError(_("No RIS record found: a RIS file has records starting with a “TY  - ” line."))
        text.stream.seek(0)
    except BaseException:
        text.close()
        raise
    warnings = []
    return ParsedFile("ris", _closing(_records(lines(text.stream), warnings), text.close), warnings,
                      attributes_but("note"))  # N1 is left aside: a RIS import keeps the notice's public note


def lines(stream):
    """The lines of a text stream as ``str.splitlines`` cuts a text (the lines numbered alike)."""
    for line in stream:
        yield from line.splitlines() or [line]


def _is_type_line(line):
    match = TAG_LINE.match(line)
    return bool(match) and match.group(1) == "TY"


def _closing(records, close):
    try:
        yield from records
    finally:
        close()


def _records(lines, warnings):
    garbage = []
    current, start, last_tag = None, 0, None
    for number, line in enumerate(lines, start=1):
        if number == 1:
            line = line.lstrip("\ufeff")
        match = TAG_LINE.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if current is not None:
                    warnings.append(_("Line %(line)d: the record starting line %(start)d is not closed by “ER  - ”; "
                                      "it is imported anyway.") % {"line": number, "start": start})
                    yield _record(current, start)
                current, start, last_tag = [("TY", value)], number, "TY"
            elif tag == "ER":
                if current is None:
                    garbage.append(number)
                else:
                    yield _record(current, start)
                current, last_tag = None, None
            elif current is None:
                garbage.append(number)
            else:
                current.append((tag, value))
                last_tag = tag
        elif not line.strip():
            continue
        elif current is not None and last_tag in CONTINUABLE:
            tag, value = current[-1]
            current[-1] = (tag, f"{value}\n{line.strip()}" if tag in {"AB", "N1", "N2"} else f"{value} {line.strip()}")
        else:
            garbage.append(number)
    if current is not None:
        record = _record(current, start)
        record.errors.append(_("The record is not closed by “ER  - ”: the file seems truncated."))
        yield record
    if garbage:
        listed = ", ".join(str(number) for number in garbage[:MAX_LISTED_GARBAGE])
        if len(garbage) > MAX_LISTED_GARBAGE:
            listed += "…"
        warnings.append(_("%(count)d lines ignored (not RIS lines): %(lines)s.")
                        % {"count": len(garbage), "lines": listed})


def _first(fields, *tags):
    for tag in tags:
        for name, value in fields:
            if name == tag and value:
                return value
    return ""


def _all(fields, *tags):
    return [value for name, value in fields if name in tags and value]


def _file_name(value):
    """L1 holds a path relative to the export folder, an absolute path or a file:// address."""
    if value.startswith("file:"):
        value = unquote(urlparse(value).path)
        if re.match(r"^/[A-Za-z]:/", value):  # file:///C:/...
            value = value[1:]
    return value.strip()


def _record(fields, line):
    record = NoticeRecord(line=line)
    ris_type = _first(fields, "TY")
    precise_type = _first(fields, "M3")
    record.type = precise_type if precise_type and resolve_type(precise_type) else ris_type
    record.external_id = _first(fields, "ID", "AN")
    record.titre = _first(fields, "TI", "T1", "CT", "BT")
    record.collection = _first(fields, "T2", "T3", "JF", "JO")
    record.resume = _first(fields, "AB", "N2")
    record.annee = _first(fields, "PY", "Y1")
    record.date = _first(fields, "DA")
    if not record.annee and record.date:
        record.annee = record.date
    editor = _("editor")  # A2 for articles and chapters, A3 for books (Zotero), ED elsewhere
    roles = {"A2": editor, "A3": editor, "ED": editor, "A4": _("translator")}
    for tag, value in fields:
        if tag in ("AU", "A1", "A2", "A3", "A4", "ED") and value.strip():
            name = value.strip().rstrip(",").strip()
            record.auteurs.append(Auteur(name, author_nature(name), roles.get(tag, "")))
    record.sujets = _split_keywords(_all(fields, "KW"))
    record.langue = _first(fields, "LA")
    record.editeur = _first(fields, "PB")
    record.lieu = _first(fields, "CY", "PP")
    record.edition = _first(fields, "ET")
    for number in _all(fields, "SN"):
        for token in re.split(r"[\s;,]+", number):
            if ISSN.match(token):
                record.issn = record.issn or token.upper()
            elif re.sub(r"[^0-9Xx]", "", token) and len(re.sub(r"[^0-9Xx]", "", token)) in (10, 13):
                record.isbn = record.isbn or token
    start, end = _first(fields, "SP"), _first(fields, "EP")
    if start and end:
        record.collation = f"p. {start}-{end}"
    elif start:
        record.collation = start if re.search(r"[^\d]", start) else f"{start} p."
    for value in _all(fields, "UR"):  # not the notice's own permalink, which our RIS exports add
        record.urls.extend(url for url in value.split() if url and not addresses.is_permalink(url))
    files = [_file_name(value) for value in _all(fields, "L1")]
    pdfs = [name for name in files if name.lower().endswith(".pdf")]
    record.pdf = (pdfs or files or [""])[0]
    return record


def _split_keywords(values):
    """Zotero writes one KW per keyword; other tools put several on one line, separated by ;."""
    keywords, seen = [], set()
    for value in values:
        for keyword in re.split(r"\s*(?:;|\n)\s*", value):
            keyword = " ".join(keyword.split())
            if keyword and keyword not in seen:
                seen.add(keyword)
                keywords.append(keyword)
    return keywords
