"""Periodic work of the task worker (`manage.py db_worker`). django-tasks has no scheduler: a periodic
task enqueues its own next run when it ends (the database backend of production can defer a task), and
`schedule_next_run(first=True)` starts the loop once. It is idempotent: nothing is enqueued while a run
already waits. A backend that cannot defer (development's immediate one) gets the cron advice instead."""
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.utils import timezone


@dataclass(frozen=True)
class ScheduleMessages:
    """What the scheduling says, in French (lazy translations): the backend cannot defer; a run already
    waits; the next run is scheduled (with ``%(time)s``)."""

    cannot_defer: str
    already_waiting: str
    scheduled: str


def schedule_next_run(task, interval, messages, first=False):
    """Enqueue the task's next run (now when ``first``, else in ``interval``); returns what was done."""
    if not task.get_backend().supports_defer:
        return str(messages.cannot_defer)
    if run_waiting(task):
        return str(messages.already_waiting)
    run_after = timezone.now() + (timedelta(0) if first else interval)
    task.using(run_after=run_after).enqueue()
    return messages.scheduled % {"time": timezone.localtime(run_after).strftime("%d/%m/%Y %H:%M")}


def run_waiting(task):
    """A run of the task already waits in the database queue (the one backend that can defer here)."""
    if not apps.is_installed("django_tasks_db"):
        return False
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY).exists()
