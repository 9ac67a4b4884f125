"""The basket (anyone: session or account) and the reader's saved baskets."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from base_documentaire import exporters
from base_documentaire.covers_display import prefetch_covers
from base_documentaire.views import export_notices
from crpv_site.request_input import parse_ids, positive_int

from .. import basket, searches
from ..access import reader_required
from ..forms import SaveBasketForm
from ..models import Panier
from .common import back


# The export formats' names, as the results page shows them (base_documentaire.exporters has the formats).
EXPORT_LABELS = {"ris": "RIS", "bibtex": "BibTeX", "csljson": "CSL-JSON", "csv": "CSV",
                 "unimarc": "UNIMARC (ISO 2709)", "marcxml": "MARC XML"}


def _page_context(request, **extra):
    choices = [(key, EXPORT_LABELS.get(key, key.upper())) for key in exporters.EXPORT_FORMATS]
    return {"page_url": searches.search_page_url(), "export_choices": choices, **extra}


@require_GET
def current(request):
    return _render_current(request, SaveBasketForm())


def _render_current(request, form, status=200):
    notices, _hidden = basket.live_notices(basket.ids(request))
    prefetch_covers(notices)  # the covers of the list: 2 queries at most
    context = _page_context(request, notices=notices, unavailable=basket.unavailable_count(request),
                            reader=basket.reader_of(request), form=form)
    return TemplateResponse(request, "lecteurs/panier.html", context, status=status)


@require_POST
def change(request):
    """Add (`ajouter`), remove (`retirer`) one notice, or empty the basket (`vider`); back where the visitor was."""
    fallback = reverse("lecteurs:panier")
    if "selection" in request.POST:
        return _selection(request, fallback)
    if "vider" in request.POST:
        basket.empty(request)
        messages.success(request, _("Your basket is now empty."))
        return back(request, fallback)
    action = "ajouter" if "ajouter" in request.POST else "retirer"
    try:
        notice = basket.published_notice(request.POST.get(action, ""))
        if action == "ajouter":
            added = basket.add(request, notice)
            text = (_("“%(title)s” is in your basket.") if added
                    else _("“%(title)s” was already in your basket."))
        else:
            basket.remove(request, notice.pk)
            text = _("“%(title)s” was removed from your basket.")
    except basket.BasketError as refused:
        pk = positive_int(request.POST.get(action, ""))
        if action == "retirer" and pk:
            basket.remove(request, pk)  # unpublished since: it can still go
            return back(request, fallback)
        messages.error(request, str(refused))
        return back(request, fallback)
    messages.success(request, text % {"title": notice.titre})
    return back(request, fallback, anchor=f"panier-{notice.pk}")


def _selection(request, fallback):
    """The search results' selection bar: the ticked notices (`id`) go to the basket, or are exported
    (`selection=export`, in `format`) through the documentary page's export address."""
    ids, _refused = parse_ids(request.POST.getlist("id"))
    if not ids:
        messages.error(request, _("Tick at least one notice first."))
        return back(request, fallback)
    if request.POST.get("selection") == "export":
        page_url = searches.search_page_url()
        fmt = request.POST.get("format", "ris")
        if page_url is None or fmt not in exporters.EXPORT_FORMATS:
            messages.error(request, _("This export is not available."))
            return back(request, fallback)
        return redirect(f"{page_url}export/?{urlencode([('format', fmt)] + [('id', pk) for pk in ids])}")
    try:
        notices, _unpublished = basket.live_notices(ids)  # in the order ticked (the results' order)
        added = sum(basket.add(request, notice) for notice in notices)
    except basket.BasketError as refused:
        messages.error(request, str(refused))
        return back(request, fallback)
    messages.success(request, ngettext("%(count)s notice added to your basket.", "%(count)s notices added to your basket.",
                                       added) % {"count": added})
    return back(request, fallback)


@require_GET
def export(request):
    notices, _hidden = basket.live_notices(basket.ids(request))
    if not notices:
        messages.error(request, _("Your basket is empty: there is nothing to export."))
        return redirect("lecteurs:panier")
    return export_notices(request, notices, request.GET.get("format", "ris"), "panier")


@require_POST
@reader_required
def save(request):
    if not basket.ids(request):
        messages.error(request, _("Your basket is empty: there is nothing to save."))
        return redirect("lecteurs:panier")
    form = SaveBasketForm(request.POST)
    if form.is_valid():
        try:
            saved = basket.save_as(request.user, form.cleaned_data["nom"], basket.ids(request))
        except basket.BasketError as refused:
            form.add_error("nom", str(refused))
    if form.errors:
        return _render_current(request, form, status=400)
    messages.success(request, _("Your basket was saved as “%(name)s”.") % {"name": saved.nom})
    return redirect("lecteurs:espace")


def _saved(request, pk):
    return get_object_or_404(Panier, pk=pk, lecteur=request.user, courant=False)


@require_GET
@reader_required
def saved_detail(request, pk):
    saved = _saved(request, pk)
    notices, hidden = basket.live_notices(list(saved.lignes.values_list("notice_id", flat=True)))
    prefetch_covers(notices)  # the covers of the list: 2 queries at most
    return TemplateResponse(request, "lecteurs/panier_enregistre.html",
                            _page_context(request, saved=saved, notices=notices, unavailable=hidden))


@require_GET
@reader_required
def saved_export(request, pk):
    saved = _saved(request, pk)
    notices, _hidden = basket.live_notices(list(saved.lignes.values_list("notice_id", flat=True)))
    if not notices:
        raise Http404
    return export_notices(request, notices, request.GET.get("format", "ris"), "panier")


@require_POST
@reader_required
def saved_delete(request, pk):
    saved = _saved(request, pk)
    saved.delete()
    messages.success(request, _("The basket “%(name)s” was deleted.") % {"name": saved.nom})
    return redirect("lecteurs:espace")


@require_POST
@reader_required
def saved_take_back(request, pk):
    saved = _saved(request, pk)
    try:
        added = basket.add_many(request, list(saved.lignes.values_list("notice_id", flat=True)))
    except basket.BasketError as refused:
        messages.error(request, str(refused))
        return redirect("lecteurs:panier")
    messages.success(request, _("%(count)s notice(s) added to your basket.") % {"count": added})
    return redirect("lecteurs:panier")
