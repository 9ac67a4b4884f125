"""The demo publications load once, render, and feed the base documentaire."""
from django.http import QueryDict

from base_documentaire import demo as documentary_demo
from base_documentaire import search_service
from base_documentaire.models import Notice
from ressources.publications import demo
from ressources.publications.models import (FicheExperiencePage, LettreInformationPage, Publication,
                                            PublicationPage)


def test_demo_loads_idempotently_and_its_notices_are_searchable(client, demo_site, search_index,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        documentary_demo.load(demo_site)
        index = demo.load(demo_site)
    count = Publication.objects.count()
    PublicationPage.objects.filter(slug="kit-limits").update(title="Titre retouché par l'équipe")
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(demo_site)
    assert Publication.objects.count() == count
    assert PublicationPage.objects.get(slug="kit-limits").title == "Titre retouché par l'équipe"

    assert index.slug == "publications" and count >= 10
    assert PublicationPage.objects.filter(kind="podcast", audio__isnull=False).exclude(transcript="").exists()
    fiche = FicheExperiencePage.objects.get()
    assert fiche.contexte and fiche.deroulement and fiche.objectifs and fiche.bilan and fiche.porteur
    assert list(LettreInformationPage.objects.order_by("numero").values_list("numero", flat=True)) == [1, 2]
    assert Notice.objects.filter(external_id__startswith="page-", live=True).count() == count

    found = search_service.run(search_service.parse(QueryDict("q=coopérative nutrition")))
    assert fiche.title in [notice.titre for notice, _highlights in found.notices]
    for page in Publication.objects.live():
        assert client.get(page.url).status_code == 200, page.url
    assert client.get(index.url).status_code == 200
