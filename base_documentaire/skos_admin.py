"""The thesaurus' admin: SKOS export and import from the thèmes listing, and the related terms
chosen with Wagtail's snippet chooser.

- The listing's actions menu offers *Exporter en SKOS (Turtle)*, *(RDF/XML)* to whoever may see
  the thèmes, and *Importer un thésaurus SKOS* to whoever may add and change them; the views check
  the same permissions (403 otherwise). They hang under the thèmes' snippet viewset
  (``skos/export/<format>/``, ``skos/import/``).
- ``RelatedTermsChooser``: the related terms (``associes``) as checkboxes of the chosen terms only
  (unticking one removes it on save, without JavaScript), and a button opening Wagtail's snippet
  chooser in its multiple-selection mode (search, pagination) to add others: the form never lists
  the whole thesaurus.
"""
from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import IndexView

from crpv_site.request_input import parse_ids

from . import skos, skos_parsing
from .models import Theme
from .skos_import import import_thesaurus

EXPORT_LABELS = {"turtle": gettext_lazy("Export as SKOS (Turtle)"), "xml": gettext_lazy("Export as SKOS (RDF/XML)")}


def can_export(user):
    return any(user.has_perm(f"base_documentaire.{action}_theme") for action in ("view", "add", "change", "delete"))


def can_import(user):
    return user.has_perm("base_documentaire.add_theme") and user.has_perm("base_documentaire.change_theme")


# -- Views ----------------------------------------------------------------------------------------


def export_view(request, fmt, viewset):
    if not can_export(request.user):
        raise PermissionDenied
    if fmt not in skos.FORMATS:
        raise Http404
    _serializer, media_type, extension = skos.FORMATS[fmt]
    response = HttpResponse(skos.export_thesaurus(fmt), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="thesaurus.{extension}"'
    return response


class ImportForm(forms.Form):
    fichier = forms.FileField(
        label=gettext_lazy("SKOS file"),
        help_text=gettext_lazy("RDF/XML or Turtle (told by the content), at most %(size)d MiB. Themes are matched "
                               "by URI, then by preferred label; nothing is deleted.")
        % {"size": skos_parsing.MAX_BYTES // (1024 * 1024)})
    simulation = forms.BooleanField(label=gettext_lazy("Dry run: show the report without saving anything"),
                                    required=False)


def import_view(request, viewset):
    if not can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = _run_import(form)
    return TemplateResponse(request, "base_documentaire/skos/import.html", {
        "form": form, "report": report, "index_url": reverse(viewset.get_url_name("list")),
        "header_title": _("Import a SKOS thesaurus"), "page_title": _("Import a SKOS thesaurus"),
    })


def _run_import(form):
    upload = form.cleaned_data["fichier"]
    if upload.size > skos_parsing.MAX_BYTES:
        form.add_error("fichier", _("The file is larger than %(size)d MiB: import a smaller thesaurus or split it.")
                       % {"size": skos_parsing.MAX_BYTES // (1024 * 1024)})
        return None
    try:
        with upload.open("rb") as stream:
            report = import_thesaurus(stream, dry_run=form.cleaned_data["simulation"])
    except skos.SkosError as error:
        form.add_error("fichier", str(error))
        return None
    return report


def urlpatterns(viewset):
    return [
        path("skos/export/<str:fmt>/", export_view, {"viewset": viewset}, name="skos_export"),
        path("skos/import/", import_view, {"viewset": viewset}, name="skos_import"),
    ]


class ThemeIndexView(IndexView):
    """The thèmes listing, its actions menu offering the SKOS export and import."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if can_export(user):
            buttons += [Button(EXPORT_LABELS[fmt], url=reverse(self._url_name("skos_export"), args=[fmt]),
                               icon_name="download", priority=50 + number)
                        for number, fmt in enumerate(skos.FORMATS)]
        if can_import(user):
            buttons.append(Button(_("Import a SKOS thesaurus"), url=reverse(self._url_name("skos_import")),
                                  icon_name="upload", priority=60))
        return buttons

    def _url_name(self, name):
        namespace = self.index_url_name.rpartition(":")[0]
        return f"{namespace}:{name}"


# -- Related terms ----------------------------------------------------------------------------------


class RelatedTermsChooser(forms.CheckboxSelectMultiple):
    """The chosen related terms, ticked, and a button to choose others in Wagtail's chooser."""

    template_name = "base_documentaire/skos/related_terms_chooser.html"

    def optgroups(self, name, value, attrs=None):  # only the chosen terms: one query, never the thesaurus
        ids, _refused = parse_ids(value)
        themes = Theme.objects.filter(pk__in=ids).order_by("nom")
        return [(None, [self.create_option(name, str(theme.pk), theme.nom, True, index)], index)
                for index, theme in enumerate(themes)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["chooser_url"] = reverse("wagtailsnippetchoosers_base_documentaire_theme:choose")
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": [versioned_static("base_documentaire/related-terms-chooser.css")]},
            js=[versioned_static("wagtailadmin/js/modal-workflow.js"),
                versioned_static("wagtailadmin/js/chooser-modal.js"),
                versioned_static("base_documentaire/related-terms-chooser.js")])
