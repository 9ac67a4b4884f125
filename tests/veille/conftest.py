"""Fixtures of the alerts: the documentary base's own (an empty index on each engine, vocabularies, a
published documentary page), a site address in https, and helpers to follow a subscription by e-mail."""
import re

import pytest

from tests.base_documentaire.conftest import (contributeurs, documentary_page, embedded_index,  # noqa: F401
                                              search_index, vocabulary)

SITE = "https://crpv.example.org"


@pytest.fixture(autouse=True)
def site_address(settings):
    """Links of the e-mails are built from the configured address (https, as in production); a notice
    published a moment ago is already settled (the delay is tested on its own)."""
    settings.WAGTAILADMIN_BASE_URL = SITE
    settings.ALERTS_SETTLE_SECONDS = 0
    return SITE


def path_of(url):
    """The site path of an absolute link of an e-mail (the test client speaks to the site directly)."""
    assert url.startswith(SITE + "/"), url
    return url[len(SITE):]


def link_to(message, pattern):
    """The one link of the message's HTML part whose path matches ``pattern``."""
    from tests.mailpit import links

    found = [url for url in links(message) if re.search(pattern, url)]
    assert len(found) == 1, (pattern, links(message))
    return found[0]


def one_click_target(message):
    """The https URL of the List-Unsubscribe header (RFC 8058)."""
    (header,) = message["Headers"]["List-Unsubscribe"]
    match = re.fullmatch(r"<(https://[^>]+)>", header)
    assert match, header
    return match.group(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-connection limit of subscription requests is counted in the cache: each test starts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def follow(query_string, email, frequency="quotidienne", since=None):
    """A confirmed alert on this search (confirmed at ``since``, now by default)."""
    from veille.alerts.searches import SavedSearch
    from veille.models import Alerte

    alert = Alerte.objects.create(recherche=SavedSearch.from_query_string(query_string).query_string(),
                                  email=email, frequence=frequency)
    alert.confirm(since)
    return alert


def publish(title, **fields):
    """A notice published now and indexed (searchable) before returning."""
    from base_documentaire import indexing
    from tests.base_documentaire.conftest import make_notice

    notice = make_notice(title, **fields)
    indexing.sync(refresh=True)
    return notice
