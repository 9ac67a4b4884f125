"""The base documentaire's published notices as a "related content" source."""
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from base_documentaire.models import BaseDocumentairePage, Notice, Territoire, Theme

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
    page = BaseDocumentairePage.objects.live().first()
    if page is None:
        return ""
    params = [("theme", name) for name in Theme.objects.filter(pk__in=theme_ids or ()).values_list("nom", flat=True)]
    params += [("territoire", label)
               for label in Territoire.objects.filter(pk__in=territory_ids or ()).values_list("libelle", flat=True)]
    return f"{page.url}?{urlencode(params)}"


NOTICES = RelatedSource(key="notices", label=_("Documentary base"), find=find_notices, order=90,
                        see_all=notices_search_url)
