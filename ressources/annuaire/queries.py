"""What an acteur's page lists: its events, publications and notices of the documentary base.

Events and publications belong to the agenda and publications apps; they are asked through their
`queries` modules when those apps are installed, and the lists stay empty otherwise.
"""
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.db.models import Q

from base_documentaire.models import BaseDocumentairePage, Notice, NoticeAuteur
from ressources.pages import first_live

LIMIT = 20


@dataclass(frozen=True)
class Linked:
    items: list
    total: int


def events_for(acteur, limit=LIMIT):
    return _from_app("ressources.agenda", "events_for_acteur", acteur, limit)


def publications_for(acteur, limit=LIMIT):
    return _from_app("ressources.publications", "publications_for_acteur", acteur, limit)


def _from_app(app_name, function_name, acteur, limit):
    if not apps.is_installed(app_name):
        return Linked([], 0)
    try:
        find = getattr(import_module(f"{app_name}.queries"), function_name)
    except (ImportError, AttributeError):
        return Linked([], 0)
    found = find(acteur)
    total = len(found) if isinstance(found, (list, tuple)) else found.count()
    return Linked(list(found[:limit]), total)


def notices_for_acteur(acteur):
    """Published notices the acteur wrote (as an organisation author) or catalogued, newest first."""
    names = [name for name in (acteur.nom, acteur.sigle) if name]
    authored = Q()
    for name in names:
        authored |= Q(auteurs__nature=NoticeAuteur.Nature.COLLECTIVITE, auteurs__nom__iexact=name)
    if acteur.contributeur_id:
        authored |= Q(contributeur_id=acteur.contributeur_id)
    notices = Notice.objects.filter(live=True).filter(authored).distinct()
    return notices.order_by("-annee", "-pk")


def notices_for(acteur, limit=LIMIT):
    """The newest notices of the acteur with their URL in the documentary base (none without its page)."""
    page = first_live(BaseDocumentairePage)
    if page is None:
        return Linked([], 0), None
    notices = notices_for_acteur(acteur)
    found = notices.only("pk", "titre", "annee", "type_document")[:limit]
    items = [(notice, page.notice_url(notice)) for notice in found]
    return Linked(items, notices.count()), page
