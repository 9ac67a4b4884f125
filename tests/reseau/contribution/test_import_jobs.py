"""Import jobs: resumable after a worker stop (nothing half-imported, nothing twice), run by
django-tasks' database backend as in production, visible to their partner only, and on the real
MinIO (its outage included)."""
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from base_documentaire.models import Notice
from reseau.contribution import import_jobs
from reseau.contribution.models import ImportJob
from tests import services

from .test_bulk_import import CSV, URL, figure, text, upload

HEADER = "id,titre,resume,type,auteurs,annee,themes,territoires,langue,pdf\n"
SEVEN = (HEADER + "".join(f"r-{n},Notice {n},,rapport,,2020,,,fre,\n" for n in range(1, 8))).encode()
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class WorkerStopped(BaseException):
    """What a worker killed mid-step amounts to: the step's transaction never commits."""


def pending_job(client, settings, data=SEVEN, **fields):
    """Upload with a task backend that only queues: the job waits for its worker."""
    immediate = settings.TASKS
    settings.TASKS = DUMMY
    response = client.post(URL, {"fichier": SimpleUploadedFile("notices.csv", data), **fields})
    settings.TASKS = immediate
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_a_worker_stopped_mid_step_leaves_the_last_committed_step_and_resuming_continues(
        partner_client, moderator, vocabulary, settings, monkeypatch):
    settings.CONTRIBUTION_IMPORT_STEP = 3
    job = pending_job(partner_client, settings)
    assert job.status == "pending" and partner_client.get(f"{URL}{job.pk}/").status_code == 200
    real_import, calls = import_jobs.import_records, []

    def stopping_in_second_step(parsed, options):
        calls.append(1)
        report = real_import(parsed, options)  # the rows are written…
        if len(calls) == 2:
            raise WorkerStopped  # …but the worker dies before the step commits
        return report

    monkeypatch.setattr(import_jobs, "import_records", stopping_in_second_step)
    with pytest.raises(WorkerStopped):
        import_jobs.run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total, job.created) == ("running", 3, 7, 3)
    assert sorted(Notice.objects.values_list("external_id", flat=True)) == ["r-1", "r-2", "r-3"]
    assert job.lines.filter(kind="created").count() == 3

    page = partner_client.get(f"{URL}{job.pk}/")
    assert "Reprendre l'import" not in text(page)  # still running, as far as anyone can tell
    ImportJob.objects.filter(pk=job.pk).update(heartbeat=timezone.now() - timedelta(minutes=11))
    page = partner_client.get(f"{URL}{job.pk}/")
    assert "L'import s'est arrêté avec le processus de tâches" in text(page)
    monkeypatch.setattr(import_jobs, "import_records", real_import)
    resumed = partner_client.post(f"{URL}{job.pk}/reprendre/", follow=True)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.created, job.updated, job.unchanged) == ("done", 7, 7, 0, 0)
    assert figure(resumed, "created") == "7"
    assert Notice.objects.filter(external_id__startswith="r-").count() == 7  # each once
    assert sorted(job.lines.values_list("line", flat=True)) == list(range(2, 9))  # each line reported once
    assert partner_client.post(f"{URL}{job.pk}/reprendre/").status_code == 404  # a finished job is done


def test_a_job_already_moved_on_by_another_worker_is_left_to_it(partner_client, moderator, vocabulary, settings):
    settings.CONTRIBUTION_IMPORT_STEP = 3
    job = pending_job(partner_client, settings)
    ImportJob.objects.filter(pk=job.pk).update(rows_total=7)
    stale = ImportJob.objects.get(pk=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(rows_done=3)  # another worker committed the first step
    with pytest.raises(import_jobs.JobMovedOn):
        import_jobs._run_step(stale, None, [], None)
    assert not Notice.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # db_worker closes its connection, as in production
def test_the_production_backend_runs_the_job_in_db_worker(partner_client, moderator, vocabulary, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = partner_client.post(URL, {"fichier": SimpleUploadedFile("notices.csv", CSV)}, follow=True)
    job = ImportJob.objects.get()
    assert job.status == "pending" and "En attente du processus de tâches" in text(response)
    assert not Notice.objects.exists()
    call_command("db_worker", batch=True, startup_delay=False, interval=0, verbosity=0)
    job.refresh_from_db()
    assert (job.status, job.created, job.rejected) == ("done", 2, 2)
    assert Notice.objects.filter(external_id__in=["vto-1", "vto-2"]).count() == 2


def test_the_progress_is_polled_as_json_and_the_page_refreshes_without_javascript(partner_client, moderator,
                                                                                  vocabulary, settings):
    job = pending_job(partner_client, settings)
    page = partner_client.get(f"{URL}{job.pk}/").content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert 'role="status"' in page and "<progress" in page
    progress = partner_client.get(f"{URL}{job.pk}/progression/").json()
    assert progress == {"status": "pending", "status_label": "En attente du processus de tâches", "rows_done": 0,
                        "rows_total": None, "finished": False, "stalled": False}
    import_jobs.run(job.pk)
    done = partner_client.get(f"{URL}{job.pk}/")
    assert 'http-equiv="refresh"' not in done.content.decode()
    assert partner_client.get(f"{URL}{job.pk}/progression/").json()["finished"] is True


def test_partners_see_only_their_jobs_the_documentalist_sees_all(partner_client, other_client, moderator_client,
                                                               vocabulary, settings):
    job = pending_job(partner_client, settings)
    for suffix in ("", "progression/", "rapport.csv"):
        assert partner_client.get(f"{URL}{job.pk}/{suffix}").status_code == 200
        assert other_client.get(f"{URL}{job.pk}/{suffix}").status_code == 404
        assert moderator_client.get(f"{URL}{job.pk}/{suffix}").status_code == 200
    ImportJob.objects.filter(pk=job.pk).update(status="failed")
    assert other_client.post(f"{URL}{job.pk}/reprendre/").status_code == 404
    assert "notices.csv" in text(partner_client.get(URL))
    assert "notices.csv" not in text(other_client.get(URL))
    assert "notices.csv" in text(moderator_client.get(URL))


@pytest.mark.services
def test_on_minio_the_file_is_stored_in_the_bucket_and_an_outage_loses_nothing(
        partner_client, moderator, vocabulary, real_services):
    job = pending_job(partner_client, real_services)
    bucket = services.s3_options()["bucket_name"]
    stored = services.ensure_bucket().get_object(Bucket=bucket, Key=job.file.name)["Body"].read()
    assert stored == SEVEN
    services.service("stop", "minio")
    try:
        refused = upload(partner_client, CSV, name="pendant-la-panne.csv")
        import_jobs.run(job.pk)  # the worker cannot read the stored file
    finally:
        services.service("start", "minio")
    assert "Le stockage des fichiers est indisponible" in text(refused)
    assert ImportJob.objects.count() == 1  # no job for the file that could not be stored
    job.refresh_from_db()
    assert job.status == "failed" and "Le stockage des fichiers est indisponible" in job.error
    assert not Notice.objects.exists()
    page = partner_client.post(f"{URL}{job.pk}/reprendre/", follow=True)
    job.refresh_from_db()
    assert job.status == "done" and figure(page, "created") == "7"
    job.file.delete(save=False)
