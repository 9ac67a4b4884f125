"""What a partner's system may do with its own centre's notices, through the import pipeline.

A create or an update never publishes: as a partner does in the admin, it saves a draft revision
(Wagtail's create/edit actions) in the token user's name and submits the notice to its moderation
workflow; the documentalist approves (publishes), asks for changes or rejects it in the admin.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.locks import WorkflowLock
from wagtail.models import WorkflowState

from base_documentaire.importers import service as importer
from base_documentaire.models import Notice, NoticeAlias, NoticeFichier
from reseau.contribution.workflow import submit_for_moderation

from . import deletion, payload, vocabularies


class NoticeLocked(Exception):
    """The notice is locked in the administration by someone else."""


class NoticeConflict(Exception):
    """Another request created the same notice at the same moment."""


class PartnerNotices:
    def __init__(self, jeton):
        self.contributeur = jeton.contributeur
        self.user = jeton.user

    def queryset(self):
        return Notice.objects.filter(contributeur=self.contributeur).exclude(external_id="")

    def get(self, external_id):
        """The centre's notice of this id, or None: another centre's notice does not exist here.
        The id of a notice merged into another one leads to the notice kept (its alias)."""
        notice = self.queryset().filter(external_id=external_id).first()
        if notice is None and external_id:
            notice = Notice.objects.filter(aliases__contributeur=self.contributeur,
                                           aliases__external_id=external_id).first()
        return notice

    # -- writing ---------------------------------------------------------------------------------

    def save(self, body, notice=None, *, partial=False):
        """Create (notice None) or update a notice from a JSON body; returns (notice, created, warnings).
        Raises payload.PayloadErrors (field-by-field messages) or NoticeLocked."""
        record, provided, external_id = payload.parse(body, partial=partial)
        if notice is not None and external_id and external_id != notice.external_id and (
                getattr(self.get(external_id), "pk", None) != notice.pk):  # its own id or an alias of it
            raise payload.PayloadErrors({"id": [_("The identifier of a notice cannot be changed.")]})
        record.external_id = external_id or (notice.external_id if notice else "")
        prepared = self._validate(record, provided)
        if notice is None:  # idempotent on the partner's id (or the derived one), as the import is
            notice = self.get(prepared.external_id)
        created = notice is None
        for check in hooks.get_hooks("partner_notice_check"):  # other apps' rules (reseau.club: signalements)
            check(self, prepared, None if created else notice)
        if created:
            notice = Notice(contributeur=self.contributeur, external_id=prepared.external_id)
        else:
            self.check_editable(notice)
            notice = notice.get_latest_revision_as_object()  # edits apply to the last draft
        try:
            with transaction.atomic():
                importer.apply(notice, prepared)
                self._save_and_submit(notice, created)
                importer.record_candidates(prepared.unknown)
        except IntegrityError:
            if created:  # the same id created by a simultaneous request
                raise NoticeConflict() from None
            raise
        return notice, created, prepared.warnings + self._unknown_warnings(prepared)

    def attach(self, notice, fichier):
        """Attach a stored file to the notice (a new draft revision, submitted for validation);
        returns the edited notice, or None when the file was attached already."""
        self.check_editable(notice)
        notice = notice.get_latest_revision_as_object()
        links = list(notice.fichiers.all())
        if any(link.fichier_id == fichier.pk for link in links):
            return None
        with transaction.atomic():
            notice.fichiers = links + [NoticeFichier(fichier=fichier, sort_order=len(links))]
            self._save_and_submit(notice, created=False)
        return notice

    def delete(self, notice):
        """The admin's rule (reseau.api.deletion): a draft never published is unpublished and deleted at
        once (None returned); a notice that is or was published gets a deletion request the documentalist
        decides on (returned), and stays published meanwhile. Another centre's notice, reached through the
        alias of a notice merged into it, is kept: only the alias goes (the centre's identifier no longer
        names it)."""
        if notice.contributeur_id != self.contributeur.pk:
            NoticeAlias.objects.filter(notice=notice, contributeur=self.contributeur).delete()
            return None
        self.check_editable(notice)
        if deletion.needs_moderation(notice):
            return deletion.request_deletion(notice, self.contributeur, self.user)
        deletion.delete_notice(notice, self.user)
        return None

    # -- steps -----------------------------------------------------------------------------------

    @staticmethod
    def _validate(record, provided):
        """The import's checks, one field at a time first so that each message names its field."""
        lookup = vocabularies.current()
        names = {attribute: name for name, attribute in payload.WRITABLE.items()}
        attributes = [attribute for attribute in payload.WRITABLE.values() if attribute in provided]
        errors = importer.field_errors(record, attributes, lookup=lookup)
        if errors:
            raise payload.PayloadErrors({names[attribute]: reasons for attribute, reasons in errors.items()})
        try:
            return importer.validate(record, provided=provided, lookup=lookup)
        except importer.RowError as error:  # a rule spanning several fields
            raise payload.PayloadErrors({"non_field_errors": list(error.reasons)}) from error

    def check_editable(self, notice):
        """Locked by someone in the admin, or awaiting validation of another user's submission.
        The partner's own submission may be replaced, as the admin lets it restart its workflow."""
        lock = notice.get_lock()
        if lock is None or not lock.for_user(self.user):
            return
        state = notice.current_workflow_state
        if isinstance(lock, WorkflowLock) and state is not None and state.user_can_cancel(self.user):
            return
        raise NoticeLocked()

    def _save_and_submit(self, notice, created):
        if created:
            CreateAction(notice, user=self.user, clean=False).execute(skip_permission_checks=True)
        else:
            EditAction(notice, user=self.user, clean=False).execute(skip_permission_checks=True)
        self._submit(notice)

    def _submit(self, notice):
        """Into the moderation workflow, in the token user's name, as the admin's Submit button does.
        A submission still awaiting validation is replaced: the admin's "restart workflow"."""
        state = notice.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            state.cancel(user=self.user)
        submit_for_moderation(notice, self.user)

    @staticmethod
    def _unknown_warnings(prepared):
        messages = {
            "theme": _("Unknown theme “%(label)s”: not attached, proposed to the documentalist as a "
                       "candidate term."),
            "territoire": _("Unknown territory “%(label)s”: not attached, proposed to the documentalist as a "
                            "candidate term."),
            "type_document": _("Unknown document type “%(label)s”: kept as written, proposed to the "
                               "documentalist as a candidate term."),
        }
        return [messages[str(vocabulary)] % {"label": label} for vocabulary, label in prepared.unknown]
