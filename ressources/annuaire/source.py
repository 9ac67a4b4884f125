"""Acteurs as a "related content" source (« Sur les mêmes thèmes et territoires »)."""
from django.utils.translation import gettext_lazy as _

from ressources.listing import filtered_list_url
from ressources.related import RelatedItem, RelatedSource
from ressources.related_query import first_of_each

from .models import Acteur, AnnuairePage

BY_NAME = ("nom", "pk")


def find_acteurs(theme_ids, territory_ids, limit, exclude):
    return find_each_acteurs([(theme_ids, territory_ids)], limit, exclude)[0]


def find_each_acteurs(selections, limit, exclude):
    directory = AnnuairePage.current()
    if directory is None:
        return [([], 0) for _selection in selections]
    acteurs = Acteur.objects.all()
    if isinstance(exclude, Acteur):
        acteurs = acteurs.exclude(pk=exclude.pk)
    return [([_item(acteur, directory) for acteur in chosen], total)
            for chosen, total in first_of_each(acteurs, selections, BY_NAME, limit)]


def _item(acteur, directory):
    return RelatedItem(title=str(acteur), url=directory.acteur_url(acteur), kind=acteur.get_type_acteur_display(),
                       summary=acteur.description)


def directory_url(theme_ids, territory_ids):
    return filtered_list_url(AnnuairePage.current(), theme_ids, territory_ids)


ACTEURS = RelatedSource(key="acteurs", label=_("Actors"), find=find_acteurs, order=70, see_all=directory_url,
                        find_each=find_each_acteurs)
