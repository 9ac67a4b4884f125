"""Main navigation, the header's search and service links, and breadcrumbs, each built with few queries."""
from dataclasses import dataclass

from django import template
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from base_documentaire.models import BaseDocumentairePage
from infodoc.models import DemandeInfoDocPage, QuestionsReponsesPage
from home.models import SiteSettings
from ressources.request_cache import cached

register = template.Library()


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    is_current: bool


@register.simple_tag(takes_context=True)
def main_menu_items(context):
    """The live, in-menu children of the site's root page."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    current = context.get("page")
    return [
        MenuItem(page.title, page.get_url(request), bool(current and current.path.startswith(page.path)))
        for page in _chrome_pages(site, request)["menu"]
    ]


@register.simple_tag(takes_context=True)
def documentary_search_url(context):
    """Where the header's search box sends its text: the documentary base, or the site search without one."""
    page = _chrome_page(context, BaseDocumentairePage)
    return page.get_url(context.get("request")) if page else ""


@register.simple_tag(takes_context=True)
def service_links(context):
    """The info-doc service's request form and questions-réponses, as menu items (those published)."""
    request, current = context.get("request"), context.get("page")
    pages = [(_("Ask a question"), _chrome_page(context, DemandeInfoDocPage)),
             (_("Questions and answers"), _chrome_page(context, QuestionsReponsesPage))]
    return [MenuItem(str(label), page.get_url(request), bool(current and current.pk == page.pk))
            for label, page in pages if page is not None]


CHROME_PAGE_TYPES = (BaseDocumentairePage, DemandeInfoDocPage, QuestionsReponsesPage)


def _chrome_page(context, page_type):
    return chrome_page(context.get("request"), page_type)


def chrome_page(request, page_type):
    """The first live page of `page_type` (one of CHROME_PAGE_TYPES), read with the header's pages: a plain Page
    with its title and address (not the specific page), or None."""
    site = Site.find_for_request(request) if request else None
    return _chrome_pages(site, request)[page_type] if site else None


def _chrome_pages(site, request):
    """The header's and footer's pages, in one query per request: the menu (the root's live in-menu children),
    the first live page of each CHROME_PAGE_TYPES (the documentary search's target, the info-doc service's
    pages) and the accessibility declaration the site settings name."""
    return cached(("chrome_pages", site.pk), lambda: _read_chrome_pages(site, request))


def _read_chrome_pages(site, request):
    root, declaration_id = site.root_page, SiteSettings.for_request(request).accessibility_page_id
    in_menu = Q(path__startswith=root.path, depth=root.depth + 1, show_in_menus=True)
    pages = (Page.objects.live().filter(in_menu | Page.objects.type_q(*CHROME_PAGE_TYPES) | Q(pk=declaration_id))
             .order_by("path").only("title", "url_path", "path", "depth", "show_in_menus", "content_type"))
    found = {"menu": [], "accessibility": None, **{page_type: None for page_type in CHROME_PAGE_TYPES}}
    for page in pages:
        if page.depth == root.depth + 1 and page.show_in_menus and page.path.startswith(root.path):
            found["menu"].append(page)
        if page.pk == declaration_id:
            found["accessibility"] = page
        for page_type in CHROME_PAGE_TYPES:
            if found[page_type] is None and issubclass(page.specific_class or Page, page_type):
                found[page_type] = page
    return found


@register.simple_tag(takes_context=True)
def accessibility_url(context):
    """The accessibility declaration's address (the footer's status links to it), "" when none is published."""
    page = _chrome_page(context, "accessibility")
    return page.get_url(context.get("request")) if page else ""


@register.filter
def is_documentary(page):
    """Whether this page is the documentary base's search page (it has its own search box)."""
    return isinstance(page, BaseDocumentairePage)


@register.inclusion_tag("home/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None:
        return {"ancestors": []}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).only("title", "url_path", "path", "depth")
    return {"ancestors": list(ancestors), "page": page, "request": context.get("request")}
