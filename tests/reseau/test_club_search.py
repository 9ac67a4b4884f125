"""The network's signalements through the search service, on each engine (embedded, OpenSearch,
Elasticsearch): the type facet filters them (what the bulletin de veille draws on), they credit
their centre, and the newest published come first."""
from datetime import timedelta

from django.http import QueryDict
from django.utils import timezone

from base_documentaire import indexing, search_service
from base_documentaire.documents import notice_schema
from base_documentaire.models import Notice
from reseau.club.service import TYPE_LABEL
from search.engines import get_engine
from search.engines.base import SearchQuery
from tests.base_documentaire.conftest import contributeurs, make_notice, search_index, vocabulary  # noqa: F401


def signalements(contributeurs, vocabulary):  # noqa: F811
    vto, reso = contributeurs["vto"], contributeurs["resovilles"]
    created = {
        "ancien": make_notice("Circulaire sur les contrats de ville", type_document="signalement", contributeur=vto,
                              themes=[vocabulary["qpv"]]),
        "recent": make_notice("Rapport de l'ONPV", type_document="signalement", contributeur=reso),
        "dossier": make_notice("Dossier sur les contrats de ville", type_document="dossier", contributeur=vto),
        "attente": make_notice("Signalement pas encore validé", type_document="signalement", contributeur=reso,
                               publish=False),
    }
    now = timezone.now()
    Notice.objects.filter(pk=created["ancien"].pk).update(first_published_at=now - timedelta(days=3))
    Notice.objects.filter(pk=created["recent"].pk).update(first_published_at=now - timedelta(hours=1))
    indexing.sync(refresh=True)
    return created


def test_the_type_facet_gives_the_networks_published_signalements(search_index, contributeurs, vocabulary):  # noqa: F811
    created = signalements(contributeurs, vocabulary)
    page = search_service.run(search_service.parse(QueryDict(f"type={TYPE_LABEL}")))
    assert sorted(notice.titre for notice, _highlights in page.notices) == [
        created["ancien"].titre, created["recent"].titre]
    assert (TYPE_LABEL, 2) in page.facets["type"]
    # Combined with a theme, as a bulletin's rubrique does; credited to their centre.
    page = search_service.run(search_service.parse(QueryDict(f"type={TYPE_LABEL}&theme=Quartiers prioritaires")))
    assert [(notice.titre, notice.contributeur.nom) for notice, _h in page.notices] == [
        (created["ancien"].titre, "Villes et Territoires Occitanie")]


def test_the_newest_published_signalement_comes_first(search_index, contributeurs, vocabulary):  # noqa: F811
    created = signalements(contributeurs, vocabulary)
    results = get_engine().search(notice_schema(), SearchQuery(filters={"type": [TYPE_LABEL]}, sort="-publie_le"))
    assert [int(hit.id) for hit in results.hits] == [created["recent"].pk, created["ancien"].pk]
