"""A checked record onto a notice in memory: its fields, its children and its tags.

Used by the batch writer (writing.py) and by the partner API (through service.apply), which then
saves the notice with Wagtail's actions. Only tags are written here (created when new).
"""
from taggit.models import Tag

from base_documentaire import candidates
from base_documentaire.models import NoticeAuteur, NoticeLien


class Tags:
    """Tags by name, read or created once; a cache for one import (``clear`` after a rollback)."""

    def __init__(self):
        self._by_name = {}

    def clear(self):
        self._by_name.clear()

    def objects(self, names):
        missing = [name for name in names if name not in self._by_name]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self._by_name[tag.name] = tag
            for name in missing:
                if name not in self._by_name:
                    self._by_name[name] = Tag.objects.create(name=name)
        return [self._by_name[name] for name in names]


def fill_fields(notice, checked):
    for name, value in checked.fields.items():
        setattr(notice, name, value)


def fill_relations(notice, checked, tags=None):
    """Authors, links, themes, territories and keywords the record gives (None: left as they are)."""
    if checked.auteurs is not None:
        notice.auteurs = [NoticeAuteur(nom=nom, nature=nature, role=role, sort_order=index)
                          for index, (nom, nature, role) in enumerate(checked.auteurs)]
    if checked.urls is not None:
        notice.liens = [NoticeLien(url=url, sort_order=index) for index, url in enumerate(checked.urls)]
    if checked.themes is not None:
        notice.themes = checked.themes
    if checked.territoires is not None:
        notice.territoires = checked.territoires
    if checked.mots_cles is not None:
        notice.mots_cles.set((tags or Tags()).objects(checked.mots_cles))
    candidates.put_on_notice(notice, checked)  # unknown labels stay on the notice (base_documentaire.candidates)


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
