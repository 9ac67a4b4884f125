"""`manage.py send_alerts`: its French summary, --now, and the periodic task's scheduling."""
from io import StringIO

import pytest
from django.core.management import call_command

from tests.veille.conftest import follow
from veille import tasks


@pytest.fixture
def base(embedded_index, vocabulary, documentary_page):
    return vocabulary


def run(*args):
    out = StringIO()
    call_command("send_alerts", *args, stdout=out)
    return out.getvalue()


def test_the_command_says_what_it_did_in_french(base):
    follow("q=jardins", "lea@example.org", "hebdomadaire")
    assert run().startswith("0 alertes à traiter")
    assert run("--now").startswith("1 alertes à traiter, 1 recherches distinctes (1 requêtes au moteur) : "
                                   "0 e-mails envoyés (0 notices), 1 sans nouveauté, 0 reportées")


def test_schedule_starts_the_workers_loop_once_on_a_backend_that_defers(base, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert run("--schedule").startswith("Prochain passage des alertes planifié le")
    assert run("--schedule").startswith("Un passage des alertes est déjà planifié.")
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path=tasks.send_alerts_task.module_path).count() == 1


def test_schedule_on_a_backend_that_runs_tasks_at_once_points_to_cron(base):
    assert "cron" in run("--schedule")
