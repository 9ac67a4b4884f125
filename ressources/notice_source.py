"""The base documentaire's published notices as a "related content" source."""
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import BaseDocumentairePage, Notice

from .listing import filtered_list_url
from .pages import first_live
from .related import RelatedItem, RelatedSource
from .related_query import first_of_each

NEWEST_FIRST = ("-annee", "-pk")


def find_notices(theme_ids, territory_ids, limit, exclude):
    return find_each_notices([(theme_ids, territory_ids)], limit, exclude)[0]


def find_each_notices(selections, limit, exclude):
    page = first_live(BaseDocumentairePage)
    if page is None:
        return [([], 0) for _selection in selections]
    notices = Notice.objects.filter(live=True).only("pk", "titre", "annee", "type_document")
    if isinstance(exclude, Notice):
        notices = notices.exclude(pk=exclude.pk)
    elif getattr(exclude, "notice_id", None):  # a page that feeds its own notice (publications)
        notices = notices.exclude(pk=exclude.notice_id)
    base_url = page.url
    return [([_item(notice, page, base_url) for notice in chosen], total)
            for chosen, total in first_of_each(notices, selections, NEWEST_FIRST, limit)]


def _item(notice, page, base_url):
    return RelatedItem(title=notice.titre, url=base_url + page.reverse_subpage("notice_view", args=[notice.pk]),
                       kind=notice.get_type_document_display(), summary=str(notice.annee or ""))


def notices_search_url(theme_ids, territory_ids):
    return filtered_list_url(first_live(BaseDocumentairePage), theme_ids, territory_ids)


NOTICES = RelatedSource(key="notices", label=_("Documentary base"), find=find_notices, order=90,
                        see_all=notices_search_url, find_each=find_each_notices)
