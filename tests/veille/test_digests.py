"""`send_alerts`: frequencies, one engine query per distinct search, the window of "new", failures that lose nothing."""
import logging
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from base_documentaire import indexing
from base_documentaire.models import PendingIndexUpdate
from search.engines import get_engine
from tests.base_documentaire.conftest import make_notice
from tests.base_documentaire.test_indexing import dead
from tests.veille.conftest import follow, publish
from veille.alerts import delivery, digests
from veille.alerts.digests import send_alerts
from veille.models import Alerte

DAY = timedelta(days=1)


@pytest.fixture
def base(embedded_index, vocabulary, documentary_page):
    return vocabulary


@pytest.fixture
def engine_calls(monkeypatch):
    """Every search the engine receives during the test."""
    engine, calls = get_engine(), []
    real = engine.search

    def counted(schema, query):
        calls.append(query)
        return real(schema, query)

    monkeypatch.setattr(engine, "search", counted)
    return calls


def subjects(mailpit, to):
    return [message["Subject"] for message in mailpit.messages(to)]


def test_a_weekly_alert_is_not_due_after_a_day_but_after_a_week(base, mailpit):
    yesterday = timezone.now() - DAY
    daily = follow("q=jardins", "quotidien@example.org", "quotidienne", since=yesterday)
    weekly = follow("q=jardins", "hebdo@example.org", "hebdomadaire", since=yesterday)
    monthly = follow("q=jardins", "mensuel@example.org", "mensuelle", since=yesterday - 20 * DAY)
    publish("Jardins partagés en pied d'immeuble")

    report = send_alerts()
    assert (report.due, report.digests) == (1, 1)
    assert subjects(mailpit, "quotidien@example.org") == ["1 nouvelle notice : « jardins »"]
    assert mailpit.messages("hebdo@example.org") == [] and mailpit.messages("mensuel@example.org") == []

    assert send_alerts().due == 0  # the daily one was just sent: not due again for a day
    Alerte.objects.filter(pk=weekly.pk).update(verifiee_le=timezone.now() - 7 * DAY)
    Alerte.objects.filter(pk=monthly.pk).update(verifiee_le=timezone.now() - 30 * DAY)
    assert send_alerts().digests == 2
    assert subjects(mailpit, "hebdo@example.org") == ["1 nouvelle notice : « jardins »"]
    assert subjects(mailpit, "mensuel@example.org") == ["1 nouvelle notice : « jardins »"]
    assert len(mailpit.messages("quotidien@example.org")) == 1
    daily.refresh_from_db()
    assert daily.dernier_envoi_le is not None


def test_now_sends_every_confirmed_alert_its_pending_digest_whatever_its_frequency(base, mailpit):
    follow("q=jardins", "mensuel@example.org", "mensuelle")
    Alerte.objects.create(recherche="q=jardins", email="pas-confirme@example.org")
    publish("Jardins partagés en pied d'immeuble")
    assert send_alerts().digests == 0
    assert send_alerts(everything=True).digests == 1
    assert len(mailpit.messages("mensuel@example.org")) == 1
    assert mailpit.messages("pas-confirme@example.org") == []


def test_one_engine_query_per_distinct_search_whatever_the_number_of_subscribers(base, mailpit, engine_calls):
    follow("q=jardins&theme=Santé", "a@example.org")
    follow("theme=Santé&q=Jardins&tri=titre", "b@example.org")  # the same search, from another URL
    follow("q=emploi", "c@example.org")
    publish("Jardins thérapeutiques à l'hôpital", themes=[base["sante"]])
    publish("Emploi des jeunes", themes=[base["emploi"]])

    report = send_alerts(everything=True)
    assert (report.searches, report.engine_queries, len(engine_calls)) == (2, 2, 2)
    assert report.digests == 3
    for address in ("a@example.org", "b@example.org"):
        assert subjects(mailpit, address) == ["1 nouvelle notice : « jardins » ; Thème : Santé"]
    assert subjects(mailpit, "c@example.org") == ["1 nouvelle notice : « emploi »"]


def test_only_notices_published_after_the_last_digest_and_never_twice(base, mailpit):
    publish("Jardins d'hier")
    alert = follow("q=jardins", "lea@example.org")
    first = publish("Jardins de printemps")
    send_alerts(everything=True)
    (digest,) = mailpit.messages("lea@example.org")
    assert "Jardins de printemps" in digest["Text"] and "Jardins d'hier" not in digest["Text"]
    alert.refresh_from_db()
    assert alert.derniers_envoyes == [first.pk]

    first.save_revision().publish()  # republished: still not new
    publish("Jardins d'été")
    assert send_alerts(everything=True).digests == 1
    second = mailpit.messages("lea@example.org")[1]
    assert "Jardins d'été" in second["Text"] and "Jardins de printemps" not in second["Text"]
    assert send_alerts(everything=True).digests == 0 and len(mailpit.messages("lea@example.org")) == 2


def test_a_long_digest_lists_the_newest_and_links_to_the_rest(base, mailpit, monkeypatch):
    monkeypatch.setattr(delivery, "DIGEST_MAX", 2)
    monkeypatch.setattr(digests, "FETCH_LIMIT", 3)
    follow("q=jardins", "lea@example.org")
    for number in range(1, 5):
        publish(f"Jardins n° {number}")
    send_alerts(everything=True)
    (digest,) = mailpit.messages("lea@example.org")
    assert digest["Subject"] == "Plus de 3 nouvelles notices : « jardins »"
    assert "Jardins n° 4" in digest["Text"] and "Jardins n° 3" in digest["Text"]
    assert "Jardins n° 2" not in digest["Text"]
    assert "https://crpv.example.org/base-documentaire/?q=jardins&tri=date" in digest["Text"]
    assert send_alerts(everything=True).digests == 0  # the rest was announced, never sent later


def test_the_engine_down_during_the_run_loses_nothing(base, mailpit, settings, caplog):
    alert = follow("q=jardins", "lea@example.org")
    publish("Jardins partagés")
    live = settings.CRPV_SEARCH_ENGINE
    settings.CRPV_SEARCH_ENGINE = dead(live)
    with caplog.at_level(logging.ERROR, logger="veille"), pytest.raises(CommandError, match="prochain passage"):
        call_command("send_alerts", "--now", stdout=open("/dev/null", "w"))
    assert "the search 'q=jardins' failed, its 1 alerts wait for the next run" in caplog.text
    assert mailpit.messages("lea@example.org") == []
    before = alert.couverte_jusqua
    alert.refresh_from_db()
    assert alert.couverte_jusqua == before and alert.dernier_envoi_le is None

    settings.CRPV_SEARCH_ENGINE = live
    call_command("send_alerts", "--now", stdout=open("/dev/null", "w"))
    (digest,) = mailpit.wait_for("lea@example.org")
    assert "Jardins partagés" in digest["Text"]


def test_the_smtp_server_down_marks_nothing_sent_and_the_next_run_sends(base, mailpit, settings, caplog):
    alert = follow("q=jardins", "lea@example.org")
    publish("Jardins partagés")
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nobody listens there
    with caplog.at_level(logging.ERROR, logger="veille"):
        report = send_alerts(everything=True)
    assert report.digests == 0 and report.postponed == 1 and report.mail_errors
    assert "could not be sent, it waits for the next run" in caplog.text
    alert.refresh_from_db()
    assert alert.derniers_envoyes == [] and alert.dernier_envoi_le is None

    settings.EMAIL_PORT = port
    assert send_alerts(everything=True).digests == 1
    (digest,) = mailpit.wait_for("lea@example.org")
    assert "Jardins partagés" in digest["Text"]


def test_a_notice_still_waiting_for_the_index_is_sent_once_indexed(base, mailpit, settings):
    follow("q=jardins", "lea@example.org")
    live = settings.CRPV_SEARCH_ENGINE
    settings.CRPV_SEARCH_ENGINE = dead(live)
    publish("Jardins partagés")  # the engine refuses the update: it waits in the outbox
    settings.CRPV_SEARCH_ENGINE = live
    assert PendingIndexUpdate.objects.exists()
    later = make_notice("Jardins familiaux")
    indexing.sync([later.pk], refresh=True)  # indexed alone: the older one still waits
    assert list(PendingIndexUpdate.objects.values_list("notice_id", flat=True)) != [later.pk]
    assert PendingIndexUpdate.objects.count() == 1

    send_alerts(everything=True)  # held back before the waiting notice, so the later one waits too
    assert mailpit.messages("lea@example.org") == []
    indexing.sync(refresh=True)
    send_alerts(everything=True)
    (digest,) = mailpit.wait_for("lea@example.org")
    assert "Jardins partagés" in digest["Text"] and "Jardins familiaux" in digest["Text"]


def test_a_notice_published_a_moment_ago_waits_for_the_settling_delay(base, mailpit, settings):
    settings.ALERTS_SETTLE_SECONDS = 300
    follow("q=jardins", "lea@example.org", since=timezone.now() - DAY)
    publish("Jardins partagés")
    assert send_alerts(everything=True).digests == 0
    assert send_alerts(now=timezone.now() + timedelta(seconds=301), everything=True).digests == 1
    assert len(mailpit.wait_for("lea@example.org")) == 1


def test_the_worker_task_runs_the_same_pass(base, mailpit):
    from veille.tasks import schedule_next_run, send_alerts_task

    follow("q=jardins", "lea@example.org")
    publish("Jardins partagés")
    result = send_alerts_task.enqueue(everything=True)  # the immediate backend of the tests runs it now
    assert result.return_value["digests"] == 1
    assert len(mailpit.wait_for("lea@example.org")) == 1
    assert "cron" in schedule_next_run(first=True)  # this backend cannot defer: the README's cron line
