"""History entries of a request besides Wagtail's create/edit ones: status, assignment, answer, data actions."""
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action

from .models import Statut

STATUS = "infodoc.statut"
ASSIGNMENT = "infodoc.attribution"
ANSWER = "infodoc.reponse"
PUBLISHED_QR = "infodoc.questions_reponses"
EXPORT = "infodoc.export"
ANONYMISED = "infodoc.anonymisation"


def _status_label(value):
    return str(Statut(value).label) if value in Statut.values else value


def log_status(demande, previous, user):
    if previous != demande.statut:
        log_action(demande, STATUS, user=user, data={"avant": previous, "apres": demande.statut})


def log_assignment(demande, previous_id, user):
    if previous_id != demande.assignee_id:
        assignee = demande.assignee
        log_action(demande, ASSIGNMENT, user=user,
                   data={"apres": assignee.get_full_name() or assignee.get_username() if assignee else ""})


def log_answer(demande, reponse, user):
    log_action(demande, ANSWER, user=user, data={"reponse": reponse.pk})


def log_changes(demande, before, user):
    """Log what an edit changed in the status and the assignment (`before`: the values before it)."""
    log_status(demande, before["statut"], user)
    log_assignment(demande, before["assignee_id"], user)


class StatusFormatter(LogFormatter):
    label = _("Change status")

    def format_message(self, log_entry):
        return _("Status: %(before)s → %(after)s") % {"before": _status_label(log_entry.data.get("avant")),
                                                      "after": _status_label(log_entry.data.get("apres"))}


class AssignmentFormatter(LogFormatter):
    label = _("Assign")

    def format_message(self, log_entry):
        assignee = log_entry.data.get("apres")
        return _("Assigned to %(name)s") % {"name": assignee} if assignee else _("Assignment removed")


def register(actions):
    actions.register_action(STATUS)(StatusFormatter)
    actions.register_action(ASSIGNMENT)(AssignmentFormatter)
    actions.register_action(ANSWER, _("Send the answer"), _("Answer sent by e-mail"))
    actions.register_action(PUBLISHED_QR, _("Publish as questions-answers"), _("Draft questions-answers created"))
    actions.register_action(EXPORT, _("Export the requester's data"), _("Requester's data exported"))
    actions.register_action(ANONYMISED, _("Anonymise"), _("Request anonymised"))
