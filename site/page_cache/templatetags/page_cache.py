"""`{% load page_cache %}{% content_generation as generation %}{% cache 3600 "menu" generation using="pages" %}…`:
the current content generation (with the deploy's fingerprint) as a vary-on value for Django's `{% cache %}`, so a
cached fragment lasts until public content changes, for logged-in visitors too (the page cache serves anonymous
ones). `cache_alias` gives the cache to name in `using`."""
from django import template

from crpv_site import cache

register = template.Library()


@register.simple_tag
def content_generation():
    return f"{cache.deploy_fingerprint()}-{cache.generation()}"


@register.simple_tag
def cache_alias():
    return cache.cache_alias()
