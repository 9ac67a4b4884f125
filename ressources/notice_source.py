"""The base documentaire's published notices as a "related content" source."""
from django.utils.translation import gettext_lazy as _

from base_documentaire.models import BaseDocumentairePage, Notice

from .listing import filtered_list_url
from .related import RelatedItem, RelatedSource, filter_by_vocabulary


def find_notices(theme_ids, territory_ids, limit, exclude):
    notices = filter_by_vocabulary(Notice.objects.filter(live=True), theme_ids, territory_ids)
    if isinstance(exclude, Notice):
        notices = notices.exclude(pk=exclude.pk)
    elif getattr(exclude, "notice_id", None):  # a page that feeds its own notice (publications)
        notices = notices.exclude(pk=exclude.notice_id)
    page = BaseDocumentairePage.objects.live().first()
    if page is None:
        return [], 0
    base_url = page.url
    found = notices.order_by("-annee", "-pk").only("pk", "titre", "annee", "type_document")[:limit]
    items = [
        RelatedItem(title=notice.titre, url=base_url + page.reverse_subpage("notice_view", args=[notice.pk]),
                    kind=notice.get_type_document_display(), summary=str(notice.annee or ""))
        for notice in found
    ]
    return items, notices.count()


def notices_search_url(theme_ids, territory_ids):
    return filtered_list_url(BaseDocumentairePage.objects.live().first(), theme_ids, territory_ids)


NOTICES = RelatedSource(key="notices", label=_("Documentary base"), find=find_notices, order=90,
                        see_all=notices_search_url)
