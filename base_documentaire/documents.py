"""What the search engine stores for a notice, and the shape of the notices index."""
import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from search.engines.base import PAGE_FILE, PAGE_FILE_NAME, PAGE_FILE_TITLE, PAGE_NUMBER, PAGE_TEXT, IndexSchema

from .models import Notice
from .notice_loading import load_notices
from .vocabulary import VocabularyLabels

INDEX_NAME = "notices"
FACETS = ("theme", "territoire", "type", "annee", "contributeur", "disponibilite")
# When the notice was first published (UTC ISO 8601, milliseconds): what "new" means for alerts,
# a range filter on every engine (a date on OpenSearch and Elasticsearch). Adding it needs `rebuild_index`.
PUBLISHED_FIELD = "publie_le"
# The pages of the notice's public PDFs, one nested document each (hits by page). Adding it needs `rebuild_index`.
PAGES_FIELD = "pages"
PAGE_SEPARATOR = "\n\f"  # between the pages of Fichier.texte (extraction_worker)
# Pages indexed per file and characters per page, at most (setting CRPV_PAGE_INDEX).
DEFAULT_PAGE_INDEX = {"max_pages": 500, "max_chars": 10_000}


def notice_schema(tree=None):
    tree = tree or VocabularyLabels()
    return IndexSchema(
        name=INDEX_NAME,
        text_fields={"titre": 4.0, "sous_titre": 2.0, "auteurs": 2.0, "mots_cles": 2.0, "sujets": 1.5,
                     "resume": 1.5, "texte": 1.0},
        keyword_fields=FACETS,
        highlight_fields=("titre", "resume", "texte"),
        sort_fields=("date", "titre", PUBLISHED_FIELD),
        synonyms=tree.synonym_groups(),
        page_field=PAGES_FIELD,
    )


def indexable_notices(ids):
    """The published notices among these ids, with everything their document needs read in one
    query per relation for them all (notice_loading)."""
    published = Notice.objects.filter(live=True).select_related("contributeur")
    notices = sorted(load_notices(Notice, ids, published).values(), key=lambda notice: notice.pk)
    for notice in notices:
        notice.public_files = [link for link in notice.fichiers.all() if not link.fichier.prive]
    return notices


def all_indexable_notices(batch_size=2000):
    """Every published notice, by increasing id, read a batch at a time."""
    ids = list(Notice.objects.filter(live=True).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield from indexable_notices(ids[start:start + batch_size])


def availability(notice):
    with translation.override("fr"):
        values = []
        if notice.public_files or list(notice.liens.all()):
            values.append(_("Available online"))
        if list(notice.exemplaires.all()):
            values.append(_("Available on loan"))
        return values


def notice_document(notice, tree):
    themes = [theme.pk for theme in notice.themes.all()]
    territories = [territory.pk for territory in notice.territoires.all()]
    theme_labels, territory_labels = tree.theme_labels(themes), tree.territory_labels(territories)
    with translation.override("fr"):
        type_label = notice.get_type_document_display()
    return {
        "id": str(notice.pk),
        "titre": notice.titre,
        "sous_titre": notice.sous_titre,
        "auteurs": " ; ".join(author.nom for author in notice.auteurs.all()),
        "mots_cles": " ; ".join(tag.name for tag in notice.mots_cles.all()),
        "sujets": " ; ".join(theme_labels + territory_labels + notice.pending_subject_labels()),
        "resume": notice.resume,
        "texte": "\n\n".join(link.fichier.texte for link in notice.public_files if link.fichier.texte),
        "theme": theme_labels,
        "territoire": territory_labels,
        "type": [type_label],
        "annee": [str(notice.annee)] if notice.annee else [],
        "contributeur": ([notice.contributeur.nom] if notice.contributeur else [])
        + [other.nom for other in notice.contributeurs_associes.all()],  # associated contributeurs
        "disponibilite": availability(notice),
        "date": notice.annee,
        PUBLISHED_FIELD: index_datetime(notice.first_published_at),
        PAGES_FIELD: [page for link in notice.public_files for page in file_pages(link.fichier)],
    }


def page_index_limits():
    return {**DEFAULT_PAGE_INDEX, **getattr(settings, "CRPV_PAGE_INDEX", {})}


def file_pages(fichier):
    """The non-blank pages of a PDF's text, numbered from 1 (an unreadable page is kept empty by
    the extraction, so numbers stay true), within the limits of CRPV_PAGE_INDEX. A scanned image
    counts when visitors download its OCRed PDF (« p. 2 » of a TIFF opens page 2 of that PDF)."""
    served_as_pdf = fichier.type_mime == "application/pdf" or (fichier.fichier_ocr and fichier.telecharger_ocr)
    if not served_as_pdf or not fichier.texte:
        return []
    limits = page_index_limits()
    pages = fichier.texte.split(PAGE_SEPARATOR)[:limits["max_pages"]]
    return [{PAGE_FILE: str(fichier.pk), PAGE_NUMBER: number, PAGE_TEXT: text.strip()[:limits["max_chars"]],
             PAGE_FILE_NAME: fichier.file.name, PAGE_FILE_TITLE: fichier.title}
            for number, text in enumerate(pages, start=1) if text.strip()]


def index_datetime(moment):
    """A datetime as the index stores it (None stays None): the same text sorts and compares as a
    date on every engine."""
    if moment is None:
        return None
    moment = moment.astimezone(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
