"""Admin of the candidate terms: map a candidate to an existing term, or promote it to a new one.

Both update every notice that carries the candidate (base_documentaire.candidates). The views hang
under the candidate terms' snippet viewset (``map/<pk>/``, ``promote/<pk>/``); the listing links
to them from a column. A territory is chosen with the territories' autocomplete, and promoted with
the level and official code the documentalist gives (`TerritoryPromoteForm`).
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column

from . import candidates
from .models import TermeCandidat, Territoire
from .territory_autocomplete import TerritoriesAutocomplete, TerritoryAutocomplete

TERRITOIRE = TermeCandidat.Vocabulaire.TERRITOIRE


class MapForm(forms.Form):
    def __init__(self, candidate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = candidates.TERM_MODELS[candidate.vocabulaire]
        widget = TerritoryAutocomplete if model is Territoire else None  # never a list of every territory
        self.fields["terme"] = forms.ModelChoiceField(
            model.objects.all(), label=_("Existing term"), widget=widget,
            help_text=_("The label “%(label)s” becomes one of its aliases; the notices that carry it get this "
                        "term.") % {"label": candidate.libelle})


class TerritoryPromoteForm(forms.Form):
    """A new territory needs its level and official code; it may lie inside other territories."""

    niveau = forms.ChoiceField(label=_("Level"), choices=[("", "---------"), *Territoire.Niveau.choices],
                               error_messages={"required": _("Choose the level of the territory.")})
    code = forms.CharField(label=_("Official code"), max_length=20,
                           help_text=_("INSEE code of a commune, QPV code (QN…), département or région number, "
                                       "SIREN of an EPCI."),
                           error_messages={"required": _("Give the official code of the territory (INSEE code, "
                                                         "QPV code…).")})
    parents = forms.ModelMultipleChoiceField(Territoire.objects.all(), required=False, widget=TerritoriesAutocomplete,
                                             label=_("Parent territories"))

    def __init__(self, candidate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate

    def clean(self):
        cleaned = super().clean()
        niveau, code = cleaned.get("niveau"), cleaned.get("code", "").strip()
        if niveau and code:
            cleaned["code"] = code
            existing = candidates.territory_conflict(self.candidate.libelle, niveau, code)
            if existing is not None:
                raise forms.ValidationError(
                    _("The territory “%(territory)s” (%(level)s, code %(code)s) already exists: map the label to "
                      "it instead, or check the level and the code.")
                    % {"territory": existing.libelle, "level": existing.get_niveau_display(), "code": existing.code})
        return cleaned


def _allowed(request):
    if not request.user.has_perm("base_documentaire.change_termecandidat"):
        raise PermissionDenied


def map_view(request, pk, viewset):
    _allowed(request)
    index_url_name = viewset.get_url_name("list")
    candidate = get_object_or_404(TermeCandidat, pk=pk)
    form = MapForm(candidate, request.POST or None)
    if request.method == "POST" and form.is_valid():
        term = form.cleaned_data["terme"]
        changed = candidates.map_candidate(candidate, term, request.user)
        messages.success(request, _("“%(label)s” mapped to “%(term)s”: %(count)d notice(s) updated.")
                         % {"label": candidate.libelle, "term": term, "count": changed})
        return redirect(index_url_name)
    promote_form = TerritoryPromoteForm(candidate) if candidate.vocabulaire == TERRITOIRE else None
    return _decision_page(request, candidate, viewset, form, promote_form)


def _decision_page(request, candidate, viewset, form, promote_form):
    media = form.media + (promote_form.media if promote_form else forms.Media())
    return TemplateResponse(request, "base_documentaire/candidates/map.html", {
        "candidate": candidate, "form": form, "promote_form": promote_form, "media": media,
        "index_url": reverse(viewset.get_url_name("list")),
        "notices": candidate.notices.order_by("titre")[:50], "notice_count": candidate.notices.count(),
        "promote_url": reverse(viewset.get_url_name("promote"), args=[candidate.pk]),
        "header_title": _("Candidate term: %(label)s") % {"label": candidate.libelle},
    })


@require_POST
def promote_view(request, pk, viewset):
    _allowed(request)
    index_url_name = viewset.get_url_name("list")
    candidate = get_object_or_404(TermeCandidat, pk=pk)
    if candidate.vocabulaire == TERRITOIRE:
        return _promote_territory(request, candidate, viewset)
    term, changed = candidates.promote_candidate(candidate, request.user)
    messages.success(request, _("“%(term)s” created: %(count)d notice(s) updated.")
                     % {"term": term, "count": changed})
    return redirect(index_url_name)


def _promote_territory(request, candidate, viewset):
    """The territory is created from the level and code given; errors are shown on the same page."""
    form = TerritoryPromoteForm(candidate, request.POST)
    if not form.is_valid():
        return _decision_page(request, candidate, viewset, MapForm(candidate), form)
    data = form.cleaned_data
    try:
        territory, changed = candidates.promote_territory(candidate, data["niveau"], data["code"], data["parents"],
                                                          request.user)
    except IntegrityError:  # created meanwhile by someone else: nothing was written
        form.add_error(None, _("This territory was created meanwhile: map the label to it instead."))
        return _decision_page(request, candidate, viewset, MapForm(candidate), form)
    messages.success(request, _("“%(term)s” created: %(count)d notice(s) updated.")
                     % {"term": territory, "count": changed})
    return redirect(viewset.get_url_name("list"))


def urlpatterns(viewset):
    return [
        path("map/<int:pk>/", map_view, {"viewset": viewset}, name="map"),
        path("promote/<int:pk>/", promote_view, {"viewset": viewset}, name="promote"),
    ]


class DecideColumn(Column):
    """A link to the page where the candidate is mapped or promoted."""

    def __init__(self, url_name):
        super().__init__("decide", label=gettext_lazy("Decision"))
        self.url_name = url_name

    def get_value(self, instance):
        return reverse(self.url_name, args=[instance.pk])

    cell_template_name = "base_documentaire/candidates/column.html"
