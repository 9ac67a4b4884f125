"""Saved searches: save the search of the results page, rerun one, delete one."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_http_methods

from .. import searches
from ..access import reader_required
from ..forms import SaveSearchForm
from ..models import RechercheEnregistree


@require_http_methods(["GET", "POST"])
@reader_required
def save(request):
    """GET: the form, for a search passed as `requete` (from the results page's link); POST: save it."""
    if request.method == "GET":
        form = SaveSearchForm(initial={"requete": request.GET.get("requete", ""), "nom": request.GET.get("nom", "")})
        return _form_page(request, form)
    form = SaveSearchForm(request.POST)
    if form.is_valid():
        try:
            saved = searches.save(request.user, form.cleaned_data["nom"], form.cleaned_data["requete"])
        except searches.SaveError as refused:
            form.add_error("nom", str(refused))
    if form.errors:
        return _form_page(request, form, status=400)
    messages.success(request, _("Your search was saved as “%(name)s”.") % {"name": saved.nom})
    return redirect("lecteurs:espace")


def _form_page(request, form, status=200):
    query = form["requete"].value() or ""
    return TemplateResponse(request, "lecteurs/recherche_enregistrer.html",
                            {"form": form, "summary": searches.summary(query)}, status=status)


@require_GET
@reader_required
def rerun(request, pk):
    search = get_object_or_404(RechercheEnregistree, pk=pk, lecteur=request.user)
    page_url = searches.search_page_url()
    if page_url is None:
        raise Http404
    return redirect(searches.rerun_url(search, page_url))


@require_POST
@reader_required
def delete(request, pk):
    search = get_object_or_404(RechercheEnregistree, pk=pk, lecteur=request.user)
    search.delete()
    messages.success(request, _("The saved search “%(name)s” was deleted.") % {"name": search.nom})
    return redirect("lecteurs:espace")
