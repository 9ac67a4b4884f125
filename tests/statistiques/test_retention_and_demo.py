"""Nothing kept beyond 13 months (command and periodic task), and the demo's statistics."""
from datetime import date, timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from statistiques import demo, retention, tasks
from statistiques.models import Consultation, Recherche

from .conftest import ADMIN


@pytest.mark.parametrize("day, months, expected", [
    (date(2026, 12, 5), 13, date(2025, 11, 5)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2028, 3, 31), 1, date(2028, 2, 29)),
    (date(2026, 1, 15), 13, date(2024, 12, 15)),
])
def test_months_before(day, months, expected):
    assert retention.months_before(day, months) == expected


def counter(day, text="santé"):
    return Recherche.objects.create(jour=day, cle=f"{day}{text}", texte=text, texte_plie=text, recherches=1)


def test_the_purge_deletes_what_is_older_than_13_months_and_its_openings(db, vocabulary, contributeurs):
    from tests.base_documentaire.conftest import make_notice

    notice = make_notice("Santé mentale", themes=[vocabulary["sante"]])
    today = date(2026, 12, 5)
    old, kept = counter(date(2025, 11, 4)), counter(date(2025, 11, 5))
    Consultation.objects.create(recherche=old, notice=notice, ouvertures=3)
    Consultation.objects.create(recherche=kept, notice=notice, ouvertures=1)
    assert retention.purge(today=today) == 1
    assert list(Recherche.objects.all()) == [kept]
    assert list(Consultation.objects.values_list("recherche", flat=True)) == [kept.pk]


def test_the_command_purges_and_says_so_in_french(db):
    counter(date.today() - timedelta(days=800))
    counter(date.today())
    out = StringIO()
    call_command("purge_search_statistics", stdout=out)
    assert "1 compteurs journaliers de recherche antérieurs au" in out.getvalue()
    assert Recherche.objects.count() == 1


def test_schedule_without_a_deferring_backend_says_to_use_cron(db):
    out = StringIO()
    call_command("purge_search_statistics", "--schedule", stdout=out)
    assert "lancez plutôt `manage.py purge_search_statistics` chaque jour depuis cron" in out.getvalue()


def test_the_task_purges_and_schedules_its_next_run(db, monkeypatch):
    counter(date.today() - timedelta(days=800))
    scheduled = []
    monkeypatch.setattr(tasks, "schedule_next_run", lambda first=False: scheduled.append(first))
    assert tasks.purge_task.call() == {"deleted": 1}
    assert scheduled == [False]


def test_the_demo_shows_figures_once_loaded_and_loads_once(client, documentalist, db):
    demo.load()
    count = Recherche.objects.count()
    assert count > 0
    demo.load()
    assert Recherche.objects.count() == count
    client.force_login(documentalist)
    page = BeautifulSoup(client.get(ADMIN).content, "html.parser")
    assert int(page.find(id="stats-total").get_text(strip=True)) > 100
    assert page.find("table", id="stats-zero-results").find("th", string="renouvelement urbin")
    assert len(page.find("table", id="table-recherches").select("tbody tr")) >= 13
