"""The directory's acteurs among the suggestions of the documentary search box, by name or acronym
(base_documentaire.search_suggestions: the same matching, in the same single statement).

The acteur's page address is read in that statement too: the published directory page's `url_path`
(a subquery) followed by the acteur's slug, made relative to its site by Wagtail's cached site root
paths, so that suggesting acteurs costs no further query. No directory page: no acteur suggested.
"""
from django.db.models import CharField, F, Subquery, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Site

from base_documentaire.search_suggestions import HOOK, Source, matching

from .models import Acteur, AnnuairePage


def _rows(patterns):
    directory = Subquery(AnnuairePage.objects.live().order_by("path").values("url_path")[:1])
    return matching(Acteur.objects.all(), Concat("nom", Value(" "), "sigle", output_field=CharField()),
                    F("nom"), F("sigle"), Concat(directory, "slug", Value("/"), output_field=CharField()),
                    patterns)


def _relative_url(url_path):
    """The page address of a `url_path` on the first site containing it, as Wagtail builds it, or ""."""
    for root in Site.get_site_root_paths():  # cached by Wagtail: no query once the site has served a page
        if url_path.startswith(root.root_path):
            return reverse("wagtail_serve", args=(url_path[len(root.root_path):],))
    return ""


def _option(name, acronym, url_path):
    url = _relative_url(url_path)
    return {"label": f"{name} ({acronym})" if acronym else name, "detail": "", "url": url} if url else None


@hooks.register(HOOK)
def acteurs_source():
    return Source("acteur", _("Actors"), _rows, _option)
