"""Shared fixtures of the documentary base: vocabularies, contributors, published notices."""
import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page

from base_documentaire import indexing
from base_documentaire.documents import notice_schema
from base_documentaire.models import (BaseDocumentairePage, Contributeur, Fichier, Notice, NoticeAuteur,
                                      Territoire, Theme)
from search.engines import get_engine
from tests import services


@pytest.fixture(params=services.engine_params())
def search_index(request, db, settings):
    """An empty notices index, on each engine: the documentary base must behave the same on the
    embedded default, OpenSearch and Elasticsearch. The engine's storage is not rolled back with
    the database."""
    services.use_engine(settings, request.param)
    yield from _empty_notices_index()


@pytest.fixture
def embedded_index(db):
    """An empty notices index on the default (embedded) engine only, as the quick suite runs."""
    yield from _empty_notices_index()


def _empty_notices_index():
    engine = get_engine()
    engine.drop(notice_schema())
    yield engine
    engine.drop(notice_schema())


@pytest.fixture
def vocabulary(db):
    cohesion = Theme.objects.create(nom="Cohésion sociale")
    sante = Theme.objects.create(nom="Santé", parent=cohesion)
    emploi = Theme.objects.create(nom="Emploi et développement économique")
    qpv = Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV\nquartier prioritaire")
    occitanie = Territoire.objects.create(niveau="region", code="76", nom="Occitanie")
    herault = Territoire.objects.create(niveau="departement", code="34", nom="Hérault")
    herault.parents.set([occitanie])
    montpellier = Territoire.objects.create(niveau="commune", code="34172", nom="Montpellier")
    montpellier.parents.set([herault])
    bretagne = Territoire.objects.create(niveau="region", code="53", nom="Bretagne")
    return {"cohesion": cohesion, "sante": sante, "emploi": emploi, "qpv": qpv, "occitanie": occitanie,
            "herault": herault, "montpellier": montpellier, "bretagne": bretagne}


@pytest.fixture
def contributeurs(db):
    return {
        "vto": Contributeur.objects.create(code="vto", nom="Villes et Territoires Occitanie"),
        "resovilles": Contributeur.objects.create(code="resovilles", nom="RésO Villes"),
    }


def stored_pdf(name, prive=False):
    """A Fichier holding a tiny PDF, public or private."""
    fichier = Fichier(title=name, prive=prive)
    fichier.file.save(name, ContentFile(b"%PDF-1.4 " + name.encode()), save=True)
    return fichier


def make_notice(titre, *, themes=(), territoires=(), publish=True, auteurs=(), **fields):
    notice = Notice(titre=titre, **fields)
    notice.themes = list(themes)
    notice.territoires = list(territoires)
    notice.auteurs = [NoticeAuteur(nom=name, nature="collectivite") for name in auteurs]
    notice.live = publish
    notice.save()
    if publish:
        notice.save_revision().publish()
    return notice


@pytest.fixture
def notices(search_index, vocabulary, contributeurs):
    v, c = vocabulary, contributeurs
    created = {
        "sante": make_notice("Santé mentale et précarité dans les quartiers", themes=[v["sante"]],
                             territoires=[v["montpellier"]], contributeur=c["vto"], annee=2019,
                             type_document="dossier", resume="Les conseils locaux de santé mentale.",
                             auteurs=["Villes et Territoires Occitanie"]),
        "emploi": make_notice("L'emploi des jeunes des quartiers prioritaires", themes=[v["emploi"], v["qpv"]],
                              territoires=[v["bretagne"]], contributeur=c["resovilles"], annee=2021,
                              type_document="actes", resume="Actes de la journée régionale sur l'emploi."),
        "egalite": make_notice("Égalité femmes-hommes : guide méthodologique", themes=[v["cohesion"]],
                               territoires=[v["occitanie"]], contributeur=c["vto"], annee=2021,
                               type_document="guide", resume="Intégrer l'égalité dans les contrats de ville."),
        "brouillon": make_notice("Brouillon non publié sur la santé", themes=[v["sante"]], publish=False,
                                 contributeur=c["vto"], annee=2022),
    }
    indexing.sync(refresh=True)
    return created


@pytest.fixture
def documentary_page(db):
    root = Page.objects.get(depth=1)
    home = root.get_children().first()
    page = home.add_child(instance=BaseDocumentairePage(title="Base documentaire", slug="base-documentaire"))
    page.save_revision().publish()
    return page


# The importers' tests: a small thesaurus and territories with an ambiguous name (Paris), the centre.
@pytest.fixture
def vocab(db):
    themes = {
        "sante": Theme.objects.create(nom="Santé"),
        "emploi": Theme.objects.create(nom="Emploi et développement économique",
                                       synonymes="Emploi\nInsertion professionnelle"),
        "qpv": Theme.objects.create(nom="Quartiers prioritaires", synonymes="QPV"),
        "cohesion": Theme.objects.create(nom="Cohésion sociale"),
    }
    territories = {
        "occitanie": Territoire.objects.create(niveau="region", code="76", nom="Occitanie"),
        "herault": Territoire.objects.create(niveau="departement", code="34", nom="Hérault"),
        "montpellier": Territoire.objects.create(niveau="commune", code="34172", nom="Montpellier"),
        "paris_departement": Territoire.objects.create(niveau="departement", code="75", nom="Paris"),
        "paris_commune": Territoire.objects.create(niveau="commune", code="75056", nom="Paris"),
    }
    return {**themes, **territories}


@pytest.fixture
def crpv(db):
    return Contributeur.objects.create(code="crpv", nom="CRPV Occitanie")
