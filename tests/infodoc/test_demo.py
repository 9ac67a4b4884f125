"""The demo: pages placed next to the home demo's presentation page, the seed's figures, idempotent."""
from decimal import Decimal

import pytest

from base_documentaire import demo as documentaire_demo
from infodoc import demo, stats
from infodoc.models import DemandeInfoDoc, DemandeInfoDocPage, InfoDocSettings, QuestionReponse, QuestionsReponsesPage


@pytest.fixture
def loaded(demo_site, settings):
    documentaire_demo.load(demo_site)
    demo.load(demo_site)
    return demo_site


def test_demo_pages_requests_and_figures(loaded, client):
    request_page = DemandeInfoDocPage.objects.get()
    assert request_page.url == "/service-info-doc/demande-info-doc/"
    assert QuestionsReponsesPage.objects.get().url == "/service-info-doc/questions-reponses/"
    html = client.get(request_page.url).content.decode()
    assert 'href="/service-info-doc/questions-reponses/"' in html  # the form points to published answers
    assert 5 <= QuestionReponse.objects.filter(live=True).count() <= 8
    centre = list(InfoDocSettings.objects.get().territoires_centre.values_list("pk", flat=True))
    rapport = stats.rapport_annuel(2023, centre)
    assert (rapport.total, rapport.previous_total) == (112, 116)
    assert rapport.hors_territoire.percent == Decimal("25.9")


def test_demo_runs_twice_without_duplicates(loaded):
    counts = (DemandeInfoDoc.objects.count(), QuestionReponse.objects.count())
    demo.load(loaded)
    assert (DemandeInfoDoc.objects.count(), QuestionReponse.objects.count()) == counts
    assert DemandeInfoDocPage.objects.count() == 1 and QuestionsReponsesPage.objects.count() == 1
