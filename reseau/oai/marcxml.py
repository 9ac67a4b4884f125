"""A notice as a UNIMARC record in MARC XML (`marcxml`), beside oai_dc: the record the
documentary base's UNIMARC export writes (base_documentaire.unimarc_export), for PMB and the
library catalogues that harvest MARC."""
from lxml import etree
from pymarc import Subfield, record_to_xml

from base_documentaire.importers.unimarc_mapping import MARC_XML_NAMESPACE
from base_documentaire.models import NoticeAuteur
from base_documentaire.unimarc_export import MarcValues, marc_record

from .repository import _grouped
from .xml import xml_text

PREFIX = "marcxml"
MARC_NS = MARC_XML_NAMESPACE
SCHEMA = "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"


def load_authors(notice_ids):
    """{notice id: [(name, nature, role)]} in their order, for a page of records."""
    rows = (NoticeAuteur.objects.filter(notice_id__in=list(notice_ids)).order_by("sort_order", "pk")
            .values_list("notice_id", "nom", "nature", "role"))
    return _grouped((notice_id, (name, nature, role)) for notice_id, name, nature, role in rows)


def values(notice, *, type_label, auteurs, themes, territoires, mots_cles, liens, permalink):
    type_code = getattr(notice, notice._meta.get_field("type_document").attname) or ""
    return MarcValues(
        identifier=notice.external_id or f"notice-{notice.pk}", titre=notice.titre, type_code=type_code,
        type_label=type_label if type_code else "", sous_titre=notice.sous_titre, annee=notice.annee,
        created=notice.created_at.date() if notice.created_at else None, langue=notice.langue, isbn=notice.isbn,
        issn=notice.issn, lieu=notice.lieu_edition, editeur=notice.editeur, collation=notice.collation,
        collection=notice.collection, edition=notice.edition, note=notice.note_publique, resume=notice.resume,
        themes=themes,
        territoires=territoires, mots_cles=mots_cles, auteurs=auteurs, liens=liens, permalink=permalink or "")


def metadata_element(parent, marc_values):
    """Append the notice's <marc:record> to parent."""
    record = marc_record(marc_values)
    for field in record.fields:  # characters XML 1.0 forbids (a text pasted from a PDF) left out
        if field.is_control_field():
            field.data = xml_text(field.data)
        else:
            field.subfields = [Subfield(sub.code, xml_text(sub.value)) for sub in field.subfields]
    element = etree.fromstring(record_to_xml(record, namespace=True))
    parent.append(element)
    return element
