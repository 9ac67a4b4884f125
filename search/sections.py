"""Extension point of the site search (/recherche/): the site's pages come from Wagtail's search;
apps add their own sections below them (the documentary base adds its notices) by registering a
`SiteSearchSection` when they are ready. The search app knows no app."""
from dataclasses import dataclass
from typing import Callable

_sections = []


@dataclass(frozen=True)
class SiteSearchSection:
    """`search(text)` returns what `template` shows (given as `section`), or None for no section.
    The object returned may have a `status` text, added to the page's count line."""

    name: str
    template: str
    search: Callable


def register(section):
    """Add a section (once per name: a second registration replaces the first)."""
    global _sections
    _sections = [existing for existing in _sections if existing.name != section.name] + [section]


def registered():
    return tuple(_sections)


@dataclass(frozen=True)
class SectionResult:
    template: str
    section: object


def search_sections(text):
    """The registered sections that have something to show for this text, in registration order."""
    found = []
    for section in registered():
        result = section.search(text)
        if result is not None:
            found.append(SectionResult(section.template, result))
    return found
