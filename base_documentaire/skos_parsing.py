"""Reading a SKOS file safely: its size bounded, its format told by its content (RDF/XML or Turtle,
never by its name), XML entity tricks refused before rdflib sees the file, every failure a
``SkosError`` with a French message.

Why check the XML first: rdflib's RDF/XML parser reads through Python's SAX/expat reader, which
expands the entities a DTD declares. Expat (2.4 and later) stops a "billion laughs" file, but only
once 8 MiB of text has been expanded, and rdflib receives that text in millions of small pieces:
a 1 KB file kept one worker busy for minutes before being refused (measured: 11 min on this
machine). So a first pass with expat alone refuses any entity that is external, a parameter
entity or built from other entities, and stops as soon as the text read grows past a bound.
Internal entities holding a plain value (the namespaces Protégé declares) stay accepted.
"""
import re
from xml.parsers import expat

from django.utils.translation import gettext as _
from rdflib import Graph

from .skos import SkosError

MAX_BYTES = 10 * 1024 * 1024  # 10 MiB: about 20,000 concepts in Turtle, 10,000 in RDF/XML
MAX_TEXT = 4 * MAX_BYTES  # characters of element text and attribute values, entities expanded
BASE_URI = "urn:x-crpv-import:"  # base of relative IRIs: never resolved against a local path

_XML_START = re.compile(r"<[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?\s")
_TURTLE_START = re.compile(r"(?:@prefix|@base|prefix\s|base\s|<[^\s<>\"]*>|_:|\[|\(|[A-Za-z][\w.\-]*:\S|:\S)",
                           re.IGNORECASE)
_ENTITY_REFERENCE = re.compile(r"&[A-Za-z_:]")
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def read_bounded(stream):
    """At most MAX_BYTES of a binary stream; a larger file is refused, not cut."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise SkosError(_("The file is larger than %(size)d MiB: import a smaller thesaurus or split it.")
                        % {"size": MAX_BYTES // (1024 * 1024)})
    return data


def parse(data):
    """An rdflib Graph of the file's bytes."""
    if not data.strip(b" \t\r\n\x00" + b"".join(BOMS)):
        raise SkosError(_("The file is empty."))
    if detect_format(data) == "xml":
        check_xml(data)
        return _parse_xml(data)
    return _parse_turtle(data)


def detect_format(data):
    """"xml" or "turtle", from the file's first characters."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "xml"  # UTF-16 with a byte order mark: only XML may be written so
    text = head.removeprefix(BOMS[0]).decode("utf-8", errors="replace").lstrip()
    if text.startswith(("<?", "<!")) or _XML_START.match(text):
        return "xml"
    if b"\x00" not in head and _TURTLE_START.match(_skip_comments(text)):
        return "turtle"
    raise SkosError(_("This file is neither RDF/XML nor Turtle: export the thesaurus as SKOS in one of these "
                      "two formats."))


def _skip_comments(text):
    while text.startswith("#"):
        text = text.partition("\n")[2].lstrip()
    return text


class _Refused(Exception):
    pass


def check_xml(data):
    """Refuse the XML entity tricks (see the module's docstring) and malformed XML."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    read = [0]

    def count(size):
        read[0] += size
        if read[0] > MAX_TEXT:
            raise _Refused(_("The file's text grows past %(size)d MiB once its XML entities are expanded: "
                             "refused.") % {"size": MAX_TEXT // (1024 * 1024)})

    def entity_declared(name, is_parameter, value, base, system_id, public_id, notation):
        if is_parameter or value is None or _ENTITY_REFERENCE.search(value):
            raise _Refused(_("The file declares the XML entity “%(name)s” as an external entity, a parameter "
                             "entity or from other entities: refused for safety (only entities with a plain "
                             "value are accepted).") % {"name": name})

    def external_reference(*args):
        raise _Refused(_("The file refers to an external XML entity: refused for safety."))

    parser.EntityDeclHandler = entity_declared
    parser.ExternalEntityRefHandler = external_reference
    parser.CharacterDataHandler = lambda text: count(len(text))
    parser.StartElementHandler = lambda name, attributes: count(sum(len(v) for v in attributes.values()))
    try:
        parser.Parse(data, True)
    except _Refused as refusal:
        raise SkosError(str(refusal)) from None
    except expat.ExpatError as error:
        raise SkosError(_("Malformed XML, line %(line)d: %(error)s.")
                        % {"line": error.lineno, "error": expat.ErrorString(error.code)}) from None


def _parse_xml(data):
    try:
        return Graph().parse(data=data, format="xml", publicID=BASE_URI)
    except Exception as error:  # rdflib raises SAX, parser and plain errors alike
        line = getattr(error, "getLineNumber", lambda: None)()
        raise SkosError(_("This XML file is not valid RDF/XML%(where)s: %(error)s.") % {
            "where": _(" (line %(line)d)") % {"line": line} if line else "", "error": _short(error)}) from None


def _parse_turtle(data):
    try:
        text = data.removeprefix(BOMS[0]).decode("utf-8")
    except UnicodeDecodeError as error:
        raise SkosError(_("A Turtle file is written in UTF-8; this one is not (byte %(position)d).")
                        % {"position": error.start + 1}) from None
    try:
        return Graph().parse(data=text, format="turtle", publicID=BASE_URI)
    except RecursionError:
        raise SkosError(_("Malformed Turtle: its brackets are nested too deep.")) from None
    except Exception as error:  # rdflib's BadSyntax, and errors on odd values
        line = getattr(error, "lines", None)
        why = getattr(error, "_why", None) or _short(error)
        if line is not None:
            raise SkosError(_("Malformed Turtle, line %(line)d: %(error)s.") % {"line": line + 1, "error": why}) \
                from None
        raise SkosError(_("Malformed Turtle: %(error)s.") % {"error": why}) from None


def _short(error):
    text = " ".join(str(error).split())
    return text[:300] + ("…" if len(text) > 300 else "")
