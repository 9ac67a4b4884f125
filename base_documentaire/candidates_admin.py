"""Admin of the candidate terms: map a candidate to an existing term, or promote it to a new one.

Both update every notice that carries the candidate (base_documentaire.candidates). The views hang
under the candidate terms' snippet viewset (``map/<pk>/``, ``promote/<pk>/``); the listing links
to them from a column.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column

from . import candidates
from .models import TermeCandidat


class MapForm(forms.Form):
    def __init__(self, candidate, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = candidates.TERM_MODELS[candidate.vocabulaire]
        self.fields["terme"] = forms.ModelChoiceField(
            model.objects.all(), label=_("Existing term"),
            help_text=_("The label “%(label)s” becomes one of its aliases; the notices that carry it get this "
                        "term.") % {"label": candidate.libelle})


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
    return TemplateResponse(request, "base_documentaire/candidates/map.html", {
        "candidate": candidate, "form": form, "index_url": reverse(index_url_name),
        "notices": candidate.notices.order_by("titre")[:50], "notice_count": candidate.notices.count(),
        "can_promote": candidate.vocabulaire != TermeCandidat.Vocabulaire.TERRITOIRE,
        "promote_url": reverse(viewset.get_url_name("promote"), args=[candidate.pk]),
        "header_title": _("Candidate term: %(label)s") % {"label": candidate.libelle},
    })


@require_POST
def promote_view(request, pk, viewset):
    _allowed(request)
    index_url_name = viewset.get_url_name("list")
    candidate = get_object_or_404(TermeCandidat, pk=pk)
    if candidate.vocabulaire == TermeCandidat.Vocabulaire.TERRITOIRE:
        messages.error(request, _("A territory is created with its official code: map the label to an existing "
                                  "territory instead."))
        return redirect(index_url_name)
    term, changed = candidates.promote_candidate(candidate, request.user)
    messages.success(request, _("“%(term)s” created: %(count)d notice(s) updated.")
                     % {"term": term, "count": changed})
    return redirect(index_url_name)


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
