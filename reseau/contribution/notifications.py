"""E-mails of the notices' moderation, in French (HTML + text, crpv_site.mail): a submission goes to the
moderators; approval, a request for changes and a rejection go to whoever submitted the notice (the partner).
Links use the configured site address (WAGTAILADMIN_BASE_URL).

Wagtail's own workflow e-mails (written for pages) keep serving pages and the other models; for
notices these replace them, so each step sends one clear message. A partner's bulk import sends
the moderators one message for the whole file instead of one per notice (`grouped_submissions`).
"""
import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)
from wagtail.users.models import UserProfile

from crpv_site.mail import absolute_url, send_templated_mail

logger = logging.getLogger(__name__)

_grouped = ContextVar("contribution_grouped_submissions", default=None)


def is_notice(obj):
    from base_documentaire.models import Notice

    return isinstance(obj, Notice)


def _workflow_object(workflow_state):
    try:
        return workflow_state.content_object
    except Exception:  # a deleted object: nothing to tell about
        return None


def edit_url(notice):
    return absolute_url(reverse(notice.snippet_viewset.get_url_name("edit"), args=[notice.pk]))


def public_url(notice):
    try:
        return absolute_url(notice.get_absolute_url())
    except Exception:  # no published documentary page yet
        return ""


def display_name(user):
    if user is None:
        return _("the documentalist")
    return user.get_full_name() or user.get_username()


def _wants(user, preference):
    return bool(user and user.is_active and user.email
                and getattr(UserProfile.get_for_user(user), f"{preference}_notifications", True))


def send(recipients, template, context, preference):
    """One message per recipient (`template`: its .subject.txt, .txt and .html), in the recipient's admin
    language (French by default)."""
    sent = 0
    for user in recipients:
        if not _wants(user, preference):
            continue
        try:
            with override(UserProfile.get_for_user(user).get_preferred_language()):
                send_templated_mail(template, {**context, "recipient": user}, [user.email])
            sent += 1
        except Exception:  # a mail server failure must never undo a moderation step
            logger.exception("Moderation e-mail to %s failed", user.email)
    return sent


def moderators_of(task, exclude=None):
    users = get_user_model().objects.filter(groups__in=task.groups.all(), is_active=True).distinct()
    if not users.exists():  # nobody in the group yet: the administrators are told instead
        users = get_user_model().objects.filter(is_superuser=True, is_active=True)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users)


# -- receivers ---------------------------------------------------------------------------------

def on_task_submitted(sender, instance, user=None, **kwargs):
    workflow_state = instance.workflow_state
    notice = _workflow_object(workflow_state)
    if not is_notice(notice):
        return
    grouped = _grouped.get()
    if grouped is not None:
        grouped.append((instance.task.specific, notice))
        return
    # The latest revision's title, read afresh (the workflow state may hold the notice as it was before
    # the save): the e-mail shows nothing else of it, and rebuilding the whole revision read every
    # author and keyword again (three quarters of a partner API write with long lists).
    notice = type(notice).objects.select_related("contributeur", "latest_revision").get(pk=notice.pk)
    if notice.latest_revision is not None:
        notice.titre = notice.latest_revision.content.get("titre", notice.titre)
    context = {"notice": notice, "submitter": display_name(workflow_state.requested_by),
               "contributeur": notice.contributeur, "edit_url": edit_url(notice)}
    send(moderators_of(instance.task.specific, exclude=user), "contribution/emails/submitted", context, "submitted")


def _tell_submitter(workflow_state, user, template, comment, preference):
    notice = _workflow_object(workflow_state)
    if not is_notice(notice):
        return
    requester = workflow_state.requested_by
    if requester is None or requester == user:
        return
    notice = type(notice).objects.get(pk=notice.pk)  # as the step left it (published or not)
    context = {"notice": notice, "moderator": display_name(user), "comment": (comment or "").strip(),
               "edit_url": edit_url(notice), "public_url": public_url(notice) if notice.live else ""}
    send([requester], template, context, preference)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    task_state = instance.current_task_state
    _tell_submitter(instance, user, "contribution/emails/approved", task_state.comment if task_state else "",
                    "approved")


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    task_state = instance.current_task_state
    _tell_submitter(instance, user, "contribution/emails/changes_requested",
                    task_state.comment if task_state else "", "rejected")


def on_notice_refused(sender, instance, user=None, **kwargs):
    _tell_submitter(instance.workflow_state, user, "contribution/emails/rejected", instance.comment, "rejected")


@contextmanager
def grouped_submissions(user):
    """Submissions made inside (a bulk import) are announced to the moderators in one message."""
    collected = []
    token = _grouped.set(collected)
    try:
        yield collected
    finally:
        _grouped.reset(token)
    if not collected:
        return
    task = collected[0][0]
    notices = [notice for _task, notice in collected]
    context = {"notices": notices[:100], "more": max(0, len(notices) - 100), "count": len(notices),
               "submitter": display_name(user), "contributeur": notices[0].contributeur,
               "list_url": absolute_url(reverse(notices[0].snippet_viewset.get_url_name("list")))}
    send(moderators_of(task, exclude=user), "contribution/emails/submitted_bulk", context, "submitted")


class NotNotices:
    """Wagtail's own workflow notifier, left to everything but notices."""

    def __init__(self, notifier):
        self.notifier = notifier

    def __call__(self, sender=None, instance=None, **kwargs):
        if isinstance(instance, WorkflowState) and is_notice(_workflow_object(instance)):
            return False
        return self.notifier(sender=sender, instance=instance, **kwargs)


def connect():
    from wagtail.admin import signal_handlers as wagtail_handlers

    from .models import ValidationTaskState
    from .workflow import notice_refused

    # Same dispatch_uid as Wagtail's: whichever app is ready first, Wagtail's handler ends up
    # replaced by the wrapped one (a second connect with a known uid is ignored).
    for signal, uid, notifier in (
        (workflow_submitted, "workflow_state_submitted_email_notification",
         wagtail_handlers.workflow_submission_email_notifier),
        (workflow_rejected, "workflow_state_rejected_email_notification",
         wagtail_handlers.workflow_rejection_email_notifier),
        (workflow_approved, "workflow_state_approved_email_notification",
         wagtail_handlers.workflow_approval_email_notifier),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(NotNotices(notifier), sender=WorkflowState, dispatch_uid=uid, weak=False)
    task_submitted.connect(on_task_submitted, sender=ValidationTaskState, dispatch_uid="contribution_submitted")
    workflow_approved.connect(on_workflow_approved, sender=WorkflowState, dispatch_uid="contribution_approved")
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState, dispatch_uid="contribution_rejected")
    notice_refused.connect(on_notice_refused, sender=ValidationTaskState, dispatch_uid="contribution_refused")
