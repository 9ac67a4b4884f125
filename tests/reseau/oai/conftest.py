"""A small published catalogue (eight public notices, one draft, one withdrawn, one deleted) on
the documentary base's fixtures, and the repository settings the tests rely on."""
from datetime import UTC, datetime

import pytest
from lxml import etree

from base_documentaire.models import Notice, NoticeLien
from reseau.oai.models import DeletedRecord
from tests.base_documentaire.conftest import (  # noqa: F401
    contributeurs, documentary_page, embedded_index, make_notice, vocabulary)

REPOSITORY = "crpv.example.org"
NS = {"oai": "http://www.openarchives.org/OAI/2.0/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "dc": "http://purl.org/dc/elements/1.1/"}


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def identifier(notice):
    return f"oai:{REPOSITORY}:notice/{notice.pk}"


def set_datestamp(notice, moment):
    """Place a notice at a known moment (update() leaves auto_now alone)."""
    Notice.objects.filter(pk=notice.pk).update(updated_at=moment)


@pytest.fixture
def oai_settings(settings):
    settings.OAI_PMH = {"PAGE_SIZE": 3, "REPOSITORY_IDENTIFIER": REPOSITORY, "ADMIN_EMAILS": ["doc@crpv.example.org"]}
    return settings


@pytest.fixture
def catalogue(oai_settings, vocabulary, contributeurs, documentary_page):
    v, c = vocabulary, contributeurs
    rich = make_notice("Santé mentale et précarité", sous_titre="les conseils locaux", themes=[v["sante"]],
                       territoires=[v["montpellier"]], contributeur=c["vto"], annee=2019, type_document="dossier",
                       resume="Les conseils locaux de santé mentale <CLSM> & les quartiers.", editeur="VTO",
                       isbn="978-2-11-129847-3", langue="fre", publish=False,
                       auteurs=["Dupont, Jeanne", "Villes et Territoires Occitanie", "Abel, Ana"])
    rich.mots_cles.set(["aller vers", "CLSM"])
    rich.liens = [NoticeLien(url="https://example.org/clsm.pdf")]
    rich.save()
    rich.save_revision().publish()
    notices = {
        "rich": rich,
        "emploi": make_notice("L'emploi des jeunes", themes=[v["emploi"], v["qpv"]], territoires=[v["bretagne"]],
                              contributeur=c["resovilles"], annee=2021, type_document="actes"),
        "egalite": make_notice("Égalité femmes-hommes", themes=[v["cohesion"]], territoires=[v["occitanie"]],
                               contributeur=c["vto"], annee=2021, type_document="guide"),
        "sport": make_notice("Sport et quartiers", themes=[v["qpv"]], contributeur=c["resovilles"], annee=2020),
        "podcast": make_notice("Podcast sur la santé", themes=[v["sante"]], contributeur=c["vto"],
                               type_document="podcast", annee=2022),
        "orphan": make_notice("Note sans thème ni centre", annee=2018),
        "emploi2": make_notice("Emploi et insertion", themes=[v["emploi"]], contributeur=c["vto"], annee=2017),
        "rapport": make_notice("Rapport annuel", themes=[v["cohesion"]], contributeur=c["resovilles"], annee=2023),
        "draft": make_notice("Brouillon jamais publié", themes=[v["sante"]], contributeur=c["vto"], publish=False),
        "withdrawn": make_notice("Notice retirée", themes=[v["sante"]], contributeur=c["vto"], annee=2015),
        "deleted": make_notice("Notice supprimée", themes=[v["emploi"]], contributeur=c["resovilles"], annee=2016),
    }
    notices["withdrawn"].unpublish()
    deleted_id = notices["deleted"].pk
    notices["deleted"].delete()
    notices["deleted"].pk = deleted_id  # kept for its identifier
    for number, name in enumerate(["rich", "emploi", "egalite", "sport", "podcast", "orphan", "emploi2", "rapport"]):
        set_datestamp(notices[name], utc(2024, 1, 1 + number, 12, 0, 0))
    DeletedRecord.objects.filter(notice_id=notices["withdrawn"].pk).update(datestamp=utc(2024, 1, 4, 8, 0, 0))
    DeletedRecord.objects.filter(notice_id=deleted_id).update(datestamp=utc(2024, 2, 1, 0, 0, 0))
    return notices


LIVE = ["rich", "emploi", "egalite", "sport", "podcast", "orphan", "emploi2", "rapport"]
GONE = ["withdrawn", "deleted"]


def parse_xml(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return etree.fromstring(response.content)


def error_codes(root):
    return [element.get("code") for element in root.findall("oai:error", NS)]


@pytest.fixture
def live_oai(live_server, transactional_db, django_db_serialized_rollback, oai_settings):
    """The repository's URL on a real HTTP server on 127.0.0.1 (the database rolled back to its
    migrated content after the test, so the page tree the fixtures build on is there again)."""
    return live_server.url + "/oai/"
