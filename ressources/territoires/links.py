"""Where a territoire leads: its fiche when it has one, else the documentary search on it."""
from dataclasses import dataclass
from urllib.parse import urlencode

from base_documentaire.models import BaseDocumentairePage
from ressources.pages import first_live


@dataclass(frozen=True)
class TerritoireLink:
    territoire: object
    url: str  # "" when there is neither a fiche nor a documentary page
    has_fiche: bool = False


def documentary_page():
    return first_live(BaseDocumentairePage)


def documentary_search_url(territoire, page=None, request=None):
    """The documentary search filtered on the territoire (and what it contains), or ""."""
    page = page or documentary_page()
    if page is None:
        return ""
    return f"{page.get_url(request)}?{urlencode({'territoire': territoire.libelle})}"


def territoire_links(territoires, request=None, search_page=None):
    """One link per territoire, fiche first: two queries whatever the number of territoires
    (search_page: the documentary page when the caller already has it)."""
    from .models import FicheTerritoirePage

    territoires = list(territoires)
    fiches = {fiche.territoire_id: fiche for fiche in FicheTerritoirePage.objects.live().filter(
        territoire__in=[territoire.pk for territoire in territoires]).only("pk", "url_path", "territoire_id")}
    if search_page is None and len(fiches) < len(territoires):
        search_page = documentary_page()
    links = []
    for territoire in territoires:
        fiche = fiches.get(territoire.pk)
        if fiche is not None:
            links.append(TerritoireLink(territoire, fiche.get_url(request), has_fiche=True))
        else:
            links.append(TerritoireLink(territoire, documentary_search_url(territoire, search_page, request)
                                        if search_page else ""))
    return links
