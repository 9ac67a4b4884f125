"""Bulk contribution by file from the admin: a CSV or RIS file imported by the existing import
service under the partner's centre (or the contributeur the documentalist chooses), with the
import's report. A partner's notices are submitted to moderation, never published."""
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from base_documentaire.importers.records import ImportFileError
from base_documentaire.importers.service import ImportOptions, detect_format, import_records, parse_data
from base_documentaire.models import Contributeur, Notice, TermeCandidat

from .notifications import grouped_submissions
from .partners import partner_scope
from .workflow import submit_for_moderation

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".csv", ".tsv", ".txt", ".ris")


def max_bytes():
    return getattr(settings, "CONTRIBUTION_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (columns id, titre, resume, type, auteurs, annee, themes, territoires, langue…) "
                               "or RIS (Zotero, PMB export), UTF-8 or Windows-1252."))
    format = forms.ChoiceField(label=gettext_lazy("Format"), required=False, choices=[
        ("", gettext_lazy("Guess from the file")), ("csv", "CSV"), ("ris", "RIS")])
    contributeur = forms.ModelChoiceField(label=gettext_lazy("Contributor"), queryset=Contributeur.objects.all(),
                                          help_text=gettext_lazy("The centre the notices belong to."))
    dry_run = forms.BooleanField(label=gettext_lazy("Check only (change nothing)"), required=False)

    def __init__(self, *args, partner_contributeur=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner_contributeur is not None:  # a partner imports for its own centre only
            del self.fields["contributeur"]
        self.partner_contributeur = partner_contributeur

    def clean_fichier(self):
        upload = self.cleaned_data["fichier"]
        name = upload.name.lower()
        if not name.endswith(EXTENSIONS):
            raise forms.ValidationError(_("Send a CSV or RIS file (.csv, .ris): “%(name)s” is neither.")
                                        % {"name": upload.name})
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large (%(size)s): the limit is %(limit)s. Split it into several files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())})
        data = upload.read()
        try:
            kind = detect_format(upload.name, data, self.cleaned_data.get("format") or None)
            self.parsed = parse_data(data, kind)
        except ImportFileError as error:
            raise forms.ValidationError(_("This file cannot be imported: %(error)s") % {"error": error})
        return upload


def report_context(report):
    """What the report template shows, in plain values."""
    vocabularies = dict(TermeCandidat.Vocabulaire.choices)
    ids = report.notice_ids[:200]
    notices = Notice.objects.filter(pk__in=ids).only("pk", "titre").order_by("titre")
    return {
        "report": report,
        "rejected": sorted(report.rejected, key=lambda rejection: rejection.line),
        "unknown_terms": [(vocabularies.get(vocabulary, vocabulary), label, count)
                          for (vocabulary, label), count in sorted(report.unknown_terms.items(),
                                                                   key=lambda item: (-item[1], item[0]))],
        "missing_files": report.missing_files,
        "warnings": report.warnings,
        "notices": notices,
        "more_notices": max(0, len(report.notice_ids) - len(ids)),
        "index_failed": bool(report.index and report.index.failed),
    }


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
        context = super().get_context_data(**kwargs)
        context.update(partner_contributeur=self.partner_contributeur, moderated=not self.can_publish,
                       max_size=filesizeformat(max_bytes()))
        return context

    def form_valid(self, form):
        contributeur = form.partner_contributeur or form.cleaned_data["contributeur"]
        dry_run = form.cleaned_data["dry_run"]
        user = self.request.user
        options = ImportOptions(contributeur=contributeur, dry_run=dry_run, user=user,
                                submit=None if self.can_publish else submit_for_moderation)
        try:
            with grouped_submissions(user):
                report = import_records(form.parsed, options)
        except ImportFileError as error:
            form.add_error("fichier", _("This file cannot be imported: %(error)s") % {"error": error})
            return self.form_invalid(form)
        context = self.get_context_data(form=self.form_class(partner_contributeur=form.partner_contributeur),
                                        contributeur=contributeur, file_name=form.cleaned_data["fichier"].name,
                                        **report_context(report))
        return self.render_to_response(context)
