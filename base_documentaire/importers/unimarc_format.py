"""UNIMARC import formats read with pymarc: ISO 2709 (`.mrc`, `.iso`, `.uni`) and MARC XML.

Records are read one at a time from the file (a large catalogue is never held whole in memory)
and mapped by unimarc_mapping.py. The character set is taken from 100$a positions 26-29 ("50":
UTF-8) and checked on the content: UTF-8 and ISO 8859-1 are read; MARC-8, ISO 5426 and ISO 6937
(accents written before the letter) are refused with a French message asking for a UTF-8 export.
A record that cannot be read (cut short, bad directory, bad bytes) is rejected with its number;
the ones before it are imported, the file stops where it can no longer be followed.
"""
import codecs
import io
import re
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree
from pymarc import Field, Leader, MARCReader, Record, Subfield
from pymarc.exceptions import FatalReaderError, RecordLengthInvalid, TruncatedRecord

from .reading import read_bytes
from .records import ImportFileError, NoticeRecord, ParsedFile
from .unimarc_mapping import MARC_XML_NAMESPACE, role_labels, to_notice_record

ISO2709 = "unimarc"
MARCXML = "marcxml"
EXTENSIONS = {".mrc": ISO2709, ".iso": ISO2709, ".uni": ISO2709, ".marc": ISO2709, ".xml": MARCXML}
# Record length, status, type, level, ..., indicator and subfield code lengths "22", base address.
LEADER = re.compile(rb"^\d{5}[ -~]{5}22\d{5}")
MARC_NS = MARC_XML_NAMESPACE
SAMPLE_SIZE = 256 * 1024
UTF8 = "utf-8"
LATIN1 = "latin-1"
# Accents written before their letter: ISO 5426 / ISO 6937 (0xC1-0xCF) and MARC-8 (grave, acute,
# circumflex, diaeresis, cedilla).
PREFIX_ACCENTS = {"ISO 5426 / ISO 6937": re.compile(rb"[\xc1-\xcf][A-Za-z]"),
                  "MARC-8": re.compile(rb"[\xe1\xe2\xe3\xe8\xf0][AaEeIiOoUuYyCcNn]")}


def sniff(head):
    """`unimarc`, `marcxml` or None from the first bytes of a file."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if LEADER.match(stripped):
        return ISO2709
    if stripped.startswith(b"<") and (MARC_NS.encode() in head or re.search(rb"<(\w+:)?(collection|record)[\s>]",
                                                                            head)):
        return MARCXML
    return None


def format_of_name(name):
    return EXTENSIONS.get(Path(str(name)).suffix.lower())


def parse(source, format=None, files_dir=None):
    """A ParsedFile of the records of an ISO 2709 or MARC XML file (a path, bytes or a binary file)."""
    handle, owned = _open(source)
    try:
        return _parse(handle, format, files_dir, handle.close if owned else lambda: None)
    except BaseException:
        if owned:
            handle.close()
        raise


def _parse(handle, format, files_dir, close):
    """`close`: called once the records are read (a file given open is left open)."""
    head = handle.read(SAMPLE_SIZE)
    if not head.strip():
        raise ImportFileError(_("The file is empty."))
    format = format or sniff(head) or ISO2709
    warnings = []
    if format == MARCXML:
        handle.seek(0)
        _check_root(head)
        records = _xml_records(handle, warnings, close)
    else:
        start = len(head) - len(head.lstrip(b"\xef\xbb\xbf \t\r\n"))  # a BOM or blank lines before the first record
        head = head[start:]
        handle.seek(start)
        if not LEADER.match(head):
            raise ImportFileError(_("This is not a UNIMARC ISO 2709 file: a record starts with a 24-character "
                                    "leader (record length in 5 digits, then “22” at positions 10-11)."))
        records = _iso_records(handle, _encoding(head), warnings, close)
    return ParsedFile(format, _mapped(records, files_dir), warnings)


def _open(source):
    """(binary handle, whether we opened it)."""
    if isinstance(source, (str, Path)):
        try:
            return open(source, "rb"), True
        except OSError:
            read_bytes(source)  # the reading layer's French message
            raise
    if hasattr(source, "read") and hasattr(source, "seek"):
        return source, False
    return io.BytesIO(read_bytes(source)), True


# -- character set -----------------------------------------------------------------------------

def _encoding(head):
    """UTF-8 or ISO 8859-1, from 100$a positions 26-29 and the bytes; ImportFileError otherwise."""
    if _declared_charset(head) == "50" or head[9:10] == b"a":
        return UTF8
    try:
        codecs.getincrementaldecoder(UTF8)().decode(head, final=False)  # a character cut by the sample's end
        return UTF8
    except UnicodeDecodeError:
        pass
    sample = head
    non_ascii = sum(1 for byte in sample if byte > 127)
    for name, pattern in PREFIX_ACCENTS.items():
        if non_ascii and len(pattern.findall(sample)) * 2 >= non_ascii:
            raise ImportFileError(
                _("The file is encoded in %(charset)s (accents written before their letter), which this import "
                  "does not read: export the notices again in UTF-8 (in PMB: export parameters, UTF-8 "
                  "encoding) or convert the file (yaz-marcdump -f %(source)s -t UTF-8 -o marc).")
                % {"charset": name, "source": "MARC-8" if name == "MARC-8" else "ISO5426"})
    return LATIN1


def _declared_charset(head):
    """100$a positions 26-27 of the first record ("50": UTF-8), "" when absent."""
    try:
        base = int(head[12:17])
        directory = head[24:base - 1]
        for start in range(0, len(directory) - 11, 12):
            if directory[start:start + 3] == b"100":
                offset = base + int(directory[start + 7:start + 12])
                data = head[offset:offset + int(directory[start + 3:start + 7])]
                value = data.split(b"\x1fa", 1)[1] if b"\x1fa" in data else b""
                return value[26:28].decode("ascii", "replace")
    except (ValueError, IndexError):
        pass
    return ""


# -- ISO 2709 ----------------------------------------------------------------------------------

def _iso_records(handle, encoding, warnings, close):
    reader = MARCReader(handle, to_unicode=True, force_utf8=encoding == UTF8, utf8_handling="strict",
                        file_encoding=LATIN1, permissive=True)
    if encoding == LATIN1:
        warnings.append(_("Character set: ISO 8859-1 (Latin-1)."))
    number = 0
    try:
        for marc in reader:
            number += 1
            if marc is not None:
                yield number, marc, None
                continue
            yield number, None, _reading_error(reader.current_exception)
            if isinstance(reader.current_exception, FatalReaderError):
                warnings.append(_("Reading stopped at record %(number)d: the records after it cannot be found.")
                                % {"number": number})
    finally:
        close()


def _reading_error(error):
    if isinstance(error, TruncatedRecord):
        return _("The record is cut short: the file seems truncated.")
    if isinstance(error, RecordLengthInvalid):
        return _("The record does not start with a valid leader (record length).")
    if isinstance(error, FatalReaderError):
        return _("The record does not end where its length says (bad record length).")
    if isinstance(error, UnicodeDecodeError):
        return _("The record holds bytes that are not UTF-8 although the file is UTF-8.")
    return _("The record's leader or directory is invalid: %(error)s") % {"error": type(error).__name__}


# -- MARC XML ----------------------------------------------------------------------------------

def _check_root(head):
    """ImportFileError unless the file's root element is a MARC XML collection or record."""
    try:
        _event, root = next(etree.iterparse(io.BytesIO(head), events=("start",), resolve_entities=False,
                                            no_network=True))
    except (etree.XMLSyntaxError, StopIteration) as error:
        raise ImportFileError(_("The XML cannot be read: %(error)s") % {"error": error}) from None
    if etree.QName(root).localname not in ("collection", "record") or etree.QName(root).namespace not in (
            MARC_NS, None):
        raise ImportFileError(_("This XML file is not MARC XML: its root element is “%(root)s”, not a MARC XML "
                                "“collection” or “record”.") % {"root": etree.QName(root).localname})


def _xml_records(handle, warnings, close):
    parser = etree.iterparse(handle, events=("end",), resolve_entities=False, no_network=True,
                             huge_tree=True)
    number = 0
    try:
        for event, element in parser:
            name = etree.QName(element).localname if isinstance(element.tag, str) else ""
            if event == "end" and name == "record":
                number += 1
                yield number, _xml_record(element), None
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        warnings.append(_("The XML is broken after record %(number)d (%(error)s): the rest is not read.")
                        % {"number": number, "error": error})
        yield number + 1, None, _("The XML is broken here: the file seems truncated.")
    finally:
        close()


def _xml_record(element):
    record = Record(leader=Leader(" " * 24), force_utf8=True)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        kind = etree.QName(child).localname
        if kind == "leader":
            text = (child.text or "").ljust(24)[:24]
            record.leader = Leader(text)
        elif kind == "controlfield":
            record.add_field(Field(tag=child.get("tag", ""), data=child.text or ""))
        elif kind == "datafield":
            subfields = [Subfield(code=sub.get("code", ""), value=sub.text or "") for sub in child
                         if isinstance(sub.tag, str) and etree.QName(sub).localname == "subfield"]
            record.add_field(Field(tag=child.get("tag", ""), indicators=[child.get("ind1", " "),
                                   child.get("ind2", " ")], subfields=subfields))
    return record


# -- mapping -----------------------------------------------------------------------------------

def _mapped(records, files_dir):
    roles = role_labels()
    for number, marc, error in records:
        if marc is None:
            yield NoticeRecord(line=number, errors=[error])
            continue
        yield to_notice_record(marc, number, files_dir, roles)
