"""Where a notice stands in moderation, as its centre sees it: draft, submitted, changes
requested, rejected or published, with the documentalist's comment."""
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import pgettext_lazy
from wagtail.models import WorkflowState

DRAFT = "draft"
SUBMITTED = "submitted"
CHANGES_REQUESTED = "changes_requested"
REJECTED = "rejected"
PUBLISHED = "published"
PUBLISHED_WITH_DRAFT = "published_with_draft"

LABELS = {
    DRAFT: pgettext_lazy("moderation status", "Draft"),
    SUBMITTED: pgettext_lazy("moderation status", "Awaiting validation"),
    CHANGES_REQUESTED: pgettext_lazy("moderation status", "Changes requested"),
    REJECTED: pgettext_lazy("moderation status", "Rejected"),
    PUBLISHED: pgettext_lazy("moderation status", "Published"),
    PUBLISHED_WITH_DRAFT: pgettext_lazy("moderation status", "Published, draft changes"),
}
# Tone of the admin's status tag (Wagtail's w-status classes).
TONES = {SUBMITTED: "w-status--primary", CHANGES_REQUESTED: "w-status--label", REJECTED: "w-status--label",
         PUBLISHED: "w-status--primary", PUBLISHED_WITH_DRAFT: "w-status--primary"}


@dataclass
class ContributionStatus:
    code: str
    comment: str = ""
    by: object = None  # the user who decided (or submitted)
    at: datetime | None = None

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def tone(self):
        return TONES.get(self.code, "")


def _latest_states(notices):
    """The latest workflow state of each notice, with its current task state (and refusal flag)."""
    from base_documentaire.models import Notice

    from .models import ValidationTaskState

    ids = [str(notice.pk) for notice in notices if notice.pk]
    if not ids:
        return {}, set()
    content_type = ContentType.objects.get_for_model(Notice)
    states = (WorkflowState.objects.filter(base_content_type=content_type, object_id__in=ids)
              .select_related("requested_by", "current_task_state__finished_by")
              .order_by("object_id", "-created_at", "-pk"))
    latest = {}
    for state in states:
        latest.setdefault(state.object_id, state)
    task_state_ids = [state.current_task_state_id for state in latest.values() if state.current_task_state_id]
    refused = set(ValidationTaskState.objects.filter(pk__in=task_state_ids, refused=True).values_list("pk", flat=True))
    return latest, refused


def _status(notice, state, refused):
    task_state = state.current_task_state if state else None
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ContributionStatus(SUBMITTED, by=state.requested_by, at=state.created_at)
    if state and task_state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return ContributionStatus(CHANGES_REQUESTED, task_state.comment, task_state.finished_by, task_state.finished_at)
    if state and task_state and state.status == WorkflowState.STATUS_CANCELLED and task_state.pk in refused:
        return ContributionStatus(REJECTED, task_state.comment, task_state.finished_by, task_state.finished_at)
    if notice.live:
        code = PUBLISHED_WITH_DRAFT if notice.has_unpublished_changes else PUBLISHED
        if state and task_state and state.status == WorkflowState.STATUS_APPROVED:
            return ContributionStatus(code, task_state.comment, task_state.finished_by, task_state.finished_at)
        return ContributionStatus(code)
    return ContributionStatus(DRAFT)


def statuses(notices):
    """{notice pk: ContributionStatus} in three queries whatever the number of notices."""
    notices = list(notices)
    latest, refused = _latest_states(notices)
    return {notice.pk: _status(notice, latest.get(str(notice.pk)), refused) for notice in notices}


def status_of(notice):
    return statuses([notice])[notice.pk]
