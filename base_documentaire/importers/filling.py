"""A checked record onto a notice in memory: its fields, its children and its tags.

Used by the batch writer (writing.py) and by the partner API (through service.apply), which then
saves the notice with Wagtail's actions. Only tags and candidate terms are written here (created
when new; terms.py).
"""
from base_documentaire import candidates
from base_documentaire.models import NoticeAuteur, NoticeLien
from base_documentaire.models.notices import NoticeMotCle

from . import terms as batch_terms
from .terms import Tags

__all__ = ["Tags", "fill_fields", "fill_relations", "is_unchanged"]


def fill_fields(notice, checked):
    for name, value in checked.fields.items():
        setattr(notice, name, value)


def fill_relations(notice, checked, tags=None, terms=None):
    """Authors, links, themes, territories and keywords the record gives (None: left as they are).
    ``tags`` (`Tags`) and ``terms`` (`CandidateTerms`): an import's caches, read once a batch."""
    if checked.auteurs is not None:
        notice.auteurs = [NoticeAuteur(nom=nom, nature=nature, role=role, sort_order=index)
                          for index, (nom, nature, role) in enumerate(checked.auteurs)]
    if checked.urls is not None:
        notice.liens = [NoticeLien(url=url, sort_order=index) for index, url in enumerate(checked.urls)]
    if checked.themes is not None:
        notice.themes = checked.themes
    if checked.territoires is not None:
        notice.territoires = checked.territoires
    if checked.mots_cles is not None:  # what mots_cles.set() keeps in memory, without its queryset per notice
        notice.mots_cles_items = [NoticeMotCle(tag=tag) for tag in (tags or Tags()).objects(checked.mots_cles)]
    if terms is None:  # unknown labels stay on the notice (base_documentaire.candidates)
        candidates.put_on_notice(notice, checked)
    else:
        batch_terms.put_on_notice(notice, checked, terms)


def is_unchanged(notice, checked):
    """True when publishing the record would change nothing on this live notice (a plain re-import)."""
    if not notice.live or notice.has_unpublished_changes:
        return False
    if any(getattr(notice, name) != value for name, value in checked.fields.items()):
        return False
    current = {
        "auteurs": lambda: [(a.nom, a.nature, a.role) for a in notice.auteurs.all()],
        "urls": lambda: [link.url for link in notice.liens.all()],
        "themes": lambda: {theme.pk for theme in notice.themes.all()},
        "territoires": lambda: {territory.pk for territory in notice.territoires.all()},
        "mots_cles": lambda: {tag.name for tag in notice.mots_cles.all()},
    }
    wanted = {
        "auteurs": checked.auteurs,
        "urls": checked.urls,
        "themes": None if checked.themes is None else {theme.pk for theme in checked.themes},
        "territoires": None if checked.territoires is None else {item.pk for item in checked.territoires},
        "mots_cles": None if checked.mots_cles is None else set(checked.mots_cles),
    }
    if any(value is not None and value != current[name]() for name, value in wanted.items()):
        return False
    if checked.pdf and checked.pdf[1] not in {link.fichier.file_hash for link in notice.fichiers.all()}:
        return False
    return True
