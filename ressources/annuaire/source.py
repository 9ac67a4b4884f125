"""Acteurs as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from django.utils.translation import gettext_lazy as _

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource, filter_by_vocabulary

from .models import Acteur, AnnuairePage


def find_acteurs(theme_ids, territory_ids, limit, exclude):
    directory = AnnuairePage.current()
    if directory is None:
        return [], 0
    acteurs = filter_by_vocabulary(Acteur.objects.all(), theme_ids, territory_ids)
    if isinstance(exclude, Acteur):
        acteurs = acteurs.exclude(pk=exclude.pk)
    items = [
        RelatedItem(title=str(acteur), url=directory.acteur_url(acteur), kind=acteur.get_type_acteur_display(),
                    summary=acteur.description)
        for acteur in acteurs.order_by("nom", "pk")[:limit]
    ]
    return items, acteurs.count()


def directory_url(theme_ids, territory_ids):
    return filtered_list_url(AnnuairePage.current(), theme_ids, territory_ids)


ACTEURS = RelatedSource(key="acteurs", label=_("Actors"), find=find_acteurs, order=70, see_all=directory_url)
