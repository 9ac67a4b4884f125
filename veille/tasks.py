"""Work of the task worker (`manage.py db_worker`): the alerts as periodic work, and the sending of a
bulletin de veille (`send_bulletin_task`, one task per sending or resumption).

Alerts: django-tasks has no scheduler, so the task keeps its own loop: each run of `send_alerts_task` sends
what is due, then enqueues the next run INTERVAL later (the database backend of production can defer a
task). `manage.py send_alerts --schedule` starts the loop once; it is idempotent (nothing is enqueued
while a run is already waiting). Without a worker, run `manage.py send_alerts` from cron instead: both
can even run together, an alert is never sent twice (see alerts/digests.py).
"""
from datetime import timedelta

from django.utils.translation import gettext_lazy
from django_tasks import task

from crpv_site import periodic

from .alerts import digests

INTERVAL = timedelta(hours=1)


@task()
def send_alerts_task(everything=False):
    try:
        report = digests.send_alerts(everything=everything)
    finally:
        schedule_next_run()
    return {"due": report.due, "searches": report.searches, "engine_queries": report.engine_queries,
            "digests": report.digests, "postponed": report.postponed,
            "failed_searches": len(report.failed_searches), "mail_errors": len(report.mail_errors)}


SCHEDULE = periodic.ScheduleMessages(
    cannot_defer=gettext_lazy("This task backend runs tasks at once and cannot schedule them: "
                              "run `manage.py send_alerts` from cron every hour instead."),
    already_waiting=gettext_lazy("A run of the alerts is already scheduled."),
    scheduled=gettext_lazy("Next run of the alerts scheduled at %(time)s."))


def schedule_next_run(first=False):
    """Enqueue the next run (now when ``first``, else in INTERVAL); returns what was done, in French."""
    return periodic.schedule_next_run(send_alerts_task, INTERVAL, SCHEDULE, first)


@task()
def send_bulletin_task(envoi_id):
    """One sending of a bulletin de veille (veille/bulletins/sending.py): its pending deliveries, in batches."""
    from .bulletins import sending

    report = sending.run(envoi_id)
    return {"sent": report.sent, "failed": report.failed, "skipped": report.skipped,
            "interrupted": report.interrupted}
