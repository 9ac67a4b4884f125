"""A notice as simple Dublin Core (oai_dc)."""
from dataclasses import dataclass

from lxml import etree

from base_documentaire import document_types

from .xml import XSI_NS, qname, sub

PREFIX = "oai_dc"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"


@dataclass
class NoticeValues:
    """A notice with its relations as plain values, in the order they are shown."""

    notice: object
    type_label: str
    auteurs: list
    themes: list
    mots_cles: list
    territoires: list
    liens: list
    permalink: str = None


def type_labels():
    """The label of every document type (the types table, read once per process)."""
    return dict(document_types.choices())


def metadata_element(parent, values):
    """Append <oai_dc:dc> for the notice to parent."""
    dc = _container(parent)
    for name, value in dublin_core(values):
        sub(dc, name, value, namespace=DC_NS)
    return dc


def description_element(parent, text):
    """Append <oai_dc:dc><dc:description> (a set's description) to parent."""
    dc = _container(parent)
    sub(dc, "description", text, namespace=DC_NS)
    return dc


def _container(parent):
    dc = etree.SubElement(parent, qname(OAI_DC_NS, "dc"), nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS})
    dc.set(qname(XSI_NS, "schemaLocation"), f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    return dc


def dublin_core(values):
    """(element, value) pairs, in the order of the oai_dc schema's usual listing."""
    notice = values.notice
    title = f"{notice.titre} : {notice.sous_titre}" if notice.sous_titre else notice.titre
    pairs = [("title", title)]
    pairs += [("creator", name) for name in values.auteurs]
    pairs += [("subject", name) for name in values.themes + values.mots_cles]
    if notice.resume:
        pairs.append(("description", notice.resume))
    if notice.editeur:
        pairs.append(("publisher", notice.editeur))
    if notice.date_publication:
        pairs.append(("date", notice.date_publication.isoformat()))
    elif notice.annee:
        pairs.append(("date", str(notice.annee)))
    pairs.append(("type", values.type_label))
    # DCMI Type Vocabulary, for harvesters that only know it (the types table's column).
    pairs.append(("type", document_types.mapping(notice.type_document_id, "dcmi_type", "Text")))
    if values.permalink:
        pairs.append(("identifier", values.permalink))
    if notice.isbn:
        pairs.append(("identifier", f"urn:isbn:{notice.isbn}"))
    if notice.issn:
        pairs.append(("identifier", f"urn:issn:{notice.issn}"))
    pairs.append(("language", notice.langue))
    pairs += [("relation", url) for url in values.liens]
    if notice.collection:
        pairs.append(("relation", notice.collection))
    pairs += [("coverage", label) for label in values.territoires]
    return pairs
