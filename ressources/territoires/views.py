"""What the index page and the fiches show: built here so the models stay declarations."""
from itertools import groupby

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import Territoire
from base_documentaire.text import fold
from ressources.listing import paginate
from ressources.related import related_content
from ressources.vocabulary import territory_ids_with_descendants

from .links import documentary_page, territoire_links

RELATED_LIMIT = 5
FICHES_PER_PAGE = 60


class FicheFilterForm(forms.Form):
    """The index page's own filter: a name or code, a level (fiches have one territoire, no themes)."""

    q = forms.CharField(label=_("Name or code"), required=False, max_length=100, strip=True)
    niveau = forms.ChoiceField(label=_("Level"), required=False,
                               choices=[("", _("All levels"))] + list(Territoire.Niveau.choices))

    def filter(self, fiches):
        if not self.is_valid():
            return fiches
        text, niveau = self.cleaned_data["q"], self.cleaned_data["niveau"]
        if text:
            fiches = fiches.filter(pk__in=matching_pks(fiches, text))
        if niveau:
            fiches = fiches.filter(territoire__niveau=niveau)
        return fiches


def matching_pks(fiches, text):
    """Fiches whose title, territory name or code contains the text, ignoring case and accents
    (folded in Python: one light query, the same on every database)."""
    wanted = fold(text)
    rows = fiches.values_list("pk", "title", "territoire__nom", "territoire__code")
    return [pk for pk, *labels in rows if any(wanted in fold(label) for label in labels)]


def by_level(fiches):
    """Fiches ordered from the régions down to the QPV, then by name."""
    rank = Case(*[When(territoire__niveau=niveau, then=Value(position))
                  for position, (niveau, _label) in enumerate(Territoire.Niveau.choices)],
                default=Value(99), output_field=IntegerField())
    return fiches.annotate(level_rank=rank).order_by("level_rank", "territoire__nom", "pk")


def index_context(request, page):
    from .models import FicheTerritoirePage

    form = FicheFilterForm(request.GET or None)
    fiches = FicheTerritoirePage.objects.child_of(page).live().select_related("territoire")
    page_obj = paginate(request, by_level(form.filter(fiches)), per_page=FICHES_PER_PAGE)
    groups = [(niveau_label(niveau), list(items))
              for niveau, items in groupby(page_obj.object_list, key=lambda fiche: fiche.territoire.niveau)]
    return {"filter_form": form, "fiches_page": page_obj, "groups": groups}


def niveau_label(niveau):
    return dict(Territoire.Niveau.choices).get(niveau, niveau)


def fiche_context(request, page):
    from .models import FicheTerritoirePage

    territoire = page.territoire
    below = territory_ids_with_descendants([territoire.pk]) - {territoire.pk}
    qpv = Territoire.objects.filter(pk__in=below, niveau=Territoire.Niveau.QPV).order_by("nom")
    included = by_level(FicheTerritoirePage.objects.live().filter(territoire__in=below).exclude(
        territoire__niveau=Territoire.Niveau.QPV).select_related("territoire"))
    search_page = documentary_page()
    return {
        "parent_links": territoire_links(territoire.parents.order_by("libelle"), request, search_page),
        "qpv_links": territoire_links(qpv, request, search_page),
        "included_fiches": list(included),
        "reference_documents": reference_documents(page, request, search_page),
        "related_lists": related_content(territory_ids=[territoire.pk], limit=RELATED_LIMIT, exclude=page),
    }


def reference_documents(page, request=None, search_page=None):
    """(notice, url) of the fiche's published reference notices, in the editors' order."""
    notices = [reference.notice for reference in page.documents_reference.select_related("notice")
               if reference.notice.live]
    search_page = search_page or (documentary_page() if notices else None)
    if search_page is None:
        return []
    return [(notice, search_page.notice_url(notice, request)) for notice in notices]
