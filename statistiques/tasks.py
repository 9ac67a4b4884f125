"""The purge of old statistics as periodic work of the task worker (`manage.py db_worker`).

django-tasks has no scheduler: as veille.tasks does for the alerts, each run purges, then enqueues the
next run a day later. `manage.py purge_search_statistics --schedule` starts the loop once (idempotent);
without a worker, run `manage.py purge_search_statistics` from cron (daily or monthly) instead.
"""
from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from . import retention

INTERVAL = timedelta(days=1)


@task()
def purge_task():
    try:
        return {"deleted": retention.purge()}
    finally:
        schedule_next_run()


def schedule_next_run(first=False):
    """Enqueue the next run (now when ``first``, else in INTERVAL); returns what was done, in French."""
    backend = purge_task.get_backend()
    if not backend.supports_defer:
        return _("This task backend runs tasks at once and cannot schedule them: "
                 "run `manage.py purge_search_statistics` from cron every day instead.")
    if _run_waiting():
        return _("A purge of the search statistics is already scheduled.")
    run_after = timezone.now() + (timedelta(0) if first else INTERVAL)
    purge_task.using(run_after=run_after).enqueue()
    return _("Next purge of the search statistics scheduled at %(time)s.") % {
        "time": timezone.localtime(run_after).strftime("%d/%m/%Y %H:%M")}


def _run_waiting():
    if not apps.is_installed("django_tasks_db"):
        return False
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=purge_task.module_path, status=TaskResultStatus.READY).exists()
