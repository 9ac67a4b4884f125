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


class ImportJob(models.Model):
    """A file imported from the admin by the task worker (import_jobs.py). ``rows_done`` is the
    resumption point: the records committed so far, written in the same transaction as them."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("imported by"))
    contributeur = models.ForeignKey(Contributeur, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("contributor"))
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10)
    dry_run = models.BooleanField(_("check only"), default=False)
    moderated = models.BooleanField(_("submitted to moderation"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rows_total = models.PositiveIntegerField(_("records in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("records imported"), default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    files_attached = models.PositiveIntegerField(default=0)
    unknown_terms = models.JSONField(default=dict, blank=True)  # {"vocabulaire|label": occurrences}
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    heartbeat = models.DateTimeField(_("last activity"), auto_now=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return self.file_name


class ImportJobLine(models.Model):
    """One line of an import job's report: a record's outcome, a warning or a file not attached."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Notice created")
        UPDATED = "updated", _("Notice updated")
        UNCHANGED = "unchanged", _("Notice unchanged")
        REJECTED = "rejected", _("Line rejected")
        WARNING = "warning", _("Warning")
        MISSING_FILE = "missing_file", _("File not attached")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    external_id = models.CharField(max_length=255, blank=True)
    message = models.TextField(blank=True)
    notice_id = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["line", "pk"]
        indexes = [models.Index(fields=["job", "kind"])]
