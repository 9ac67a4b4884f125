"""Partner accounts (a user acting for one contributeur) and the moderation task of notices."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import AbstractGroupApprovalTask, TaskState

from base_documentaire.models import Contributeur


class ComptePartenaire(models.Model):
    """A user of a partner centre: creates and edits that centre's notices and files only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="compte_partenaire",
                                verbose_name=_("user"))
    contributeur = models.ForeignKey(Contributeur, on_delete=models.PROTECT, related_name="comptes_partenaires",
                                     verbose_name=_("contributor"),
                                     help_text=_("The centre this user contributes for."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["contributeur__nom", "user__username"]
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")

    def __str__(self):
        return f"{self.user.get_username()} – {self.contributeur}"


class EspacePartenaire(models.Model):
    """What the admin keeps for one partner centre: its files collection and its users' group."""

    contributeur = models.OneToOneField(Contributeur, on_delete=models.CASCADE, related_name="espace_partenaire",
                                        verbose_name=_("contributor"))
    collection = models.ForeignKey("wagtailcore.Collection", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("files collection"))
    group = models.ForeignKey("auth.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("group"))

    class Meta:
        verbose_name = _("partner space")
        verbose_name_plural = _("partner spaces")

    def __str__(self):
        return str(self.contributeur)


class ValidationTaskState(TaskState):
    """A moderation step; `refused` tells a rejection (the notice is turned down) from a request
    for changes, which Wagtail records with the same "rejected" task status."""

    refused = models.BooleanField(_("rejected"), default=False)

    class Meta:
        verbose_name = _("notice validation task state")
        verbose_name_plural = _("notice validation task states")


class ValidationTask(AbstractGroupApprovalTask):
    """Wagtail's group approval (approve, request changes) plus a third decision: reject."""

    REFUSE = "refuse"
    task_state_class = ValidationTaskState

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions.insert(1, (self.REFUSE, pgettext_lazy("moderation action", "Reject"), True))
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == self.REFUSE:
            from .workflow import refuse

            refuse(task_state.specific, user=user, comment=kwargs.get("comment", ""))
            return None  # the workflow action view redirects to what this returns
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve the notice, ask for changes or reject it, with a comment")

    class Meta:
        verbose_name = _("notice validation task")
        verbose_name_plural = _("notice validation tasks")
