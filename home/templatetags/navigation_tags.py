"""Main navigation and breadcrumbs, each built with a single query."""
from dataclasses import dataclass

from django import template
from wagtail.models import Page, Site

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
    pages = site.root_page.get_children().live().in_menu().only("title", "url_path", "path", "depth")
    return [
        MenuItem(page.title, page.get_url(request), bool(current and current.path.startswith(page.path)))
        for page in pages
    ]


@register.inclusion_tag("home/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None:
        return {"ancestors": []}
    ancestors = Page.objects.ancestor_of(page).filter(depth__gt=1).only("title", "url_path", "path", "depth")
    return {"ancestors": list(ancestors), "page": page, "request": context.get("request")}
