"""The purge of old statistics as periodic work of the task worker (`manage.py db_worker`).

django-tasks has no scheduler: as veille.tasks does for the alerts, each run purges, then enqueues the
next run a day later. `manage.py purge_search_statistics --schedule` starts the loop once (idempotent);
without a worker, run `manage.py purge_search_statistics` from cron (daily or monthly) instead.
"""
from datetime import timedelta

from django.utils.translation import gettext_lazy
from django_tasks import task

from crpv_site import periodic

from . import retention

INTERVAL = timedelta(days=1)


@task()
def purge_task():
    try:
        return {"deleted": retention.purge()}
    finally:
        schedule_next_run()


SCHEDULE = periodic.ScheduleMessages(
    cannot_defer=gettext_lazy("This task backend runs tasks at once and cannot schedule them: "
                              "run `manage.py purge_search_statistics` from cron every day instead."),
    already_waiting=gettext_lazy("A purge of the search statistics is already scheduled."),
    scheduled=gettext_lazy("Next purge of the search statistics scheduled at %(time)s."))


def schedule_next_run(first=False):
    """Enqueue the next run (now when ``first``, else in INTERVAL); returns what was done, in French."""
    return periodic.schedule_next_run(purge_task, INTERVAL, SCHEDULE, first)
