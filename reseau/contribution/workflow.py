"""Moderation of notices: submitting one (the admin's "Submit" button, a partner's import) and the
third decision of the validation task, rejection."""
import django.dispatch
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState

REFUSE_ACTION = "contribution.refuse"

# Sent once a notice is rejected: instance is the ValidationTaskState, user the moderator.
notice_refused = django.dispatch.Signal()


def submit_for_moderation(notice, user):
    """Put the notice's latest revision before the moderators, as the admin's "Submit" button does:
    resume a workflow waiting for changes, start one otherwise; leave one already in progress."""
    workflow = notice.get_workflow()
    if workflow is None:
        return None
    state = notice.current_workflow_state
    if state is None:
        return workflow.start(notice, user)
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
    return state


@transaction.atomic
def refuse(task_state, user=None, comment=""):
    """Reject the notice: the task is closed as refused and the workflow ends without publishing.
    The notice stays a draft of its centre, which may correct it and submit it again."""
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise PermissionDenied
    task_state.status = TaskState.STATUS_REJECTED
    task_state.refused = True
    task_state.finished_at = timezone.now()
    task_state.finished_by = user
    task_state.comment = comment
    task_state.save()
    workflow_state = task_state.workflow_state
    workflow_state.status = WorkflowState.STATUS_CANCELLED
    workflow_state.save()
    log(
        instance=task_state.revision.as_object(),
        action=REFUSE_ACTION,
        user=user,
        revision=task_state.revision,
        data={
            "workflow": {
                "id": workflow_state.workflow_id, "title": workflow_state.workflow.name, "status": "rejected",
                "task_state_id": task_state.pk, "task": {"id": task_state.task_id, "title": task_state.task.name},
                "next": None,
            },
            "comment": comment,
        },
    )
    notice_refused.send(sender=type(task_state), instance=task_state, user=user)
    return task_state
