"""The OAI-PMH envelope, built with lxml: values are always set as text or attributes (escaped
by lxml), never spliced into markup."""
import re

from lxml import etree

from . import dates

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
# Characters XML 1.0 forbids (lxml refuses them): a notice pasted from a PDF may hold some.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    return INVALID_XML.sub("", str(value))


def qname(namespace, tag):
    return f"{{{namespace}}}{tag}"


def sub(parent, tag, text=None, namespace=OAI_NS, **attributes):
    element = etree.SubElement(parent, qname(namespace, tag),
                               {name: xml_text(value) for name, value in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def envelope(base_url, arguments=None):
    """The OAI-PMH root with responseDate and request (its attributes only for a valid request)."""
    root = etree.Element(qname(OAI_NS, "OAI-PMH"), nsmap={None: OAI_NS, "xsi": XSI_NS})
    root.set(qname(XSI_NS, "schemaLocation"), f"{OAI_NS} {OAI_SCHEMA}")
    sub(root, "responseDate", dates.format_datestamp(dates.now()))
    sub(root, "request", base_url, **(arguments or {}))
    return root


def serialize(root):
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
