"""Bulk contribution by file from the admin: a CSV or RIS file is stored (the default storage:
local folder or S3), an import job is created and run by the task worker (import_jobs.py) under
the partner's centre (or the contributeur the documentalist chooses); its page shows the progress,
then the report (import_views.py). A partner's notices are submitted to moderation, never published."""
import posixpath

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from base_documentaire.importers.records import ImportFileError
from base_documentaire.importers.service import detect_format, parse_data
from base_documentaire.models import Contributeur, Notice
from crpv_site.storage_outage import is_storage_outage, outage_message

from .models import ImportJob
from .partners import partner_scope
from .tasks import run_import_job

EXTENSIONS = (".csv", ".tsv", ".txt", ".ris", ".mrc", ".iso", ".uni", ".xml")
HEAD_BYTES = 64 * 1024  # what the upload form reads to tell the format and refuse unreadable files


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (columns id, titre, resume, type, auteurs, annee, themes, territoires, langue…), "
                               "RIS (Zotero, PMB export) or UNIMARC (ISO 2709 or MARC XML, PMB export)."))
    format = forms.ChoiceField(label=gettext_lazy("Format"), required=False, choices=[
        ("", gettext_lazy("Guess from the file")), ("csv", "CSV"), ("ris", "RIS"),
        ("unimarc", "UNIMARC (ISO 2709)"), ("marcxml", "MARC XML")])
    contributeur = forms.ModelChoiceField(label=gettext_lazy("Contributor"), queryset=Contributeur.objects.all(),
                                          help_text=gettext_lazy("The centre the notices belong to."))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only (change nothing)"), required=False)

    def __init__(self, *args, partner_contributeur=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner_contributeur is not None:  # a partner imports for its own centre only
            del self.fields["contributeur"]
        self.partner_contributeur = partner_contributeur

    def clean_fichier(self):
        """The file's format, read from its head: a file no reader can open is refused now, not
        in the worker (the rest is read by the worker, from the stored file)."""
        upload = self.cleaned_data["fichier"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Send a CSV, RIS or UNIMARC file (.csv, .ris, .mrc, .iso, .uni, .xml): “%(name)s” is none of them.")
                                        % {"name": upload.name})
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        try:
            self.kind = detect_format(upload.name, head, self.cleaned_data.get("format") or None)
            records = iter(parse_data(head, self.kind).records)
            first = next(records, None)
            only_broken = first is not None and first.errors and next(records, None) is None
        except ImportFileError as error:
            raise forms.ValidationError(_("This file cannot be imported: %(error)s") % {"error": error})
        if first is None or only_broken:  # not one record can be read
            reason = " ".join(first.errors) if first else _("it holds no notice.")
            raise forms.ValidationError(_("This file cannot be imported: %(error)s") % {"error": reason})
        return upload


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "contribution/admin/import.html"
    page_title = gettext_lazy("Import notices from a file")
    header_icon = "upload"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(Notice)
        if not policy.user_has_permission(request.user, "add"):
            raise PermissionDenied
        self.scope = partner_scope(request.user)
        if self.scope is not None and self.scope.contributeur_id is None:
            raise PermissionDenied
        self.can_publish = self.scope is None and policy.user_has_permission(request.user, "publish")
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    @property
    def partner_contributeur(self):
        if self.scope is None:
            return None
        return Contributeur.objects.get(pk=self.scope.contributeur_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partner_contributeur": self.partner_contributeur}

    def get_context_data(self, **kwargs):
        from .import_views import visible_jobs

        context = super().get_context_data(**kwargs)
        context.update(partner_contributeur=self.partner_contributeur, moderated=not self.can_publish,
                       jobs=visible_jobs(self.request.user)[:10])
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["fichier"]
        try:  # streamed to the storage, chunk by chunk (Django keeps large uploads on disk)
            name = default_storage.save(stored_name(upload.name), upload)
        except Exception as error:
            if not is_storage_outage(error):
                raise
            form.add_error("fichier", outage_message())
            return self.form_invalid(form)
        job = ImportJob.objects.create(
            created_by=self.request.user, contributeur=form.partner_contributeur or form.cleaned_data["contributeur"],
            file=name, file_name=upload.name[:255], format=form.kind, dry_run=form.cleaned_data["dry_run"],
            moderated=not self.can_publish)
        run_import_job.enqueue(job.pk)
        return redirect("contribution_import_job", job.pk)


def stored_name(file_name):
    """Where the uploaded file is kept: imports/<year>/<month>/<its name> (the storage makes it unique)."""
    base = posixpath.basename(file_name.replace("\\", "/")) or "import.csv"
    return timezone.now().strftime("imports/%Y/%m/") + default_storage.get_valid_name(base)[-100:]
