"""What partners and the documentalist read about moderation in the notices' admin: a
"Moderation" column in the listing and, in the edit view, a message with the latest decision and
its comment."""
from django.contrib import messages
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column

from . import status as contribution_status


class StatusColumn(Column):
    cell_template_name = "contribution/admin/status_cell.html"

    def __init__(self):
        super().__init__("contribution_status", label=gettext_lazy("Moderation"))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["status"] = getattr(instance, "_contribution_status", None)
        return context


class StatusIndexMixin:
    """A "Moderation" column: where each notice stands, with the documentalist's comment."""

    @cached_property
    def columns(self):
        return [*super().columns, StatusColumn()]

    def get_table(self, object_list):
        object_list = list(object_list)
        found = contribution_status.statuses(object_list)
        for notice in object_list:
            notice._contribution_status = found[notice.pk]
        return super().get_table(object_list)


def status_message(status):
    """The sentence the edit view shows about the moderation of a notice, or None."""
    when = date_format(localtime(status.at), "DATETIME_FORMAT") if status.at else ""
    who = (status.by.get_full_name() or status.by.get_username()) if status.by else _("the documentalist")
    comment = status.comment.strip()
    if status.code == contribution_status.SUBMITTED:
        return messages.INFO, _("Submitted for validation on %(when)s: the documentalist will publish it, ask for "
                                "changes or reject it.") % {"when": when}
    if status.code == contribution_status.CHANGES_REQUESTED:
        text = _("Changes requested by %(who)s on %(when)s.") % {"who": who, "when": when}
        if comment:
            text += " " + _("Comment: “%(comment)s”.") % {"comment": comment}
        return messages.WARNING, text + " " + _("Correct the notice, then submit it again.")
    if status.code == contribution_status.REJECTED:
        text = _("Rejected by %(who)s on %(when)s.") % {"who": who, "when": when}
        if comment:
            text += " " + _("Comment: “%(comment)s”.") % {"comment": comment}
        return messages.ERROR, text
    if comment and status.code in (contribution_status.PUBLISHED, contribution_status.PUBLISHED_WITH_DRAFT):
        return messages.INFO, _("Validated by %(who)s on %(when)s. Comment: “%(comment)s”.") % {
            "who": who, "when": when, "comment": comment}
    return None


class StatusMessageMixin:
    """The edit view says where the notice stands in moderation, with the comment."""

    def get(self, request, *args, **kwargs):
        if found := status_message(contribution_status.status_of(self.live_object)):
            messages.add_message(request, *found)
        return super().get(request, *args, **kwargs)
